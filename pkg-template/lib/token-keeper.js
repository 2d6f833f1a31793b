// Keeps a client's access token fresh: refreshes it before it expires and after a 105002
// reply, once for every call waiting at the time (one refresh per wave: single flight),
// and hands the rotated tokens to `onTokens` / `tokenStore.set` before any call uses them.
//
// Every wait has a bound: the refresh request has the client's timeout and a bounded
// number of retries of its own, and each waiting call also leaves at its own deadline or
// when its signal aborts, whatever the refresh does.
//
// A refresh that failed for a passing reason (the token host down, slow or rate limiting)
// is remembered for a backoff (lib/retry.js, refreshHoldMs): calls that need a token
// meanwhile fail with it at once, so a wave of calls, however the rate limiter spreads
// them, costs one refresh and its own bounded retries, not one per group of arrivals.

import { TikTokShopError, withFields } from "./errors.js";
import { RefreshFlight } from "./refresh-flight.js";
import { isRetryable, onAbort, refreshHoldMs } from "./retry.js";
import { DEFAULT_SKEW_SECONDS, expiresAt, isExpiring, knownScopes, tokensArgument, tokenSet } from "./token-set.js";

export class TokenKeeper {
  #apply;
  #refreshFn;
  #now;
  #accessToken;
  #scopes; // the access token's granted scopes, or null: not known
  #refreshToken;
  #expiresAt;
  #skew;
  #onTokens;
  #store;
  #needsLoad;
  #loading = null;
  #flight = new RefreshFlight();
  #held = null; // { failure, until }: a passing failure, remembered for its backoff
  #failedInARow = 0;
  #generation = 0;

