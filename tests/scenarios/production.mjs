// Production behaviour: pagination, token refresh (single flight), the rate limiter's
// bounded queue, webhooks, per-attempt logs, and the secrets scan. Runs in Node, Deno
// and workerd against the sandbox; retries under faults are in resilience.mjs.

import { deepEqual, equal, evidence, isApiError, ok, rejects, throws } from "./assert.mjs";
import { helpers } from "./foundation.mjs";
import { secretsScan } from "./secrets.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function counts(ctx) {
  return (await fetch(`${ctx.sandboxUrl}/__sandbox/counts`)).json();
}

async function shopClient(ctx, extra = {}) {
  const { base, issueTokens } = helpers(ctx);
  const t = await issueTokens();
  const summary = await (await fetch(`${ctx.sandboxUrl}/__sandbox/shop`)).json();
  const shop = summary.shops[0];
  return { t, shop, summary, client: new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, shopCipher: shop.cipher, ...extra }) };
}

const REFRESH = "GET /api/v2/token/refresh";

export const scenarios = [
  {
    name: "all() yields every order across pages at the operation's largest page size",
    async run(ctx) {
      const { client, shop } = await shopClient(ctx);
      const { requests } = helpers(ctx);
      const ids = new Set();
      for await (const order of client.order.getOrderList.all({ order_status: "COMPLETED" })) {
        equal(order.status, "COMPLETED", "filter kept on every page");
        ids.add(order.id);
      }
      equal(ids.size, shop.order_statuses.COMPLETED, "every completed order once");
      const searches = (await requests()).filter((r) => r.path === "/order/202309/orders/search").slice(-2);
      equal(searches[0].query.page_size, "100", "the largest page size (100)");
    },
  },
  {
    name: "pages() yields whole pages with total_count; breaking out stops the requests",
    async run(ctx) {
      const { client, shop } = await shopClient(ctx);
      const before = (await counts(ctx))["POST /order/202309/orders/search"] ?? 0;
      let pages = 0;
      for await (const page of client.order.getOrderList.pages({ page_size: 10 })) {
        equal(page.total_count, shop.counts.orders, "total_count");
        equal(page.orders.length, 10, "page size");
        ok(page.next_page_token, "more pages");
        if (++pages === 3) break;
      }
      const after = (await counts(ctx))["POST /order/202309/orders/search"];
      equal(after - before, 3, "no request after the consumer stopped");
    },
  },
  {
    name: "an AbortSignal stops a pagination and rejects with the abort reason",
    async run(ctx) {
      const { client } = await shopClient(ctx);
      const controller = new AbortController();
      let seen = 0;
      const e = await rejects(async () => {
        for await (const _ of client.order.getOrderList.all({ page_size: 5 }, { signal: controller.signal })) {
          if (++seen === 7) controller.abort();
        }
      });
      equal(e.name, "AbortError", "the signal's reason");
      ok(seen >= 7 && seen <= 10, `stopped after the current page (${seen})`);
    },
  },
  {
    name: "200 concurrent calls with an expired token cause one refresh and all succeed",
    async run(ctx) {
      const { base, issueTokens, remember } = helpers(ctx);
      const t = await issueTokens();
      const stored = [];
      const client = new ctx.api.TikTokShop({
        ...base,
        rateLimit: false,
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        accessTokenExpiresAt: Math.floor(Date.now() / 1000) - 10,
        onTokens: async (tokens) => {
          await sleep(20);
          stored.push(remember(tokens));
        },
      });
      const before = (await counts(ctx))[REFRESH] ?? 0;
      const results = await Promise.all(Array.from({ length: 200 }, () => client.seller.getActiveShops()));
      equal(results.filter((r) => r.shops?.length > 0).length, 200, "all 200 succeeded");
      equal((await counts(ctx))[REFRESH] - before, 1, "exactly one refresh request");
      equal(stored.length, 1, "onTokens called once");
      ok(stored[0].refresh_token !== t.refresh_token, "the rotated refresh token was handed over");
    },
  },
  {
    name: "200 concurrent calls that meet 105002 refresh once, then all succeed",
    async run(ctx) {
      const { base, issueTokens, admin, remember } = helpers(ctx);
      const t = await issueTokens();
      await admin("expire_tokens");
      const client = new ctx.api.TikTokShop({
        ...base,
        rateLimit: false,
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        onTokens: (tokens) => void remember(tokens),
      });
      const before = (await counts(ctx))[REFRESH] ?? 0;
      const results = await Promise.all(Array.from({ length: 200 }, () => client.seller.getActiveShops()));
      equal(results.length, 200);
      equal((await counts(ctx))[REFRESH] - before, 1, "exactly one refresh request");
    },
  },
  {
    name: "onTokens is awaited before any call uses the new access token",
    async run(ctx) {
      const { base, issueTokens, remember } = helpers(ctx);
      const t = await issueTokens();
      let persisted = null;
      let violations = 0;
      let sentWithNew = 0;
      const client = new ctx.api.TikTokShop({
        ...base,
        rateLimit: false,
        accessToken: t.access_token,
        refreshToken: t.refresh_token,
        accessTokenExpiresAt: Math.floor(Date.now() / 1000) + 60, // within the 5-minute skew
        onTokens: async (tokens) => {
          remember(tokens);
          await sleep(50);
          persisted = tokens.access_token;
        },
        fetch: (url, init) => {
          const token = init.headers["x-tts-access-token"];
          if (token && token !== t.access_token) {
            sentWithNew += 1;
            if (token !== persisted) violations += 1;
          }
          return fetch(url, init);
        },
      });
      await Promise.all(Array.from({ length: 20 }, () => client.seller.getActiveShops()));
      equal(sentWithNew, 20, "every call used the refreshed token");
      equal(violations, 0, "none before onTokens resolved");
    },
  },
  {
    name: "a failed refresh is an auth error on every waiting call and is not retried in a loop",
    async run(ctx) {
      const { base, issueTokens } = helpers(ctx);
      const t = await issueTokens();
      const client = new ctx.api.TikTokShop({
        ...base,
        rateLimit: false,
        accessToken: t.access_token,
        refreshToken: "not-a-refresh-token",
        accessTokenExpiresAt: Math.floor(Date.now() / 1000) - 1,
      });
      const before = (await counts(ctx))[REFRESH] ?? 0;
      const errors = await Promise.all(Array.from({ length: 20 }, () => rejects(client.seller.getActiveShops())));
      for (const e of errors) isApiError(ctx.api, e, { kind: "auth", code: 36004004 });
      equal((await counts(ctx))[REFRESH] - before, 1, "one refresh attempt for all 20");
      isApiError(ctx.api, await rejects(client.seller.getActiveShops()), { kind: "auth" });
      equal((await counts(ctx))[REFRESH] - before, 1, "no new attempt: fails fast until new tokens are set");
    },
  },
  {
    name: "a tokenStore is read on the first call and receives the rotated tokens",
    async run(ctx) {
      const { base, issueTokens, remember } = helpers(ctx);
      const t = await issueTokens();
      let value = { ...t, access_token_expire_in: Math.floor(Date.now() / 1000) - 5 };
      let gets = 0;
      const sets = [];
      const tokenStore = {
        async get() {
          gets += 1;
          return value;
        },
        async set(tokens) {
          sets.push(remember(tokens));
          value = tokens;
        },
      };
      const client = new ctx.api.TikTokShop({ ...base, rateLimit: false, tokenStore });
      const { shops } = await client.seller.getActiveShops();
      ok(shops.length > 0, "call succeeded");
      ok(gets >= 1, "store read");
      equal(sets.length, 1, "rotated tokens stored once");
      ok(sets[0].refresh_token !== t.refresh_token, "rotated");
      await client.seller.getActiveShops();
      equal(sets.length, 1, "no further refresh with a fresh token");
    },
  },
  {
    name: "the rate limiter's queue is bounded and its waiters can be aborted",
    async run(ctx) {
      const { base, issueTokens } = helpers(ctx);
      const t = await issueTokens();
      const rateLimit = { requestsPerSecond: 1, burst: 1, maxQueue: 10_000 };
      const client = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, rateLimit, shopCipher: `bounded-${ctx.runtime}` });
      const controller = new AbortController();
      const heapBefore = ctx.runtime === "node" ? process.memoryUsage().heapUsed : 0;
      // The first call takes the only token; 10,000 more wait in the queue.
      const calls = Array.from({ length: 10_001 }, () =>
        client.seller.getActiveShops({}, { signal: controller.signal }).then(() => "ok", (e) => e),
      );
      await sleep(50);
      const over = await rejects(client.seller.getActiveShops({}, { signal: controller.signal }));
      isApiError(ctx.api, over, { kind: "rate_limit", field: "rateLimit.maxQueue" });
      if (ctx.runtime === "node") {
        const perCall = (process.memoryUsage().heapUsed - heapBefore) / 10_000;
        ok(perCall < 4096, `memory per queued call ${Math.round(perCall)} bytes`);
      }
      controller.abort();
      const outcomes = await Promise.all(calls);
      ok(outcomes.filter((o) => o?.name === "AbortError").length >= 10_000, "every waiter aborted");
    },
  },
  {
    name: "webhooks: signature vectors, typed events, a Request, and dedupe",
    async run(ctx) {
      for (const v of ctx.vectors.webhook_vectors) {
        const args = { appKey: v.app_key, appSecret: v.app_secret, body: v.raw_body, signature: v.authorization_header };
        equal(ctx.api.verifyWebhook(args), true, v.id);
        equal(ctx.api.verifyWebhook({ ...args, body: new TextEncoder().encode(v.raw_body) }), true, `${v.id} bytes`);
        equal(ctx.api.verifyWebhook({ ...args, body: v.raw_body.replace("1", "2") }), false, `${v.id} tampered`);
        equal(ctx.api.verifyWebhook({ ...args, signature: v.authorization_header.toUpperCase() }), false, "uppercase");
        const event = ctx.api.parseWebhook(args);
        equal(event.type, 1);
        equal(event.type_name, "ORDER_STATUS_CHANGE");
        deepEqual(event.data, JSON.parse(v.raw_body).data, "data");
      }
      // A delivery signed by the sandbox, through a Request as a Worker receives it.
      const sent = await (await fetch(`${ctx.sandboxUrl}/__sandbox/webhooks/sign`, { method: "POST", body: JSON.stringify({ body: '{"type":99,"tts_notification_id":"n1","shop_id":"s","timestamp":1,"data":{"x":1}}' }) })).json();
      const request = new Request("https://app.example/webhooks", {
        method: "POST",
        headers: { authorization: sent.authorization, "content-type": "application/json" },
        body: '{"type":99,"tts_notification_id":"n1","shop_id":"s","timestamp":1,"data":{"x":1}}',
      });
      const event = await ctx.api.parseWebhookRequest(request, { appKey: ctx.appKey, appSecret: ctx.appSecret });
      equal(event.type, 99, "unknown types pass through");
      equal(event.type_name, null);
      equal(event.tts_notification_id, "n1");
      const bad = await rejects(ctx.api.parseWebhookRequest(
        new Request("https://app.example/webhooks", { method: "POST", headers: { authorization: sent.authorization }, body: '{"type":98}' }),
        { appKey: ctx.appKey, appSecret: ctx.appSecret },
      ));
      isApiError(ctx.api, bad, { kind: "signature" });
      const dedupe = ctx.api.createWebhookDeduper({ store: ctx.api.memoryDedupeStore({ maxEntries: 2 }) });
      equal(await dedupe.isNew(event), true, "first delivery");
      equal(await dedupe.isNew(event), false, "repeat");
      await dedupe.isNew({ tts_notification_id: "n2" });
      await dedupe.isNew({ tts_notification_id: "n3" });
      equal(await dedupe.isNew(event), true, "bounded: the oldest id was dropped");
    },
  },
  {
    name: "every documented webhook type: a signed delivery parses with its name and its account's id; repeats are recognised with and without a notification id",
    async run(ctx) {
      const build = async (options) =>
        (await fetch(`${ctx.sandboxUrl}/__sandbox/webhooks/build`, { method: "POST", body: JSON.stringify(options) })).json();
      const parse = (d) => ctx.api.parseWebhook({ appKey: ctx.appKey, appSecret: ctx.appSecret, body: d.body, signature: d.headers.authorization });
      const types = ctx.api.listWebhookTypes();
      ok(types.length >= 45, `${types.length} documented types`);
      const idOf = { shop: "shop_id", seller: "seller_open_id", creator: "creator_open_id" };
      const dedupe = ctx.api.createWebhookDeduper();
      const byAccount = { shop: 0, seller: 0, creator: 0 };
      for (const t of types) {
        const d = await build({ type: t.code });
        // As a Worker or Deno handler receives it.
        const request = new Request("https://app.example/webhooks", { method: "POST", headers: d.headers, body: d.body });
        const event = await ctx.api.parseWebhookRequest(request, { appKey: ctx.appKey, appSecret: ctx.appSecret });
        equal(event.type_name, t.name, `type ${t.code}`);
        equal(event.account, t.account, `type ${t.code}: account`);
        for (const [account, field] of Object.entries(idOf)) {
          equal(event[field], account === t.account ? d.event[field] : null, `type ${t.code}: ${field}`);
        }
        ok(typeof event[idOf[t.account]] === "string" && event[idOf[t.account]] !== "", `type ${t.code} names its account`);
        deepEqual(event.data, d.event.data, `type ${t.code}: data`);
        equal(event.tts_notification_id, d.event.tts_notification_id ?? null, `type ${t.code}: notification id`);
        equal(await dedupe.isNew(event), true, `type ${t.code}: first delivery`);
        equal(await dedupe.isNew(parse(d)), false, `type ${t.code}: the same delivery again`);
        byAccount[t.account] += 1;
      }
      ctx.note(`webhook types: ${types.length} (shop ${byAccount.shop}, seller ${byAccount.seller}, creator ${byAccount.creator})`);
      ok(byAccount.seller >= 8 && byAccount.creator >= 4, "seller and creator types are delivered with their ids");

      // Without a notification id (RECIPIENT_ADDRESS_UPDATE is documented without one): a
      // repeat is the same digest, whatever the key order of its payload; another change
      // of the same order is new.
      const address = await build({ type: 3, timestamp: 1_700_000_000 });
      const first = parse(address);
      equal(first.tts_notification_id, null, "type 3 carries no notification id");
      ok(/^sha256:[0-9a-f]{32}$/.test(first.dedupe_key), `digest key ${first.dedupe_key}`);
      const reordered = JSON.stringify({ data: Object.fromEntries(Object.entries(first.data).reverse()), timestamp: first.timestamp, shop_id: first.shop_id, type: 3 });
      const signed = await (await fetch(`${ctx.sandboxUrl}/__sandbox/webhooks/sign`, { method: "POST", body: JSON.stringify({ body: reordered }) })).json();
      const again = ctx.api.parseWebhook({ appKey: ctx.appKey, appSecret: ctx.appSecret, body: reordered, signature: signed.authorization });
      equal(again.dedupe_key, first.dedupe_key, "the same delivery, keys in another order");
      equal(await dedupe.isNew(first), true, "first delivery without an id");
      equal(await dedupe.isNew(again), false, "its repeat, recognised without an id");
      const later = parse(await build({ type: 3, timestamp: 1_700_000_060, data: { order_id: first.data.order_id } }));
      equal(await dedupe.isNew(later), true, "a later change of the same order is new");
      // The same key as the Cloudflare object's claims use: webhookDedupeKey of the event.
      equal(ctx.api.webhookDedupeKey(first), first.dedupe_key, "webhookDedupeKey is the parsed key");

      // A type this version does not know passes through, named null, with every field.
      const raw = '{"type":999,"tts_notification_id":"n-999","seller_open_id":"s-1","timestamp":5,"region":"US","data":{"x":[1]}}';
      const sig = await (await fetch(`${ctx.sandboxUrl}/__sandbox/webhooks/sign`, { method: "POST", body: JSON.stringify({ body: raw }) })).json();
      const unknown = ctx.api.parseWebhook({ appKey: ctx.appKey, appSecret: ctx.appSecret, body: raw, signature: sig.authorization });
      deepEqual(
        [unknown.type, unknown.type_name, unknown.account, unknown.seller_open_id, unknown.shop_id, unknown.region, unknown.data],
        [999, null, null, "s-1", null, "US", { x: [1] }],
        "an unknown type keeps its raw fields",
      );
    },
  },
  {
    name: "the logger gets one record per attempt, with outcome, status and request id",
    async run(ctx) {
      const { base, issueTokens } = helpers(ctx);
      const t = await issueTokens();
      const records = [];
      let failures = 2;
      const client = new ctx.api.TikTokShop({
        ...base,
        rateLimit: false,
        accessToken: t.access_token,
        logger: (r) => {
          records.push(r);
          evidence.push(r);
        },
        // Instrumentation in front of the real fetch: the first two attempts never leave.
        fetch: (url, init) => (failures-- > 0 ? Promise.reject(new TypeError("connection reset")) : fetch(url, init)),
      });
      await client.seller.getActiveShops();
      equal(records.length, 3, "three attempts");
      deepEqual(records.map((r) => [r.attempt, r.outcome, r.kind]), [[1, "error", "network"], [2, "error", "network"], [3, "ok", null]]);
      const last = records[2];
      equal(last.operation, "seller.getActiveShops");
      equal(last.method, "GET");
      equal(last.path, "/seller/202309/shops");
      equal(last.httpStatus, 200);
      ok(last.requestId, "request id");
      ok(typeof last.durationMs === "number", "duration");
    },
  },
  secretsScan,
];
