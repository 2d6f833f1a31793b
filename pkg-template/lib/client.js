// The client: one core per client (signing, request building, the verdict on a reply),
// the group objects built from the operations table, and the policy around each attempt
// (`#run`): rate limit, token refresh, timeout, retries with backoff, a log record per
// attempt. One attempt itself is lib/transport.js.

import { Core, neverThrows, RAW } from "./core.js";
import { timeoutSignal } from "./deadline.js";
import { configError, invalidError, TikTokShopError, withFields } from "./errors.js";
import { entryAt, findOperation, groups } from "./operations.js";
import { callOptions, clientOptions, optionsObject, paramsText, queryText, token } from "./options.js";
import { all, pages } from "./paginate.js";
import { didYouMean } from "./suggest.js";
import { limiterFor } from "./rate-limit.js";
import { backoffMs, DEFAULT_RETRIES, isRetryable, sleep } from "./retry.js";
import { resolveFetch, sharesRateLimits } from "./runtime.js";
import { TokenKeeper } from "./token-keeper.js";
import { tokenSet } from "./token-set.js";
import { attempt } from "./transport.js";

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_UPLOAD_TIMEOUT_MS = 120_000;
const API_HOST = "open-api.tiktokglobalshop.com";
const AUTH_HOST = "auth.tiktok-shops.com";
const RAW_METHODS = ["GET", "POST", "PUT", "DELETE"];

export class TikTokShop {
  static #groupsInstalled = false;
  #core;
  #o;
  #info;
  #fetch;
  #writeFetch;
  #limiter;
  #tokens;
  #hosts;
  #groups = new Map();

