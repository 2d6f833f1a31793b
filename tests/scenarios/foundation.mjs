// The foundation scenarios: tokens, authorized shops, a signed order search, and the
// error paths. Every runtime (Node, Deno, workerd) runs exactly these.
//
// Each scenario gets `ctx`: { api (the package), sandboxUrl, appKey, appSecret, vectors,
// proxyUrl?, proxyAuthUrl? } and helpers from `helpers(ctx)`.

import { deepEqual, equal, evidence, isApiError, notEqual, ok, rejects, secrets, throws } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";

function remember(tokens) {
  for (const key of ["access_token", "refresh_token"]) if (tokens?.[key]) secrets.add(tokens[key]);
  return tokens;
}

export function helpers(ctx) {
  secrets.add(ctx.appSecret);
  // Every client of the scenarios logs into the evidence the secrets scan reads.
  const logger = (record) => evidence.push(record);
  const base = { appKey: ctx.appKey, appSecret: ctx.appSecret, baseUrl: ctx.sandboxUrl, authBaseUrl: ctx.sandboxUrl, logger };
  const admin = async (path, method = "POST") => {
    const r = await fetch(`${ctx.sandboxUrl}/__sandbox/${path}`, { method });
    return r.json();
  };
  const mintAuthCode = async () => {
    const code = (await admin("auth_code")).auth_code;
    secrets.add(code);
    return code;
  };
  const requests = async () => admin("requests", "GET");
  const tokens = async () => remember(await ctx.api.exchangeAuthCode({ ...base, authCode: await mintAuthCode() }));
  /** A token set straight from the sandbox (no auth code). */
  const issueTokens = async () => remember(await admin("tokens"));
  const shop = async (extra = {}) => {
    const t = await tokens();
    const client = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, ...extra });
    const { shops } = await client.authorization.getAuthorizedShops();
    return new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, shopCipher: shops[0].cipher, ...extra });
  };
  return { base, admin, mintAuthCode, requests, tokens, issueTokens, shop, remember };
}

