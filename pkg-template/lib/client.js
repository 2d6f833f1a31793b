// The client: one core per client (signing, request building, the plan of a call, the
// verdict on a reply), the group objects built from the operations table, and the policy
// around each attempt (`#run`): rate limit, token refresh, timeout, retries with backoff,
// a log record per attempt. The policy follows the call's plan (lib/plan.js: version,
// shop, rate-limit bucket, read or write, timeout) and decides none of it again. One
// attempt itself is lib/transport.js.

import { Core, defaults, neverThrows, RAW } from "./core.js";
import { callOptions } from "./call-options.js";
import { optionsObject, scopeList, token } from "./checks.js";
import { clientOptions } from "./client-options.js";
import { timeoutSignal } from "./deadline.js";
import { invalidError, TikTokShopError, withFields } from "./errors.js";
import { groupObject } from "./groups.js";
import { findOperation, groups, requireOperation } from "./operations.js";
import { all, pages } from "./paginate.js";
import { paramsText, queryText } from "./params.js";
import { Planner, versionPlan } from "./plan.js";
import { limiterFor } from "./rate-limit.js";
import { backoffMs, DEFAULT_RETRIES, isRetryable, sleep } from "./retry.js";
import { resolveFetch, sharesRateLimits } from "./runtime.js";
import { TokenKeeper } from "./token-keeper.js";
import { tokenSet } from "./token-set.js";
import { attempt } from "./transport.js";

export class TikTokShop {
  static #groupsInstalled = false;
  static #defaults = null;
  #core;
  #o;
  #info;
  #fetch;
  #writeFetch;
  #limiter;
  #tokens;
  #planner;
  #clientSecrets = () => this.#secrets();
  #groups = new Map();

