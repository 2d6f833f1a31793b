// Every option a caller can give, checked in one place: the client's, a call's, the token
// functions', the rate limiter's, the webhook helpers'. A bad value is a `config` error
// naming the option, raised before anything is sent; the message never repeats the value
// (it may be a secret). Caller objects are read once, each property inside a guard: a
// throwing getter or a Proxy trap is the caller's error, not an exception out of here.

import { configError, invalidError, TikTokShopError } from "./errors.js";
import { closestNames, didYouMean } from "./suggest.js";

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once beyond this
const MAX_TEXT = 4096;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Reads `key` of a caller's object; a getter or trap that throws is a `config` error. */
export function read(object, key, field = key, error = configError) {
  try {
    return object[key];
  } catch {
    throw error(field, `reading \`${field}\` threw`);
  }
}

/** `Array.isArray`, which throws for a revoked Proxy: that is "not an array" here. */
export function isArray(value) {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** `Object.keys`, whose Proxy trap may throw: that is the caller's error, naming `field`. */
function keysOf(value, field, error) {
  try {
    return Object.keys(value);
  } catch {
    throw error(field, `\`${field}\` could not be read`);
  }
}

/**
 * The own enumerable properties of a caller's options object, read once. `undefined`
 * means none; anything but an object (null, an array, a function...) is an error.
 */
export function optionsObject(value, field, known, error = configError) {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || isArray(value)) throw error(field, `\`${field}\` must be an object (or left out)`);
  // No prototype: an own `__proto__` key is a key like any other here, never a prototype.
  const out = Object.create(null);
  for (const key of keysOf(value, field, error)) {
    if (known && !known.includes(key)) {
      throw error(key.slice(0, 64), `unknown option \`${key.slice(0, 64)}\` in \`${field}\`${didYouMean(key, known)}`);
    }
    out[key] = read(value, key, key, error);
  }
  return out;
}

export function string(value, field, { required = false, max = MAX_TEXT, error = configError } = {}) {
  if (value === undefined || value === null) {
    if (required) throw error(field, `\`${field}\` is required`);
    return undefined;
  }
  if (typeof value !== "string") throw error(field, `\`${field}\` must be a string`);
  if (value.trim() === "") throw error(field, `\`${field}\` must not be empty`);
  if (value.length > max) throw error(field, `\`${field}\` is longer than ${max} characters`);
  return value;
}

/** A value that travels in an HTTP header or query: visible ASCII, no spaces or controls. */
export function token(value, field, { required = false } = {}) {
  const text = string(value, field, { required });
  if (text !== undefined && !/^[\x21-\x7e]+$/.test(text)) {
    throw configError(field, `\`${field}\` may only hold visible ASCII characters (no spaces, line breaks or NUL)`);
  }
  return text;
}

/**
 * A number within bounds. `min` is a floor that keeps what the number drives sane (a
 * timer of less than 1 ms, a rate whose interval no timer can wait).
 */
export function positive(value, field, { max = Number.MAX_SAFE_INTEGER, integer = false, zero = false, min } = {}) {
  if (value === undefined) return undefined;
  const low = min ?? (zero ? 0 : Number.MIN_VALUE);
  const ok = typeof value === "number" && Number.isFinite(value) && value >= low && value <= max;
  if (!ok || (integer && !Number.isInteger(value))) {
    const what = integer ? "an integer" : "a number";
    const floor = min !== undefined ? `at least ${min}` : zero ? ">= 0" : "> 0";
    throw configError(field, `\`${field}\` must be ${what} ${floor} and at most ${max}`);
  }
  return value;
}

export { MAX_TIMER_MS };

export function timeoutMs(value, field = "timeoutMs") {
  return positive(value, field, { min: 1, max: MAX_TIMER_MS });
}

/** One request a day at the least: the interval between two stays a timer's wait. */
const MIN_REQUESTS_PER_SECOND = 1 / 86_400;

/** The numbers of a rate (the client's limiter, a shop object's budget), checked alike. */
export function rateNumbers(o, field, defaults) {
  return {
    requestsPerSecond:
      positive(o.requestsPerSecond, `${field}.requestsPerSecond`, { min: MIN_REQUESTS_PER_SECOND, max: 1e6 }) ?? defaults.requestsPerSecond,
    burst: positive(o.burst, `${field}.burst`, { integer: true, min: 1, max: 1e6 }) ?? defaults.burst,
  };
}

