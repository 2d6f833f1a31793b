// The client's policy around its plan, with the real core and a stub fetch: the shop a
// call goes to is the bucket it waits in, a 105002 refreshes once and retries, what is
// retried, the log record, the group objects, and no secret in what the client shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, CREDENTIALS, recordingLimiter, reply, stubFetch } from "./package.mjs";

const { TikTokShop, TikTokShopError } = api;

function client(options = {}) {
  const { fetch, sent } = stubFetch(options.answer);
  const { limiter, asked } = recordingLimiter();
  const { answer: _, ...rest } = options;
  const shop = new TikTokShop({ ...CREDENTIALS, shopCipher: "ROW_client", fetch, rateLimit: limiter, retries: 0, ...rest });
  return { shop, sent, asked };
}

test("the shop a call goes to is the shop whose rate-limit bucket it waits in, however the shop is named", async () => {
  const { shop, sent, asked } = client();
  const cases = [
    [{ page_size: 1 }, undefined, "ROW_client"],
    [{ page_size: 1 }, { shopCipher: "ROW_option" }, "ROW_option"],
    [{ page_size: 1, shop_cipher: "ROW_params" }, undefined, "ROW_params"],
    // Both named: the call's own parameter wins, for the request and for the bucket alike.
    // (The request used to go to ROW_params while the call waited in ROW_option's bucket.)
    [{ page_size: 1, shop_cipher: "ROW_params" }, { shopCipher: "ROW_option" }, "ROW_params"],
  ];
  for (const [params, options, expected] of cases) {
    await shop.order.getOrderList(params, options);
    assert.equal(sent.at(-1).shop, expected, `request of ${JSON.stringify([params, options])}`);
    assert.equal(asked.at(-1).shop, expected, `bucket of ${JSON.stringify([params, options])}`);
    assert.equal(asked.at(-1).api, "POST /order/202309/orders/search");
  }
  // An operation that takes no shop_cipher goes to no shop: the app's bucket, no cipher sent.
  await shop.authorization.getAuthorizedShops({}, { shopCipher: "ROW_option" });
  assert.equal(sent.at(-1).shop, null);
  assert.equal(asked.at(-1).shop, "");
});

test("with the built-in limiter, a call for another shop does not wait in the first shop's bucket", async () => {
  // One request per second per bucket: a second call to the same bucket would wait ~1 s.
  const { fetch, sent } = stubFetch();
  const shop = new TikTokShop({ ...CREDENTIALS, shopCipher: "ROW_a", fetch, rateLimit: { requestsPerSecond: 1, burst: 1 } });
  await shop.order.getOrderList({ page_size: 1 });
  const started = performance.now();
  const timeout = AbortSignal.timeout(500);
  // Named both ways: the request goes to ROW_b, so it waits in ROW_b's bucket, which is
  // empty. (Before the plan it waited in ROW_a's: 975 ms at 1 request/s.)
  await shop.order.getOrderList({ page_size: 1, shop_cipher: "ROW_b" }, { shopCipher: "ROW_a", signal: timeout });
  assert.equal(sent.at(-1).shop, "ROW_b");
  assert.ok(performance.now() - started < 500, "not held back by another shop's bucket");
});

