// The client: one Rust `Core` per client, the group objects built from the
// catalog, and the call pipeline around the core's single attempt.

import { Core } from "../tiktok_shop_wasm.js";
import { groups } from "./catalog.js";
import { configError } from "./errors.js";
import { resolveFetch } from "./runtime.js";

const DEFAULT_TIMEOUT_MS = 30_000;
const GROUPS = Symbol("groups");

function checkOptions(options) {
  if (options === undefined) options = {};
  if (options === null || typeof options !== "object") {
    throw configError("options", "options must be an object");
  }
  return options;
}

function positiveNumber(value, field) {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw configError(field, `\`${field}\` must be a positive number of milliseconds`);
  }
  return value;
}

/** Builds the Rust core for a set of client options (validating them all). */
export function createCore(options) {
  const fetch = resolveFetch(options);
  return new Core({
    appKey: options.appKey,
    appSecret: options.appSecret,
    accessToken: options.accessToken,
    shopCipher: options.shopCipher,
    baseUrl: options.baseUrl,
    authBaseUrl: options.authBaseUrl,
    fetch,
  });
}

/** The abort signal of one attempt: the caller's signal and the timeout, whichever fires first. */
function attemptSignal(signal, timeoutMs) {
  const timeout = AbortSignal.timeout(timeoutMs);
  if (!signal) return timeout;
  return AbortSignal.any([signal, timeout]);
}

export class TikTokShop {
  #core;
  #info;
  #timeoutMs;

  /**
   * @param {object} options `appKey`, `appSecret` (required); `accessToken`, `shopCipher`,
   *   `baseUrl`, `authBaseUrl`, `proxy`, `fetch`, `timeoutMs`.
   */
  constructor(options) {
    options = checkOptions(options);
    this.#timeoutMs = positiveNumber(options.timeoutMs, "timeoutMs") ?? DEFAULT_TIMEOUT_MS;
    this.#core = createCore(options);
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
   * Options: `version`, `shopCipher`, `signal`, `timeoutMs`.
   */
  async call(group, operation, params, options) {
    options = options ?? {};
    const signal = options.signal;
    const timeoutMs = positiveNumber(options.timeoutMs, "timeoutMs") ?? this.#timeoutMs;
    try {
      const reply = await this.#core.send(group, operation, params, {
        version: options.version,
        shopCipher: options.shopCipher,
        signal: attemptSignal(signal, timeoutMs),
      });
      return reply.data;
    } catch (error) {
      // The caller's own abort surfaces as the signal's reason, as with fetch.
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  }

  /** Replaces the access token (e.g. after a refresh). */
  setAccessToken(accessToken) {
    this.#core.setAccessToken(accessToken ?? undefined);
  }

  /** What the client is configured with, without secrets. */
  toJSON() {
    return { ...this.#info, hasAccessToken: this.#core.hasAccessToken };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return `TikTokShop ${JSON.stringify(this.toJSON())}`;
  }
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
            methods[entry.operation] = (params, options) => this.call(group, entry.operation, params, options);
          }
          this[GROUPS].set(group, Object.freeze(methods));
        }
        return methods;
      },
    });
  }
}
