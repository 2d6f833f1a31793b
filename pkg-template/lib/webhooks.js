// Webhooks (push notifications): signature check on the raw body, parsing into a typed
// event, and de-duplication on `tts_notification_id` (deliveries repeat).

import { verifyWebhookBytes, webhookTypeName } from "./core.js";
import { configError, invalidError, TikTokShopError } from "./errors.js";
import { optionsObject, positive, read } from "./checks.js";
import { appCredentials } from "./client-options.js";

const MAX_BODY_BYTES = 16 * 1024 * 1024;
const encoder = new TextEncoder();

/**
 * The raw body as bytes of our own: a string, Uint8Array or ArrayBuffer, as received.
 * Copied here, so that a buffer detached under us is the caller's error and not the core's.
 */
function bodyBytes(body) {
  let bytes;
  try {
    if (typeof body === "string") bytes = encoder.encode(body);
    else if (body instanceof Uint8Array) bytes = Uint8Array.prototype.slice.call(body);
    else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body.slice(0));
  } catch {
    throw invalidError("body", "`body` could not be read (a detached buffer?)");
  }
  if (!bytes) throw invalidError("body", "`body` must be the raw body as a string, Uint8Array or ArrayBuffer");
  if (bytes.byteLength > MAX_BODY_BYTES) throw invalidError("body", "`body` is larger than 16 MB: not a TikTok webhook");
  return bytes;
}

function webhookArgs(options) {
  const o = optionsObject(options, "options", ["appKey", "appSecret", "body", "signature"]);
  const { appKey, appSecret } = appCredentials(o);
  if (o.signature !== undefined && o.signature !== null && typeof o.signature !== "string") {
    throw invalidError("signature", "`signature` must be the Authorization header as a string");
  }
  return { appKey, appSecret, bytes: bodyBytes(o.body), signature: o.signature ?? "" };
}

/**
 * Checks the `Authorization` header of a delivery against the raw body (string, Uint8Array
 * or ArrayBuffer), in constant time. Verify before parsing.
 */
export function verifyWebhook(options) {
  const { appKey, appSecret, bytes, signature } = webhookArgs(options);
  if (!signature || signature.length > 256) return false;
  return verifyWebhookBytes(appKey, appSecret, bytes, signature);
}

/**
 * Verifies and parses a delivery: `{ type, type_name, tts_notification_id, shop_id, timestamp, data }`.
 * Unknown types pass through with `type_name: null`. A bad signature is a `signature` error.
 */
export function parseWebhook(options) {
  const { appKey, appSecret, bytes, signature } = webhookArgs(options);
  if (!signature || signature.length > 256 || !verifyWebhookBytes(appKey, appSecret, bytes, signature)) {
    throw new TikTokShopError({ kind: "signature", field: "signature", message: "the webhook signature does not match its body" });
  }
  let event;
  try {
    event = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new TikTokShopError({ kind: "decode", field: "body", message: "the webhook body is not JSON" });
  }
  if (event === null || typeof event !== "object" || !Number.isInteger(event.type) || event.type < 0 || event.type > 0xffffffff) {
    throw new TikTokShopError({ kind: "decode", field: "type", message: "the webhook body has no integer `type`" });
  }
  return {
    type: event.type,
    type_name: webhookTypeName(event.type),
    tts_notification_id: event.tts_notification_id ?? null,
    shop_id: event.shop_id ?? null,
    timestamp: event.timestamp ?? null,
    data: event.data ?? null,
  };
}