test("plan(): what a call would do, decided once, without sending", () => {
  const { shop, sent } = client();
  const plan = shop.plan("order", "getOrderList", { page_size: 5, shop_cipher: "ROW_p" }, { shopCipher: "ROW_o" });
  assert.deepEqual(
    { ...plan, rateLimit: { ...plan.rateLimit } },
    {
      operation: "order.getOrderList",
      version: "202309",
      method: "POST",
      path: "/order/202309/orders/search",
      host: "api",
      hostname: "open-api.tiktokglobalshop.com",
      shop: "ROW_p",
      rateLimit: { shop: "ROW_p", api: "POST /order/202309/orders/search", key: "ROW_p\nPOST /order/202309/orders/search" },
      read: true,
      upload: false,
      timeoutMs: 30_000,
      paginated: true,
      items: "orders",
      pageSize: 100,
      pageSizeMax: 100,
    },
  );
  assert.ok(Object.isFrozen(plan) && Object.isFrozen(plan.rateLimit));
  assert.equal(sent.length, 0);
  // A plan with nothing of the call's own is the client's, kept: the same object each time.
  assert.equal(shop.plan("order", "getOrderList"), shop.plan("order", "getOrderList", { page_size: 1 }));
  // Uploads have the upload timeout class; a call's or the client's timeout wins.
  assert.equal(shop.plan("product", "uploadProductImage").timeoutMs, 120_000);
  assert.equal(shop.plan("product", "uploadProductImage", {}, { timeoutMs: 5 }).timeoutMs, 5);
  assert.equal(client({ timeoutMs: 7 }).shop.plan("order", "getOrderList").timeoutMs, 7);
  // Versions: the newest by default, or the one asked for; the token host for token calls.
  assert.equal(shop.plan("order", "getOrderDetail").version, "202507");
  assert.equal(shop.plan("order", "getOrderDetail", {}, { version: "202309" }).path, "/order/202309/orders");
  const token = shop.plan("token", "refreshAccessToken");
  assert.deepEqual([token.host, token.hostname, token.shop, token.read], ["auth", "auth.tiktok-shops.com", null, false]);
});

test("plan(): what a call would refuse, it refuses, naming the field and the operation", () => {
  const { shop } = client({ shopCipher: undefined });
  const refused = (fn, field) =>
    assert.throws(fn, (e) => e instanceof TikTokShopError && e.kind === "invalid_request" && e.field === field && e.operation !== null, field);
  refused(() => shop.plan("order", "getOrderDetail", {}, { version: "202001" }), "version");
  refused(() => shop.plan("authorization", "getAuthorizedShops", { shop_cipher: "x" }), "shop_cipher");
  refused(() => shop.plan("analytics", "getShopPerformance", {}, { version: "202405" }), "shop_cipher");
  refused(() => shop.plan("order", "getOrderList", { shop_cipher: 5 }), "shop_cipher");
  assert.throws(() => shop.plan("order", "getOrderLis"), { kind: "invalid_request", field: "operation", message: /did you mean getOrderList/ });
  assert.throws(() => shop.plan("order", "getOrderList", {}, { version: 202309 }), { kind: "config", field: "version" });
});

test("a call's request follows its plan: method, path, host and version", async () => {
  const { shop, sent } = client({ baseUrl: "http://127.0.0.1:9/gw" });
  await shop.order.getOrderDetail({ ids: ["1", "2"] }, { version: "202309" });
  assert.equal(sent[0].method, "GET");
  assert.equal(sent[0].url.split("?")[0], "http://127.0.0.1:9/gw/order/202309/orders");
  assert.equal(sent[0].query.get("ids"), "1,2");
  assert.equal(shop.plan("order", "getOrderDetail").hostname, "127.0.0.1:9");
});

test("shop.request(): planned by the core too (method, path, shop), signed like the rest", async () => {
  const { shop, sent, asked } = client();
  await shop.request({ method: "post", path: "/product/202601/things/search", shopCipher: true, body: { a: 1 } });
  assert.equal(sent[0].method, "POST");
  assert.equal(sent[0].shop, "ROW_client");
  assert.deepEqual(asked[0], { shop: "ROW_client", api: "POST /product/202601/things/search" });
  await shop.request({ method: "GET", path: "/a/b", shopCipher: "ROW_own" });
  assert.equal(sent[1].shop, "ROW_own");
  await shop.request({ method: "GET", path: "/a/b" });
  assert.equal(sent[2].shop, null);
  await assert.rejects(shop.request({ method: "PATCH", path: "/a" }), { kind: "invalid_request", field: "method" });
  await assert.rejects(shop.request({ method: "GET", path: "/a/../b" }), { kind: "invalid_request", field: "path" });
  await assert.rejects(client({ shopCipher: undefined }).shop.request({ method: "GET", path: "/a", shopCipher: true }), { kind: "config", field: "shopCipher" });
});

