// The crossing into wasm: what the core's exports take and give, errors as TikTokShopErrors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lib } from "./package.mjs";

const { Core, finish, neverThrows, planVersionJson, RAW, defaults, webhookKey, webhookTypesText } = await lib("core");
const { TikTokShopError } = await lib("errors");
const { findOperation } = await lib("operations");

const config = { appKey: "unit-app-key", appSecret: "unit-app-secret", baseUrl: "http://127.0.0.1:9", shopCipher: "ROW_c" };
const envelope = (code, data = {}) => ({ status: 200, location: undefined, retryAfter: undefined, text: JSON.stringify({ code, message: "m", request_id: "r", data }) });

test("finish: a success's envelope, or the core's verdict as a TikTokShopError", () => {
  const list = findOperation("order", "getOrderList").index;
  assert.deepEqual(finish(list, 0, envelope(0, { orders: [] })).data, { orders: [] });
  assert.throws(() => finish(list, 0, envelope(105002)), (e) => e instanceof TikTokShopError && e.kind === "expired_token" && e.code === 105002);
  assert.throws(() => finish(list, 0, { status: 502, text: "<html>bad gateway</html>" }), { kind: "server", httpStatus: 502 });
  assert.throws(() => finish(list, 0, { status: 200, text: "" }), { kind: "decode" });
  assert.throws(() => finish(RAW, 0, { status: 302, location: "https://elsewhere.example/x?token=1", text: "" }), (e) => e.kind === "redirect" && !e.message.includes("token=1"));
  const detail = findOperation("order", "getOrderDetail").index;
  assert.throws(() => finish(detail, 1, envelope(36009014)), (e) => e.kind === "invalid_request" && /202309/.test(e.message));
});

test("a version's plan is the core's choice; an unlisted version is refused with the list", () => {
  const detail = findOperation("order", "getOrderDetail").index;
  assert.deepEqual(JSON.parse(planVersionJson(detail)).ordinal, 0);
  assert.deepEqual(JSON.parse(planVersionJson(detail, "202309")).ordinal, 1);
  assert.throws(() => planVersionJson(detail, "202001"), { kind: "invalid_request", field: "version", message: /available: 202507, 202309/ });
  assert.deepEqual(defaults(), { baseUrl: "https://open-api.tiktokglobalshop.com", authBaseUrl: "https://auth.tiktok-shops.com", timeoutMs: 30_000, uploadTimeoutMs: 120_000 });
});

test("a client's core: the shop rule, its hosts, and a call refused before fetch is called", () => {
  const core = new Core(config);
  const list = findOperation("order", "getOrderList").index;
  assert.deepEqual([core.planShop(list, 0, 0), core.planShop(list, 0, 2), core.planShop(list, 0, 3)], [1, 2, 3]);
  assert.deepEqual(core.hosts(), ["127.0.0.1:9", "auth.tiktok-shops.com"]);
  let fetched = 0;
  const fetch = () => (fetched++, Promise.resolve(new Response("")));
  assert.throws(() => core.send(list, 0, 1, '{"page_size":1}', undefined, undefined, fetch, undefined, false), { kind: "config", field: "accessToken" });
  core.setAccessToken("tok");
  assert.throws(() => core.send(list, 0, 1, '{"page_sise":1}', undefined, undefined, fetch, undefined, false), { kind: "invalid_request", field: "page_sise" });
  assert.equal(fetched, 0, "nothing sent");
  assert.ok(core.send(list, 0, 1, '{"page_size":1}', undefined, undefined, fetch, undefined, false) instanceof Promise);
  assert.equal(fetched, 1);
});

test("neverThrows: a fetch that throws or returns no promise gives a rejected promise", async () => {
  await assert.rejects(neverThrows(() => { throw new Error("sync"); })(), /sync/);
  assert.equal(await neverThrows(() => 5)(), 5);
});

test("the webhook table and dedupe keys come from the core", () => {
  const types = JSON.parse(webhookTypesText());
  assert.deepEqual(types[0], { code: 1, name: "ORDER_STATUS_CHANGE", account: "shop", registrable: true });
  assert.equal(webhookKey("7301", 1, "s", "1", "{}"), "7301", "a notification id is the key");
  const key = webhookKey(undefined, 3, "s", "1", '{"b":1,"a":2}');
  assert.match(key, /^sha256:[0-9a-f]{32}$/);
  assert.equal(webhookKey(undefined, 3, "s", "1", '{"a":2,"b":1}'), key, "key order does not matter");
});
