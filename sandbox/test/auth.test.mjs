import test from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../src/node.js";
import { call } from "./helpers.mjs";

const DAY = 86400;

async function tokenGet(sb, params) {
  const u = new URL("/api/v2/token/get", sb.url);
  u.search = new URLSearchParams(params).toString();
  const res = await fetch(u);
  return { status: res.status, json: await res.json() };
}

async function tokenRefresh(sb, params) {
  const u = new URL("/api/v2/token/refresh", sb.url);
  u.search = new URLSearchParams(params).toString();
  const res = await fetch(u);
  return { status: res.status, json: await res.json() };
}

test("auth: exchange, single use, refresh rotation, absolute expiry", async (t) => {
  let clock = Date.UTC(2025, 8, 1, 12, 0, 0);
  const sb = await startSandbox({ now: () => clock });
  t.after(() => sb.close());
  const nowS = () => Math.floor(clock / 1000);
  const state = {};
  const creds = { app_key: sb.appKey, app_secret: sb.appSecret };
  const shopsCall = (token) => call(sb, { path: "/authorization/202309/shops", token, clock: () => clock });

  const { auth_code } = await (await fetch(`${sb.url}/__sandbox/auth_code`, { method: "POST" })).json();
  assert.match(auth_code, /^\S{16,}$/);

  await t.test("exchange returns absolute expiry timestamps", async () => {
    const r = await tokenGet(sb, { ...creds, auth_code, grant_type: "authorized_code" });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 0);
    assert.equal(r.json.message, "Success");
    assert.match(r.json.request_id, /^[0-9A-F]{20,30}$/);
    const d = r.json.data;
    assert.deepEqual(Object.keys(d).sort(), ["access_token", "access_token_expire_in", "granted_scopes", "open_id", "refresh_token", "refresh_token_expire_in", "seller_base_region", "seller_name", "user_type"]);
    assert.equal(d.access_token_expire_in, nowS() + 7 * DAY);
    assert.equal(d.refresh_token_expire_in, nowS() + 365 * DAY);
    assert.equal(d.user_type, 0);
    assert.ok(Array.isArray(d.granted_scopes) && d.granted_scopes.every((s) => typeof s === "string"));
    assert.match(d.access_token, /^ROW_[A-Za-z0-9_-]{20,}$/);
    assert.notEqual(d.access_token, d.refresh_token);
    assert.ok(!d.access_token.includes(sb.appSecret) && !d.access_token.includes(sb.appKey));
    state.tokens = d;
  });

  await t.test("the auth code works once", async () => {
    const r = await tokenGet(sb, { ...creds, auth_code, grant_type: "authorized_code" });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 36004004);
    assert.equal(r.json.data, null);
  });

  await t.test("bad auth code, wrong secret, wrong grant type", async () => {
    let r = await tokenGet(sb, { ...creds, auth_code: "nope", grant_type: "authorized_code" });
    assert.equal(r.json.code, 36004004);
    assert.equal(r.json.message, "Invalid auth_code");
    const code = sb.sandbox.mintAuthCode();
    r = await tokenGet(sb, { app_key: sb.appKey, app_secret: "wrong", auth_code: code, grant_type: "authorized_code" });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 36009004);
    assert.equal(r.json.message, "Invalid app_key or app_secret");
    r = await tokenGet(sb, { app_key: "wrong", app_secret: sb.appSecret, auth_code: code, grant_type: "authorized_code" });
    assert.equal(r.json.code, 36009004);
    r = await tokenGet(sb, { ...creds, auth_code: code, grant_type: "refresh_token" });
    assert.equal(r.json.code, 36009004);
    assert.equal(r.json.message, "Invalid grant_type");
    // the code was not consumed by the failed attempts
    r = await tokenGet(sb, { ...creds, auth_code: code, grant_type: "authorized_code" });
    assert.equal(r.json.code, 0);
  });

  await t.test("auth codes expire after 30 minutes", async () => {
    const code = sb.sandbox.mintAuthCode();
    clock += 30 * 60 * 1000;
    const r = await tokenGet(sb, { ...creds, auth_code: code, grant_type: "authorized_code" });
    assert.equal(r.json.code, 36004004);
    assert.equal(r.json.message, "auth_code is expired");
  });

  await t.test("refresh rotates the refresh token; old access token stays valid", async () => {
    const first = state.tokens;
    assert.equal((await shopsCall(first.access_token)).json.code, 0);
    clock += 3600 * 1000;
    const r = await tokenRefresh(sb, { ...creds, refresh_token: first.refresh_token, grant_type: "refresh_token" });
    assert.equal(r.json.code, 0);
    const second = r.json.data;
    assert.notEqual(second.access_token, first.access_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    assert.equal(second.access_token_expire_in, nowS() + 7 * DAY);
    // old refresh token no longer works
    const again = await tokenRefresh(sb, { ...creds, refresh_token: first.refresh_token, grant_type: "refresh_token" });
    assert.equal(again.status, 200);
    assert.equal(again.json.code, 36004004);
    assert.equal(again.json.message, "Invalid refresh_token");
    // both access tokens work
    assert.equal((await shopsCall(first.access_token)).json.code, 0);
    assert.equal((await shopsCall(second.access_token)).json.code, 0);
    // bad grant type / bad secret on refresh
    assert.equal((await tokenRefresh(sb, { ...creds, refresh_token: second.refresh_token, grant_type: "authorized_code" })).json.code, 36009004);
    assert.equal((await tokenRefresh(sb, { app_key: sb.appKey, app_secret: "x", refresh_token: second.refresh_token, grant_type: "refresh_token" })).json.code, 36009004);
    state.second = second;
  });

  await t.test("access tokens expire at access_token_expire_in", async () => {
    const second = state.second;
    clock = (second.access_token_expire_in - 1) * 1000;
    assert.equal((await shopsCall(second.access_token)).json.code, 0);
    clock = second.access_token_expire_in * 1000;
    const r = await shopsCall(second.access_token);
    assert.equal(r.status, 401);
    assert.equal(r.json.code, 105002);
    assert.equal(r.json.message, "Access token is expired");
    // refreshing gives a working token again
    const rr = await tokenRefresh(sb, { ...creds, refresh_token: second.refresh_token, grant_type: "refresh_token" });
    assert.equal(rr.json.code, 0);
    assert.equal((await shopsCall(rr.json.data.access_token)).json.code, 0);
    state.third = rr.json.data;
  });

  await t.test("POST /__sandbox/expire_tokens expires every access token", async () => {
    const res = await fetch(`${sb.url}/__sandbox/expire_tokens`, { method: "POST" });
    assert.equal(res.status, 200);
    const r = await shopsCall(state.third.access_token);
    assert.equal(r.status, 401);
    assert.equal(r.json.code, 105002);
  });

  await t.test("token endpoints are GET only", async () => {
    const res = await fetch(`${sb.url}/api/v2/token/get`, { method: "POST" });
    assert.equal(res.status, 405);
    assert.equal((await res.json()).code, 36009010);
  });
});