export function retries(value, field = "retries") {
  return positive(value, field, { integer: true, zero: true, max: 100 });
}

function fn(value, field) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "function") throw configError(field, `\`${field}\` must be a function`);
  return value;
}

/** An http(s) URL without credentials, query or fragment; returned without a trailing slash. */
export function baseUrl(value, field) {
  const text = string(value, field, { max: 2048 });
  if (text === undefined) return undefined;
  const url = parseUrl(text, field);
  if (url.username || url.password || url.search || url.hash || text.includes("?") || text.includes("#")) {
    throw configError(field, `\`${field}\` must not carry credentials, a query or a fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

/** A forward proxy: http(s), optionally `user:password@`; never quoted in a message. */
export function proxyUrl(value) {
  const text = string(value, "proxy", { max: 2048 });
  if (text === undefined) return undefined;
  const url = parseUrl(text, "proxy");
  if (url.search || url.hash || text.includes("?") || text.includes("#")) {
    throw configError("proxy", "`proxy` must not carry a query or a fragment");
  }
  if (!url.hostname) throw configError("proxy", "`proxy` has no host");
  return text;
}

function parseUrl(text, field) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw configError(field, `\`${field}\` must be an absolute http:// or https:// URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw configError(field, `\`${field}\` must be an http:// or https:// URL`);
  }
  return url;
}

/** An absolute Unix time in seconds (like `access_token_expire_in`), or a Date. */
export function expiry(value, field) {
  if (value === undefined || value === null) return null;
  let seconds;
  try {
    seconds = value instanceof Date ? value.getTime() / 1000 : value;
  } catch {}
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
    throw configError(field, `\`${field}\` must be a Unix time in seconds (like access_token_expire_in) or a Date`);
  }
  return seconds;
}

export function signal(value, field = "signal") {
  if (value === undefined || value === null) return undefined;
  let isSignal = false;
  try {
    isSignal = value instanceof AbortSignal;
  } catch {}
  if (!isSignal) throw configError(field, `\`${field}\` must be an AbortSignal`);
  return value;
}

export const CLIENT_OPTIONS = [
  "appKey", "appSecret", "accessToken", "shopCipher", "baseUrl", "authBaseUrl", "proxy", "fetch",
  "timeoutMs", "retries", "rateLimit", "refreshToken", "accessTokenExpiresAt", "refreshSkewSeconds",
  "onTokens", "tokenStore", "logger", "maxResponseBytes",
];