/** `parseWebhook` for an incoming `Request` (a Worker's or Deno's handler, undici's...). */
export async function parseWebhookRequest(request, options) {
  const o = optionsObject(options, "options", ["appKey", "appSecret"]);
  const { appKey, appSecret } = appCredentials(o);
  let headers;
  let stream;
  try {
    headers = request.headers;
    stream = request.body;
  } catch {}
  let reader;
  try {
    reader = stream === null ? null : stream.getReader();
  } catch {}
  if (typeof headers?.get !== "function" || reader === undefined) {
    throw invalidError("request", "`request` must be a Request (with headers and a body stream)");
  }
  let signature;
  let length;
  try {
    signature = headers.get("authorization") ?? "";
    length = Number(headers.get("content-length"));
  } catch {
    throw invalidError("request", "the request's headers could not be read");
  }
  if (length > MAX_BODY_BYTES) {
    await reader?.cancel().catch(() => {});
    throw tooLargeBody();
  }
  const body = reader ? await boundedBody(reader) : new Uint8Array(0);
  return parseWebhook({ appKey, appSecret, body, signature });
}

const tooLargeBody = () => invalidError("body", "the request body is larger than 16 MB: not a TikTok webhook");

/**
 * The body's bytes, counted as they stream in: past 16 MB the stream is cancelled, so a
 * body without Content-Length (chunked) is never held beyond the bound, in any runtime.
 */
async function boundedBody(reader) {
  const chunks = [];
  let total = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw invalidError("body", "the request body could not be read");
    }
    if (step.done) break;
    const chunk = step.value;
    if (!(chunk instanceof Uint8Array)) {
      await reader.cancel().catch(() => {});
      throw invalidError("body", "the request body did not stream bytes");
    }
    total += chunk.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLargeBody();
    }
    // A copy: a chunk may be a view into a larger buffer that the runtime reuses.
    chunks.push(chunk.slice());
  }
  const body = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/**
 * An in-memory store for `createWebhookDeduper`: bounded (oldest entries dropped first),
 * with an atomic `claim` (one Map operation: nothing can run in between).
 */
export function memoryDedupeStore(options) {
  const o = optionsObject(options, "options", ["maxEntries"]);
  const maxEntries = positive(o.maxEntries, "maxEntries", { integer: true, max: 1e7 }) ?? 10_000;
  const seen = new Map();
  const live = (id, now) => {
    const until = seen.get(id);
    if (until === undefined) return false;
    if (until >= now) return true;
    seen.delete(id);
    return false;
  };
  const add = (id, ttlSeconds, now) => {
    seen.delete(id);
    seen.set(id, now + ttlSeconds * 1000);
    while (seen.size > maxEntries) seen.delete(seen.keys().next().value);
  };
  return {
    claim(id, ttlSeconds) {
      const now = Date.now();
      if (live(id, now)) return false;
      add(id, ttlSeconds, now);
      return true;
    },
    has: (id) => live(id, Date.now()),
    add: (id, ttlSeconds) => add(id, ttlSeconds, Date.now()),
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
export function createWebhookDeduper(options) {
  const o = optionsObject(options, "options", ["store", "ttlSeconds"]);
  const store = o.store === undefined ? memoryDedupeStore() : o.store;
  const ttlSeconds = positive(o.ttlSeconds, "ttlSeconds", { max: 365 * 86400 }) ?? 7 * 86400;
  const fields = store !== null && typeof store === "object" ? ["claim", "has", "add"].map((k) => read(store, k, `store.${k}`)) : [];
  const [claim, has, add] = fields;
  if (typeof claim !== "function" && (typeof has !== "function" || typeof add !== "function")) {
    throw configError("store", "`store` must have `claim(id, ttlSeconds)`, or `has(id)` and `add(id, ttlSeconds)`");
  }
  return {
    /** True the first time an event's notification id is seen (and records it). */
    async isNew(event) {
      if (event === null || typeof event !== "object") throw invalidError("event", "`event` must be a parsed webhook event");
      const raw = read(event, "tts_notification_id", "tts_notification_id", invalidError);
      if (raw === undefined || raw === null || raw === "") return true; // nothing to de-duplicate on
      if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "bigint") {
        throw invalidError("tts_notification_id", "`tts_notification_id` must be a string or a number");
      }
      const id = String(raw);
      if (typeof claim === "function") return Boolean(await claim.call(store, id, ttlSeconds));
      if (await has.call(store, id)) return false;
      await add.call(store, id, ttlSeconds);
      return true;
    },
  };
}
