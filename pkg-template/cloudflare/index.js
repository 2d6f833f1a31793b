// tiktok-shop-wasm/cloudflare: many shops on Cloudflare, one Durable Object per shop.
// The object owns what TikTok counts or rotates per shop (tokens, rate budget, webhook
// claims, sync cursors); the rest are the client options that reach it from any isolate.

export { TikTokShopObject } from "./shop-object.js";
export {
  APP_OBJECT,
  appClient,
  budgetLimiter,
  objectNamed,
  shopClient,
  shopDedupeStore,
  shopRateLimiter,
  shopTokenStore,
} from "./remote.js";
export { RateBudget } from "./rate-budget.js";
export { reviveError } from "./rpc-errors.js";
export { syncPass } from "./incremental-sync.js";
