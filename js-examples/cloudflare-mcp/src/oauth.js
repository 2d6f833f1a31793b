// Seller authorization: /oauth/start sends the seller to TikTok's page with a one-time
// state; /oauth/callback exchanges the code, gives the token set to the first shop's
// object (the seller's other shops point to it: the rotating refresh token has exactly
// one holder) and records the shops in the app object, where list_shops finds them.

import { APP_OBJECT, appClient, objectNamed } from "tiktok-shop-wasm/cloudflare";
import { authorizationUrl, parseAuthorizationRedirect } from "tiktok-shop-wasm";
import { clientOptions } from "./settings.js";

export async function oauthStart(url, env) {
  const state = await objectNamed(env.SHOPS, APP_OBJECT).issueState();
  const page = new URL(authorizationUrl({ serviceId: env.TIKTOK_SHOP_SERVICE_ID, state, authorizeUrl: env.TIKTOK_SHOP_AUTHORIZE_URL || undefined }));
  page.searchParams.set("redirect_uri", new URL("/oauth/callback", url).href);
  return Response.redirect(page.href, 302);
}

export async function oauthCallback(url, env) {
  // Each state works once: a replayed or forged callback stops here, before the redirect
  // is read against it (a refusal is an auth error).
  const sent = new URL(url).searchParams.get("state") ?? "";
  const app = objectNamed(env.SHOPS, APP_OBJECT);
  if (!sent || !(await app.takeState(sent))) return Response.json({ error: "unknown or expired state: start again at /oauth/start" }, { status: 400 });
  const { code } = parseAuthorizationRedirect(url, { state: sent });
  // Calls made for no shop count against the app's own budget (the app object's). A code
  // works once, so repeating the exchange after a lost reply is harmless.
  const options = clientOptions(env);
  const tokens = await appClient(env.SHOPS, options).token.getAccessToken({ auth_code: code }, { retryWrites: true });
  const { shops = [] } = await appClient(env.SHOPS, { ...options, accessToken: tokens.access_token }).authorization.getAuthorizedShops();
  if (!shops.length) return Response.json({ error: "the seller authorized no shop" }, { status: 400 });
  const [holder, ...others] = shops;
  await objectNamed(env.SHOPS, holder.id).authorize({ shop: holder, tokens });
  await Promise.all(others.map((shop) => objectNamed(env.SHOPS, shop.id).authorize({ shop, tokenHolder: holder.id })));
  await app.addShops(shops);
  return Response.json({ seller: tokens.seller_name ?? null, shops: shops.map((s) => ({ id: s.id, name: s.name })) });
}