/** The options of `new TikTokShop()` (and of the token functions), checked and normalized. */
export function clientOptions(value) {
  if (value === undefined) throw configError("options", "options are required: `{ appKey, appSecret, ... }`");
  const o = optionsObject(value, "options", CLIENT_OPTIONS);
  return {
    appKey: token(o.appKey, "appKey", { required: true }),
    appSecret: string(o.appSecret, "appSecret", { required: true }),
    accessToken: token(o.accessToken, "accessToken"),
    shopCipher: token(o.shopCipher, "shopCipher"),
    baseUrl: baseUrl(o.baseUrl, "baseUrl"),
    authBaseUrl: baseUrl(o.authBaseUrl, "authBaseUrl"),
    proxy: proxyUrl(o.proxy),
    fetch: fn(o.fetch, "fetch"),
    timeoutMs: timeoutMs(o.timeoutMs),
    retries: retries(o.retries),
    rateLimit: rateLimit(o.rateLimit),
    refreshToken: token(o.refreshToken, "refreshToken"),
    accessTokenExpiresAt: expiry(o.accessTokenExpiresAt, "accessTokenExpiresAt"),
    refreshSkewSeconds: positive(o.refreshSkewSeconds, "refreshSkewSeconds", { zero: true, max: 30 * 86400 }),
    onTokens: fn(o.onTokens, "onTokens"),
    tokenStore: tokenStore(o.tokenStore),
    logger: logger(o.logger),
    maxResponseBytes:
      positive(o.maxResponseBytes, "maxResponseBytes", { integer: true, max: 2 ** 31 - 1 }) ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
}

const CALL_OPTIONS = ["version", "shopCipher", "signal", "timeoutMs", "retries", "retryWrites"];

const NO_CALL_OPTIONS = Object.freeze({ retryWrites: false });

/** The options of one call. */
export function callOptions(value) {
  if (value === undefined) return NO_CALL_OPTIONS;
  const o = optionsObject(value, "options", CALL_OPTIONS);
  const version = string(o.version, "version", { max: 16 });
  if (version !== undefined && !/^(\d{6}|v\d)$/.test(version)) {
    throw configError("version", "`version` must look like \"202309\"");
  }
  if (o.retryWrites !== undefined && typeof o.retryWrites !== "boolean") {
    throw configError("retryWrites", "`retryWrites` must be a boolean");
  }
  return {
    version,
    shopCipher: token(o.shopCipher, "shopCipher"),
    signal: signal(o.signal),
    timeoutMs: timeoutMs(o.timeoutMs),
    retries: retries(o.retries),
    retryWrites: o.retryWrites === true,
  };
}

/** TikTok's default: 50 requests per second for each API, per app and shop. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ requestsPerSecond: 50, burst: 10, maxQueue: 10_000 });

/**
 * `false` (off), a limiter of the caller's (`{ acquire(request) }`, e.g. one shared by
 * every isolate of a shop: tiktok-shop-wasm/cloudflare), or the built-in one's settings.
 */
export function rateLimit(value) {
  if (value === false) return null;
  if (value === undefined) return { settings: DEFAULT_RATE_LIMIT };
  if (value === null || typeof value !== "object" || isArray(value)) {
    throw configError("rateLimit", "`rateLimit` must be `{ requestsPerSecond, burst, maxQueue }`, a limiter with `acquire()`, or false");
  }
  const acquire = read(value, "acquire", "rateLimit.acquire");
  if (acquire !== undefined) {
    if (typeof acquire !== "function") throw configError("rateLimit.acquire", "`rateLimit.acquire` must be a function");
    return { limiter: value };
  }
  const o = optionsObject(value, "rateLimit", ["requestsPerSecond", "burst", "maxQueue"]);
  return {
    settings: {
      ...rateNumbers(o, "rateLimit", DEFAULT_RATE_LIMIT),
      maxQueue: positive(o.maxQueue, "rateLimit.maxQueue", { integer: true, zero: true, max: 1e7 }) ?? DEFAULT_RATE_LIMIT.maxQueue,
    },
  };
}

function tokenStore(value) {
  if (value === undefined || value === null) return null;
  const ok = typeof value === "object" || typeof value === "function";
  const get = ok ? read(value, "get", "tokenStore.get") : undefined;
  const set = ok ? read(value, "set", "tokenStore.set") : undefined;
  const refresh = ok ? read(value, "refresh", "tokenStore.refresh") : undefined;
  if (typeof get !== "function" || typeof set !== "function" || (refresh !== undefined && typeof refresh !== "function")) {
    throw configError("tokenStore", "`tokenStore` must have `get()` and `set(tokens)` methods (and optionally `refresh(tokens)`)");
  }
  return {
    get: () => get.call(value),
    set: (tokens) => set.call(value, tokens),
    refresh: refresh && ((tokens) => refresh.call(value, tokens)),
  };
}

function logger(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === "function") return value;
  if (typeof value === "object") {
    for (const method of ["debug", "info", "log"]) {
      const f = read(value, method, `logger.${method}`);
      if (typeof f === "function") return (record) => f.call(value, record);
    }
  }
  throw configError("logger", "`logger` must be a function or have a debug/info/log method");
}

/**
 * A token set given by hand (`setTokens`) or by a store (`tokenStore.get()`): a usable
 * `access_token`, and where given a `refresh_token` and an absolute expiry.
 */
export function tokensArgument(value, field) {
  if (value === null || typeof value !== "object") throw configError(field, `\`${field}\` must be a token set object`);
  const o = optionsObject(value, field);
  return {
    access_token: token(o.access_token, `${field}.access_token`, { required: true }),
    refresh_token: token(o.refresh_token, `${field}.refresh_token`),
    access_token_expire_in: expiry(o.access_token_expire_in, `${field}.access_token_expire_in`) ?? undefined,
  };
}

