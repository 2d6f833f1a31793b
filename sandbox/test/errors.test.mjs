import test from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../src/node.js";
import { operations, schemas } from "../src/generated/catalog.js";
import { call, nodeSign } from "./helpers.mjs";

function assertEnvelope(r, status, code, message) {
  assert.equal(r.status, status, `HTTP status (body ${r.text})`);
  assert.equal(r.headers.get("content-type"), "application/json");
  assert.deepEqual(Object.keys(r.json).sort(), ["code", "data", "message", "request_id"]);
  assert.equal(r.json.code, code, `code (body ${r.text})`);
  assert.match(r.json.request_id, /^[0-9A-Za-z]{20,30}$/);
  assert.equal(r.headers.get("x-tt-logid"), r.json.request_id);
  if (code !== 0) assert.equal(r.json.data, null);
  if (message instanceof RegExp) assert.match(r.json.message, message);
  else if (message !== undefined) assert.equal(r.json.message, message);
}

test("business checks: codes, messages and HTTP statuses", async (t) => {
  let clock = Date.UTC(2025, 9, 1, 8, 0, 0);
  const sb = await startSandbox({ now: () => clock });
  t.after(() => sb.close());
  const clk = () => clock;
  const tokens = sb.sandbox.issueTokens();
  const token = tokens.access_token;
  const [shop1, shop2] = sb.sandbox.shop.shops;
  const shops = { path: "/authorization/202309/shops", token, clock: clk };
  const search = { method: "POST", path: "/order/202309/orders/search", query: { page_size: 10 }, body: { order_status: "COMPLETED" }, token, shopCipher: shop1.cipher, clock: clk };

  await t.test("success envelope, fresh request ids", async () => {
    const a = await call(sb, shops);
    const b = await call(sb, shops);
    assertEnvelope(a, 200, 0, "Success");
    assertEnvelope(b, 200, 0, "Success");
    assert.notEqual(a.json.request_id, b.json.request_id);
  });

  await t.test("1. unknown path 404 / 36009009; known path, wrong method 405 / 36009010", async () => {
    assertEnvelope(await call(sb, { ...shops, path: "/order/202309/nothing_here" }), 404, 36009009);
    assertEnvelope(await call(sb, { ...shops, path: "/authorization/209901/shops" }), 404, 36009009);
    assertEnvelope(await call(sb, { ...search, method: "GET", body: undefined }), 405, 36009010);
    assertEnvelope(await call(sb, { ...search, method: "PATCH" }), 405, 36009010);
  });

  await t.test("2. app_key, sign, timestamp: 400 / 36009004", async () => {
    assertEnvelope(await call(sb, { ...shops, appKey: null }), 400, 36009004, "Invalid app_key");
    assertEnvelope(await call(sb, { ...shops, appKey: "other-app" }), 400, 36009004, "Invalid app_key");
    assertEnvelope(await call(sb, { ...shops, noSign: true }), 400, 36009004, "Missing required parameter: sign");
    const window = /timestamp.*out of the allowed window/;
    assertEnvelope(await call(sb, { ...shops, noTimestamp: true }), 400, 36009004, window);
    assertEnvelope(await call(sb, { ...shops, timestamp: "17e8" }), 400, 36009004, window);
    assertEnvelope(await call(sb, { ...shops, timestamp: "1759305600.5" }), 400, 36009004, window);
    const now = Math.floor(clock / 1000);
    assertEnvelope(await call(sb, { ...shops, timestamp: now - 301 }), 400, 36009004, window);
    assertEnvelope(await call(sb, { ...shops, timestamp: now + 31 }), 400, 36009004, window);
    assertEnvelope(await call(sb, { ...shops, timestamp: now - 300 }), 200, 0);
    assertEnvelope(await call(sb, { ...shops, timestamp: now + 30 }), 200, 0);
    // milliseconds are out of the window
    assertEnvelope(await call(sb, { ...shops, timestamp: clock }), 400, 36009004, window);
  });

  await t.test("3. signature: 401 / 106001 Invalid sign", async () => {
    const good = await call(sb, search);
    assertEnvelope(good, 200, 0);
    assertEnvelope(await call(sb, { ...shops, sign: "0".repeat(64) }), 401, 106001, "Invalid sign");
    assertEnvelope(await call(sb, { ...shops, signSecret: "not-the-secret" }), 401, 106001, "Invalid sign");
    // uppercase hex of the right signature is rejected
    const q = { app_key: sb.appKey, timestamp: String(Math.floor(clock / 1000)) };
    const upper = nodeSign(sb.appSecret, shops.path, q).toUpperCase();
    assertEnvelope(await call(sb, { ...shops, timestamp: q.timestamp, sign: upper }), 401, 106001);
    assertEnvelope(await call(sb, { ...shops, timestamp: q.timestamp, sign: upper.toLowerCase() }), 200, 0);
    // the body is signed: a body other than the signed one fails
    const signedFor = nodeSign(sb.appSecret, search.path, { app_key: sb.appKey, timestamp: String(Math.floor(clock / 1000)), shop_cipher: shop1.cipher, page_size: "10" }, '{"order_status":"COMPLETED"}');
    assertEnvelope(await call(sb, { ...search, sign: signedFor }), 200, 0);
    assertEnvelope(await call(sb, { ...search, body: '{"order_status":"CANCELLED"}', sign: signedFor }), 401, 106001);
    // the raw bytes are signed, not a re-serialisation
    assertEnvelope(await call(sb, { ...search, body: '{ "order_status" : "COMPLETED" }\n' }), 200, 0);
    const raw = '{ "order_status" : "COMPLETED" }';
    const reserialised = nodeSign(sb.appSecret, search.path, { app_key: sb.appKey, timestamp: String(Math.floor(clock / 1000)), shop_cipher: shop1.cipher, page_size: "10" }, JSON.stringify(JSON.parse(raw)));
    assertEnvelope(await call(sb, { ...search, body: raw, sign: reserialised }), 401, 106001);
    // query values are signed decoded (sent RFC 3986-encoded)
    assertEnvelope(await call(sb, { ...search, query: { page_size: 10, sort_field: "create_time", note: "a b&c=d/é" } }), 200, 0);
    // access_token in the query is not signed
    assertEnvelope(await call(sb, { ...shops, query: { access_token: "whatever" } }), 200, 0);
  });

  await t.test("4. access token: 401 / 36009004 missing or unknown, 401 / 105002 expired", async () => {
    assertEnvelope(await call(sb, { ...shops, token: null }), 401, 36009004, /access token/i);
    assertEnvelope(await call(sb, { ...shops, token: "ROW_not-a-token" }), 401, 36009004, /invalid access token/i);
    const other = sb.sandbox.issueTokens();
    clock += 10_000;
    sb.sandbox.expireAccessTokens();
    assertEnvelope(await call(sb, { ...shops, token: other.access_token }), 401, 105002, "Access token is expired");
  });

  const fresh = () => sb.sandbox.issueTokens().access_token;

  await t.test("5. shop_cipher: 106013 required, 400 forbidden, 101000 mismatch", async () => {
    const tk = fresh();
    const perf = { path: "/analytics/202405/shop/performance", query: { start_date_ge: "2025-05-01", end_date_lt: "2025-05-08" }, token: tk, clock: clk };
    assertEnvelope(await call(sb, perf), 200, 106013, "shop_cipher is required for this API");
    assertEnvelope(await call(sb, { ...perf, shopCipher: shop1.cipher }), 200, 0);
    assertEnvelope(await call(sb, { ...shops, token: tk, shopCipher: shop1.cipher }), 400, 36009004, "shop_cipher is not allowed for this API");
    assertEnvelope(await call(sb, { ...search, token: tk, shopCipher: "ROW_unknownCipher" }), 200, 101000);
    const onlyShop1 = sb.sandbox.issueTokens({ shops: [shop1.cipher] }).access_token;
    assertEnvelope(await call(sb, { ...search, token: onlyShop1, shopCipher: shop2.cipher }), 200, 101000);
    assertEnvelope(await call(sb, { ...search, token: onlyShop1, shopCipher: shop1.cipher }), 200, 0);
  });

  await t.test("6. parameters and bodies: 400 / 36009004", async () => {
    const tk = fresh();
    assertEnvelope(await call(sb, { ...search, token: tk, query: {} }), 400, 36009004, "Missing required parameter: page_size");
    assertEnvelope(await call(sb, { ...search, token: tk, body: "{not json" }), 400, 36009004, "Invalid request body");
    assertEnvelope(await call(sb, { ...search, token: tk, body: "[1,2]" }), 400, 36009004, "Invalid request body");
    assertEnvelope(await call(sb, { ...search, token: tk, body: "" }), 200, 0);
    // a required body field: TikTok's current description marks none required, so the
    // rule is checked on a catalog where one operation has one
    const base = operations.find((o) => o.host === "api" && o.account === "seller" && o.jsonBody && o.shopCipher !== "forbidden" && !o.path.includes("{") && !o.params.some((p) => p[2]));
    assert.ok(base, "a seller operation with a JSON body and no required parameter");
    const withBody = { ...base, params: [...base.params, ["sandbox_required", "body", true, "string"]] };
    const sb2 = await startSandbox({ now: clk, catalog: { operations: operations.map((o) => (o === base ? withBody : o)), schemas } });
    try {
      const req = { method: base.method, path: base.path, token: sb2.sandbox.issueTokens().access_token, shopCipher: sb2.sandbox.shop.shops[0].cipher, clock: clk };
      assertEnvelope(await call(sb2, { ...req, body: {} }), 400, 36009004, "Missing required parameter: sandbox_required");
      assertEnvelope(await call(sb2, { ...req, body: { sandbox_required: null } }), 400, 36009004, "Missing required parameter: sandbox_required");
      assertEnvelope(await call(sb2, { ...req, body: { sandbox_required: "x" } }), 200, 0);
    } finally {
      await sb2.close();
    }
    // page size and page token
    assertEnvelope(await call(sb, { ...search, token: tk, query: { page_size: 101 } }), 400, 36009004, /page_size exceeds maximum/);
    assertEnvelope(await call(sb, { ...search, token: tk, query: { page_size: 0 } }), 400, 36009004, /page_size/);
    assertEnvelope(await call(sb, { ...search, token: tk, query: { page_size: 100 } }), 200, 0);
    assertEnvelope(await call(sb, { ...search, token: tk, query: { page_size: 10, page_token: "garbage!!" } }), 400, 36009004, "Invalid page_token");
    assertEnvelope(await call(sb, { ...search, token: tk, query: { page_size: 10, page_token: Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), Buffer.from("pt1:zz:10")]).toString("base64") } }), 400, 36009004, "Invalid page_token");
    // page tokens hold "+", "/" and "=": sent unencoded, "+" decodes as a space and the signature fails
    const p1 = await call(sb, { ...search, token: tk, query: { page_size: 10 } });
    const pt = p1.json.data.next_page_token;
    assert.match(pt, /\+/);
    assertEnvelope(await call(sb, { ...search, token: tk, query: { page_size: 10, page_token: pt } }), 200, 0);
    const ts = String(Math.floor(clock / 1000));
    const q = { app_key: sb.appKey, timestamp: ts, shop_cipher: shop1.cipher, page_size: "10", page_token: pt };
    const sign = nodeSign(sb.appSecret, search.path, q, JSON.stringify(search.body));
    const rawQs = Object.entries({ ...q, sign }).map(([k, v]) => `${k}=${v}`).join("&");
    const res = await fetch(`${sb.url}${search.path}?${rawQs}`, { method: "POST", body: JSON.stringify(search.body), headers: { "content-type": "application/json", "x-tts-access-token": tk } });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 106001);
    // multipart uploads
    const upload = { method: "POST", path: "/product/202309/images/upload", token: tk, clock: clk };
    const form = new FormData();
    form.set("data", new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: "image/png" }), "a.png");
    form.set("use_case", "MAIN_IMAGE");
    assertEnvelope(await call(sb, { ...upload, body: form }), 200, 0);
    const noFile = new FormData();
    noFile.set("use_case", "MAIN_IMAGE");
    assertEnvelope(await call(sb, { ...upload, body: noFile }), 400, 36009004, "Missing required parameter: data");
    assertEnvelope(await call(sb, { ...upload, body: "{}" }), 400, 36009004, /multipart\/form-data/);
    const rec = sb.sandbox.requests.filter((r) => r.path === upload.path && r.code === 0).at(-1);
    assert.deepEqual(rec.form, { data: { size: 4, type: "image/png", name: "a.png" }, use_case: "MAIN_IMAGE" });
    assert.equal(rec.signatureValid, true);
  });

  await t.test("7. unknown entities: business errors with HTTP 200", async () => {
    const tk = fresh();
    const base = { token: tk, shopCipher: shop1.cipher, clock: clk };
    assertEnvelope(await call(sb, { ...base, path: "/finance/202501/orders/123/statement_transactions" }), 200, 21011001, "order not found");
    assertEnvelope(await call(sb, { ...base, path: "/product/202309/products/42" }), 200, 12052001, "product not found");
    assertEnvelope(await call(sb, { ...base, path: "/fulfillment/202309/packages/42" }), 200, 21001005, "package not found");
    assertEnvelope(await call(sb, { ...base, path: "/finance/202501/statements/42/statement_transactions", query: { sort_field: "order_create_time" } }), 200, 22001001, "statement not found");
    assertEnvelope(await call(sb, { ...base, path: "/order/202309/orders", query: { ids: "1,2" } }), 200, 21011001);
    // an order of shop 2 is not found in shop 1
    const otherOrder = sb.sandbox.shop.data[1].orders[0].id;
    assertEnvelope(await call(sb, { ...base, path: `/finance/202501/orders/${otherOrder}/statement_transactions` }), 200, 21011001);
    assertEnvelope(await call(sb, { ...base, shopCipher: shop2.cipher, path: `/finance/202501/orders/${otherOrder}/statement_transactions` }), 200, 0);
  });

  await t.test("check order: gateway before signature before token before shop before params", async () => {
    // bad app_key and bad sign -> app_key
    assertEnvelope(await call(sb, { ...shops, appKey: "x", sign: "0".repeat(64) }), 400, 36009004, "Invalid app_key");
    // bad sign and no token -> sign
    assertEnvelope(await call(sb, { ...shops, token: null, sign: "0".repeat(64) }), 401, 106001);
    // no token and forbidden shop_cipher -> token
    assertEnvelope(await call(sb, { ...shops, token: null, shopCipher: shop1.cipher }), 401, 36009004, /access token/i);
    // forbidden shop_cipher and unknown path -> path
    assertEnvelope(await call(sb, { ...shops, path: "/authorization/202309/shopz", token: null }), 404, 36009009);
    // missing shop_cipher and missing required param -> shop_cipher
    assertEnvelope(await call(sb, { path: "/analytics/202405/shop/performance", token: fresh(), clock: clk }), 200, 106013);
  });
});
