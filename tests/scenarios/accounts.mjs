// Three kinds of account, end to end: each authorizes the app on its own page (the
// sandbox's), the redirect is read, the code exchanged, and one call of its kind made;
// a token of the wrong kind is refused with an error saying which the operation needs.
// Then the errors users hit (reauthorize, a retired version, a missing scope), the signed
// escape hatch shop.request(), and rate limits counted per API.
//
// ctx (besides what support/ gives every scenario): `serviceId` (the sandbox's).

import { deepEqual, equal, evidence, isApiError, ok, rejects, secrets } from "./assert.mjs";
import { helpers } from "./foundation.mjs";
import { secretsScan } from "./secrets.mjs";

const STATE = "state-4f2a";
const REDIRECT = "https://app.example/oauth/callback";

/** Pages of the sandbox for each kind, as `authorizationUrl({ authorizeUrl })` takes them. */
const PAGES = { seller: "/open/authorize", partner: "/partner/open/authorize", creator: "/alliance/creator/auth" };

/** Authorizes `account` through its page and returns the exchanged tokens. */
async function authorize(ctx, account, { deny = false } = {}) {
  const { api } = ctx;
  const id = account === "creator" ? { appKey: ctx.appKey } : { serviceId: ctx.serviceId };
  const page = api.authorizationUrl({ account, state: STATE, authorizeUrl: `${ctx.sandboxUrl}${PAGES[account]}`, ...id });
  const url = new URL(page);
  equal(url.searchParams.get("state"), STATE, `${account}: state in the page URL`);
  equal(url.searchParams.get(account === "creator" ? "app_key" : "service_id"), account === "creator" ? ctx.appKey : ctx.serviceId, `${account}: identified`);
  // The app's redirect URL is registered with TikTok; the sandbox takes it in the query.
  url.searchParams.set("redirect_uri", REDIRECT);
  if (deny) url.searchParams.set("sandbox_deny", "1");
  const reply = await fetch(url, { redirect: "manual" });
  equal(reply.status, 302, `${account}: the page redirects`);
  const location = reply.headers.get("location");
  ok(location?.startsWith(REDIRECT), `${account}: back to the app (${location})`);
  const { code, state } = api.parseAuthorizationRedirect(location, { state: STATE });
  secrets.add(code);
  equal(state, STATE, `${account}: state comes back`);
  const tokens = await api.exchangeAuthCode({ ...helpers(ctx).base, authCode: code });
  secrets.add(tokens.access_token).add(tokens.refresh_token);
  return tokens;
}