test("auth: OAuth authorize redirect gives a usable code", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const u = new URL("/oauth/authorize", sb.url);
  u.search = new URLSearchParams({ app_key: sb.appKey, state: "xyz 1", redirect_uri: "https://app.example/callback?x=1" }).toString();
  const res = await fetch(u, { redirect: "manual" });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get("location"));
  assert.equal(loc.origin + loc.pathname, "https://app.example/callback");
  assert.equal(loc.searchParams.get("x"), "1");
  assert.equal(loc.searchParams.get("state"), "xyz 1");
  const code = loc.searchParams.get("code");
  const tr = await tokenGet(sb, { app_key: sb.appKey, app_secret: sb.appSecret, auth_code: code, grant_type: "authorized_code" });
  assert.equal(tr.json.code, 0);

  const bad = new URL(u);
  bad.searchParams.set("app_key", "wrong");
  const r2 = await fetch(bad, { redirect: "manual" });
  assert.equal(r2.status, 400);
  assert.equal((await r2.json()).code, 36009004);
});

test("auth: issueTokens() and custom app credentials", async (t) => {
  const sb = await startSandbox({ appKey: "k123", appSecret: "s456", accessTokenTtl: 60 });
  t.after(() => sb.close());
  assert.equal(sb.appKey, "k123");
  assert.equal(sb.appSecret, "s456");
  const tokens = sb.sandbox.issueTokens();
  assert.ok(Math.abs(tokens.access_token_expire_in - (Math.floor(Date.now() / 1000) + 60)) <= 2);
  const r = await call(sb, { path: "/authorization/202309/shops", token: tokens.access_token });
  assert.equal(r.json.code, 0);
  assert.equal(r.json.data.shops.length, 2);
  // a token limited to shop 2 only lists shop 2
  const shop2 = sb.sandbox.shop.shops[1];
  const t2 = sb.sandbox.issueTokens({ shops: [shop2.id] });
  const r2 = await call(sb, { path: "/authorization/202309/shops", token: t2.access_token });
  assert.deepEqual(r2.json.data.shops.map((s) => s.cipher), [shop2.cipher]);
  // over HTTP too
  const t3 = await (await fetch(`${sb.url}/__sandbox/tokens`, { method: "POST" })).json();
  assert.equal((await call(sb, { path: "/seller/202309/shops", token: t3.access_token })).json.code, 0);
});