export const scenarios = [
  {
    name: "exchange an auth code for tokens with absolute expiry and expires_in",
    async run(ctx) {
      const { base, mintAuthCode } = helpers(ctx);
      const before = Math.floor(Date.now() / 1000);
      const t = await ctx.api.exchangeAuthCode({ ...base, authCode: await mintAuthCode() });
      for (const f of ["access_token", "refresh_token", "open_id", "seller_name", "seller_base_region"]) {
        equal(typeof t[f], "string", f);
        ok(t[f].length > 0, `${f} is empty`);
      }
      equal(typeof t.user_type, "number", "user_type");
      ok(Array.isArray(t.granted_scopes), "granted_scopes is an array");
      // Absolute Unix timestamps, about 7 days out; expires_in is the seconds left.
      ok(t.access_token_expire_in > before + 6 * 86400, "access_token_expire_in is absolute");
      ok(t.refresh_token_expire_in > t.access_token_expire_in, "refresh outlives access");
      const left = t.access_token_expire_in - Math.floor(Date.now() / 1000);
      ok(Math.abs(t.expires_in - left) <= 2, `expires_in ${t.expires_in} vs ${left}`);
    },
  },
  {
    name: "an auth code works once",
    async run(ctx) {
      const { base, mintAuthCode } = helpers(ctx);
      const code = await mintAuthCode();
      await ctx.api.exchangeAuthCode({ ...base, authCode: code });
      const e = await rejects(ctx.api.exchangeAuthCode({ ...base, authCode: code }));
      isApiError(ctx.api, e, { kind: "auth", code: 36004004 });
      ok(e.requestId, "request id");
    },
  },
  {
    name: "refresh rotates the refresh token",
    async run(ctx) {
      const { base, tokens } = helpers(ctx);
      const first = await tokens();
      const second = remember(await ctx.api.refreshAccessToken({ ...base, refreshToken: first.refresh_token }));
      notEqual(second.access_token, first.access_token, "new access token");
      notEqual(second.refresh_token, first.refresh_token, "rotated refresh token");
      ok(second.expires_in > 6 * 86400, "expires_in");
      const e = await rejects(ctx.api.refreshAccessToken({ ...base, refreshToken: first.refresh_token }));
      isApiError(ctx.api, e, { kind: "auth", code: 36004004 });
      // The new access token works.
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: second.access_token });
      const { shops } = await shop.authorization.getAuthorizedShops();
      ok(shops.length >= 1, "shops");
    },
  },
  {
    name: "authorized shops and active shops, without shop_cipher",
    async run(ctx) {
      const { base, tokens, requests } = helpers(ctx);
      const t = await tokens();
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, shopCipher: "ROW_ignored" });
      const { shops } = await shop.authorization.getAuthorizedShops();
      equal(shops.length, 2, "two authorized shops");
      for (const s of shops) ok(typeof s.cipher === "string" && s.cipher.length > 0, "cipher");
      const active = await shop.seller.getActiveShops();
      ok(Array.isArray(active.shops) && active.shops.length >= 1, "active shops");
      const log = await requests();
      const seen = log.filter((r) => r.path === "/authorization/202309/shops" || r.path === "/seller/202309/shops").slice(-2);
      equal(seen.length, 2, "both calls reached the sandbox");
      for (const r of seen) {
        equal(r.signatureValid, true, "signature");
        equal(r.shopCipher, null, "no shop_cipher on a forbidden operation");
      }
    },
  },
  {
    name: "a signed order search with a JSON body, then the order's detail",
    async run(ctx) {
      const { shop, requests } = helpers(ctx);
      const client = await shop();
      const page = await client.order.getOrderList({ page_size: 5, order_status: "AWAITING_SHIPMENT" });
      ok(page.orders.length > 0 && page.orders.length <= 5, `page of ${page.orders.length}`);
      for (const o of page.orders) equal(o.status, "AWAITING_SHIPMENT", "filtered by the body");
      ok(page.total_count >= page.orders.length, "total_count");
      const last = (await requests()).filter((r) => r.path === "/order/202309/orders/search").at(-1);
      equal(last.method, "POST");
      equal(last.signatureValid, true, "signature over the body");
      deepEqual(JSON.parse(last.bodyText), { order_status: "AWAITING_SHIPMENT" }, "body as sent");
      equal(last.query.page_size, "5", "page_size in the query");
      ok(last.shopCipher, "shop_cipher sent");
      const detail = await client.order.getOrderDetail({ ids: [page.orders[0].id] });
      equal(detail.orders.length, 1, "one order");
      equal(detail.orders[0].id, page.orders[0].id, "the same order");
      equal(detail.orders[0].status, page.orders[0].status, "same status");
    },
  },
  {
    name: "pages through orders with next_page_token",
    async run(ctx) {
      const { shop } = helpers(ctx);
      const client = await shop();
      const ids = new Set();
      let token;
      let pages = 0;
      let total;
      do {
        const page = await client.order.getOrderList({ page_size: 100, page_token: token });
        total ??= page.total_count;
        for (const o of page.orders) ids.add(o.id);
        token = page.next_page_token;
        pages += 1;
      } while (token && pages < 50);
      ok(pages >= 2, `several pages (${pages})`);
      equal(ids.size, total, "every order once");
    },
  },
  {
    name: "a wrong app secret is a signature error with code 106001 and a request id",
    async run(ctx) {
      const { base, tokens } = helpers(ctx);
      const t = await tokens();
      const shop = new ctx.api.TikTokShop({ ...base, appSecret: "not-the-secret", accessToken: t.access_token });
      const e = await rejects(shop.authorization.getAuthorizedShops());
      isApiError(ctx.api, e, { kind: "signature", code: 106001, httpStatus: 401, operation: "authorization.getAuthorizedShops" });
      ok(typeof e.requestId === "string" && e.requestId.length > 0, "request id");
      ok(!e.message.includes("not-the-secret") && !JSON.stringify(e).includes("not-the-secret"), "secret not in the error");
    },
  },
  {
    name: "an expired access token is an expired_token error",
    async run(ctx) {
      const { base, tokens, admin } = helpers(ctx);
      const t = await tokens();
      await admin("expire_tokens");
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token });
      const e = await rejects(shop.seller.getActiveShops());
      isApiError(ctx.api, e, { kind: "expired_token", code: 105002, httpStatus: 401 });
      ok(!JSON.stringify(e).includes(t.access_token), "token not in the error");
    },
  },
  {
    name: "a missing or empty app key or secret is a config error before any request",
    async run(ctx) {
      const { base, requests, mintAuthCode } = helpers(ctx);
      const code = await mintAuthCode();
      const before = (await requests()).length;
      const cases = [
        [{ ...base, appKey: undefined }, "appKey"],
        [{ ...base, appKey: "" }, "appKey"],
        [{ ...base, appSecret: undefined }, "appSecret"],
        [{ ...base, appSecret: " " }, "appSecret"],
      ];
      for (const [options, field] of cases) {
        isApiError(ctx.api, throws(() => new ctx.api.TikTokShop({ ...options, accessToken: "t" })), { kind: "config", field });
        isApiError(ctx.api, await rejects(ctx.api.exchangeAuthCode({ ...options, authCode: code })), { kind: "config", field });
        isApiError(ctx.api, await rejects(ctx.api.refreshAccessToken({ ...options, refreshToken: "r" })), { kind: "config", field });
      }
      equal((await requests()).length, before, "no request reached the sandbox");
      // The unused code still works: nothing was sent with it.
      const t = await ctx.api.exchangeAuthCode({ ...base, authCode: code });
      ok(t.access_token, "code unused");
    },
  },
  {
    name: "a malformed proxy URL is a config error before any request",
    async run(ctx) {
      const { base } = helpers(ctx);
      for (const proxy of ["not a url", "socks5://127.0.0.1:1080", "http://:8080", "http://host:99999"]) {
        const e = throws(() => new ctx.api.TikTokShop({ ...base, accessToken: "t", proxy }));
        isApiError(ctx.api, e, { kind: "config", field: "proxy" }, proxy);
        const e2 = await rejects(ctx.api.exchangeAuthCode({ ...base, authCode: "x", proxy }));
        isApiError(ctx.api, e2, { kind: "config", field: "proxy" }, proxy);
      }
    },
  },
  {
    name: "signRequest reproduces every signing vector",
    async run(ctx) {
      for (const v of ctx.vectors.request_vectors) {
        const multipart = v.content_type.startsWith("multipart/");
        const r = ctx.api.signRequest({ appSecret: v.app_secret, path: v.path, query: v.query, body: multipart ? "" : v.body });
        equal(r.stringToSign, v.string_to_sign, v.id);
        equal(r.sign, v.expected_sign, v.id);
      }
    },
  },
  {
    name: "a reply that is not JSON is classified by its HTTP status (a gateway's 502 page is `server`), else a decode error carrying it",
    async run(ctx) {
      const { base } = helpers(ctx);
      // The `fetch` option (instrumentation hook) sits in front of the real fetch.
      const gateway = (status, text) => async (url, init) => {
        await fetch(url, init);
        return new Response(text, { status, headers: { "content-type": "text/html" } });
      };
      for (const [status, text, kind] of [[502, "<html>Bad Gateway</html>", "server"], [429, "<html>Too Many</html>", "rate_limit"], [404, "<html>Not Found</html>", "decode"], [200, '{"code":0,"data":{"shops":[', "decode"]]) {
        const shop = new ctx.api.TikTokShop({ ...base, accessToken: "t", fetch: gateway(status, text), retries: 0 });
        const e = await rejects(shop.authorization.getAuthorizedShops());
        isApiError(ctx.api, e, { kind, httpStatus: status, code: null });
      }
    },
  },
  {
    name: "unknown parameters and missing required ones are errors naming them",
    async run(ctx) {
      const { base, requests } = helpers(ctx);
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: "t", shopCipher: "c" });
      const before = (await requests()).length;
      isApiError(ctx.api, await rejects(shop.order.getOrderDetail({})), { kind: "invalid_request", field: "ids", operation: "order.getOrderDetail" });
      isApiError(ctx.api, await rejects(shop.order.getOrderList({ page_size: 5, orderStatus: "X" })), { kind: "invalid_request", field: "orderStatus" });
      isApiError(ctx.api, await rejects(shop.order.getOrderList({ page_size: "five" })), { kind: "invalid_request", field: "page_size" });
      isApiError(ctx.api, await rejects(shop.order.getOrderDetail({ ids: ["1"] }, { version: "202001" })), { kind: "invalid_request", field: "version" });
      isApiError(ctx.api, await rejects(shop.call("order", "noSuchThing", {})), { kind: "invalid_request", field: "operation" });
      equal((await requests()).length, before, "nothing was sent");
    },
  },
  {
    name: "the client never shows its secrets",
    async run(ctx) {
      const { base } = helpers(ctx);
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: "access-token-value", shopCipher: "c" });
      const text = JSON.stringify(shop) + String(shop);
      evidence.push(shop);
      ok(!text.includes(ctx.appSecret) && !text.includes("access-token-value"), text);
      equal(JSON.parse(JSON.stringify(shop)).appKey, ctx.appKey, "app key is shown");
    },
  },
  secretsScan,
];
