// tiktok-shop-wasm-sandbox: the offline TikTok Shop. Runtime-neutral entry
// (web-standard APIs only); see node.js, deno.js and worker.js for servers.

export { createSandbox, buildRouter, ERRORS, SandboxError } from "./handler.js";
export {
  signRequest,
  verifyRequestSignature,
  stringToSign,
  stringToSignBytes,
  canonicalQuery,
  signWebhook,
  verifyWebhook,
  hmacSha256Hex,
  timingSafeEqual,
} from "./sign.js";
export { createShop, money, cents, ORDER_STATUSES } from "./shop.js";
export { createFabricator, paginate, encodePageToken, decodePageToken, parsePageSize } from "./data.js";
export { ENTITY_PARAMS, answerKey } from "./answers.js";
export { isDropResponse, normalizeFaultPlan, FAULT_KINDS, DEFAULT_KINDS, TARGETED_KINDS } from "./faults.js";
export { WEBHOOK_TYPES, webhookType } from "./webhooks.js";
export { ACCOUNTS } from "./accounts.js";
export { DEFAULT_RETIRED_VERSIONS } from "./retired.js";
