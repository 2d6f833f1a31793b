// Three kinds of account over real HTTP: the seller, partner and creator
// authorization pages, the token sets their codes exchange into (user_type 0,
// 3, 1), 101000 when a token of one kind calls another kind's API, refusals
// (error=auth_denied), and the service id.

import test from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../src/node.js";
import { operations } from "../src/generated/catalog.js";
import { call } from "./helpers.mjs";

const REDIRECT = "https://app.example/callback?from=tiktok";

async function page(sb, path, params) {
  const u = new URL(path, sb.url);
  u.search = new URLSearchParams(params).toString();
  const res = await fetch(u, { redirect: "manual" });
  return { status: res.status, location: res.headers.get("location") ? new URL(res.headers.get("location")) : null, json: res.status === 302 ? null : await res.json() };
}

async function token(sb, kind, params) {
  const u = new URL(`/api/v2/token/${kind}`, sb.url);
  u.search = new URLSearchParams({ app_key: sb.appKey, app_secret: sb.appSecret, ...params }).toString();
  const res = await fetch(u);
  assert.equal(res.status, 200);
  return res.json();
}

const exchange = (sb, code) => token(sb, "get", { auth_code: code, grant_type: "authorized_code" });
const refresh = (sb, rt) => token(sb, "refresh", { refresh_token: rt, grant_type: "refresh_token" });

/** A GET of each kind without path parameters, and the call that makes it (required query filled in). */
function simple(account) {
  const op = operations.find((o) => o.host === "api" && o.account === account && o.method === "GET" && !o.path.includes("{") && o.shopCipher !== "required" && o.params.every((p) => !p[2] || p[1] === "query"));
  if (!op) return undefined;
  const query = Object.fromEntries(op.params.filter((p) => p[2]).map(([name]) => [name, name === "page_size" ? "5" : "1"]));
  return { op, method: op.method, path: op.path, query };
}

const PAGES = [
  { account: "seller", path: "/open/authorize", params: (sb) => ({ service_id: sb.sandbox.serviceId }), userType: 0 },
  { account: "partner", path: "/partner/open/authorize", params: (sb) => ({ service_id: sb.sandbox.serviceId }), userType: 3 },
  { account: "creator", path: "/alliance/creator/auth", params: (sb) => ({ app_key: sb.appKey }), userType: 1 },
];

test("each authorization page redirects with a code that exchanges into a token of its kind", async (t) => {
  const sb = await startSandbox({ serviceId: "7312345678901234567" });
  t.after(() => sb.close());
  assert.equal(sb.sandbox.serviceId, "7312345678901234567");
  const seen = {};
  for (const p of PAGES) {
    await t.test(`${p.account}: ${p.path}`, async () => {
      const r = await page(sb, p.path, { ...p.params(sb), state: "st 1/2", redirect_uri: REDIRECT });
      assert.equal(r.status, 302);
      assert.equal(r.location.origin + r.location.pathname, "https://app.example/callback");
      assert.equal(r.location.searchParams.get("from"), "tiktok", "the redirect URL's own query is kept");
      assert.equal(r.location.searchParams.get("state"), "st 1/2");
      const code = r.location.searchParams.get("code");
      assert.match(code, /^ROW_/);
      const got = await exchange(sb, code);
      assert.equal(got.code, 0, JSON.stringify(got));
      const d = got.data;
      assert.equal(d.user_type, p.userType);
      assert.equal(typeof d.open_id, "string");
      assert.ok(d.open_id.length > 8);
      assert.ok(d.seller_name.length > 0);
      assert.ok(d.granted_scopes.length > 0);
      // the token calls work for every kind: refresh rotates and keeps the kind
      const again = await refresh(sb, d.refresh_token);
      assert.equal(again.code, 0);
      assert.equal(again.data.user_type, p.userType);
      assert.equal(again.data.open_id, d.open_id);
      assert.deepEqual(again.data.granted_scopes, d.granted_scopes);
      assert.equal((await refresh(sb, d.refresh_token)).code, 36004004, "the old refresh token is spent");
      seen[p.account] = again.data;
    });
  }
  assert.equal(new Set(Object.values(seen).map((d) => d.open_id)).size, 3, "three different users");
  // partner: state is optional
  const noState = await page(sb, "/partner/open/authorize", { service_id: sb.sandbox.serviceId, redirect_uri: REDIRECT });
  assert.equal(noState.status, 302);
  assert.equal(noState.location.searchParams.get("state"), null);
  assert.equal((await exchange(sb, noState.location.searchParams.get("code"))).data.user_type, 3);

  await t.test("a business call with another kind's token: 101000, HTTP 200, naming the kind needed", async () => {
    for (const needed of ["seller", "creator", "partner"]) {
      const op = simple(needed);
      assert.ok(op, `a simple ${needed} operation`);
      for (const [kind, tokens] of Object.entries(seen)) {
        const r = await call(sb, { ...op, token: tokens.access_token });
        if (kind === needed) {
          assert.equal(r.json.code, 0, `${kind} on ${op.path}: ${r.text}`);
          continue;
        }
        assert.equal(r.status, 200);
        assert.equal(r.json.code, 101000, r.text);
        assert.equal(r.json.message, `This API needs a ${needed} access token; this one belongs to a ${kind}`);
        assert.equal(r.json.data, null);
      }
    }
    // creators and partners authorize no shop
    const shops = await call(sb, { path: "/authorization/202309/shops", token: seen.creator.access_token });
    assert.equal(shops.json.code, 101000);
    assert.match(shops.json.message, /needs a seller access token; this one belongs to a creator/);
  });
});