export const scenarios = [
  {
    name: "a seller, a creator and a partner each authorize, exchange the code and call an operation of their kind",
    async run(ctx) {
      const { base } = helpers(ctx);
      const seller = await authorize(ctx, "seller");
      const creator = await authorize(ctx, "creator");
      const partner = await authorize(ctx, "partner");
      deepEqual([seller.user_type, creator.user_type, partner.user_type], [0, 1, 3], "user_type");
      ok(creator.expires_in > 0 && partner.expires_in > 0, "expires_in added");

      const sellerShop = new ctx.api.TikTokShop({ ...base, accessToken: seller.access_token });
      const { shops } = await sellerShop.authorization.getAuthorizedShops();
      ok(shops?.length > 0, "the seller's shops");

      const asCreator = new ctx.api.TikTokShop({ ...base, accessToken: creator.access_token });
      const profile = await asCreator.affiliateCreator.getCreatorProfile();
      ok(profile && typeof profile === "object", "a creator operation answers");

      const asPartner = new ctx.api.TikTokShop({ ...base, accessToken: partner.access_token });
      const campaigns = await asPartner.affiliatePartner.getAffiliatePartnerCampaignList({ category_asset_cipher: "CAC_1", page_size: 5 });
      ok(Array.isArray(campaigns?.campaigns), `a partner operation answers: ${JSON.stringify(campaigns).slice(0, 80)}`);

      // The wrong kind: TikTok refuses; the error names the kind the operation needs.
      isApiError(ctx.api, await rejects(sellerShop.affiliateCreator.getCreatorProfile()), { kind: "auth", code: 101000, operation: "affiliateCreator.getCreatorProfile" });
      const e = evidence.at(-1);
      ok(/needs a creator access token/.test(e.message), e.message);
      const onSeller = await rejects(asCreator.seller.getActiveShops());
      isApiError(ctx.api, onSeller, { kind: "auth", code: 101000 });
      ok(/seller access token/.test(onSeller.message), onSeller.message);
    },
  },
  {
    name: "a refused authorization comes back as an auth error; a forged state too",
    async run(ctx) {
      const error = await rejects(() => authorize(ctx, "seller", { deny: true }));
      isApiError(ctx.api, error, { kind: "auth", field: "error" });
      const forged = await rejects(async () => ctx.api.parseAuthorizationRedirect(`${REDIRECT}?code=abc&state=other`, { state: STATE }));
      isApiError(ctx.api, forged, { kind: "auth", field: "state" });
      const none = await rejects(async () => ctx.api.parseAuthorizationRedirect(`${REDIRECT}?state=${STATE}`, { state: STATE }));
      isApiError(ctx.api, none, { kind: "invalid_request", field: "code" });
      // The check cannot be skipped: without the expected state (an unset variable) nothing passes.
      for (const options of [undefined, {}, { state: undefined }, { state: null }]) {
        const unchecked = await rejects(async () => ctx.api.parseAuthorizationRedirect(`${REDIRECT}?code=abc&state=${STATE}`, options));
        isApiError(ctx.api, unchecked, { kind: "config", field: "state" });
      }
      const fromRequest = ctx.api.parseAuthorizationRedirect(new Request(`${REDIRECT}?code=xyz&state=${STATE}`), { state: STATE });
      deepEqual(fromRequest, { code: "xyz", state: STATE }, "a Request");
    },
  },
  {
    name: "a revoked authorization is a reauthorize error: never retried, never answered by another refresh",
    async run(ctx) {
      const { base, admin, requests } = helpers(ctx);
      const tokens = await authorize(ctx, "seller");
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: tokens.access_token, refreshToken: tokens.refresh_token });
      await fetch(`${ctx.sandboxUrl}/__sandbox/revoke`, { method: "POST", body: JSON.stringify({ token: tokens.refresh_token }) });
      await admin("reset");
      const error = await rejects(shop.seller.getActiveShops());
      isApiError(ctx.api, error, { kind: "reauthorize", code: 36004005, attempts: 1 });
      ok(/authorize the app again/.test(error.message), error.message);
      const log = await requests();
      equal(log.filter((r) => r.path === "/api/v2/token/refresh").length, 0, "no refresh was tried");
      equal(log.length, 1, "one request");
      // A refresh token of a revoked authorization: the client's refresh is refused once,
      // then calls fail at once (another refresh cannot help).
      const other = await authorize(ctx, "seller");
      await fetch(`${ctx.sandboxUrl}/__sandbox/revoke`, { method: "POST", body: JSON.stringify({ token: other.refresh_token }) });
      const fresh = await authorize(ctx, "seller");
      const client = new ctx.api.TikTokShop({ ...base, accessToken: fresh.access_token, refreshToken: other.refresh_token });
      await admin("expire_tokens");
      await admin("reset");
      const refused = await rejects(client.seller.getActiveShops());
      isApiError(ctx.api, refused, { kind: "reauthorize", code: 36004005 });
      const again = await rejects(client.seller.getActiveShops());
      isApiError(ctx.api, again, { kind: "reauthorize" });
      equal((await requests()).filter((r) => r.path === "/api/v2/token/refresh").length, 1, "one refresh in all");
    },
  },
  {
    name: "a retired version names the versions the client knows; a missing scope names the operation",
    async run(ctx) {
      const { base, admin } = helpers(ctx);
      const shop = await helpers(ctx).shop();
      const { statements } = await shop.finance.getStatements({ sort_field: "statement_time", page_size: 1 });
      const retired = await rejects(shop.finance.getTransactionsByStatement({ statement_id: statements[0].id, sort_field: "order_create_time" }, { version: "202309" }));
      isApiError(ctx.api, retired, { kind: "invalid_request", code: 36009014, operation: "finance.getTransactionsByStatement" });
      ok(retired.message.includes("202501, 202309"), retired.message);
      const limited = await admin("tokens?scopes=order");
      secrets.add(limited.access_token).add(limited.refresh_token);
      const { shopCipher } = shop.toJSON();
      const narrow = new ctx.api.TikTokShop({ ...base, accessToken: limited.access_token, shopCipher });
      await narrow.order.getOrderList({ page_size: 1 });
      const scope = await rejects(narrow.finance.getStatements({ sort_field: "statement_time" }));
      isApiError(ctx.api, scope, { kind: "scope", code: 105005, httpStatus: 403, operation: "finance.getStatements" });
      // The client did not know the token's scopes, so it sent; TikTok's refusal is
      // explained with the scope the table names for the version called.
      ok(/lacks the scope for finance.getStatements, which TikTok's reference names seller.finance.info/.test(scope.message), scope.message);
    },
  },
  {
    name: "a token known to lack an operation's scope is refused before anything is sent, however its scopes arrived; with the scope, or where no scope is known, the call goes",
    async run(ctx) {
      const { base, admin, requests, remember } = helpers(ctx);
      const { TikTokShop } = ctx.api;
      const { shopCipher } = (await helpers(ctx).shop()).toJSON();
      const GRANT = "seller.order.info";
      const limited = async () => remember(await admin(`tokens?scopes=${GRANT}`));
      const first = await limited();
      deepEqual(first.granted_scopes, [GRANT], "the sandbox grants scopes by TikTok's names");
      const statements = ctx.api.operationVersion("finance", "getStatements");
      deepEqual([statements.scopes, statements.scopesSource], [["seller.finance.info"], "docs"], "the table's scopes for the version");
      equal(ctx.api.operationVersion("authorization", "getWidgetToken").scopes, null, "a version no reference page names a scope for");

      // Refused with no request at the sandbox; a call the scope allows, and one whose
      // scope is unknown, go.
      const checks = async (client, how) => {
        await admin("reset");
        const e = await rejects(client.finance.getStatements({ sort_field: "statement_time" }));
        isApiError(ctx.api, e, { kind: "scope", code: null, field: "granted_scopes", operation: "finance.getStatements" }, how);
        ok(e.message.includes("needs the scope seller.finance.info") && e.message.includes(`granted: ${GRANT}`), `${how}: ${e.message}`);
        equal((await requests()).length, 0, `${how}: nothing was sent`);
        equal((await client.order.getOrderList({ page_size: 1 })).orders.length, 1, `${how}: the order list answers`);
        await client.authorization.getWidgetToken();
        deepEqual((await requests()).map((r) => r.path), ["/order/202309/orders/search", "/authorization/202401/widget_token"], `${how}: what was sent`);
      };
      await checks(new TikTokShop({ ...base, shopCipher, accessToken: first.access_token, grantedScopes: first.granted_scopes }), "grantedScopes");
      const bySet = new TikTokShop({ ...base, shopCipher });
      bySet.setTokens(first);
      deepEqual(bySet.toJSON().grantedScopes, [GRANT], "toJSON shows the scopes");
      await checks(bySet, "setTokens");
      const second = await limited();
      await checks(new TikTokShop({ ...base, shopCipher, tokenStore: { get: () => second, set() {} } }), "tokenStore");
      const byHand = new TikTokShop({ ...base, shopCipher });
      byHand.setAccessToken(second.access_token, [GRANT]);
      await checks(byHand, "setAccessToken");
      // An exchanged code's set, and the set a refresh brings (onTokens sees it).
      const code = (await admin(`auth_code?scopes=${GRANT}`)).auth_code;
      secrets.add(code);
      const exchanged = remember(await ctx.api.exchangeAuthCode({ ...base, authCode: code }));
      deepEqual(exchanged.granted_scopes, [GRANT], "the exchange's scopes");
      const rotated = [];
      const refreshing = new TikTokShop({ ...base, shopCipher, refreshToken: exchanged.refresh_token, onTokens: (t) => rotated.push(remember(t)) });
      await refreshing.order.getOrderList({ page_size: 1 });
      deepEqual(rotated.map((t) => t.granted_scopes), [[GRANT]], "one refresh, its scopes");
      await checks(refreshing, "a refresh");

      // Scopes not known: sent, and TikTok (the sandbox) refuses.
      byHand.setAccessToken(second.access_token);
      equal(byHand.toJSON().grantedScopes, null, "a token given without scopes: not known");
      await admin("reset");
      isApiError(ctx.api, await rejects(byHand.finance.getStatements({ sort_field: "statement_time" })), { kind: "scope", code: 105005 });
      equal((await requests()).length, 1, "sent when the scopes are not known");
    },
  },
  {
    name: "shop.request() signs and sends a path the table does not know, through the same pipeline",
    async run(ctx) {
      const { admin } = helpers(ctx);
      const shop = await helpers(ctx).shop();
      const { shopCipher } = shop.toJSON();
      await admin("reset");
      const data = await shop.request({ method: "POST", path: "/order/202309/orders/search", query: { page_size: 2 }, body: { order_status: "COMPLETED" }, shopCipher: true });
      ok(Array.isArray(data.orders) && data.orders.length <= 2, "the sandbox answered the signed request");
      const [r] = await admin("requests", "GET");
      equal(r.signatureValid, true, "signature");
      equal(r.shopCipher, shopCipher, "shop_cipher: the client's");
      equal(r.bodyText, '{"order_status":"COMPLETED"}', "the body as given");
      equal(r.query.page_size, "2", "query");
      // Errors are the usual ones; the path is checked; reserved parameters are refused.
      isApiError(ctx.api, await rejects(shop.request({ method: "GET", path: "/nope/202309/x" })), { kind: "not_found", code: 36009009 });
      isApiError(ctx.api, await rejects(shop.request({ method: "GET", path: "/a/../b" })), { kind: "invalid_request", field: "path" });
      isApiError(ctx.api, await rejects(shop.request({ method: "GET", path: "/a/b", query: { sign: "x" } })), { kind: "invalid_request", field: "sign" });
      isApiError(ctx.api, await rejects(shop.request({ method: "PATCH", path: "/a/b" })), { kind: "invalid_request", field: "method" });
    },
  },
  {
    name: "shop.request() retries a GET under faults, never a POST",
    async run(ctx) {
      const { admin } = helpers(ctx);
      const shop = await helpers(ctx).shop();
      const plan = (body) => fetch(`${ctx.sandboxUrl}/__sandbox/faults`, { method: "POST", body: JSON.stringify(body) });
      // Every request fails with a 5xx: a GET goes 1 + retries times, a POST once.
      await plan({ seed: 7, failureRate: 1, kinds: { server: 1 } });
      try {
        await admin("reset");
        const read = await rejects(shop.request({ method: "GET", path: "/authorization/202309/shops" }, { retries: 2 }));
        ok(["server", "decode"].includes(read.kind) && read.attempts === 3, `${read.kind} after ${read.attempts} attempts`);
        equal((await admin("requests", "GET")).length, 3, "the GET went three times");
        await admin("reset");
        const write = await rejects(shop.request({ method: "POST", path: "/order/202309/orders/search", query: { page_size: 1 }, body: {} }, { retries: 2 }));
        ok(["server", "decode"].includes(write.kind) && write.attempts === 1, `${write.kind} after ${write.attempts} attempts`);
        equal((await admin("requests", "GET")).length, 1, "the POST went once");
      } finally {
        await plan({});
      }
    },
  },
  {
    name: "each API has its own rate budget: two APIs of one shop go at 50 requests a second each",
    async run(ctx) {
      const { base, issueTokens } = helpers(ctx);
      const t = await issueTokens();
      const shop = await helpers(ctx).shop();
      const { shopCipher } = shop.toJSON();
      const plan = (body) => fetch(`${ctx.sandboxUrl}/__sandbox/faults`, { method: "POST", body: JSON.stringify(body) });
      // The sandbox enforces TikTok's limit, per app + shop + API.
      await plan({ rateLimit: { requestsPerSecond: 50 } });
      try {
        const client = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, shopCipher, rateLimit: ctx.api.createRateLimiter() });
        const n = 60;
        const started = Date.now();
        const calls = [];
        for (let i = 0; i < n; i++) {
          calls.push(client.order.getOrderList({ page_size: 1 }));
          calls.push(client.product.searchProducts({ page_size: 1 }));
        }
        const results = await Promise.allSettled(calls);
        const ms = Date.now() - started;
        const refused = results.filter((r) => r.status === "rejected");
        equal(refused.length, 0, `calls refused: ${refused.map((r) => r.reason?.message).slice(0, 3)}`);
        const stats = await (await fetch(`${ctx.sandboxUrl}/__sandbox/faults`)).json();
        equal(stats.stats.rateLimited ?? 0, 0, "requests the sandbox refused for rate");
        // 2 x 60 calls: 1 s if the APIs share nothing (50 after a burst of 10 each), 2.2 s if they shared one bucket.
        ok(ms < 1900, `${2 * n} calls over two APIs took ${ms} ms`);
        ctx.note?.(`${2 * n} calls over two APIs at 50/s each: ${ms} ms`);
      } finally {
        await plan({});
      }
    },
  },
  secretsScan,
];
