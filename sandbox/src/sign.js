// Request and webhook signatures of the TikTok Shop Partner API, computed with
// WebCrypto only (Node 20, Deno, Cloudflare Workers). This is the sandbox's own
// implementation, deliberately independent of the client's (Rust) one.
//
// Request signature:
//   hex(HMAC_SHA256(key = app_secret,
//       app_secret + path + Σ(key + value) + body + app_secret))
// where Σ runs over the decoded query parameters except `sign` and
// `access_token`, sorted by key in byte order, and `body` is the raw body bytes
// as sent (omitted for multipart/form-data).
//
// Webhook signature: hex(HMAC_SHA256(key = app_secret, app_key + raw body)).

const encoder = new TextEncoder();

/** Query parameters never included in the string to sign. */
export const UNSIGNED_QUERY_KEYS = Object.freeze(["sign", "access_token"]);

function toBytes(value) {
  if (value == null) return new Uint8Array(0);
  if (typeof value === "string") return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("expected a string, Uint8Array or ArrayBuffer");
}

function concatBytes(parts) {
  let length = 0;
  for (const p of parts) length += p.byteLength;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

/** Compares two strings by the UTF-8 byte order of their content (code point order). */
export function compareByteOrder(a, b) {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0);
    const cy = y.value.codePointAt(0);
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/**
 * Normalises query input to a list of [key, value] string pairs.
 * Accepts URLSearchParams, an array of pairs, or a plain object (array values
 * are comma-joined, null/undefined dropped, booleans as true/false).
 */
export function queryPairs(query) {
  if (query == null) return [];
  if (typeof URLSearchParams !== "undefined" && query instanceof URLSearchParams) return [...query.entries()];
  if (Array.isArray(query)) return query.map(([k, v]) => [String(k), String(v)]);
  const pairs = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === null || v === undefined) continue;
    pairs.push([k, Array.isArray(v) ? v.join(",") : String(v)]);
  }
  return pairs;
}

/** The "Σ key+value" part: signed parameters sorted by key (stable for duplicate keys). */
export function canonicalQuery(query) {
  return queryPairs(query)
    .filter(([k]) => !UNSIGNED_QUERY_KEYS.includes(k))
    .sort((a, b) => compareByteOrder(a[0], b[0]))
    .map(([k, v]) => k + v)
    .join("");
}

function isMultipart(contentType) {
  return typeof contentType === "string" && contentType.trim().toLowerCase().startsWith("multipart/form-data");
}

/**
 * The exact bytes that get HMAC'd for a request.
 * @param {{appSecret: string, path: string, query?: any, body?: string|Uint8Array|ArrayBuffer|null, contentType?: string}} input
 */
export function stringToSignBytes({ appSecret, path, query, body, contentType }) {
  const head = encoder.encode(appSecret + path + canonicalQuery(query));
  const tail = encoder.encode(appSecret);
  const bodyBytes = isMultipart(contentType) ? new Uint8Array(0) : toBytes(body);
  return concatBytes([head, bodyBytes, tail]);
}

/** The string to sign, decoded as UTF-8 (for display and tests). */
export function stringToSign(input) {
  return new TextDecoder().decode(stringToSignBytes(input));
}

const keyCache = new Map();

async function hmacKey(secret) {
  let key = keyCache.get(secret);
  if (!key) {
    key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    if (keyCache.size > 64) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

function toHex(buffer) {
  const bytes = new Uint8Array(buffer);
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

/** Lowercase hex HMAC-SHA256 of `message` (string or bytes) keyed with `secret`. */
export async function hmacSha256Hex(secret, message) {
  const key = await hmacKey(secret);
  return toHex(await crypto.subtle.sign("HMAC", key, toBytes(message)));
}

/**
 * The request signature (lowercase hex).
 * @param {{appSecret: string, path: string, query?: any, body?: string|Uint8Array|ArrayBuffer|null, contentType?: string}} input
 */
export async function signRequest(input) {
  return hmacSha256Hex(input.appSecret, stringToSignBytes(input));
}

/** Constant-time comparison of two strings (exact, case-sensitive). */
export function timingSafeEqual(a, b) {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Checks a request signature exactly (uppercase hex is rejected). */
export async function verifyRequestSignature(input, sign) {
  return timingSafeEqual(await signRequest(input), sign);
}

/**
 * The webhook signature sent in the `Authorization` header (lowercase hex).
 * @param {{appKey: string, appSecret: string, body: string|Uint8Array|ArrayBuffer}} input
 */
export async function signWebhook({ appKey, appSecret, body }) {
  return hmacSha256Hex(appSecret, concatBytes([encoder.encode(appKey), toBytes(body)]));
}

/** Verifies a webhook `Authorization` header against the raw body. */
export async function verifyWebhook({ appKey, appSecret, body, signature }) {
  return timingSafeEqual(await signWebhook({ appKey, appSecret, body }), signature);
}