  /**
   * @param {object} options `appKey`, `appSecret` (required); `accessToken`, `shopCipher`,
   *   `baseUrl`, `authBaseUrl`, `proxy`, `fetch`, `timeoutMs`, `retries`, `rateLimit`,
   *   `refreshToken`, `accessTokenExpiresAt`, `refreshSkewSeconds`, `onTokens`, `tokenStore`,
   *   `logger`, `maxResponseBytes` (see lib/client-options.js and the README).
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
    this.#planner = new Planner(this.#core, o);
    this.#tokens = new TokenKeeper(o, {
      apply: (accessToken, scopes) => this.#core.setAccessToken(accessToken, scopes),
      refresh: (refreshToken) => this.#refreshRequest(refreshToken),
    });
    if (o.rateLimit) this.#limiter = o.rateLimit.limiter ?? limiterFor(o.appKey, o.rateLimit.settings, sharesRateLimits());
    this.#info = {
      appKey: o.appKey,
      shopCipher: o.shopCipher ?? null,
      baseUrl: o.baseUrl ?? null,
      authBaseUrl: o.authBaseUrl ?? null,
      proxy: o.proxy ? "[set]" : null,
    };
    if (!TikTokShop.#groupsInstalled) TikTokShop.#installGroups();
  }

  /** TikTok's business API host, the default of `baseUrl`. */
  static get DEFAULT_BASE_URL() {
    return (TikTokShop.#defaults ??= defaults()).baseUrl;
  }

  /** TikTok's token host, the default of `authBaseUrl`. */
  static get DEFAULT_AUTH_BASE_URL() {
    return (TikTokShop.#defaults ??= defaults()).authBaseUrl;
  }

  /** The per-attempt timeout of a call, unless the client or the call sets one. */
  static get DEFAULT_TIMEOUT_MS() {
    return (TikTokShop.#defaults ??= defaults()).timeoutMs;
  }

  /** The per-attempt timeout of an upload, unless the client or the call sets one. */
  static get DEFAULT_UPLOAD_TIMEOUT_MS() {
    return (TikTokShop.#defaults ??= defaults()).uploadTimeoutMs;
  }

  /**
   * Calls any operation by group and name: `shop.call("order", "getOrderList", { page_size: 20 })`.
   * Options: `version`, `shopCipher`, `signal`, `timeoutMs`, `retries`, `retryWrites`.
   */
  async call(group, operation, params, options) {
    return this.#invoke(requireOperation(group, operation), params, options);
  }

  /**
   * What a call would do, as the client decides it, without sending anything: its version,
   * method, path template, host, the shop it goes to and the rate-limit bucket it waits in,
   * read or write, upload or not, the attempt's timeout, and where a page's items are.
   * Refuses what the call would refuse for its version and shop (the parameters
   * themselves are checked when it is sent).
   */
  plan(group, operation, params, options) {
    const op = requireOperation(group, operation);
    try {
      const opts = callOptions(options);
      const v = versionPlan(op.index, opts.version);
      return this.#planner.call(v, paramsText(params, { fileParams: v.files ?? null }).shopCipher, opts).plan;
    } catch (error) {
      throw ofOperation(error, op);
    }
  }

  /**
   * Signs and sends a request the operations table does not describe (an endpoint newer
   * than this package), through the same pipeline: `{ method, path, query, body, shopCipher }`.
   * `shopCipher: true` sends the client's. Only a GET is retried.
   */
  async request(spec, options) {
    const s = optionsObject(spec, "request", ["method", "path", "query", "body", "shopCipher"], invalidError);
    // The core judges the method (one of the four) and the path; here only their types.
    const method = typeof s.method === "string" ? s.method.slice(0, 16).toUpperCase() : "";
    if (typeof s.path !== "string") throw invalidError("path", "`path` must be a string like /product/202309/products/search");
    const query = queryText(s.query, "query");
    const body = s.body === undefined || s.body === null ? undefined : paramsText(s.body, { field: "body", prefix: "body." }).text;
    const shopCipher = s.shopCipher === true ? true : token(s.shopCipher === false ? undefined : s.shopCipher, "shopCipher");
    const opts = callOptions(options);
    const planned = this.#planner.raw(method, s.path, shopCipher, opts);
    const core = this.#core;
    const getBody = this.#o.fetch !== undefined;
    const send = (fetch, signal) => core.sendRaw(method, s.path, query, body, planned.shop, planned.cipher, fetch, signal, getBody);
    return this.#run(planned.plan, RAW, 0, send, undefined, opts);
  }

  /**
   * A call of one operation of the table: what `call()` and the group methods run. Not
   * async itself (one promise less per call); a bad argument still rejects, never throws.
   */
  #invoke(op, params, options) {
    try {
      return this.#start(op, params, options);
    } catch (error) {
      // A parameter or option refused before anything was sent: say whose.
      return Promise.reject(ofOperation(error, op));
    }
  }

  /** A call planned (its version's plan is the core's choice), its params read once, then run. */
  #start(op, params, options) {
    const opts = callOptions(options);
    const v = versionPlan(op.index, opts.version);
    const { text, files, shopCipher } = paramsText(params, { fileParams: v.files ?? null });
    const { plan, index, ordinal, shop, cipher } = this.#planner.call(v, shopCipher, opts);
    const core = this.#core;
    const getBody = this.#o.fetch !== undefined;
    const send = (fetch, signal) => core.send(index, ordinal, shop, text, files, cipher, fetch, signal, getBody);
    return this.#run(plan, index, ordinal, send, plan.host === "auth" ? tokenCallSecrets(text) : undefined, opts);
  }

  /**
   * The policy around attempts: wait for the rate limit and a fresh token, send, and on
   * failure refresh once after 105002, or back off and retry what is safe to repeat.
   * Everything about the call itself is its plan's.
   */
  async #run(plan, index, ordinal, send, callSecrets, opts) {
    const { signal } = opts;
    const retries = opts.retries ?? this.#o.retries ?? DEFAULT_RETRIES;
    const auth = plan.host === "auth";
    const slot = signal ? { ...plan.rateLimit, signal } : plan.rateLimit;
    const bound = { signal, timeoutMs: plan.timeoutMs };
    const ctx = {
      index,
      ordinal,
      signal: null,
      timeout: null,
      callerSignal: signal,
      trustSignal: !this.#o.fetch,
      maxBytes: this.#o.maxResponseBytes,
      operation: plan.operation,
      what: plan.operation ?? `${plan.method} ${plan.path.slice(0, 200)}`,
      host: plan.hostname,
      timeoutMs: plan.timeoutMs,
      secrets: callSecrets ? () => this.#secrets(callSecrets) : this.#clientSecrets,
    };
    const fetch = plan.read ? this.#fetch : (this.#writeFetch ?? this.#fetch);
    let refreshed = false;
    for (let n = 1; ; n++) {
      const started = this.#o.logger ? performance.now() : 0;
      // Waiting for a fresh token and for a slot is skipped without allocation when not
      // needed. The token first: calls released by the limiter one by one would otherwise
      // reach the token keeper spread over time, each group starting a refresh of its own.
      try {
        if (!auth) {
          const ready = this.#tokens.ready(bound);
          if (ready) await ready;
        }
        const wait = this.#limiter?.acquire(slot);
        if (wait) await wait;
      } catch (error) {
        // A failed refresh made its own bounded retries: not retried again here.
        if (signal?.aborted) throw signal.reason;
        throw error;
      }
      const generation = this.#tokens.generation;
      const deadline = timeoutSignal(plan.timeoutMs);
      ctx.timeout = deadline.signal;
      ctx.signal = signal ? AbortSignal.any([signal, ctx.timeout]) : ctx.timeout;
      try {
        let reply;
        try {
          reply = await attempt(send, fetch, ctx);
        } finally {
          deadline.release();
        }
        const data = auth ? tokenSet(reply.data) : reply.data;
        if (this.#o.logger) this.#record(plan, n, started, reply, null);
        return data;
      } catch (error) {
        // The caller's own abort surfaces as the signal's reason, as with fetch.
        if (signal?.aborted) throw signal.reason;
        const failure = error instanceof TikTokShopError ? error : internal(error);
        if (this.#o.logger) this.#record(plan, n, started, null, failure);
        // An expired token (105002) was refused before any work: refresh once and retry.
        if (failure.kind === "expired_token" && !refreshed && !auth && this.#tokens.canRefresh) {
          refreshed = true;
          await this.#tokens.refresh(generation, bound);
          n -= 1; // the retry after a refresh is not counted against `retries`
          continue;
        }
        // TikTok's 429 is the truth over the client's own bucket (limits may be lowered).
        if (failure.kind === "rate_limit" && failure.httpStatus !== null) {
          this.#limiter?.backOff?.({ ...plan.rateLimit, retryAfterMs: (failure.retryAfter ?? 1) * 1000 });
        }
        if (n > retries || !isRetryable(failure, { read: plan.read, retryWrites: opts.retryWrites })) {
          throw n === 1 ? failure : withFields(failure, { attempts: n, message: `${failure.message} (after ${n} attempts)` });
        }
        await sleep(backoffMs(n, failure.retryAfter), signal);
      }
    }
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
  #record(plan, attemptNo, started, reply, error) {
    const record = {
      operation: plan.operation,
      version: plan.version,
      method: plan.method,
      path: plan.operation === null ? null : plan.path,
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
      this.#o.logger(record);
    } catch {
      // The call's outcome is what the API said, not what the logger did.
    }
  }

  /**
   * Replaces the access token (e.g. after the seller authorized again), with the scopes it
   * was granted when known (a call they cannot make is refused before sending).
   */
  setAccessToken(accessToken, grantedScopes) {
    this.#tokens.setAccessToken(token(accessToken ?? undefined, "accessToken"), scopeList(grantedScopes, "grantedScopes"));
  }

  /** Replaces the token set: `{ access_token, access_token_expire_in, refresh_token }`. */
  setTokens(tokens) {
    this.#tokens.set(tokens);
  }

  /** What the client is configured with, without secrets. */
  toJSON() {
    return {
      ...this.#info,
      hasAccessToken: this.#tokens.hasAccessToken,
      grantedScopes: this.#tokens.grantedScopes,
      canRefresh: this.#tokens.canRefresh,
    };
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return `TikTokShop ${JSON.stringify(this.toJSON())}`;
  }

  /** `shop.order`, `shop.returnRefund`...: one getter per group on the prototype. */
  #methods(group, names) {
    let methods = this.#groups.get(group);
    if (!methods) {
      methods = {};
      for (const op of names) {
        const method = (params, options) => this.#invoke(op, params, options);
        if (op.paginated) {
          method.pages = (params, options) => pages(this, op, params, options);
          method.all = (params, options) => all(this, op, params, options);
        }
        methods[op.operation] = method;
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

/** An error refused before anything was sent, saying whose call it was. */
function ofOperation(error, op) {
  return error instanceof TikTokShopError && !error.operation ? withFields(error, { operation: `${op.group}.${op.operation}` }) : error;
}

/** The auth code or refresh token a token call sends (its params are small: read again here). */
function tokenCallSecrets(text) {
  const params = JSON.parse(text);
  return [params.auth_code, params.refresh_token].filter((v) => typeof v === "string");
}

function internal(error) {
  return new TikTokShopError({ kind: "internal", message: `unexpected failure: ${error instanceof Error ? error.name : typeof error}` });
}
