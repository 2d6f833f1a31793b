// A Cloudflare Worker for a TikTok Shop app:
//   GET  /oauth/callback?code=...  exchanges the seller's authorization code and stores the tokens
//   GET  /orders?status=...        the first page of the shop's orders, with the stored token
// Tokens live in a Durable Object (one per app), so every isolate sees the same, freshest
// refresh token. Bindings: TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET (secret), SHOP_STATE
// (Durable Object namespace); TIKTOK_SHOP_BASE_URL / TIKTOK_SHOP_AUTH_BASE_URL optional.

import { exchangeAuthCode, refreshAccessToken, TikTokShop, TikTokShopError } from "tiktok-shop-wasm";

function clientOptions(env) {
  return {
    appKey: env.TIKTOK_SHOP_APP_KEY,
    appSecret: env.TIKTOK_SHOP_APP_SECRET,
    baseUrl: env.TIKTOK_SHOP_BASE_URL || undefined,
    authBaseUrl: env.TIKTOK_SHOP_AUTH_BASE_URL || undefined,
  };
}

/** Durable Object holding the seller's tokens and shops. */
export class ShopState {
  constructor(state) {
    this.storage = state.storage;
  }

  async fetch(request) {
    const url = new URL(request.url);
    if (request.method === "PUT") {
      await this.storage.put(url.pathname.slice(1), await request.json());
      return new Response(null, { status: 204 });
    }
    const value = await this.storage.get(url.pathname.slice(1));
    return value === undefined ? new Response(null, { status: 404 }) : Response.json(value);
  }
}

function stateStub(env) {
  return env.SHOP_STATE.get(env.SHOP_STATE.idFromName("app"));
}

async function load(env, key) {
  const r = await stateStub(env).fetch(`https://state/${key}`);
  return r.status === 404 ? null : r.json();
}

async function save(env, key, value) {
  await stateStub(env).fetch(`https://state/${key}`, { method: "PUT", body: JSON.stringify(value) });
}

function tokenRecord(t) {
  return { access_token: t.access_token, access_token_expire_in: t.access_token_expire_in, refresh_token: t.refresh_token };
}

/** A client for the first authorized shop, refreshing the token when it expires within 5 minutes. */
async function shopClient(env) {
  let tokens = await load(env, "tokens");
  const shops = await load(env, "shops");
  if (!tokens || !shops?.length) return null;
  if (tokens.access_token_expire_in - Date.now() / 1000 < 300) {
    tokens = tokenRecord(await refreshAccessToken({ ...clientOptions(env), refreshToken: tokens.refresh_token }));
    await save(env, "tokens", tokens);
  }
  return new TikTokShop({ ...clientOptions(env), accessToken: tokens.access_token, shopCipher: shops[0].cipher });
}

async function oauthCallback(url, env) {
  const code = url.searchParams.get("code");
  if (!code) return Response.json({ error: "missing code" }, { status: 400 });
  const tokens = await exchangeAuthCode({ ...clientOptions(env), authCode: code });
  await save(env, "tokens", tokenRecord(tokens));
  const account = new TikTokShop({ ...clientOptions(env), accessToken: tokens.access_token });
  const { shops } = await account.authorization.getAuthorizedShops();
  await save(env, "shops", shops.map(({ id, name, region, cipher }) => ({ id, name, region, cipher })));
  return Response.json({ seller: tokens.seller_name, shops: shops.map((s) => s.name) });
}

async function orders(url, env) {
  const shop = await shopClient(env);
  if (!shop) return Response.json({ error: "no seller has authorized this app yet" }, { status: 409 });
  const status = url.searchParams.get("status") ?? undefined;
  const page = await shop.order.getOrderList({ page_size: 20, order_status: status });
  return Response.json({
    total: page.total_count,
    orders: page.orders.map((o) => ({ id: o.id, status: o.status, total: o.payment?.total_amount, currency: o.payment?.currency })),
  });
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/oauth/callback") return await oauthCallback(url, env);
      if (url.pathname === "/orders") return await orders(url, env);
      return new Response("not found", { status: 404 });
    } catch (error) {
      if (!(error instanceof TikTokShopError)) throw error;
      // The error carries no secrets: safe to log and to return.
      console.error(JSON.stringify(error));
      return Response.json({ error: error.kind, code: error.code, requestId: error.requestId }, { status: 502 });
    }
  },
};
