// The public API: the same names from every entry, nothing internal among them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api } from "./package.mjs";

test("the package's exports", () => {
  assert.deepEqual(Object.keys(api).sort(), [
    "ERROR_KINDS", "TikTokShop", "TikTokShopError", "authorizationUrl", "createRateLimiter", "createWebhookDeduper",
    "exchangeAuthCode", "listOperations", "listWebhookTypes", "memoryDedupeStore", "operationVersion", "pageItems",
    "parseAuthorizationRedirect", "parseWebhook", "parseWebhookRequest", "refreshAccessToken", "signRequest", "suggest",
    "verifyWebhook", "webhookDedupeKey",
  ]);
});
