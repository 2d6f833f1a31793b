// The options of `new TikTokShop()` (and of the token functions and helpers that take the
// client's credentials), checked and normalized once, when the client is made. A bad value
// is a `config` error naming the option, before any request.

import { configError } from "./errors.js";
import { baseUrl, expiry, fn, optionsObject, positive, proxyUrl, read, retries, scopeList, string, timeoutMs, token } from "./checks.js";
import { rateLimitOption } from "./rate-limit.js";

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export const CLIENT_OPTIONS = [
  "appKey", "appSecret", "accessToken", "shopCipher", "baseUrl", "authBaseUrl", "proxy", "fetch",
  "timeoutMs", "retries", "rateLimit", "refreshToken", "accessTokenExpiresAt", "refreshSkewSeconds",
  "onTokens", "tokenStore", "logger", "maxResponseBytes", "grantedScopes",
];

/** The options of `new TikTokShop()` (and of the token functions), checked and normalized. */
export function clientOptions(value) {
  if (value === undefined) throw configError("options", "options are required: `{ appKey, appSecret, ... }`");
  const o = optionsObject(value, "options", CLIENT_OPTIONS);
  return {
    appKey: token(o.appKey, "appKey", { required: true }),
    appSecret: string(o.appSecret, "appSecret", { required: true }),
    accessToken: token(o.accessToken, "accessToken"),
    grantedScopes: scopeList(o.grantedScopes, "grantedScopes"),
    shopCipher: token(o.shopCipher, "shopCipher"),
    baseUrl: baseUrl(o.baseUrl, "baseUrl"),
    authBaseUrl: baseUrl(o.authBaseUrl, "authBaseUrl"),
    proxy: proxyUrl(o.proxy),
    fetch: fn(o.fetch, "fetch"),
    timeoutMs: timeoutMs(o.timeoutMs),
    retries: retries(o.retries),
    rateLimit: rateLimitOption(o.rateLimit),
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

/** The `{ appKey, appSecret }` of the webhook helpers and `signRequest`. */
export function appCredentials(o, { key = true } = {}) {
  return {
    appKey: key ? string(o.appKey, "appKey", { required: true }) : undefined,
    appSecret: string(o.appSecret, "appSecret", { required: true }),
  };
}