/** The `{ appKey, appSecret }` of the webhook helpers and `signRequest`. */
export function appCredentials(o, { key = true } = {}) {
  return {
    appKey: key ? string(o.appKey, "appKey", { required: true }) : undefined,
    appSecret: string(o.appSecret, "appSecret", { required: true }),
  };
}

/**
 * The JSON text of a call's parameters, refusing what JSON cannot carry exactly: NaN and
 * Infinity, functions, symbols, `undefined` in arrays, cycles, nesting deeper than 64,
 * and text beyond 32 MB. BigInts travel as their digits (int64 ids beyond 2^53).
 * Uploads hand their file parts back separately (`files`), as Blobs; `shopCipher` is the
 * `shop_cipher` parameter, when a string was given.
 */
export function paramsText(params, { fileParams = null, field = "params", prefix = "" } = {}) {
  if (params === undefined || params === null) return { text: "{}", files: undefined };
  if (typeof params !== "object" || isArray(params)) throw invalidError(field, `\`${field}\` must be an object`);
  const keys = keysOf(params, field, invalidError);
  let files;
  let shopCipher; // the shop a call is for (its rate-limit bucket), as read here, once
  let copy = null; // made only when a value needs changing (nested, BigInt, a file)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = read(params, key, prefix + key, invalidError);
    const type = typeof value;
    if (key === "shop_cipher" && type === "string") shopCipher = value;
    // The usual case: a string, a finite number or a boolean goes as it is.
    if (type === "string" || type === "boolean" || (type === "number" && Number.isFinite(value))) {
      if (copy) copy[key] = value;
      continue;
    }
    copy ??= copyOf(params, keys, i);
    if (fileParams?.includes(key) && value !== undefined && value !== null) {
      files ??= {};
      files[key] = blobOf(value, key);
      copy[key] = {}; // the core routes the part; its bytes never enter the core
    } else {
      copy[key] = plain(value, prefix + key, 1, new Set());
    }
  }
  return { text: jsonText(copy ?? params, field, MAX_PARAMS_TEXT, "32 MB"), files, shopCipher };
}

export const MAX_PARAMS_TEXT = 32 * 1024 * 1024;
// A query travels in the URL: servers refuse URLs far shorter than this.
const MAX_QUERY_TEXT = 64 * 1024;

/** `JSON.stringify(value)` within `max` characters; a typed error naming `field` otherwise. */
function jsonText(value, field, max, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // A RangeError here is a string too long for the engine: the same bound, reached sooner.
    if (error instanceof RangeError) throw invalidError(field, `\`${field}\` is larger than ${what} of JSON`);
    throw invalidError(field, `\`${field}\` could not be serialised as JSON`);
  }
  if (text.length > max) throw invalidError(field, `\`${field}\` is larger than ${what} of JSON`);
  return text;
}

/** The first `n` keys of `params` (plain values already checked), as a new object. */
function copyOf(params, keys, n) {
  const copy = Object.create(null); // an own `__proto__` key stays a key (and is refused as one)
  for (let i = 0; i < n; i++) copy[keys[i]] = params[keys[i]];
  return copy;
}

/**
 * The JSON text of a query given whole (`shop.request()`, `signRequest()`): each value a
 * string, number, boolean or BigInt, or an array of them (sent comma-joined).
 */
export function queryText(query, field) {
  if (query === undefined || query === null) return "{}";
  if (typeof query !== "object" || isArray(query)) throw invalidError(field, `\`${field}\` must be an object`);
  const scalar = (v) => ["string", "boolean", "bigint"].includes(typeof v) || (typeof v === "number" && Number.isFinite(v));
  const out = Object.create(null);
  let size = 0; // counted as it goes, so a huge query stops before it is copied whole
  for (const [key, value] of Object.entries(optionsObject(query, field, null, invalidError))) {
    const name = `${field}.${key.slice(0, 64)}`;
    if (value === undefined || value === null) continue;
    size += key.length;
    if (isArray(value)) {
      const length = read(value, "length", name, invalidError);
      if (!Number.isSafeInteger(length) || length > MAX_QUERY_TEXT) throw invalidError(name, `\`${name}\` is larger than 64 KB`);
      const items = plain(value, name, 1, new Set());
      if (!items.every(scalar)) throw invalidError(name, `\`${name}\` must hold strings, numbers or booleans`);
      out[key] = items;
      for (const item of items) size += typeof item === "string" ? item.length : 24;
    } else if (scalar(value)) {
      out[key] = typeof value === "bigint" ? value.toString() : value;
      size += typeof out[key] === "string" ? out[key].length : 24;
    } else throw invalidError(name, `\`${name}\` must be a string, number, boolean or an array of them`);
    if (size > MAX_QUERY_TEXT) throw invalidError(field, `\`${field}\` is larger than 64 KB`);
  }
  return jsonText(out, field, MAX_QUERY_TEXT, "64 KB");
}

