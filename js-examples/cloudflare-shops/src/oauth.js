// Seller authorization for many shops. /oauth/start sends a seller to TikTok's page with a
// one-time state; /oauth/callback exchanges the code and hands the tokens to the shops'
// objects: one object keeps a seller's token set (the first shop's), the seller's other
// shops point to it, so the rotating refresh token has exactly one holder.

import { appClient, objectNamed } from "tiktok-shop-wasm/cloudflare";
import { authorizationUrl, parseAuthorizationRedirect } from "tiktok-shop-wasm";
import { clientOptions, nowSeconds } from "./settings.js";

const STATE_TTL_SECONDS = 600;

export async function oauthStart(url, env) {
  const state = crypto.randomUUID();
  await env.DB.prepare("INSERT INTO oauth_states (state, created_at) VALUES (?, ?)").bind(state, nowSeconds()).run();
  const page = new URL(
    authorizationUrl({ serviceId: env.TIKTOK_SHOP_SERVICE_ID, state, authorizeUrl: env.TIKTOK_SHOP_AUTHORIZE_URL || undefined }),
  );
  page.searchParams.set("redirect_uri", new URL("/oauth/callback", url).href);
  return Response.redirect(page.href, 302);
}

export async function oauthCallback(url, env) {
  // Each state works once, for a limited time: a replayed or forged callback stops here.
  const sent = new URL(url).searchParams.get("state") ?? "";
  const issued = sent && (await env.DB.prepare("DELETE FROM oauth_states WHERE state = ? RETURNING created_at").bind(sent).first());
  if (!issued || nowSeconds() - issued.created_at > STATE_TTL_SECONDS) {
    return Response.json({ error: "unknown or expired state: start again at /oauth/start" }, { status: 400 });
  }
  // The state is one this app issued: the redirect is read against it (a refusal is an auth error).
  const { code } = parseAuthorizationRedirect(url, { state: sent });
  // Calls made for no shop count against the app's own budget (the app object's).
  const options = clientOptions(env);
  // An exchange is not a read, but repeating it is harmless: a code works once, so a
  // repeat after a lost reply is refused (36004004) and nothing else happens.
  const tokens = await appClient(env.SHOPS, options).token.getAccessToken({ auth_code: code }, { retryWrites: true });
  const account = appClient(env.SHOPS, { ...options, accessToken: tokens.access_token });
  const { shops = [] } = await account.authorization.getAuthorizedShops();
  if (!shops.length) return Response.json({ error: "the seller authorized no shop" }, { status: 400 });

  const holder = shops[0].id;
  await objectNamed(env.SHOPS, holder).authorize({ shop: shops[0], tokens });
  await Promise.all(shops.slice(1).map((shop) => objectNamed(env.SHOPS, shop.id).authorize({ shop, tokenHolder: holder })));

  const now = nowSeconds();
  const upsert = env.DB.prepare(
    `INSERT INTO shops (id, name, region, seller_name, status, authorized_at) VALUES (?, ?, ?, ?, 'active', ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, region = excluded.region,
       seller_name = excluded.seller_name, status = 'active', authorized_at = excluded.authorized_at`,
  );
  const seller = env.DB.prepare("INSERT INTO sellers (open_id, holder) VALUES (?, ?) ON CONFLICT (open_id) DO UPDATE SET holder = excluded.holder");
  await env.DB.batch([
    ...shops.map((s) => upsert.bind(s.id, s.name ?? null, s.region ?? null, tokens.seller_name ?? null, now)),
    ...(tokens.open_id ? [seller.bind(tokens.open_id, holder)] : []),
  ]);
  // The first sync starts now rather than at the next scheduled run (unless the app is
  // onboarding many shops at once and lets the scheduler spread them).
  if (env.SYNC_ON_AUTHORIZE !== "false") await env.SYNC_QUEUE.sendBatch(shops.map((s) => ({ body: { shop: s.id } })));
  return Response.json({ seller: tokens.seller_name ?? null, shops: shops.map((s) => ({ id: s.id, name: s.name })) });
}
