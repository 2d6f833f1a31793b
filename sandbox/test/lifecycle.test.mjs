// Errors users hit over the life of an authorization, over real HTTP: an
// expired refresh token (36004001), a revoked authorization (36004005), a
// retired API version (36009014), a token without the scope (105005); and
// nothing the sandbox logs or answers echoes the app secret or a token.

import test from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../src/node.js";
import { createSandbox } from "../src/handler.js";
import * as catalog from "../src/generated/catalog.js";
import { call } from "./helpers.mjs";

const DAY = 86400;
const SHOPS = { path: "/authorization/202309/shops" };

async function refresh(sb, rt) {
  const u = new URL("/api/v2/token/refresh", sb.url);
  u.search = new URLSearchParams({ app_key: sb.appKey, app_secret: sb.appSecret, refresh_token: rt, grant_type: "refresh_token" }).toString();
  const res = await fetch(u);
  return { status: res.status, json: await res.json(), text: "" };
}

test("an expired refresh token answers 36004001 (rt has expired), HTTP 200", async (t) => {
  let clock = Date.UTC(2025, 9, 1);
  const sb = await startSandbox({ now: () => clock, refreshTokenTtl: 30 * DAY });
  t.after(() => sb.close());
  const tokens = sb.sandbox.issueTokens();
  clock = (tokens.refresh_token_expire_in - 1) * 1000;
  const ok = await refresh(sb, tokens.refresh_token);
  assert.equal(ok.json.code, 0);
  clock = ok.json.data.refresh_token_expire_in * 1000;
  const r = await refresh(sb, ok.json.data.refresh_token);
  assert.equal(r.status, 200);
  assert.equal(r.json.code, 36004001);
  assert.match(r.json.message, /^rt has expired/);
  assert.equal(r.json.data, null);
});

test("a revoked authorization: its refresh and access tokens answer 36004005; others work", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const [shop1, shop2] = sb.sandbox.shop.shops;
  const a = sb.sandbox.issueTokens();
  const a2 = (await refresh(sb, a.refresh_token)).json.data; // the same authorization, refreshed
  const b = sb.sandbox.issueTokens({ shops: [shop2.id] });
  const creator = sb.sandbox.issueTokens({ account: "creator" });

  assert.equal(sb.sandbox.revokeAuthorization({ token: a.access_token }), 1);
  for (const tk of [a.access_token, a2.access_token]) {
    const r = await call(sb, { ...SHOPS, token: tk });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 36004005, r.text);
    assert.match(r.json.message, /no authorization record/i);
  }
  const rr = await refresh(sb, a2.refresh_token);
  assert.equal(rr.json.code, 36004005);
  assert.match(rr.json.message, /no authorization record/i);
  assert.equal((await call(sb, { ...SHOPS, token: b.access_token })).json.code, 0, "another authorization still works");
  assert.equal(sb.sandbox.revokeAuthorization({ token: a2.refresh_token }), 0, "already revoked");

  // by shop, over HTTP: every authorization that includes shop 2 (b), not the creator's
  const res = await fetch(`${sb.url}/__sandbox/revoke`, { method: "POST", body: JSON.stringify({ shop: shop2.cipher }) });
  const text = await res.text();
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(text), { revoked: 1 });
  assert.equal((await call(sb, { ...SHOPS, token: b.access_token })).json.code, 36004005);
  assert.equal((await refresh(sb, b.refresh_token)).json.code, 36004005);
  assert.equal((await refresh(sb, creator.refresh_token)).json.code, 0);
  // a fresh authorization of shop 1 works again
  const c = sb.sandbox.issueTokens({ shops: [shop1.id] });
  assert.equal((await call(sb, { ...SHOPS, token: c.access_token })).json.code, 0);
  // the admin route by token, and its errors
  const byToken = await (await fetch(`${sb.url}/__sandbox/revoke`, { method: "POST", body: JSON.stringify({ token: c.refresh_token }) })).text();
  assert.equal(byToken, '{"revoked":1}', "the answer does not repeat the token");
  assert.equal((await call(sb, { ...SHOPS, token: c.access_token })).json.code, 36004005);
  assert.equal((await fetch(`${sb.url}/__sandbox/revoke`, { method: "POST", body: JSON.stringify({ token: "ROW_unknown" }) })).status, 400);
  assert.equal((await fetch(`${sb.url}/__sandbox/revoke`, { method: "POST", body: "{}" })).status, 400);
  assert.throws(() => sb.sandbox.revokeAuthorization({ shop: "no-such-shop" }), /unknown shop/);
});

