// A Cloudflare Worker for a TikTok Shop app:
//   GET  /oauth/start                 sends the seller to TikTok's authorization page
//   GET  /oauth/callback?code&state   exchanges the code, stores the tokens and shops
//   POST /webhooks                    verifies, de-duplicates and acts on push notifications
//   GET  /orders?status=...           the first page of the shop's orders
//   GET  /status                      what the app has stored (never the tokens)
//   scheduled (cron)                  syncs the orders updated since the last run
//
// State lives in one Durable Object (ShopState): the tokens (so every isolate uses the
// freshest rotated refresh token), the shops, processed webhook ids and synced orders.
// Bindings: TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET (a secret), TIKTOK_SHOP_SERVICE_ID,
// SHOP_STATE (Durable Object namespace); optional TIKTOK_SHOP_BASE_URL,
// TIKTOK_SHOP_AUTH_BASE_URL and TIKTOK_SHOP_AUTHORIZE_URL (another host, e.g. the sandbox).

import {
  authorizationUrl,
  createWebhookDeduper,
  exchangeAuthCode,
  parseWebhookRequest,
  TikTokShop,
  TikTokShopError,
} from "tiktok-shop-wasm";

/** Durable Object: a small key-value store with an atomic claim for webhook ids. */
export class ShopState {
  constructor(state) {
    this.storage = state.storage;
  }

  async fetch(request) {
    const url = new URL(request.url);
    const key = decodeURIComponent(url.pathname.slice(1));
    switch (request.method) {
      case "PUT":
        await this.storage.put(key, await request.json());
        return new Response(null, { status: 204 });
      case "DELETE":
        await this.storage.delete(key);
        return new Response(null, { status: 204 });
      case "POST": {
        // claim: true only for the first caller (a Durable Object runs one request at a time here).
        if (await this.storage.get(key)) return Response.json(false);
        await this.storage.put(key, Date.now());
        return Response.json(true);
      }
      default: {
        if (url.searchParams.has("prefix")) {
          const entries = await this.storage.list({ prefix: url.searchParams.get("prefix") });
          return Response.json(Object.fromEntries(entries));
        }
        const value = await this.storage.get(key);
        return value === undefined ? new Response(null, { status: 404 }) : Response.json(value);
      }
    }
  }
}

/** Typed access to the Durable Object. */
function state(env) {
  const stub = env.SHOP_STATE.get(env.SHOP_STATE.idFromName("app"));
  const at = (key) => `https://state/${encodeURIComponent(key)}`;
  return {
    async get(key) {
      const r = await stub.fetch(at(key));
      return r.status === 404 ? null : r.json();
    },
    put: (key, value) => stub.fetch(at(key), { method: "PUT", body: JSON.stringify(value) }),
    delete: (key) => stub.fetch(at(key), { method: "DELETE" }),
    claim: async (key) => (await stub.fetch(at(key), { method: "POST" })).json(),
    list: async (prefix) => (await stub.fetch(`https://state/?prefix=${encodeURIComponent(prefix)}`)).json(),
  };
}

function options(env) {
  return {
    appKey: env.TIKTOK_SHOP_APP_KEY,
    appSecret: env.TIKTOK_SHOP_APP_SECRET,
    baseUrl: env.TIKTOK_SHOP_BASE_URL || undefined,
    authBaseUrl: env.TIKTOK_SHOP_AUTH_BASE_URL || undefined,
  };
}

/**
 * A client for the first authorized shop. Its tokens come from the Durable Object and go
 * back there when the client refreshes them (before expiry, or after a 105002 reply).
 */
async function shopClient(env) {
  const db = state(env);
  const shops = await db.get("shops");
  if (!shops?.length) return null;
  return new TikTokShop({
    ...options(env),
    shopCipher: shops[0].cipher,
    tokenStore: { get: () => db.get("tokens"), set: (tokens) => db.put("tokens", tokenRecord(tokens)) },
  });
}

function tokenRecord(t) {
  return { access_token: t.access_token, access_token_expire_in: t.access_token_expire_in, refresh_token: t.refresh_token };
}

async function oauthStart(url, env) {
  const stateValue = crypto.randomUUID();
  await state(env).put(`oauth-state:${stateValue}`, Date.now());
  const target = new URL(
    authorizationUrl({ serviceId: env.TIKTOK_SHOP_SERVICE_ID, state: stateValue, authorizeUrl: env.TIKTOK_SHOP_AUTHORIZE_URL || undefined }),
  );
  target.searchParams.set("redirect_uri", new URL("/oauth/callback", url).href);
  return Response.redirect(target.href, 302);
}

async function oauthCallback(url, env) {
  const db = state(env);
  const code = url.searchParams.get("code");
  const stateValue = url.searchParams.get("state");
  if (!code) return Response.json({ error: "missing code" }, { status: 400 });
  if (!stateValue || !(await db.get(`oauth-state:${stateValue}`))) {
    return Response.json({ error: "unknown state: start at /oauth/start" }, { status: 400 });
  }
  await db.delete(`oauth-state:${stateValue}`);
  const tokens = await exchangeAuthCode({ ...options(env), authCode: code });
  await db.put("tokens", tokenRecord(tokens));
  const account = new TikTokShop({ ...options(env), accessToken: tokens.access_token });
  const { shops } = await account.authorization.getAuthorizedShops();
  await db.put("shops", shops.map(({ id, name, region, cipher }) => ({ id, name, region, cipher })));
  return Response.json({ seller: tokens.seller_name, shops: shops.map((s) => s.name) });
}