  /**
   * @param {object} o checked options (lib/client-options.js): `accessToken`, `grantedScopes`,
   *   `refreshToken`, `accessTokenExpiresAt`, `refreshSkewSeconds`, `onTokens`, `tokenStore`
   * @param {{ apply(token: string | undefined, scopes: string[] | null): void,
   *   refresh(refreshToken: string): Promise<object>, now?: () => number }} hooks `apply`
   *   hands the token and its granted scopes (null: not known) to the core; `refresh` sends
   *   one bounded refresh request and resolves to its reply's data
   */
  constructor(o, { apply, refresh, now = Date.now }) {
    this.#apply = apply;
    this.#refreshFn = refresh;
    this.#now = now;
    this.#accessToken = o.accessToken ?? null;
    this.#scopes = o.accessToken ? (o.grantedScopes ?? null) : null;
    this.#refreshToken = o.refreshToken ?? null;
    this.#expiresAt = o.accessTokenExpiresAt ?? null;
    this.#skew = o.refreshSkewSeconds ?? DEFAULT_SKEW_SECONDS;
    this.#onTokens = o.onTokens ?? null;
    this.#store = o.tokenStore ?? null;
    // With a store and no token given, the first call reads the store (not the
    // constructor: Workers allow no I/O outside a request).
    this.#needsLoad = Boolean(this.#store && !this.#accessToken);
    if (this.#accessToken) apply(this.#accessToken, this.#scopes);
  }

  get canRefresh() {
    return Boolean(this.#refreshToken || this.#store);
  }

  get hasAccessToken() {
    return this.#accessToken !== null;
  }

  /** The access token's granted scopes, or null when not known. */
  get grantedScopes() {
    return this.#scopes && [...this.#scopes];
  }

  /** The tokens held now, for scrubbing them out of a runtime's error text. */
  secrets() {
    return [this.#accessToken, this.#refreshToken];
  }

  /** Bumped whenever the access token changes: tells whether a failed call used a replaced token. */
  get generation() {
    return this.#generation;
  }

  /**
   * Before an attempt: waits for a refresh in flight, reads the store once, and refreshes
   * when the token expires within the skew. Undefined on the fast path.
   * @param {{ signal?: AbortSignal, timeoutMs: number }} bound the waiting call's own
   */
  ready(bound) {
    if (this.#flight.running) return within(this.#flight.running, bound);
    if (this.#needsLoad && !this.#loading) {
      this.#needsLoad = false;
      this.#loading = this.#load().finally(() => (this.#loading = null));
    }
    if (this.#loading) return within(this.#loading, bound).then(() => this.ready(bound));
    if (this.#flight.refusal) return Promise.reject(this.#flight.refusal);
    if (this.#held && this.#now() < this.#held.until && this.canRefresh && (this.#expiring() || !this.hasAccessToken)) {
      return Promise.reject(this.#held.failure);
    }
    // Expiring soon, or no access token at all (a client made from a refresh token alone).
    if (this.canRefresh && (this.#expiring() || !this.hasAccessToken)) return this.refresh(this.#generation, bound);
    return undefined;
  }

  /** Refreshes unless the token of `generation` was replaced already; joins a refresh in flight. */
  refresh(generation, bound) {
    if (!this.#flight.running) {
      if (generation !== this.#generation) return Promise.resolve();
      if (this.#held && this.#now() < this.#held.until && !this.#flight.refusal) return Promise.reject(this.#held.failure);
    }
    return within(this.#flight.join(() => this.#wave()), bound);
  }

  /** Replaces the tokens by hand (`setTokens`), e.g. after the seller authorized again. */
  set(tokens) {
    this.#adopt(tokensArgument(tokens, "tokens"));
  }

  /** Replaces the access token only (`setAccessToken`), with its scopes if known; checked by the caller. */
  setAccessToken(token, scopes) {
    this.#accessToken = token ?? null;
    this.#scopes = token ? (scopes ?? null) : null;
    this.#apply(token ?? undefined, this.#scopes);
    this.#forgetFailures();
    this.#generation += 1;
  }

  #forgetFailures() {
    this.#flight.clear();
    this.#held = null;
    this.#failedInARow = 0;
  }

  async #load() {
    let stored;
    try {
      stored = await this.#store.get();
    } catch (error) {
      this.#needsLoad = true;
      throw storeError("tokenStore.get", error);
    }
    if (stored) this.#adopt(checkStored(stored));
  }

  /** One refresh for everyone waiting now. */
  async #wave() {
    const store = this.#store;
    // Another process or isolate may have refreshed already: its tokens are in the store.
    if (store) {
      let stored;
      try {
        stored = await store.get();
      } catch (error) {
        throw storeError("tokenStore.get", error);
      }
      const checked = stored ? checkStored(stored) : null;
      if (checked && checked.access_token !== this.#accessToken) {
        this.#adopt(checked);
        if (!this.#expiring()) return;
      }
    }
    let tokens;
    try {
      if (store?.refresh) {
        // The store refreshes (once, for every isolate: tiktok-shop-wasm/cloudflare).
        tokens = tokenSet(await store.refresh(this.#current()), this.#now(), { refreshToken: false });
      } else {
        if (!this.#refreshToken) {
          throw new TikTokShopError({
            kind: "auth",
            field: "refreshToken",
            message: "the access token expired and the client has no refresh token to renew it",
          });
        }
        tokens = tokenSet(await this.#refreshFn(this.#refreshToken), this.#now());
      }
    } catch (error) {
      const failure =
        error instanceof TikTokShopError
          ? withFields(error, { message: `refreshing the access token failed: ${error.message}` })
          : storeError("tokenStore.refresh", error);
      // A refused refresh token will not work on the next call either: the flight fails
      // the next ones fast (until new tokens are set). A passing failure is held for its
      // backoff.
      if (isRetryable(failure, { read: true })) this.#hold(failure);
      throw failure;
    }
    // Persist first: losing a rotated refresh token loses the seller's authorization. If
    // that fails, this client still uses the new tokens (the old refresh token is spent),
    // and the calls waiting now learn that they were not saved.
    let persisted = null;
    try {
      if (this.#onTokens) await this.#onTokens(tokens);
      if (store && !store.refresh) await store.set(tokens);
    } catch (error) {
      persisted = storeError(this.#onTokens ? "onTokens" : "tokenStore.set", error);
    }
    this.#adopt(tokens);
    if (persisted) throw persisted;
  }

  /** Remembers a passing failure for its backoff; later calls share it until then. */
  #hold(failure) {
    this.#failedInARow += 1;
    const ms = refreshHoldMs(failure.attempts ?? 1, this.#failedInARow, failure.retryAfter ?? undefined);
    const held = withFields(failure, { message: `${failure.message}; the next refresh is tried in ${ms} ms at the earliest` });
    this.#held = { failure: held, until: this.#now() + ms };
  }

  #current() {
    return {
      access_token: this.#accessToken,
      refresh_token: this.#refreshToken,
      access_token_expire_in: this.#expiresAt,
      ...(this.#scopes ? { granted_scopes: [...this.#scopes] } : {}),
    };
  }

  #expiring() {
    return isExpiring(this.#expiresAt, this.#now(), this.#skew);
  }

  /** Takes a checked token set (`tokenSet`, `set`, `checkStored`); its scopes, if it names them. */
  #adopt(tokens) {
    this.#accessToken = tokens.access_token;
    this.#scopes = knownScopes(tokens);
    this.#apply(tokens.access_token, this.#scopes);
    if (typeof tokens.refresh_token === "string" && tokens.refresh_token) this.#refreshToken = tokens.refresh_token;
    this.#expiresAt = expiresAt(tokens.access_token_expire_in, this.#now());
    this.#forgetFailures();
    this.#generation += 1;
  }
}

/** What a store returned: a token set the client can use, or a `config` error naming the store. */
function checkStored(stored) {
  return tokensArgument(stored, "tokenStore.get");
}

/** A caller's hook (`onTokens`, the store) failed: a `config` error naming it, its error as cause. */
function storeError(field, error) {
  const what = error instanceof Error ? `: ${error.message}` : "";
  return new TikTokShopError({ kind: "config", field, message: `\`${field}\` failed${what}` }, { cause: error });
}

/**
 * `promise`, or the waiting call's own timeout or abort, whichever comes first; the
 * shared work goes on for the others.
 */
function within(promise, { signal, timeoutMs } = {}) {
  if (!signal && !timeoutMs) return promise;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    let timer = null;
    const stop = signal ? onAbort(signal, () => done(() => reject(signal.reason))) : null;
    const done = (settle) => {
      if (timer !== null) clearTimeout(timer);
      stop?.();
      settle();
    };
    if (timeoutMs) {
      timer = setTimeout(
        () => done(() => reject(new TikTokShopError({ kind: "timeout", message: `waiting for the access token refresh timed out after ${timeoutMs} ms` }))),
        timeoutMs,
      );
    }
    promise.then((v) => done(() => resolve(v)), (e) => done(() => reject(e)));
  });
}