test("retired versions answer 36009014 naming the versions still served", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const token = sb.sandbox.issueTokens().access_token;
  const d = sb.sandbox.shop.data[0];
  const base = { token, shopCipher: sb.sandbox.shop.shops[0].cipher, query: { sort_field: "order_create_time" } };
  assert.deepEqual(sb.sandbox.retiredVersions, [
    "GET /finance/202309/orders/{order_id}/statement_transactions",
    "GET /finance/202309/statements/{statement_id}/statement_transactions",
  ]);
  const byStatement = `/finance/202309/statements/${d.statements[0].id}/statement_transactions`;
  for (const path of [byStatement, `/finance/202309/orders/${d.orders[0].id}/statement_transactions`]) {
    const r = await call(sb, { ...base, path });
    assert.equal(r.status, 200);
    assert.equal(r.json.code, 36009014, r.text);
    assert.match(r.json.message, /^Invalid API version: 202309 of finance\.getTransactionsBy(Order|Statement) is no longer available; use version 202501$/);
    assert.equal(r.json.data, null);
    // the current version answers
    assert.equal((await call(sb, { ...base, path: path.replace("202309", "202501") })).json.code, 0);
  }
  // the version is refused before anything else is checked (as a gateway would)
  assert.equal((await call(sb, { ...base, path: byStatement, token: null, sign: "0".repeat(64) })).json.code, 36009014);

  // retire another version over HTTP; unknown entries are refused
  const set = await (await fetch(`${sb.url}/__sandbox/retired_versions`, { method: "POST", body: JSON.stringify({ retired: ["post /product/202309/products/search"] }) })).json();
  assert.deepEqual(set, { retired: ["POST /product/202309/products/search"] });
  assert.deepEqual(await (await fetch(`${sb.url}/__sandbox/retired_versions`)).json(), set);
  const old = await call(sb, { ...base, method: "POST", path: "/product/202309/products/search", query: { page_size: 5 }, body: {} });
  assert.equal(old.json.code, 36009014);
  assert.match(old.json.message, /use version 202502 or 202312$/, "newest first");
  assert.equal((await call(sb, { ...base, method: "POST", path: "/product/202502/products/search", query: { page_size: 5 }, body: {} })).json.code, 0);
  assert.equal((await call(sb, { ...base, path: byStatement })).json.code, 0, "the list was replaced: 202309 is served again");
  const bad = await fetch(`${sb.url}/__sandbox/retired_versions`, { method: "POST", body: JSON.stringify({ retired: ["GET /nope/202309/x"] }) });
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error, /unknown operation version/);
  // the option
  assert.deepEqual(createSandbox({ retiredVersions: [] }).retiredVersions, []);
  assert.throws(() => createSandbox({ retiredVersions: ["GET /finance/209901/x"] }), /unknown operation version/);
});