/** A JSON-safe copy of a caller's value, each property read once under a guard. */
function plain(value, field, depth, seen) {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw invalidError(field, `\`${field}\` is ${value}, which JSON cannot carry`);
      return value;
    case "bigint":
      return value.toString();
    case "undefined":
      return undefined;
    case "function":
    case "symbol":
      throw invalidError(field, `\`${field}\` is a ${typeof value}, which JSON cannot carry`);
  }
  if (value === null) return null;
  if (depth > 64) throw invalidError(field, `\`${field}\` is nested more than 64 levels deep`);
  if (seen.has(value)) throw invalidError(field, `\`${field}\` refers to itself (a cycle)`);
  seen.add(value);
  try {
    if (isArray(value)) {
      const length = read(value, "length", field, invalidError);
      if (!Number.isSafeInteger(length) || length < 0 || length > 10_000_000) throw invalidError(field, `\`${field}\` has an invalid length`);
      const out = new Array(length);
      for (let i = 0; i < length; i++) {
        const item = read(value, i, `${field}[${i}]`, invalidError);
        if (item === undefined) throw invalidError(`${field}[${i}]`, `\`${field}[${i}]\` is undefined, which JSON would turn into null`);
        out[i] = plain(item, `${field}[${i}]`, depth + 1, seen);
      }
      return out;
    }
    let isDate;
    try {
      isDate = value instanceof Date;
    } catch {
      throw invalidError(field, `\`${field}\` could not be read`);
    }
    if (isDate) return value.toJSON();
    const out = Object.create(null); // keeps an own `__proto__` key as a key
    for (const key of keysOf(value, field, invalidError)) {
      const item = plain(read(value, key, `${field}.${key}`, invalidError), `${field}.${key}`, depth + 1, seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * An upload's file as a File: a File as given; a Blob or bytes wrapped in one named after
 * the parameter (the form part's filename).
 */
function blobOf(value, field) {
  let blob;
  try {
    if (value instanceof File) blob = value;
    else if (value instanceof Blob) blob = new File([value], field, { type: value.type });
    else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) blob = new File([value], field);
  } catch {
    throw invalidError(field, `\`${field}\` could not be read (a detached buffer?)`);
  }
  if (!blob) throw invalidError(field, `\`${field}\` must be a Blob, File, Uint8Array or ArrayBuffer`);
  if (blob.size === 0) throw invalidError(field, `\`${field}\` is empty (a zero-length or detached buffer)`);
  return blob;
}

/**
 * Public: the names in `candidates` that `name` is probably a typo of (at most 3, closest
 * first; [] when none), by the rule of lib/suggest.js. For tools built on the client (the
 * CLI, a form).
 */
export function suggest(name, candidates) {
  if (typeof name !== "string") throw invalidError("name", "`name` must be a string");
  if (!isArray(candidates)) throw invalidError("candidates", "`candidates` must be an array of strings");
  const length = read(candidates, "length", "candidates", invalidError);
  if (!Number.isSafeInteger(length) || length > 100_000) throw invalidError("candidates", "`candidates` must hold at most 100,000 names");
  const names = [];
  for (let i = 0; i < length; i++) {
    const item = read(candidates, i, `candidates[${i}]`, invalidError);
    if (typeof item !== "string") throw invalidError(`candidates[${i}]`, `\`candidates[${i}]\` must be a string`);
    names.push(item);
  }
  return closestNames(name, names, 3);
}
