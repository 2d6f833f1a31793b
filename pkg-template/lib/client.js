// The client: one Rust `Core` per client (signing, request building, one attempt), the
// group objects built from the catalog, and the pipeline around each attempt: rate
// limit, token refresh, timeout, retries with backoff, and a log record per attempt.

import { Core } from "../tiktok_shop_wasm.js";
import { sendAttempt } from "./attempt.js";
import { findOperation, groups, operationIndex } from "./catalog.js";
import { timeoutSignal } from "./deadline.js";
import { configError, TikTokShopError } from "./errors.js";
import { all, pages } from "./paginate.js";
import { limiterFor, rateLimitSettings } from "./rate-limit.js";
import { backoffMs, DEFAULT_RETRIES, isRetryable, sleep } from "./retry.js";
import { resolveFetch, sharesRateLimits } from "./runtime.js";
import { TokenKeeper } from "./token-keeper.js";

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_UPLOAD_TIMEOUT_MS = 120_000;
const GROUPS = Symbol("groups");
const INVOKE = Symbol("invoke");

function checkOptions(options) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object") {
    throw configError("options", "options must be an object");
  }
  return options;
}

function positive(value, field) {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw configError(field, `\`${field}\` must be a positive number of milliseconds`);
  }
  return value;
}

function retriesOption(value, field) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0) throw configError(field, `\`${field}\` must be an integer >= 0`);
  return value;
}

function loggerOption(logger) {
  if (logger === undefined || logger === null) return null;
  if (typeof logger === "function") return logger;
  for (const method of ["debug", "info", "log"]) {
    if (typeof logger[method] === "function") return (record) => logger[method](record);
  }
  throw configError("logger", "`logger` must be a function or have a debug/info/log method");
}