test("a token granted fewer scopes answers 105005, HTTP 403, on operations that need another scope", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const cipher = sb.sandbox.shop.shops[0].cipher;
  const all = sb.sandbox.scopes("seller");
  // TikTok's names, from the library's table (spec/scopes).
  for (const s of ["seller.order.info", "seller.finance.info", "seller.authorization.info"]) assert.ok(all.includes(s), s);
  assert.ok(!all.includes("test.scope.public"), "a scraped page's test entry is no scope");
  assert.deepEqual(sb.sandbox.issueTokens().granted_scopes, all, "by default every scope of the kind");
  assert.ok(sb.sandbox.scopes("creator").length > 0);
  assert.ok(!sb.sandbox.scopes("creator").includes("seller.order.info"));

  const limited = sb.sandbox.issueTokens({ scopes: ["seller.order.info", "seller.authorization.info"] });
  assert.deepEqual(limited.granted_scopes, ["seller.authorization.info", "seller.order.info"]);
  const orders = { method: "POST", path: "/order/202309/orders/search", query: { page_size: 5 }, body: {}, token: limited.access_token, shopCipher: cipher };
  assert.equal((await call(sb, orders)).json.code, 0);
  assert.equal((await call(sb, { ...SHOPS, token: limited.access_token })).json.code, 0);
  const denied = await call(sb, { path: "/finance/202309/statements", query: { page_size: 5, sort_field: "statement_time" }, token: limited.access_token, shopCipher: cipher });
  assert.equal(denied.status, 403);
  assert.equal(denied.json.code, 105005);
  assert.equal(denied.json.message, "Access denied: this access token lacks the scope this API needs (one of seller.finance.info)");

  // A version whose scopes are unknown needs none.
  const unknown = catalog.operations.find((o) => o.path === "/authorization/202401/widget_token");
  assert.equal(unknown.scopes, null, "the table names no scope for the widget token");
  assert.equal((await call(sb, { path: unknown.path, token: limited.access_token })).json.code, 0);

  // A group name stands for its operations' scopes.
  const byGroup = sb.sandbox.issueTokens({ scopes: ["finance"] });
  assert.ok(byGroup.granted_scopes.includes("seller.finance.info") && !byGroup.granted_scopes.includes("seller.order.info"), byGroup.granted_scopes.join(" "));

  // through an auth code and a refresh, over HTTP
  const { auth_code } = await (await fetch(`${sb.url}/__sandbox/auth_code?scopes=seller.finance.info`, { method: "POST" })).json();
  const u = new URL("/api/v2/token/get", sb.url);
  u.search = new URLSearchParams({ app_key: sb.appKey, app_secret: sb.appSecret, auth_code, grant_type: "authorized_code" }).toString();
  const got = (await (await fetch(u)).json()).data;
  assert.deepEqual(got.granted_scopes, ["seller.finance.info"]);
  const again = (await refresh(sb, got.refresh_token)).json.data;
  assert.deepEqual(again.granted_scopes, ["seller.finance.info"]);
  assert.equal((await call(sb, { ...orders, token: again.access_token })).json.code, 105005);
  assert.throws(() => sb.sandbox.issueTokens({ scopes: ["seller.nothing.info"] }), /unknown scope "seller.nothing.info"/);
  assert.throws(() => sb.sandbox.issueTokens({ account: "creator", scopes: ["order"] }), /unknown scope "order" for a creator/);
});

test("nothing logged or answered (errors included) echoes the app secret or a token", async (t) => {
  const sb = await startSandbox({ appSecret: "s3cr3t-app-secret-value" });
  t.after(() => sb.close());
  const tokens = sb.sandbox.issueTokens();
  const creator = sb.sandbox.issueTokens({ account: "creator" });
  const secrets = [sb.appSecret, tokens.access_token, tokens.refresh_token, creator.access_token];
  const answers = [];
  const keep = (r) => answers.push(r.text ?? JSON.stringify(r.json));
  keep(await call(sb, { ...SHOPS, token: tokens.access_token }));
  keep(await call(sb, { ...SHOPS, token: creator.access_token })); // 101000
  keep(await call(sb, { ...SHOPS, token: tokens.access_token, sign: "0".repeat(64) })); // 106001
  keep(await call(sb, { ...SHOPS, token: tokens.access_token, query: { access_token: tokens.access_token } }));
  keep(await call(sb, { path: "/finance/202309/statements/1/statement_transactions", token: tokens.access_token })); // 36009014
  keep(await refresh(sb, "ROW_wrong"));
  const used = await refresh(sb, tokens.refresh_token);
  keep(await refresh(sb, tokens.refresh_token)); // already used
  sb.sandbox.revokeAuthorization({ token: used.json.data.access_token });
  keep(await call(sb, { ...SHOPS, token: used.json.data.access_token })); // 36004005
  keep(await refresh(sb, used.json.data.refresh_token)); // 36004005
  secrets.push(used.json.data.access_token, used.json.data.refresh_token);
  const log = await (await fetch(`${sb.url}/__sandbox/requests`)).text();
  assert.ok(log.includes("[redacted]"), "the log shows that a secret was there");
  for (const secret of secrets) {
    assert.ok(!log.includes(secret), "the request log holds no secret");
    for (const a of answers) assert.ok(!a.includes(secret), `an answer echoes a secret: ${a}`);
  }
});
