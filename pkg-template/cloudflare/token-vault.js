// A seller's tokens, kept by exactly one Durable Object, which alone refreshes them.
//
// A refresh may rotate the refresh token: whoever refreshes must store the new one before
// anybody uses the new access token, and nobody else may refresh with the old one. Here
// one object refreshes, once for every caller waiting at the time (any isolate), and
// writes the new set to its storage before answering: a Durable Object's output gate
// holds every reply and outgoing request until that write is durable, so no new token is
// used before it is stored. A set refused for good (36004004, 36004001, 36004005) is
// remembered: later callers fail at once until the seller authorizes the app again.

import { TikTokShopError } from "../lib/errors.js";
import { token } from "../lib/options.js";

const SKEW_SECONDS = 300; // as the client: refresh this long before the access token expires

export class TokenVault {
  #state;
  #refreshRequest;
  #now;
  #refreshing = null;

  /**
   * @param {import("./state.js").ObjectState} state
   * @param {(refreshToken: string) => Promise<object>} refreshRequest sends one refresh
   *   (with the client's bounded retries) and resolves to the new token set
   * @param {() => number} [now] clock in ms
   */
  constructor(state, refreshRequest, now = Date.now) {
    this.#state = state;
    this.#refreshRequest = refreshRequest;
    this.#now = now;
  }

  /** Whether the object holds tokens. */
  get held() {
    return this.#state.get("tokens") !== null;
  }

  /** What a client needs to call the API: the access token and its expiry, never the refresh token. */
  get() {
    return usable(this.#state.get("tokens"));
  }

  /** Stores a complete token set (after authorization, or a refresh): the token fields only. */
  put(tokens) {
    for (const field of ["access_token", "refresh_token"]) {
      if (typeof tokens?.[field] !== "string" || !tokens[field]) {
        throw new TikTokShopError({ kind: "config", field: `tokens.${field}`, message: `the token set has no \`${field}\`` });
      }
      // A token goes into a header or a query: CR, LF or NUL in one is refused, never stored.
      token(tokens[field], `tokens.${field}`);
    }
    if (!Number.isFinite(tokens.access_token_expire_in)) {
      throw new TikTokShopError({ kind: "config", field: "tokens.access_token_expire_in", message: "the token set has no `access_token_expire_in`" });
    }
    this.#state.set("tokens", {
      access_token: tokens.access_token,
      access_token_expire_in: tokens.access_token_expire_in,
      refresh_token: tokens.refresh_token,
      refresh_token_expire_in: tokens.refresh_token_expire_in ?? null,
    });
    this.#state.delete("token_failure");
  }

  /** Forgets the tokens (the seller deauthorized the app). */
  clear() {
    this.#state.delete("tokens");
    this.#state.delete("token_failure");
  }

  /** The refusal that stopped refreshing, if any (`{ kind, code, message }`). */
  get failure() {
    return this.#state.get("token_failure");
  }

  /**
   * A client's `tokenStore.refresh`: the caller holds `current` and found it expired.
   * Someone else refreshed already (the stored token differs and is fresh): that set.
   * A refresh in flight: its result. Otherwise one refresh, stored before it is returned.
   */
  refresh(current) {
    if (this.#refreshing) return this.#refreshing;
    const failure = this.failure;
    if (failure) return Promise.reject(new TikTokShopError(failure));
    const stored = this.#state.get("tokens");
    if (!stored) {
      return Promise.reject(
        new TikTokShopError({ kind: "reauthorize", message: "no tokens are stored for this shop: the seller must authorize the app" }),
      );
    }
    if (current?.access_token !== stored.access_token && !this.#expiring(stored)) return Promise.resolve(usable(stored));
    this.#refreshing = this.#rotate(stored.refresh_token).finally(() => (this.#refreshing = null));
    return this.#refreshing;
  }

  async #rotate(refreshToken) {
    let fresh;
    try {
      fresh = await this.#refreshRequest(refreshToken);
    } catch (error) {
      if (error instanceof TikTokShopError && (error.kind === "auth" || error.kind === "reauthorize")) {
        this.#state.set("token_failure", { kind: error.kind, code: error.code, message: error.message });
      }
      throw error;
    }
    this.put(fresh);
    return usable(this.#state.get("tokens"));
  }

  #expiring(tokens) {
    return tokens.access_token_expire_in - this.#now() / 1000 <= SKEW_SECONDS;
  }
}

/**
 * A stored set as a client gets it: the access token and its expiry. The refresh token
 * stays in the object (a `tokenStore.refresh` answer may leave it out).
 */
function usable(tokens) {
  return tokens && { access_token: tokens.access_token, access_token_expire_in: tokens.access_token_expire_in };
}
