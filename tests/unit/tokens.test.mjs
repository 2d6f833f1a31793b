// Authorizing an account: the page per account and region, the redirect read against the
// state sent, and the two token calls with a stub fetch.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, reply, stubFetch } from "./package.mjs";

const { authorizationUrl, exchangeAuthCode, parseAuthorizationRedirect, refreshAccessToken } = api;

test("the authorization page of each account, with its identifier and the state", () => {
  assert.equal(authorizationUrl({ serviceId: "7", state: "s" }), "https://services.tiktokshop.com/open/authorize?service_id=7&state=s");
  assert.equal(authorizationUrl({ account: "partner", region: "us", serviceId: "7" }), "https://partner.us.tiktokshop.com/open/authorize?service_id=7");
  assert.equal(authorizationUrl({ account: "creator", appKey: "k" }), "https://shop.tiktok.com/alliance/creator/auth?app_key=k");
  assert.throws(() => authorizationUrl({ account: "buyer", serviceId: "1" }), { kind: "config", field: "account" });
  assert.throws(() => authorizationUrl({ account: "creator" }), { field: "appKey" });
  assert.throws(() => authorizationUrl({ serviceId: "1", authorizeUrl: "ftp://x" }), { field: "authorizeUrl" });
});

test("the redirect: the code when the state matches; a refusal, a forged or a missing state is an auth error", () => {
  assert.deepEqual(parseAuthorizationRedirect("https://app.example/cb?code=C&state=S", { state: "S" }), { code: "C", state: "S" });
  assert.deepEqual(parseAuthorizationRedirect(new URLSearchParams("code=C&state=S"), { state: "S" }).code, "C");
  assert.throws(() => parseAuthorizationRedirect("/cb?code=C&state=other", { state: "S" }), { kind: "auth", field: "state" });
  assert.throws(() => parseAuthorizationRedirect("/cb?error=auth_denied&state=S", { state: "S" }), { kind: "auth", field: "error", message: /refused/ });
  assert.throws(() => parseAuthorizationRedirect("/cb?state=S", { state: "S" }), { kind: "invalid_request", field: "code" });
  assert.throws(() => parseAuthorizationRedirect("/cb?code=C", { state: null }), { kind: "config", field: "state" });
  assert.throws(() => parseAuthorizationRedirect(42, { state: "S" }), { field: "input" });
});

test("exchange and refresh: the token host, the grant, a complete token set with expires_in", async () => {
  const expiry = Math.floor(Date.now() / 1000) + 3600;
  const { fetch, sent } = stubFetch(() => reply({ access_token: "A", access_token_expire_in: expiry, refresh_token: "R", refresh_token_expire_in: expiry + 86400 }));
  const tokens = await exchangeAuthCode({ appKey: "k", appSecret: "s", authCode: "code+1", fetch, authBaseUrl: "http://auth.local" });
  assert.equal(tokens.access_token, "A");
  assert.ok(tokens.expires_in > 3500 && tokens.expires_in <= 3600);
  assert.equal(sent[0].path, "/api/v2/token/get");
  assert.deepEqual([sent[0].query.get("grant_type"), sent[0].query.get("auth_code")], ["authorized_code", "code+1"]);
  await refreshAccessToken({ appKey: "k", appSecret: "s", refreshToken: "R0", fetch, authBaseUrl: "http://auth.local" });
  assert.deepEqual([sent[1].path, sent[1].query.get("grant_type")], ["/api/v2/token/refresh", "refresh_token"]);
  await assert.rejects(exchangeAuthCode({ appKey: "k", appSecret: "s", fetch }), { kind: "invalid_request", field: "authCode" });
  await assert.rejects(exchangeAuthCode({ appSecret: "s", authCode: "c" }), { kind: "config", field: "appKey" });
  const incomplete = stubFetch(() => reply({ access_token: "A" }));
  await assert.rejects(exchangeAuthCode({ appKey: "k", appSecret: "s", authCode: "c", fetch: incomplete.fetch }), { kind: "decode" });
});
