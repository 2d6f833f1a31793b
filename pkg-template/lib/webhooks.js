// Webhooks (push notifications): signature check on the raw body, parsing into a typed
// event, and de-duplication on `tts_notification_id` (deliveries repeat).

import { verifyWebhookSignature, webhookTypeName } from "../tiktok_shop_wasm.js";
import { TikTokShopError } from "./errors.js";

function invalid(field, message, kind = "invalid_request") {
  return new TikTokShopError({ kind, field, message });
}

function credentials({ appKey, appSecret }) {
  if (typeof appKey !== "string" || !appKey) throw new TikTokShopError({ kind: "config", field: "appKey", message: "`appKey` is required" });
  if (typeof appSecret !== "string" || !appSecret) throw new TikTokShopError({ kind: "config", field: "appSecret", message: "`appSecret` is required" });
}

/**
 * Checks the `Authorization` header of a delivery against the raw body (string, Uint8Array
 * or ArrayBuffer), in constant time. Verify before parsing.
 */
export function verifyWebhook({ appKey, appSecret, body, signature }) {
  credentials({ appKey, appSecret });
  if (typeof signature !== "string" || !signature) return false;
  return verifyWebhookSignature(appKey, appSecret, body, signature);
}

/**
 * Verifies and parses a delivery: `{ type, type_name, tts_notification_id, shop_id, timestamp, data }`.
 * Unknown types pass through with `type_name: null`. A bad signature is a `signature` error.
 */
export function parseWebhook({ appKey, appSecret, body, signature }) {
  if (!verifyWebhook({ appKey, appSecret, body, signature })) {
    throw invalid("signature", "the webhook signature does not match its body", "signature");
  }
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  let event;
  try {
    event = JSON.parse(text);
  } catch {
    throw invalid("body", "the webhook body is not JSON", "decode");
  }
  if (event === null || typeof event !== "object" || typeof event.type !== "number") {
    throw invalid("body", "the webhook body has no numeric `type`", "decode");
  }
  return {
    type: event.type,
    type_name: webhookTypeName(event.type) ?? null,
    tts_notification_id: event.tts_notification_id ?? null,
    shop_id: event.shop_id ?? null,
    timestamp: event.timestamp ?? null,
    data: event.data ?? null,
  };
}

/** `parseWebhook` for an incoming `Request` (a Worker's or Deno's handler, undici's...). */
export async function parseWebhookRequest(request, { appKey, appSecret }) {
  const body = new Uint8Array(await request.arrayBuffer());
  return parseWebhook({ appKey, appSecret, body, signature: request.headers.get("authorization") ?? "" });
}

/** An in-memory store for `createWebhookDeduper`: bounded, oldest entries dropped first. */
export function memoryDedupeStore({ maxEntries = 10_000 } = {}) {
  const seen = new Map();
  return {
    has(id) {
      const until = seen.get(id);
      if (until === undefined) return false;
      if (until < Date.now()) {
        seen.delete(id);
        return false;
      }
      return true;
    },
    add(id, ttlSeconds) {
      seen.delete(id);
      seen.set(id, Date.now() + ttlSeconds * 1000);
      while (seen.size > maxEntries) seen.delete(seen.keys().next().value);
    },
  };
}

/**
 * De-duplicates deliveries on `tts_notification_id`. `store` has either `claim(id, ttlSeconds)`
 * (atomic: true when the id was new, as a Durable Object can do) or `has(id)` and
 * `add(id, ttlSeconds)`, sync or async: in-memory by default; Workers KV or a Durable Object
 * in production (see js-examples/cloudflare-worker).
 *
 *   const dedupe = createWebhookDeduper();
 *   if (await dedupe.isNew(event)) { ...act... }
 */
export function createWebhookDeduper({ store = memoryDedupeStore(), ttlSeconds = 7 * 86400 } = {}) {
  const atomic = typeof store?.claim === "function";
  if (!atomic && (typeof store?.has !== "function" || typeof store?.add !== "function")) {
    throw new TikTokShopError({
      kind: "config",
      field: "store",
      message: "`store` must have `claim(id, ttlSeconds)`, or `has(id)` and `add(id, ttlSeconds)`",
    });
  }
  return {
    /** True the first time an event's notification id is seen (and records it). */
    async isNew(event) {
      const id = event?.tts_notification_id;
      if (!id) return true; // nothing to de-duplicate on
      if (atomic) return Boolean(await store.claim(String(id), ttlSeconds));
      if (await store.has(String(id))) return false;
      await store.add(String(id), ttlSeconds);
      return true;
    },
  };
}