test("admin: request log, counts, reset; the access token never appears in the log", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const tokens = sb.sandbox.issueTokens();
  const cipher = sb.sandbox.shop.shops[0].cipher;
  await call(sb, { method: "POST", path: "/order/202309/orders/search", query: { page_size: 5 }, body: { order_status: "COMPLETED" }, token: tokens.access_token, shopCipher: cipher });
  await call(sb, { path: "/authorization/202309/shops", token: tokens.access_token, sign: "0".repeat(64) });
  await fetch(`${sb.url}/nope/202309/x`);

  const log = await (await fetch(`${sb.url}/__sandbox/requests`)).json();
  assert.equal(log.length, 3);
  assert.deepEqual(log, JSON.parse(JSON.stringify(sb.sandbox.requests)));
  const [a, b, c] = log;
  assert.equal(a.method, "POST");
  assert.equal(a.path, "/order/202309/orders/search");
  assert.equal(a.op, "order.getOrderList");
  assert.equal(a.version, "202309");
  assert.equal(a.shopCipher, cipher);
  assert.equal(a.signatureValid, true);
  assert.equal(a.bodyText, '{"order_status":"COMPLETED"}');
  assert.equal(a.form, null);
  assert.equal(a.status, 200);
  assert.equal(a.code, 0);
  assert.equal(a.query.page_size, "5");
  assert.match(a.requestId, /^[0-9A-F]{20,30}$/);
  assert.equal(b.signatureValid, false);
  assert.equal(b.code, 106001);
  assert.equal(c.op, null);
  assert.equal(c.status, 404);
  assert.ok(!JSON.stringify(log).includes(tokens.access_token));

  const counts = await (await fetch(`${sb.url}/__sandbox/counts`)).json();
  assert.equal(counts["POST /order/202309/orders/search"], 1);
  assert.equal(counts["GET /authorization/202309/shops"], 1);
  assert.equal(counts["GET /nope/202309/x"], 1);
  assert.deepEqual(counts, { ...sb.sandbox.counts });

  const reset = await fetch(`${sb.url}/__sandbox/reset`, { method: "POST" });
  assert.equal(reset.status, 200);
  assert.equal(sb.sandbox.requests.length, 0);
  assert.deepEqual(await (await fetch(`${sb.url}/__sandbox/requests`)).json(), []);
  assert.deepEqual(await (await fetch(`${sb.url}/__sandbox/counts`)).json(), {});

  const summary = await (await fetch(`${sb.url}/__sandbox/shop`)).json();
  assert.equal(summary.shops.length, 2);
  assert.equal(summary.shops[0].cipher, cipher);
  assert.equal((await fetch(`${sb.url}/__sandbox/unknown`)).status, 404);
});
