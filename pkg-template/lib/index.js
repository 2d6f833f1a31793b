// The public API, the same in every runtime.
export { TikTokShop } from "./client.js";
export { authorizationUrl, exchangeAuthCode, refreshAccessToken } from "./tokens.js";
export { TikTokShopError, ERROR_KINDS } from "./errors.js";
export { listOperations } from "./catalog.js";
export { signRequest } from "./signing.js";
export { verifyWebhook, parseWebhook, parseWebhookRequest, createWebhookDeduper, memoryDedupeStore } from "./webhooks.js";