/** The abort signal of one attempt: the caller's signal and the timeout, whichever fires first. */
function attemptSignal(signal, timeoutMs) {
  const timeout = timeoutSignal(timeoutMs);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

export class TikTokShop {
  #core;
  #info;
  #timeoutMs;
  #retries;
  #limiter;
  #tokens;
  #log;
  #writeFetch;

  /**
   * @param {object} options `appKey`, `appSecret` (required); `accessToken`, `shopCipher`,
   *   `baseUrl`, `authBaseUrl`, `proxy`, `fetch`, `timeoutMs`, `retries`, `rateLimit`,
   *   `refreshToken`, `accessTokenExpiresAt`, `refreshSkewSeconds`, `onTokens`, `tokenStore`, `logger`.
   */
  constructor(options) {
    options = checkOptions(options);
    this.#timeoutMs = positive(options.timeoutMs, "timeoutMs");
    this.#retries = retriesOption(options.retries, "retries") ?? DEFAULT_RETRIES;
    this.#log = loggerOption(options.logger);
    const rateLimit = rateLimitSettings(options.rateLimit);
    const { fetch, writeFetch } = resolveFetch(options);
    // The core validates the rest of the options (a `config` error naming the bad one).
    this.#core = new Core({
      appKey: options.appKey,
      appSecret: options.appSecret,
      accessToken: options.accessToken,
      shopCipher: options.shopCipher,
      baseUrl: options.baseUrl,
      authBaseUrl: options.authBaseUrl,
      fetch,
    });
    this.#writeFetch = writeFetch;
    this.#tokens = new TokenKeeper(this.#core, options);
    if (rateLimit) {
      const { requestsPerSecond, burst, maxQueue } = rateLimit;
      const key = `${options.appKey}\n${options.shopCipher ?? ""}\n${requestsPerSecond}\n${burst}\n${maxQueue}`;
      this.#limiter = limiterFor(key, rateLimit, sharesRateLimits());
    }
    this.#info = {
      appKey: options.appKey,
      shopCipher: options.shopCipher ?? null,
      baseUrl: options.baseUrl ?? null,
      authBaseUrl: options.authBaseUrl ?? null,
      proxy: options.proxy ? "[set]" : null,
    };
    this[GROUPS] = new Map();
    if (!groupsInstalled) installGroups();
  }

  /**
   * Calls any operation by group and name: `shop.call("order", "getOrderList", { page_size: 20 })`.
   * Options: `version`, `shopCipher`, `signal`, `timeoutMs`, `retries`, `retryWrites`.
   */
  async call(group, operation, params, options) {
    const entry = findOperation(group, operation);
    if (!entry) {
      throw new TikTokShopError({ kind: "invalid_request", field: "operation", message: `unknown operation ${group}.${operation}` });
    }
    return this[INVOKE](entry, params, options);
  }

  /** A call of a catalog entry: what `call()` and the group methods run. */
  async [INVOKE](entry, params, options) {
    options = options ?? {};
    const group = entry.group;
    const index = operationIndex(entry);
    // One JSON text crosses into the core instead of a round trip per parameter; uploads
    // keep the object (their parts are blobs).
    const payload = entry.multipart ? params : paramsJson(params);
    const signal = options.signal;
    const timeoutMs =
      positive(options.timeoutMs, "timeoutMs") ??
      this.#timeoutMs ??
      (entry.multipart ? DEFAULT_UPLOAD_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
    const retries = retriesOption(options.retries, "retries") ?? this.#retries;
    const read = entry.read;
    const sendOptions = {
      version: options.version,
      shopCipher: options.shopCipher,
      signal: undefined,
      // Writes must not be re-sent by the runtime's HTTP stack either.
      fetch: read ? undefined : this.#writeFetch,
    };
    let refreshed = false;

    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      let generation;
      try {
        // Waiting for a slot and for a fresh token are skipped without allocation when not needed.
        const slot = this.#limiter?.acquire(signal);
        if (slot) await slot;
        if (group !== "token") {
          const ready = this.#tokens.ready();
          if (ready) await ready;
        }
        generation = this.#tokens.generation;
        sendOptions.signal = attemptSignal(signal, timeoutMs);
        const reply = await sendAttempt(this.#core, index, payload, sendOptions, group !== "token");
        this.#record(entry, options, attempt, started, reply, null);
        return reply.data;
      } catch (error) {
        // The caller's own abort surfaces as the signal's reason, as with fetch.
        if (signal?.aborted) throw signal.reason;
        if (!(error instanceof TikTokShopError)) throw error;
        this.#record(entry, options, attempt, started, null, error);
        // An expired token (105002) was rejected before any work: refresh once and retry.
        if (error.kind === "expired_token" && !refreshed && this.#tokens.canRefresh && group !== "token") {
          refreshed = true;
          await this.#tokens.refresh(generation);
          attempt -= 1; // the retry after a refresh is not counted against `retries`
          continue;
        }
        if (attempt > retries || !isRetryable(error, { read, retryWrites: options.retryWrites })) {
          throw finalError(error, attempt);
        }
        await sleep(backoffMs(attempt, error.retryAfter), signal);
      }
    }
  }

  #record(entry, options, attempt, started, reply, error) {
    if (!this.#log) return;
    const version = options.version ?? entry.versions[0];
    this.#log({
      operation: `${entry.group}.${entry.operation}`,
      version,
      method: entry.method,
      path: entry.paths[version] ?? null,
      attempt,
      outcome: error ? "error" : "ok",
      httpStatus: reply?.httpStatus ?? error?.httpStatus ?? null,
      code: error ? error.code : 0,
      kind: error?.kind ?? null,
      message: error?.message ?? null,
      requestId: reply?.requestId ?? error?.requestId ?? null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  }

  /** Replaces the access token (e.g. after the seller authorized again). */
  setAccessToken(accessToken) {
    this.#core.setAccessToken(accessToken ?? undefined);
  }

  /** Replaces the token set: `{ access_token, access_token_expire_in, refresh_token }`. */
  setTokens(tokens) {
    this.#tokens.set(tokens);
  }

  /** What the client is configured with, without secrets. */
  toJSON() {
    return { ...this.#info, hasAccessToken: this.#core.hasAccessToken, canRefresh: this.#tokens.canRefresh };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return `TikTokShop ${JSON.stringify(this.toJSON())}`;
  }
}

/**
 * The params object as JSON text. BigInts become their digits; values JSON would drop or
 * change silently (functions, symbols, NaN, Infinity) are an error naming the parameter.
 */
function paramsJson(params) {
  if (params === undefined || params === null) return "{}";
  if (typeof params !== "object" || Array.isArray(params)) {
    throw new TikTokShopError({ kind: "invalid_request", field: "params", message: "params must be an object" });
  }
  // Plain values (the usual case) need no replacer; a nested BigInt makes JSON throw.
  for (const key in params) {
    const value = params[key];
    const type = typeof value;
    if (type === "bigint" || type === "function" || type === "symbol" || (type === "number" && !Number.isFinite(value))) {
      return JSON.stringify(params, jsonValue);
    }
  }
  try {
    return JSON.stringify(params);
  } catch {
    return JSON.stringify(params, jsonValue);
  }
}

function jsonValue(key, value) {
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
      if (Number.isFinite(value)) return value;
      break;
    case "function":
    case "symbol":
      break;
    default:
      return value;
  }
  throw new TikTokShopError({ kind: "invalid_request", field: key, message: `\`${key}\` is ${String(value)}, which JSON cannot carry` });
}

/** The error that surfaces after the last attempt says how many were made. */
function finalError(error, attempts) {
  if (attempts === 1) return error;
  return new TikTokShopError({ ...error.toJSON(), attempts, message: `${error.message} (after ${attempts} attempts)` });
}

/**
 * One getter per group on the prototype: `shop.order`, `shop.returnRefund`...
 * Installed on first construction, not at import: in Deno the wasm finishes
 * loading (top-level await) after this module has been evaluated.
 */
let groupsInstalled = false;
function installGroups() {
  groupsInstalled = true;
  for (const [group, entries] of groups()) {
    Object.defineProperty(TikTokShop.prototype, group, {
      configurable: true,
      enumerable: false,
      get() {
        let methods = this[GROUPS].get(group);
        if (!methods) {
          methods = {};
          for (const entry of entries) {
            const method = (params, options) => this[INVOKE](entry, params, options);
            if (entry.paginated) {
              method.pages = (params, options) => pages(this, entry, params, options);
              method.all = (params, options) => all(this, entry, params, options);
            }
            methods[entry.operation] = method;
          }
          this[GROUPS].set(group, Object.freeze(methods));
        }
        return methods;
      },
    });
  }
}