test("a 105002 refreshes once and retries the call, not counting the retry", async () => {
  const stored = [];
  const { shop, sent } = client({
    refreshToken: "unit-refresh-token",
    onTokens: (tokens) => void stored.push(tokens),
    answer: (request, n) => {
      if (request.path === "/api/v2/token/refresh") {
        return reply({ access_token: "fresh-access", access_token_expire_in: 2_000_000_000, refresh_token: "fresh-refresh", refresh_token_expire_in: 2_000_000_000 });
      }
      return n === 1 ? reply(null, { code: 105002, message: "Access token is expired" }) : reply({ orders: [] });
    },
  });
  assert.deepEqual(await shop.order.getOrderList({ page_size: 1 }), { orders: [] });
  assert.deepEqual(sent.map((r) => r.path), ["/order/202309/orders/search", "/api/v2/token/refresh", "/order/202309/orders/search"]);
  assert.equal(sent[2].headers["x-tts-access-token"], "fresh-access");
  assert.equal(stored.length, 1, "the rotated tokens were handed over before use");
});

test("a failed read is retried, a failed write is not (unless it opts in); the error says how many attempts", async () => {
  const failing = () => reply(null, { code: 36009007, message: "gateway timeout", status: 504, headers: { "retry-after": "0" } });
  const read = client({ retries: 2, answer: failing });
  const error = await read.shop.order.getOrderList({ page_size: 1 }).catch((e) => e);
  assert.equal(error.kind, "server");
  assert.equal(error.attempts, 3);
  assert.match(error.message, /\(after 3 attempts\)/);
  const write = client({ retries: 2, answer: failing });
  await assert.rejects(write.shop.order.addExternalOrderReferences({ orders: [] }), { kind: "server", attempts: 1 });
  assert.equal(write.sent.length, 1);
  await assert.rejects(write.shop.order.addExternalOrderReferences({ orders: [] }, { retryWrites: true }), { attempts: 3 });
});

test("one log record per attempt, from the plan, without secrets", async () => {
  const records = [];
  const { shop } = client({ logger: (r) => records.push(r) });
  await shop.order.getOrderList({ page_size: 1 });
  await shop.request({ method: "GET", path: "/a/b" });
  assert.deepEqual(
    records.map(({ durationMs: _, ...r }) => r),
    [
      { operation: "order.getOrderList", version: "202309", method: "POST", path: "/order/202309/orders/search", attempt: 1, outcome: "ok", httpStatus: 200, code: 0, kind: null, message: null, requestId: "req-1" },
      { operation: null, version: null, method: "GET", path: null, attempt: 1, outcome: "ok", httpStatus: 200, code: 0, kind: null, message: null, requestId: "req-1" },
    ],
  );
  // A logger that throws changes nothing.
  const loud = client({ logger: () => { throw new Error("logger down"); } });
  assert.deepEqual(await loud.shop.order.getOrderList({ page_size: 1 }), {});
});

test("a typo of a method rejects with a suggestion; the group object stays plain", async () => {
  const { shop } = client();
  await assert.rejects(shop.order.getOrderLis(), { kind: "invalid_request", message: /did you mean getOrderList/ });
  await assert.rejects(shop.call("order", "getOrderLis"), { field: "operation" });
  await assert.rejects(shop.call("ordr", "getOrderList"), { field: "group", message: /did you mean order/ });
  assert.equal(shop.order.then, undefined);
  assert.equal("getOrderLis" in shop.order, false);
  assert.ok(Object.keys(shop.order).includes("getOrderList"));
});

test("what the client shows has no secret, and the default hosts are the core's", () => {
  const { shop } = client({ refreshToken: "unit-refresh-token" });
  const shown = JSON.stringify(shop) + String(shop[Symbol.for("nodejs.util.inspect.custom")]());
  for (const secret of [CREDENTIALS.appSecret, CREDENTIALS.accessToken, "unit-refresh-token"]) assert.ok(!shown.includes(secret));
  assert.equal(TikTokShop.DEFAULT_BASE_URL, "https://open-api.tiktokglobalshop.com");
  assert.equal(TikTokShop.DEFAULT_AUTH_BASE_URL, "https://auth.tiktok-shops.com");
  assert.deepEqual([TikTokShop.DEFAULT_TIMEOUT_MS, TikTokShop.DEFAULT_UPLOAD_TIMEOUT_MS], [30_000, 120_000]);
});
