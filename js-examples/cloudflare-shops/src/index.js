// Many TikTok shops on Cloudflare. The Worker only routes; each shop's Durable Object
// (Shop, src/shop.js) owns its tokens, rate budget, webhook claims and sync cursor.
//
//   GET  /oauth/start                  a seller authorizes the app (TikTok's page)
//   GET  /oauth/callback?code&state    tokens to the shops' objects, their first sync queued
//   POST /webhooks                     verified, then to the shop's object (de-duplicated there)
//   GET  /shops/:id/orders             a shop's synced orders from D1 (?status, ?after, ?limit)
//   GET  /shops/:id/live-orders        the first page straight from TikTok (?status)
//   GET  /status                       shops and orders stored (?since=unix: shops synced since)
//   scheduled (cron)                   one queue message per authorized shop
//   queue consumer                     each message -> the shop's object syncs it
//
// Bindings: SHOPS (Durable Object namespace of Shop), SYNC_QUEUE (queue producer), DB (D1),
// TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET (a secret), TIKTOK_SHOP_SERVICE_ID,
// SYNC_ON_AUTHORIZE; optional TIKTOK_SHOP_BASE_URL, TIKTOK_SHOP_AUTH_BASE_URL and
// TIKTOK_SHOP_AUTHORIZE_URL (another host, e.g. the sandbox).

import { objectNamed, shopClient } from "tiktok-shop-wasm/cloudflare";
import { parseWebhookRequest, TikTokShopError } from "tiktok-shop-wasm";
import { oauthCallback, oauthStart } from "./oauth.js";
import { listOrders } from "./orders.js";
import { clientOptions } from "./settings.js";

export { Shop } from "./shop.js";

const SEND_BATCH_MAX = 100; // messages per Queue sendBatch

async function webhook(request, env) {
  const event = await parseWebhookRequest(request, { appKey: env.TIKTOK_SHOP_APP_KEY, appSecret: env.TIKTOK_SHOP_APP_SECRET });
  // Each delivery names the account it is about: a shop (its object), a seller (the object
  // that holds the seller's tokens) or a creator (not an account this app authorizes).
  let shopId = event.shop_id;
  if (!shopId && event.seller_open_id) {
    shopId = (await env.DB.prepare("SELECT holder FROM sellers WHERE open_id = ?").bind(event.seller_open_id).first())?.holder;
  }
  if (!shopId) return Response.json({ ignored: event.creator_open_id ? "a creator's event: this app authorizes sellers" : "no shop or seller this app knows" });
  return Response.json(await objectNamed(env.SHOPS, shopId).notify(event));
}

async function storedOrders(shopId, url, env) {
  const shop = await env.DB.prepare("SELECT id, name, status, synced_at FROM shops WHERE id = ?").bind(shopId).first();
  if (!shop) return Response.json({ error: "unknown shop" }, { status: 404 });
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit")) || 100, 1), 1000);
  const page = await listOrders(env.DB, shopId, {
    status: url.searchParams.get("status") ?? undefined,
    after: url.searchParams.get("after") ?? "",
    limit,
  });
  return Response.json({ shop, ...page });
}

/** A client in this isolate: tokens and budget still come from the shop's object. */
async function liveOrders(shopId, url, env) {
  const client = await shopClient(env.SHOPS, shopId, clientOptions(env));
  const page = await client.order.getOrderList({ page_size: 20, order_status: url.searchParams.get("status") ?? undefined });
  return Response.json({
    total: page.total_count,
    orders: (page.orders ?? []).map((o) => ({ id: o.id, status: o.status, update_time: o.update_time })),
  });
}

async function status(url, env) {
  const since = Number(url.searchParams.get("since")) || 0;
  const [shops, orders, synced] = await env.DB.batch([
    env.DB.prepare("SELECT status, count(*) AS n FROM shops GROUP BY status"),
    env.DB.prepare("SELECT count(*) AS n FROM orders"),
    env.DB.prepare("SELECT count(*) AS n FROM shops WHERE synced_at >= ?").bind(since),
  ]);
  return Response.json({
    shops: Object.fromEntries(shops.results.map((r) => [r.status, r.n])),
    orders: orders.results[0].n,
    syncedSince: synced.results[0].n,
  });
}

async function enqueueShops(env) {
  const { results } = await env.DB.prepare("SELECT id FROM shops WHERE status = 'active'").all();
  for (let i = 0; i < results.length; i += SEND_BATCH_MAX) {
    await env.SYNC_QUEUE.sendBatch(results.slice(i, i + SEND_BATCH_MAX).map((r) => ({ body: { shop: r.id } })));
  }
  return results.length;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const shopRoute = /^\/shops\/([^/]+)\/(orders|live-orders)$/.exec(url.pathname);
    try {
      if (url.pathname === "/oauth/start") return await oauthStart(url, env);
      if (url.pathname === "/oauth/callback") return await oauthCallback(url, env);
      if (url.pathname === "/webhooks" && request.method === "POST") return await webhook(request, env);
      if (shopRoute?.[2] === "orders") return await storedOrders(decodeURIComponent(shopRoute[1]), url, env);
      if (shopRoute?.[2] === "live-orders") return await liveOrders(decodeURIComponent(shopRoute[1]), url, env);
      if (url.pathname === "/status") return await status(url, env);
      return new Response("not found", { status: 404 });
    } catch (error) {
      // A TikTokShopError holds no secret: safe to log and to return. Errors from a shop's
      // object arrive as plain Errors (RPC keeps the message).
      const kind = error instanceof TikTokShopError ? error.kind : "internal";
      console.error(`${url.pathname}: ${kind}: ${error?.message}`);
      const code = kind === "signature" ? 401 : kind === "invalid_request" || kind === "auth" ? 400 : 502;
      return Response.json({ error: kind, code: error?.code ?? null, requestId: error?.requestId ?? null }, { status: code });
    }
  },

  async scheduled(controller, env, ctx) {
    const shops = await enqueueShops(env);
    console.log(`scheduled sync: ${shops} shops queued`);
  },

  /** Each message is one shop: its object syncs it; a failure is retried with a growing delay. */
  async queue(batch, env) {
    await Promise.all(
      batch.messages.map(async (message) => {
        try {
          await objectNamed(env.SHOPS, message.body.shop).sync();
          message.ack();
        } catch (error) {
          console.error(`sync of shop ${message.body.shop} failed (attempt ${message.attempts}): ${error?.message}`);
          message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
        }
      }),
    );
  },
};
