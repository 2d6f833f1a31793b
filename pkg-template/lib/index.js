// The public API, the same in every runtime.
export { TikTokShop } from "./client.js";
export { authorizationUrl, exchangeAuthCode, parseAuthorizationRedirect, refreshAccessToken } from "./tokens.js";
export { TikTokShopError, ERROR_KINDS } from "./errors.js";
export { listOperations } from "./operations.js";
export { signRequest } from "./sign-request.js";
export { createRateLimiter } from "./rate-limit.js";
export { suggest } from "./options.js";
export {
  verifyWebhook,
  parseWebhook,
  parseWebhookRequest,
  createWebhookDeduper,
  memoryDedupeStore,
  listWebhookTypes,
  webhookDedupeKey,
} from "./webhooks.js";