test("a page can refuse: redirect with code=null&error=auth_denied, by query or admin switch", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  for (const p of PAGES) {
    const r = await page(sb, p.path, { ...p.params(sb), state: "s1", redirect_uri: REDIRECT, sandbox_deny: "1" });
    assert.equal(r.status, 302, p.path);
    assert.equal(r.location.searchParams.get("code"), "null");
    assert.equal(r.location.searchParams.get("error"), "auth_denied");
    assert.equal(r.location.searchParams.get("state"), "s1");
    assert.equal((await exchange(sb, "null")).code, 36004004, "code=null exchanges into nothing");
  }
  // the switch, over HTTP and in JS
  const on = await (await fetch(`${sb.url}/__sandbox/deny_authorization`, { method: "POST", body: JSON.stringify({ deny: true }) })).json();
  assert.deepEqual(on, { deny: true });
  for (const p of PAGES) {
    const r = await page(sb, p.path, { ...p.params(sb), state: "s2", redirect_uri: REDIRECT });
    assert.equal(r.location.searchParams.get("error"), "auth_denied", p.path);
  }
  assert.equal(sb.sandbox.denyAuthorization(false), false);
  const back = await page(sb, "/open/authorize", { service_id: sb.sandbox.serviceId, state: "s3", redirect_uri: REDIRECT });
  assert.equal(back.location.searchParams.get("error"), null);
  assert.equal((await exchange(sb, back.location.searchParams.get("code"))).code, 0);
});

test("pages check the app: a wrong service id has its own message; the creator page wants the app key", async (t) => {
  const sb = await startSandbox({ redirectUri: "https://registered.example/cb" });
  t.after(() => sb.close());
  const expect400 = (r, message) => {
    assert.equal(r.status, 400);
    assert.equal(r.json.code, 36009004);
    assert.equal(r.json.message, message);
  };
  const wrongSid = "Invalid service_id: not the service id of this app";
  expect400(await page(sb, "/open/authorize", { service_id: "nope", redirect_uri: REDIRECT }), wrongSid);
  expect400(await page(sb, "/partner/open/authorize", { service_id: "nope", redirect_uri: REDIRECT }), wrongSid);
  expect400(await page(sb, "/partner/open/authorize", { redirect_uri: REDIRECT }), "Missing required parameter: service_id");
  expect400(await page(sb, "/alliance/creator/auth", { service_id: sb.sandbox.serviceId, redirect_uri: REDIRECT }), "Invalid app_key: the creator authorization page takes the app key (app_key), not the service id");
  expect400(await page(sb, "/alliance/creator/auth", { app_key: "other", redirect_uri: REDIRECT }), "Invalid app_key");
  expect400(await page(sb, "/open/authorize", { service_id: sb.sandbox.serviceId, redirect_uri: "not a url" }), "Invalid redirect_uri");
  // without redirect_uri, the app's registered URL (redirectUri option)
  const r = await page(sb, "/alliance/creator/auth", { app_key: sb.appKey, state: "x" });
  assert.equal(r.location.origin + r.location.pathname, "https://registered.example/cb");
  assert.equal((await exchange(sb, r.location.searchParams.get("code"))).data.user_type, 1);
  assert.equal((await fetch(`${sb.url}/alliance/creator/auth`, { method: "POST" })).status, 405);
});

test("mintAuthCode / issueTokens and their admin routes take the kind", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const code = sb.sandbox.mintAuthCode({ account: "partner" });
  assert.equal((await exchange(sb, code)).data.user_type, 3);
  assert.equal(sb.sandbox.issueTokens({ account: "creator" }).user_type, 1);
  assert.equal(sb.sandbox.issueTokens().user_type, 0);
  assert.throws(() => sb.sandbox.issueTokens({ account: "buyer" }), /unknown account kind "buyer"/);
  assert.throws(() => sb.sandbox.issueTokens({ account: "creator", shops: [0] }), /a creator authorizes no shops/);

  const viaQuery = await (await fetch(`${sb.url}/__sandbox/auth_code?account=creator`, { method: "POST" })).json();
  assert.equal((await exchange(sb, viaQuery.auth_code)).data.user_type, 1);
  const viaBody = await (await fetch(`${sb.url}/__sandbox/auth_code`, { method: "POST", body: JSON.stringify({ account: "partner" }) })).json();
  assert.equal((await exchange(sb, viaBody.auth_code)).data.user_type, 3);
  const tokens = await (await fetch(`${sb.url}/__sandbox/tokens`, { method: "POST", body: JSON.stringify({ account: "creator" }) })).json();
  assert.equal(tokens.user_type, 1);
  assert.equal((await call(sb, { ...simple("creator"), token: tokens.access_token })).json.code, 0);
  const bad = await fetch(`${sb.url}/__sandbox/tokens?account=robot`, { method: "POST" });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /unknown account kind/);
});
