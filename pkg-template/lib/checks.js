// The checks every option and argument goes through, in one place: a caller's object read
// once, each property inside a guard (a throwing getter or a Proxy trap is the caller's
// error, not an exception out of here), and the primitive values (strings, header-safe
// tokens, bounded numbers, URLs, times, signals). A bad value is a `config` error naming
// the option; the message never repeats the value (it may be a secret).

import { configError } from "./errors.js";
import { didYouMean } from "./suggest.js";

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once beyond this
export const MAX_TEXT = 4096;

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
export function keysOf(value, field, error) {
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

/** What travels in an HTTP header or query as a token: visible ASCII, no spaces or controls. */
export const TOKEN_CHARACTERS = /^[\x21-\x7e]+$/;

/** A value that travels in an HTTP header or query: visible ASCII, no spaces or controls. */
export function token(value, field, { required = false } = {}) {
  const text = string(value, field, { required });
  if (text !== undefined && !TOKEN_CHARACTERS.test(text)) {
    throw configError(field, `\`${field}\` may only hold visible ASCII characters (no spaces, line breaks or NUL)`);
  }
  return text;
}

/** At most this many granted scopes per token (TikTok grants a few dozen). */
export const MAX_SCOPES = 1000;
const MAX_SCOPE_LENGTH = 256;

/**
 * A token's granted scopes: an array of scope names (visible ASCII, as TikTok's
 * `granted_scopes`), or `undefined` when left out (not known). Read under a guard.
 */
export function scopeList(value, field, error = configError) {
  if (value === undefined || value === null) return undefined;
  const problem = `\`${field}\` must be an array of scope names (visible ASCII, at most ${MAX_SCOPE_LENGTH} characters each, at most ${MAX_SCOPES})`;
  if (!isArray(value)) throw error(field, problem);
  const length = read(value, "length", field, error);
  if (!Number.isInteger(length) || length > MAX_SCOPES) throw error(field, problem);
  const out = [];
  for (let i = 0; i < length; i++) {
    const s = read(value, i, `${field}[${i}]`, error);
    if (typeof s !== "string" || s.length > MAX_SCOPE_LENGTH || !TOKEN_CHARACTERS.test(s)) throw error(`${field}[${i}]`, problem);
    out.push(s);
  }
  return out;
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

export function retries(value, field = "retries") {
  return positive(value, field, { integer: true, zero: true, max: 100 });
}

export function fn(value, field) {
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