  /**
   * @param {object} options `appKey`, `appSecret` (required); `accessToken`, `shopCipher`,
   *   `baseUrl`, `authBaseUrl`, `proxy`, `fetch`, `timeoutMs`, `retries`, `rateLimit`,
   *   `refreshToken`, `accessTokenExpiresAt`, `refreshSkewSeconds`, `onTokens`, `tokenStore`,
   *   `logger`, `maxResponseBytes` (see lib/options.js and the README).
   */
  constructor(options) {
    const o = clientOptions(options);
    const { fetch, writeFetch } = resolveFetch(o);
    this.#o = o;
    // A caller's fetch may throw; the core must never see one do so (lib/core.js). The
    // runtimes' own (and the proxy adapters, async functions) reject instead.
    this.#fetch = o.fetch ? neverThrows(fetch) : fetch;
    this.#writeFetch = writeFetch && (o.fetch ? neverThrows(writeFetch) : writeFetch);
    this.#core = new Core(o);
    this.#tokens = new TokenKeeper(o, {
      apply: (accessToken) => this.#core.setAccessToken(accessToken),
      refresh: (refreshToken) => this.#refreshRequest(refreshToken),
    });
    if (o.rateLimit) this.#limiter = o.rateLimit.limiter ?? limiterFor(o.appKey, o.rateLimit.settings, sharesRateLimits());
    this.#hosts = { api: o.baseUrl ? new URL(o.baseUrl).host : API_HOST, auth: o.authBaseUrl ? new URL(o.authBaseUrl).host : AUTH_HOST };
    this.#info = {
      appKey: o.appKey,
      shopCipher: o.shopCipher ?? null,
      baseUrl: o.baseUrl ?? null,
      authBaseUrl: o.authBaseUrl ?? null,
      proxy: o.proxy ? "[set]" : null,
    };
    if (!TikTokShop.#groupsInstalled) TikTokShop.#installGroups();
  }

  /**
   * Calls any operation by group and name: `shop.call("order", "getOrderList", { page_size: 20 })`.
   * Options: `version`, `shopCipher`, `signal`, `timeoutMs`, `retries`, `retryWrites`.
   */
  async call(group, operation, params, options) {
    if (typeof group !== "string") throw invalidError("group", "`group` must be a string, e.g. \"order\"");
    if (typeof operation !== "string") throw invalidError("operation", "`operation` must be a string, e.g. \"getOrderList\"");
    const entry = findOperation(group, operation);
    if (!entry) throw unknownOperation(group, operation);
    return this.#invoke(entry, params, options);
  }

  /**
   * Signs and sends a request the operations table does not describe (an endpoint newer
   * than this package), through the same pipeline: `{ method, path, query, body, shopCipher }`.
   * `shopCipher: true` sends the client's. Only a GET is retried.
   */
  async request(spec, options) {
    const s = optionsObject(spec, "request", ["method", "path", "query", "body", "shopCipher"], invalidError);
    const method = typeof s.method === "string" ? s.method.toUpperCase() : s.method;
    if (!RAW_METHODS.includes(method)) throw invalidError("method", "`method` must be GET, POST, PUT or DELETE");
    if (typeof s.path !== "string") throw invalidError("path", "`path` must be a string like /product/202309/products/search");
    const query = queryText(s.query, "query");
    const body = s.body === undefined || s.body === null ? undefined : paramsText(s.body, { field: "body", prefix: "body." }).text;
    const shopCipher = s.shopCipher === true ? this.#o.shopCipher : token(s.shopCipher === false ? undefined : s.shopCipher, "shopCipher");
    if (s.shopCipher === true && !shopCipher) throw configError("shopCipher", "`shopCipher: true` needs the client's `shopCipher`");
    const opts = callOptions(options);
    const call = { method, path: s.path, query, body, shopCipher, getBody: this.#o.fetch !== undefined };
    return this.#run(
      {
        index: RAW,
        version: undefined,
        versionName: null,
        name: `${method} ${s.path.slice(0, 200)}`,
        api: `${method} ${s.path}`,
        shop: shopCipher ?? "",
        read: method === "GET",
        auth: false,
        multipart: false,
        send: (fetch, signal) => this.#core.sendRaw(call, fetch, signal),
      },
      opts,
    );
  }

  /**
   * A call of one operation of the table: what `call()` and the group methods run. Not
   * async itself (one promise less per call); a bad argument still rejects, never throws.
   */
  #invoke(entry, params, options) {
    try {
      return this.#start(entry, params, options);
    } catch (error) {
      // A parameter or option refused before anything was sent: say whose.
      const operation = `${entry.group}.${entry.operation}`;
      return Promise.reject(error instanceof TikTokShopError && !error.operation ? withFields(error, { operation }) : error);
    }
  }

  #start(entry, params, options) {
    const opts = callOptions(options);
    const version = entry.byVersion[opts.version ?? entry.versions[0]];
    if (!version) {
      throw new TikTokShopError({
        kind: "invalid_request",
        field: "version",
        operation: `${entry.group}.${entry.operation}`,
        message: `${entry.group}.${entry.operation} has no version ${opts.version}; available: ${entry.versions.join(", ")}`,
      });
    }
    const { text, files, shopCipher } = paramsText(params, { fileParams: version.files ?? null });
    const call = {
      index: entry.index,
      params: text,
      files,
      version: opts.version,
      shopCipher: opts.shopCipher,
      getBody: this.#o.fetch !== undefined,
    };
    return this.#run(
      {
        index: entry.index,
        version: opts.version,
        versionName: opts.version ?? entry.versions[0],
        name: `${entry.group}.${entry.operation}`,
        api: `${version.method} ${version.path}`,
        shop: opts.shopCipher ?? shopCipher ?? this.#o.shopCipher ?? "",
        read: version.read,
        auth: version.host === "auth",
        secrets: version.host === "auth" ? tokenCallSecrets(text) : undefined,
        multipart: version.multipart,
        send: (fetch, signal) => this.#core.send(call, fetch, signal),
      },
      opts,
    );
  }

  /**
   * The policy around attempts: wait for the rate limit and a fresh token, send, and on
   * failure refresh once after 105002, or back off and retry what is safe to repeat.
   */
  async #run(call, opts) {
    const { signal } = opts;
    const timeoutMs = opts.timeoutMs ?? this.#o.timeoutMs ?? (call.multipart ? DEFAULT_UPLOAD_TIMEOUT_MS : DEFAULT_TIMEOUT_MS);
    const retries = opts.retries ?? this.#o.retries ?? DEFAULT_RETRIES;
    let refreshed = false;
    for (let n = 1; ; n++) {
      const started = performance.now();
      // Waiting for a fresh token and for a slot is skipped without allocation when not
      // needed. The token first: calls released by the limiter one by one would otherwise
      // reach the token keeper spread over time, each group starting a refresh of its own.
      try {
        if (!call.auth) {
          const ready = this.#tokens.ready({ signal, timeoutMs });
          if (ready) await ready;
        }
        const slot = this.#limiter?.acquire({ shop: call.shop, api: call.api, signal });
        if (slot) await slot;
      } catch (error) {
        // A failed refresh made its own bounded retries: not retried again here.
        if (signal?.aborted) throw signal.reason;
        throw error;
      }
      const generation = this.#tokens.generation;
      const deadline = timeoutSignal(timeoutMs);
      const timeout = deadline.signal;
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        let reply;
        try {
          reply = await attempt(() => call.send(this.#fetchFor(call), attemptSignal), {
            index: call.index,
            version: call.version,
            signal: attemptSignal,
            trustSignal: !this.#o.fetch,
            timeout,
            callerSignal: signal,
            maxBytes: this.#o.maxResponseBytes,
            operation: call.index === RAW ? null : call.name,
            what: call.name,
            host: call.auth ? this.#hosts.auth : this.#hosts.api,
            timeoutMs,
            secrets: () => this.#secrets(call.secrets),
          });
        } finally {
          deadline.release();
        }
        const data = call.auth ? tokenSet(reply.data) : reply.data;
        this.#record(call, opts, n, started, reply, null);
        return data;
      } catch (error) {
        // The caller's own abort surfaces as the signal's reason, as with fetch.
        if (signal?.aborted) throw signal.reason;
        const failure = error instanceof TikTokShopError ? error : internal(error);
        this.#record(call, opts, n, started, null, failure);
        // An expired token (105002) was refused before any work: refresh once and retry.
        if (failure.kind === "expired_token" && !refreshed && !call.auth && this.#tokens.canRefresh) {
          refreshed = true;
          await this.#tokens.refresh(generation, { signal, timeoutMs });
          n -= 1; // the retry after a refresh is not counted against `retries`
          continue;
        }
        // TikTok's 429 is the truth over the client's own bucket (limits may be lowered).
        if (failure.kind === "rate_limit" && failure.httpStatus !== null) {
          this.#limiter?.backOff?.({ shop: call.shop, api: call.api, retryAfterMs: (failure.retryAfter ?? 1) * 1000 });
        }
        if (n > retries || !isRetryable(failure, { read: call.read, retryWrites: opts.retryWrites })) {
          throw n === 1 ? failure : withFields(failure, { attempts: n, message: `${failure.message} (after ${n} attempts)` });
        }
        await sleep(backoffMs(n, failure.retryAfter), signal);
      }
    }
  }

  /** Writes go out where the runtime cannot re-send them (Deno's pooled connections). */
  #fetchFor(call) {
    return call.read ? this.#fetch : (this.#writeFetch ?? this.#fetch);
  }

  /**
   * One refresh request for the token keeper: the client's timeout, its own bounded
   * retries of transient failures (a refresh is not a read: a retry after a lost reply
   * meets a spent refresh token, which is no worse than the lost reply), no caller's signal
   * (the refresh serves every caller).
   */
  #refreshRequest(refreshToken) {
    return this.#invoke(findOperation("token", "refreshAccessToken"), { refresh_token: refreshToken }, { retryWrites: true });
  }

  /**
   * Values no text from a runtime or a server may carry into a message: the client's own
   * and the call's (a token call's auth code or refresh token).
   */
  #secrets(ofCall = []) {
    return [this.#o.appSecret, this.#o.accessToken, this.#o.refreshToken, ...this.#tokens.secrets(), ...ofCall];
  }

  /** One log record per attempt. A logger that throws changes nothing about the call. */
  #record(call, opts, attemptNo, started, reply, error) {
    const log = this.#o.logger;
    if (!log) return;
    const [method, path] = call.api.split(" ");
    const record = {
      operation: call.index === RAW ? null : call.name,
      version: call.versionName,
      method,
      path: call.index === RAW ? null : path,
      attempt: attemptNo,
      outcome: error ? "error" : "ok",
      httpStatus: reply?.httpStatus ?? error?.httpStatus ?? null,
      code: error ? error.code : 0,
      kind: error?.kind ?? null,
      message: error?.message ?? null,
      requestId: reply?.requestId ?? error?.requestId ?? null,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    try {
      log(record);
    } catch {
      // The call's outcome is what the API said, not what the logger did.
    }
  }

  /** Replaces the access token (e.g. after the seller authorized again). */
  setAccessToken(accessToken) {
    this.#tokens.setAccessToken(token(accessToken ?? undefined, "accessToken"));
  }

  /** Replaces the token set: `{ access_token, access_token_expire_in, refresh_token }`. */
  setTokens(tokens) {
    this.#tokens.set(tokens);
  }

  /** What the client is configured with, without secrets. */
  toJSON() {
    return { ...this.#info, hasAccessToken: this.#tokens.hasAccessToken, canRefresh: this.#tokens.canRefresh };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return `TikTokShop ${JSON.stringify(this.toJSON())}`;
  }

  /** `shop.order`, `shop.returnRefund`...: one getter per group on the prototype. */
  #methods(group, names) {
    let methods = this.#groups.get(group);
    if (!methods) {
      methods = {};
      for (const { operation, index, paginated } of names) {
        const method = (params, options) => this.#invoke(entryAt(index), params, options);
        if (paginated) {
          method.pages = (params, options) => pages(this, entryAt(index), params, options);
          method.all = (params, options) => all(this, entryAt(index), params, options);
        }
        methods[operation] = method;
      }
      methods = groupObject(group, Object.freeze(methods));
      this.#groups.set(group, methods);
    }
    return methods;
  }

  /**
   * Installed on first construction, not at import: in Deno the wasm finishes loading
   * (top-level await) after this module has been evaluated.
   */
  static #installGroups() {
    TikTokShop.#groupsInstalled = true;
    for (const [group, names] of groups()) {
      Object.defineProperty(TikTokShop.prototype, group, {
        configurable: true,
        enumerable: false,
        get() {
          return this.#methods(group, names);
        },
      });
    }
  }
}

