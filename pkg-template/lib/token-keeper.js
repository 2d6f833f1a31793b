// Keeps a client's access token fresh: refreshes it before it expires and after a
// 105002 reply, once for all concurrent calls (single flight), and hands the rotated
// refresh token to `onTokens` / `tokenStore.set` before any call uses the new access token.

import { sendAttempt } from "./attempt.js";
import { findOperation, operationIndex } from "./catalog.js";
import { configError, TikTokShopError } from "./errors.js";

const DEFAULT_SKEW_SECONDS = 300;

function expiry(value, field) {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.getTime() / 1000;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw configError(field, `\`${field}\` must be a Unix time in seconds (like access_token_expire_in) or a Date`);
}

function optionalFunction(value, field) {
  if (value !== undefined && typeof value !== "function") throw configError(field, `\`${field}\` must be a function`);
  return value;
}

export class TokenKeeper {
  #core;
  #refreshToken;
  #expiresAt;
  #skew;
  #onTokens;
  #store;
  #needsLoad;
  #loading = null;
  #refreshing = null;
  #failure = null;
  #generation = 0;

  constructor(core, options) {
    this.#core = core;
    this.#refreshToken = options.refreshToken || null;
    this.#expiresAt = expiry(options.accessTokenExpiresAt, "accessTokenExpiresAt");
    this.#skew = options.refreshSkewSeconds ?? DEFAULT_SKEW_SECONDS;
    if (typeof this.#skew !== "number" || !(this.#skew >= 0)) {
      throw configError("refreshSkewSeconds", "`refreshSkewSeconds` must be a number of seconds >= 0");
    }
    this.#onTokens = optionalFunction(options.onTokens, "onTokens");
    const store = options.tokenStore;
    if (store !== undefined && (typeof store?.get !== "function" || typeof store?.set !== "function")) {
      throw configError("tokenStore", "`tokenStore` must have `get()` and `set(tokens)` methods");
    }
    this.#store = store ?? null;
    // With a store and no token given, the first call reads the store (not the
    // constructor: Workers allow no I/O outside a request).
    this.#needsLoad = Boolean(store && !options.accessToken);
  }

  /** Whether this client can refresh by itself. */
  get canRefresh() {
    return Boolean(this.#refreshToken || this.#store);
  }

  /** Bumped whenever the access token changes: tells whether a failed call used a replaced token. */
  get generation() {
    return this.#generation;
  }

  /**
   * Before an attempt: waits for a refresh in flight, reads the store once, and refreshes
   * when the token expires within the skew. Returns undefined on the fast path.
   */
  ready() {
    if (this.#refreshing) return this.#refreshing;
    if (this.#needsLoad) {
      this.#needsLoad = false;
      // Stored tokens may themselves be expiring: check again once they are loaded.
      this.#loading = this.#load()
        .finally(() => (this.#loading = null))
        .then(() => this.ready());
    }
    if (this.#loading) return this.#loading;
    if (this.#failure) return Promise.reject(this.#failure);
    // Expiring soon, or no access token at all (a client made from a refresh token alone).
    if (this.canRefresh && (this.#expiring() || !this.#core.hasAccessToken)) return this.refresh(this.#generation);
    return undefined;
  }

  /**
   * Refreshes unless the token of `generation` was already replaced. Concurrent callers
   * share one refresh request.
   */
  refresh(generation) {
    if (this.#refreshing) return this.#refreshing;
    if (generation !== this.#generation) return Promise.resolve();
    if (this.#failure) return Promise.reject(this.#failure);
    this.#refreshing = this.#doRefresh().finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  /** Replaces the tokens by hand (e.g. after the seller authorized again). */
  set(tokens) {
    this.#adopt(tokens);
  }

  async #load() {
    try {
      const stored = await this.#store.get();
      if (stored) this.#adopt(stored);
    } catch (error) {
      this.#needsLoad = true;
      throw error;
    }
  }

  async #doRefresh() {
    // Another process or isolate may have refreshed already: its tokens are in the store.
    if (this.#store) {
      const stored = await this.#store.get();
      if (stored?.access_token && stored.refresh_token && stored.refresh_token !== this.#refreshToken) {
        this.#adopt(stored);
        if (!this.#expiring()) return;
      }
    }
    if (!this.#refreshToken) {
      throw new TikTokShopError({
        kind: "auth",
        field: "refreshToken",
        message: "the access token expired and the client has no refresh token to renew it",
      });
    }
    let tokens;
    try {
      const refresh = findOperation("token", "refreshAccessToken");
      tokens = (await sendAttempt(this.#core, operationIndex(refresh), JSON.stringify({ refresh_token: this.#refreshToken }), {}, false)).data;
    } catch (error) {
      if (!(error instanceof TikTokShopError)) throw error;
      const failure = new TikTokShopError({ ...error.toJSON(), message: `refreshing the access token failed: ${error.message}` });
      // A rejected refresh token won't work on the next call either: fail fast from now
      // on (until new tokens are set) instead of refreshing in a loop.
      if (error.kind === "auth") this.#failure = failure;
      throw failure;
    }
    // Persist first: losing a rotated refresh token loses the seller's authorization.
    if (this.#onTokens) await this.#onTokens(tokens);
    if (this.#store) await this.#store.set(tokens);
    this.#adopt(tokens);
  }

  #expiring() {
    return this.#expiresAt !== null && this.#expiresAt - Date.now() / 1000 <= this.#skew;
  }

  #adopt(tokens) {
    this.#core.setAccessToken(tokens.access_token);
    if (tokens.refresh_token) this.#refreshToken = tokens.refresh_token;
    this.#expiresAt = expiry(tokens.access_token_expire_in, "access_token_expire_in");
    this.#failure = null;
    this.#generation += 1;
  }
}
