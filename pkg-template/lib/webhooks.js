// Webhooks (push notifications): signature check on the raw body, parsing into a typed
// event (its type and account from the generated table, spec/webhooks), and
// de-duplication on a key every delivery has (deliveries repeat).

import { verifyWebhookBytes, webhookKey, webhookTypesText } from "./core.js";
import { configError, invalidError, TikTokShopError } from "./errors.js";
import { appCredentials, optionsObject, positive, read } from "./options.js";

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

let typeTable = null;
let typesByCode = null;

/**
 * Every webhook type TikTok documents: `[{ code, name, account }]`, `account` being whose id
 * the envelope carries (`shop`: shop_id, `seller`: seller_open_id, `creator`:
 * creator_open_id). Frozen: the table parseWebhook names events by.
 */
export function listWebhookTypes() {
  if (!typeTable) {
    typeTable = Object.freeze(JSON.parse(webhookTypesText()).map((t) => Object.freeze(t)));
    typesByCode = new Map(typeTable.map((t) => [t.code, t]));
  }
  return typeTable;
}

/** The fields parseWebhook sets itself; any other field of the envelope is kept as it came. */
const EVENT_FIELDS = ["type", "type_name", "account", "tts_notification_id", "shop_id", "seller_open_id", "creator_open_id", "timestamp", "data", "dedupe_key"];
const ACCOUNT_IDS = ["shop_id", "seller_open_id", "creator_open_id"];

/**
 * Verifies and parses a delivery: `{ type, type_name, account, tts_notification_id, shop_id,
 * seller_open_id, creator_open_id, timestamp, data, dedupe_key }`, plus any other field the
 * envelope carries. Unknown types pass through with `type_name` and `account` null. A bad
 * signature is a `signature` error; a body that is not a TikTok envelope a `decode` error.
 */
export function parseWebhook(options) {
  const { appKey, appSecret, bytes, signature } = webhookArgs(options);
  if (!signature || signature.length > 256 || !verifyWebhookBytes(appKey, appSecret, bytes, signature)) {
    throw new TikTokShopError({ kind: "signature", field: "signature", message: "the webhook signature does not match its body" });
  }
  let envelope;
  try {
    envelope = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new TikTokShopError({ kind: "decode", field: "body", message: "the webhook body is not JSON" });
  }
  if (envelope === null || typeof envelope !== "object" || Array.isArray(envelope)) {
    throw new TikTokShopError({ kind: "decode", field: "body", message: "the webhook body is not a JSON object" });
  }
  const type = envelope.type;
  if (!Number.isInteger(type) || type < 0 || type > 0xffffffff) {
    throw new TikTokShopError({ kind: "decode", field: "type", message: "the webhook body has no integer `type`" });
  }
  listWebhookTypes();
  const known = typesByCode.get(type);
  const event = {};
  // Fields this version does not know are the caller's to read, never dropped. (Defined,
  // not assigned: a `__proto__` key of the JSON is a field like any other.)
  for (const key of Object.keys(envelope)) {
    if (!EVENT_FIELDS.includes(key)) Object.defineProperty(event, key, { value: envelope[key], enumerable: true, writable: true, configurable: true });
  }
  event.type = type;
  event.type_name = known?.name ?? null;
  event.account = known?.account ?? null;
  event.tts_notification_id = idField(envelope, "tts_notification_id", TikTokShopError);
  for (const field of ACCOUNT_IDS) event[field] = idField(envelope, field, TikTokShopError);
  const timestamp = envelope.timestamp ?? null;
  if (timestamp !== null && !Number.isSafeInteger(timestamp)) {
    throw new TikTokShopError({ kind: "decode", field: "timestamp", message: "the webhook's `timestamp` is not an integer" });
  }
  event.timestamp = timestamp;
  event.data = envelope.data ?? null;
  event.dedupe_key = keyOf(event.tts_notification_id, type, event, timestamp, JSON.stringify(event.data));
  return event;
}

/**
 * An id of the envelope as text: a string, or a number as its digits (ids are int64); null
 * when absent. Anything else is `error`'s (a `decode` error for a delivery).
 */
function idField(object, field, error) {
  const value = error === TikTokShopError ? object[field] : read(object, field, field, invalidError);
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value.slice(0, 256);
  if ((typeof value === "number" && Number.isSafeInteger(value)) || typeof value === "bigint") return String(value);
  if (error === TikTokShopError) {
    throw new TikTokShopError({ kind: "decode", field, message: `the webhook's \`${field}\` is not an id` });
  }
  throw invalidError(field, `\`${field}\` of the event must be a string or an integer`);
}

/** The account id a key is made of: whichever the envelope carries (shop, seller, creator). */
function keyOf(notificationId, type, ids, timestamp, dataText) {
  const accountId = ids.shop_id ?? ids.seller_open_id ?? ids.creator_open_id ?? "";
  return webhookKey(notificationId ?? undefined, type, accountId, timestamp === null ? "" : String(timestamp), dataText ?? "null");
}

/**
 * The key a delivery is de-duplicated on (what `createWebhookDeduper` claims, and parsed
 * events carry as `dedupe_key`): its `tts_notification_id` where TikTok sent one (retries
 * repeat it), else `sha256:` and a digest of its type, account id, timestamp and payload
 * (object keys sorted first), so a repeat is recognised with or without an id.
 */
export function webhookDedupeKey(event) {
  if (event === null || typeof event !== "object") throw invalidError("event", "`event` must be a parsed webhook event");
  const notificationId = idField(event, "tts_notification_id", invalidError);
  // With an id, the id is the key (the core's rule): nothing else need be read.
  if (notificationId !== null) return webhookKey(notificationId, 0, "", "", "null");
  const ids = {};
  for (const field of ACCOUNT_IDS) ids[field] = idField(event, field, invalidError);
  const type = read(event, "type", "type", invalidError);
  if (!Number.isInteger(type) || type < 0 || type > 0xffffffff) throw invalidError("type", "`type` of the event must be the webhook's integer type");
  const timestamp = read(event, "timestamp", "timestamp", invalidError) ?? null;
  if (timestamp !== null && !Number.isSafeInteger(timestamp)) throw invalidError("timestamp", "`timestamp` of the event must be an integer or null");
  // The payload, as JSON (a cycle, a throwing getter or a BigInt is the caller's error).
  const data = read(event, "data", "data", invalidError) ?? null;
  let dataText;
  try {
    dataText = JSON.stringify(data);
  } catch {
    throw invalidError("data", "`data` of the event could not be serialised as JSON");
  }
  if (dataText === undefined) throw invalidError("data", "`data` of the event could not be serialised as JSON");
  if (dataText.length > MAX_BODY_BYTES) throw invalidError("data", "`data` of the event is larger than 16 MB: not a TikTok webhook");
  return keyOf(null, type, ids, timestamp, dataText);
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
 * De-duplicates deliveries on their key (`webhookDedupeKey`: the notification id, else a
 * digest of the delivery). `store` has either `claim(key, ttlSeconds)` (atomic: true when
 * the key was new, as a Durable Object can do) or `has(key)` and `add(key, ttlSeconds)`,
 * sync or async: in-memory by default; Workers KV or a Durable Object in production (see
 * js-examples/cloudflare-worker).
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
    /** True the first time a delivery's key is seen (and records it). */
    async isNew(event) {
      const key = webhookDedupeKey(event);
      if (typeof claim === "function") return Boolean(await claim.call(store, key, ttlSeconds));
      if (await has.call(store, key)) return false;
      await add.call(store, key, ttlSeconds);
      return true;
    },
  };
}