async function webhook(request, env) {
  const event = await parseWebhookRequest(request, { appKey: env.TIKTOK_SHOP_APP_KEY, appSecret: env.TIKTOK_SHOP_APP_SECRET });
  const db = state(env);
  // This app is one seller's: a creator's event is not for it.
  if (event.account === "creator") return Response.json({ ignored: "a creator's event" });
  // Deliveries repeat: act once per delivery (its key: the notification id, or a digest of
  // the delivery where TikTok sends none, as for RECIPIENT_ADDRESS_UPDATE).
  const dedupe = createWebhookDeduper({ store: { claim: (key) => db.claim(`webhook:${key}`) } });
  if (!(await dedupe.isNew(event))) return Response.json({ duplicate: true });
  switch (event.type_name) {
    case "ORDER_STATUS_CHANGE":
      await db.put(`order:${event.data.order_id}`, { status: event.data.order_status, update_time: event.data.update_time });
      break;
    case "SELLER_DEAUTHORIZATION":
      await db.delete("tokens");
      await db.delete("shops");
      break;
    default:
      break; // other types (and unknown ones) are acknowledged and ignored here
  }
  return Response.json({ processed: event.type_name ?? event.type });
}

async function orders(url, env) {
  const shop = await shopClient(env);
  if (!shop) return Response.json({ error: "no seller has authorized this app yet" }, { status: 409 });
  const page = await shop.order.getOrderList({ page_size: 20, order_status: url.searchParams.get("status") ?? undefined });
  return Response.json({
    total: page.total_count,
    orders: page.orders.map((o) => ({ id: o.id, status: o.status, total: o.payment?.total_amount, currency: o.payment?.currency })),
  });
}

/** Cron: every order updated since the last run, into the Durable Object. */
async function syncOrders(env) {
  const shop = await shopClient(env);
  if (!shop) return { synced: 0 };
  const db = state(env);
  const since = (await db.get("last-sync")) ?? 0;
  const started = Math.floor(Date.now() / 1000);
  let synced = 0;
  for await (const order of shop.order.getOrderList.all({ update_time_ge: since })) {
    await db.put(`order:${order.id}`, { status: order.status, update_time: order.update_time });
    synced += 1;
  }
  await db.put("last-sync", started);
  return { synced };
}

async function status(env) {
  const db = state(env);
  const [shops, lastSync, orders, webhooks] = await Promise.all([db.get("shops"), db.get("last-sync"), db.list("order:"), db.list("webhook:")]);
  return Response.json({
    authorized: Boolean(await db.get("tokens")),
    shops: shops?.map((s) => s.name) ?? [],
    lastSync,
    orders: Object.keys(orders).length,
    orderStatuses: Object.fromEntries(Object.entries(orders).map(([k, v]) => [k.slice(6), v.status])),
    webhooksProcessed: Object.keys(webhooks).length,
  });
}

/** Bindings the Worker cannot run without; a deploy that lacks one answers every request with a 500 naming it. */
const REQUIRED = {
  TIKTOK_SHOP_APP_KEY: "a [vars] entry in wrangler.toml",
  TIKTOK_SHOP_APP_SECRET: "a secret: npx wrangler secret put TIKTOK_SHOP_APP_SECRET (.dev.vars for wrangler dev)",
  TIKTOK_SHOP_SERVICE_ID: "a [vars] entry in wrangler.toml",
};

function missingSetting(env) {
  const name = Object.keys(REQUIRED).find((key) => typeof env[key] !== "string" || env[key] === "");
  return name && { error: "config", message: `${name} is not set: it is ${REQUIRED[name]}` };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const missing = missingSetting(env);
    if (missing) return Response.json(missing, { status: 500 });
    try {
      if (url.pathname === "/oauth/start") return await oauthStart(url, env);
      if (url.pathname === "/oauth/callback") return await oauthCallback(url, env);
      if (url.pathname === "/webhooks" && request.method === "POST") return await webhook(request, env);
      if (url.pathname === "/orders") return await orders(url, env);
      if (url.pathname === "/status") return await status(env);
      return new Response("not found", { status: 404 });
    } catch (error) {
      if (!(error instanceof TikTokShopError)) {
        // A bug of the Worker's own: logged for `wrangler tail`, never shown to the caller.
        console.error(error);
        return Response.json({ error: "internal", message: "the Worker failed; see its logs" }, { status: 500 });
      }
      // TikTokShopError carries no secrets: safe to log and to return.
      console.error(JSON.stringify(error));
      const code = error.kind === "signature" && url.pathname === "/webhooks" ? 401 : error.kind === "config" ? 500 : 502;
      return Response.json({ error: error.kind, code: error.code, requestId: error.requestId, message: error.message }, { status: code });
    }
  },

  async scheduled(controller, env) {
    const missing = missingSetting(env);
    if (missing) throw new Error(missing.message);
    const { synced } = await syncOrders(env);
    console.log(`synced ${synced} orders`);
  },
};
