// The client's options backed by a shop's Durable Object, for a client in any isolate:
// its tokens (`tokenStore` with `refresh`: the object refreshes, once), its rate budget
// (`rateLimit`: the object books the slots, the caller waits on its side) and webhook
// de-duplication (`createWebhookDeduper({ store })`).

import { TikTokShop, TikTokShopError } from "../workerd.js";
import { sleep } from "../lib/retry.js";
import { budgetExhausted } from "./rate-budget.js";

/** The object that keeps the budget of calls made for no shop (token calls, authorized shops). */
export const APP_OBJECT = "app";

/** The stub of the object named `name` in `objects` (a Durable Object namespace binding). */
export function objectNamed(objects, name) {
  return objects.get(objects.idFromName(String(name)));
}

/**
 * A `tokenStore` for a client outside the object. `get` gives the access token only (the
 * refresh token stays in the object); `refresh` asks the object, which refreshes once for
 * every caller and returns the stored set.
 */
export function shopTokenStore(stub) {
  return {
    get: () => stub.tokens(),
    set: (tokens) => stub.storeTokens(tokens),
    refresh: async (current) => settle(await stub.refreshTokens(current)),
  };
}

/**
 * A `rateLimit` for clients of one shop: its requests use the shop object's budget, the
 * calls made for no shop (token calls, `authorization.getAuthorizedShops`) the app
 * object's. Without a shop, a limiter for those calls only (the OAuth callback's).
 */
export function shopRateLimiter(objects, { shopId, shopCipher } = {}) {
  let stub = null;
  const budget = shopId === undefined ? null : () => (stub ??= objectNamed(objects, shopId));
  return oneShopLimiter(objects, shopCipher, budget);
}

/**
 * The limiter of a client of the shop `cipher`: the calls the client's plan sends to that
 * shop on `budget()` (the shop object, or its stub), those for no shop on the app object's.
 */
function oneShopLimiter(objects, cipher, budget) {
  let app = null;
  return budgetLimiter((shop) => {
    if (!shop) return (app ??= objectNamed(objects, APP_OBJECT));
    if (budget && shop === cipher) return budget();
    throw new TikTokShopError({
      kind: "config",
      field: "rateLimit",
      message: "this rate limiter serves one shop: make one client per shop (shopClient)",
    });
  });
}

/**
 * A client of one shop, wherever it runs (another isolate, or the shop's own object):
 * the shop's cipher, its tokens from `tokenStore`, its calls on `budget()`, the calls
 * made for no shop on the app object's. `options` are the client's (`appKey`, ...).
 */
export function clientOfShop(objects, options, { cipher, tokenStore, budget }) {
  return new TikTokShop({ ...options, shopCipher: cipher, tokenStore, rateLimit: oneShopLimiter(objects, cipher, budget) });
}

/**
 * A limiter over budgets (`{ reserve(api) }`, an object's stub or a local RateBudget):
 * `budgetFor(shopCipher)` picks one; the call waits for the slot it booked.
 */
export function budgetLimiter(budgetFor) {
  return {
    acquire({ shop, api, signal }) {
      const wait = budgetFor(shop).reserve(api);
      return typeof wait?.then === "function" ? wait.then((ms) => pause(ms, api, signal)) : pause(wait, api, signal);
    },
  };
}

function pause(ms, api, signal) {
  if (ms === null) throw budgetExhausted(api);
  return ms > 0 ? sleep(ms, signal) : undefined;
}

/** A de-duplication store for `createWebhookDeduper`: the shop object's atomic claim. */
export function shopDedupeStore(stub) {
  return { claim: (id, ttlSeconds) => stub.claim(String(id), ttlSeconds) };
}

/**
 * A client for one shop in any isolate: its cipher, tokens and budget from the shop's
 * object. `options` are the client's (`appKey`, `appSecret`, `baseUrl`...).
 */
export async function shopClient(objects, shopId, options) {
  const stub = objectNamed(objects, shopId);
  const shop = await stub.describe();
  if (!shop.authorized) {
    throw new TikTokShopError({ kind: "reauthorize", message: `shop ${String(shopId).slice(0, 64)} has not authorized the app` });
  }
  return clientOfShop(objects, options, { cipher: shop.cipher, tokenStore: shopTokenStore(stub), budget: () => stub });
}

/**
 * A client for calls made for no shop (the token exchange, the authorized shops), on the
 * app object's budget. Add `accessToken` for the account's own calls.
 */
export function appClient(objects, options) {
  return new TikTokShop({ ...options, rateLimit: shopRateLimiter(objects) });
}

/** An RPC result `{ tokens } | { error }`: errors cross as fields and become TikTokShopErrors again. */
export function settle(result) {
  if (result?.error) throw new TikTokShopError(result.error);
  return result.tokens;
}

/** The fields of an error, safe to send across RPC (TikTokShopError messages hold no secret). */
export function errorFields(error) {
  if (error instanceof TikTokShopError) {
    const { name: _, ...fields } = error.toJSON();
    return fields;
  }
  return { kind: "internal", message: `unexpected failure in the shop's object (${error instanceof Error ? error.name : typeof error})` };
}