/** `unknown operation order.getOrderLis (did you mean getOrderList?)`, or an unknown group likewise. */
function unknownOperation(group, operation) {
  const names = groups().get(group);
  const name = `${group.slice(0, 64)}.${operation.slice(0, 64)}`;
  if (!names) return invalidError("group", `unknown operation ${name}: no group ${group.slice(0, 64)}${didYouMean(group, [...groups().keys()], "")}`);
  return invalidError("operation", `unknown operation ${name}${didYouMean(operation, names.map((n) => n.operation), "")}`);
}

// Names that code probes on any object (await, JSON.stringify, inspectors, test
// frameworks, React, module interop): on a group they stay undefined, never an operation.
const PROBED = new Set(["then", "catch", "finally", "toJSON", "inspect", "asymmetricMatch", "nodeType", "tagName", "constructor", "length", "prototype", "default", "__esModule"]);
const METHOD_NAME = /^[a-z][A-Za-z0-9]*$/;

/**
 * A group's methods behind a Proxy: a name that is not an operation (a typo) is a method
 * that rejects with `unknown operation order.getOrderLis (did you mean getOrderList?)`
 * instead of a bare `TypeError: ... is not a function`. Symbols, probed names and
 * anything not shaped like a method name read as undefined; `in`, `Object.keys` and
 * inspection see the real methods only.
 */
function groupObject(group, methods) {
  const missing = new Map();
  return new Proxy(methods, {
    get(target, key, receiver) {
      if (typeof key !== "string" || key in target || PROBED.has(key) || !METHOD_NAME.test(key) || key.length > 128) {
        return Reflect.get(target, key, receiver);
      }
      let stub = missing.get(key);
      if (!stub) {
        const fail = () => Promise.reject(unknownOperation(group, key));
        stub = Object.assign(() => fail(), { pages: () => failing(fail), all: () => failing(fail) });
        if (missing.size < 64) missing.set(key, stub);
      }
      return stub;
    },
  });
}

/** An async iterable whose first step rejects (`.pages()` / `.all()` of an unknown operation). */
function failing(fail) {
  return { [Symbol.asyncIterator]: () => ({ next: fail, return: async () => ({ done: true, value: undefined }) }) };
}

/** The auth code or refresh token a token call sends (its params are small: read again here). */
function tokenCallSecrets(text) {
  const params = JSON.parse(text);
  return [params.auth_code, params.refresh_token].filter((v) => typeof v === "string");
}

function internal(error) {
  return new TikTokShopError({ kind: "internal", message: `unexpected failure: ${error instanceof Error ? error.name : typeof error}` });
}
