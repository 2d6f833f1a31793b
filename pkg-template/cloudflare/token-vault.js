// A seller's tokens, kept by exactly one Durable Object, which alone refreshes them.
//
// A refresh may rotate the refresh token: whoever refreshes must store the new one before
// anybody uses the new access token, and nobody else may refresh with the old one. Here
// one object refreshes, once for every caller waiting at the time (any isolate: the
// client's refresh flight, lib/refresh-flight.js, with the refusal kept in the object's
// storage), and writes the new set to its storage before answering: a Durable Object's
// output gate holds every reply and outgoing request until that write is durable, so no
// new token is used before it is stored. A set refused for good (36004004, 36004001,
// 36004005) is remembered: later callers fail at once until the seller authorizes again.
//
// What a complete set is and when a token is due are the client's rules
// (lib/token-set.js): the expiry is stored absolute, read once when the set arrives.

import { TikTokShopError } from "../lib/errors.js";
import { RefreshFlight } from "../lib/refresh-flight.js";
import { expiresAt, isExpiring, tokensArgument } from "../lib/token-set.js";

export class TokenVault {
  #state;
  #refreshRequest;
  #now;
  #flight;

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
    this.#flight = new RefreshFlight({
      get: () => {
        const fields = state.get("token_failure");
        return fields ? new TikTokShopError(fields) : null;
      },
      set: (error) => state.set("token_failure", { kind: error.kind, code: error.code, message: error.message }),
      clear: () => state.delete("token_failure"),
    });
  }

  /** Whether the object holds tokens. */
  get held() {
    return this.#state.get("tokens") !== null;
  }

  /**
   * What a client needs to call the API: the access token, its expiry and its granted
   * scopes, never the refresh token.
   */
  get() {
    return usable(this.#state.get("tokens"));
  }

  /**
   * Stores a complete token set (after authorization, or a refresh): the token fields
   * only, the expiry as an absolute time. A set the client could not use (a token with
   * CR, LF or NUL, no expiry...) is a `config` error naming the field; nothing is stored.
   */
  put(tokens) {
    const checked = tokensArgument(tokens, "tokens", { refreshToken: true, expiry: true });
    const now = this.#now();
    this.#state.set("tokens", {
      access_token: checked.access_token,
      access_token_expire_in: expiresAt(checked.access_token_expire_in, now),
      refresh_token: checked.refresh_token,
      refresh_token_expire_in: checked.refresh_token_expire_in === undefined ? null : expiresAt(checked.refresh_token_expire_in, now),
      granted_scopes: checked.granted_scopes ?? null,
    });
    this.#flight.clear();
  }

  /** Forgets the tokens (the seller deauthorized the app). */
  clear() {
    this.#state.delete("tokens");
    this.#flight.clear();
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
    if (this.#flight.running) return this.#flight.running;
    const refusal = this.#flight.refusal;
    if (refusal) return Promise.reject(refusal);
    const stored = this.#state.get("tokens");
    if (!stored) {
      return Promise.reject(
        new TikTokShopError({ kind: "reauthorize", message: "no tokens are stored for this shop: the seller must authorize the app" }),
      );
    }
    if (current?.access_token !== stored.access_token && !isExpiring(stored.access_token_expire_in, this.#now())) {
      return Promise.resolve(usable(stored));
    }
    return this.#flight.join(async () => {
      this.put(await this.#refreshRequest(stored.refresh_token));
      return usable(this.#state.get("tokens"));
    });
  }
}

/**
 * A stored set as a client gets it: the access token, its expiry and its scopes (when
 * known). The refresh token stays in the object (a `tokenStore.refresh` answer may leave
 * it out).
 */
function usable(tokens) {
  if (!tokens) return tokens;
  const out = { access_token: tokens.access_token, access_token_expire_in: tokens.access_token_expire_in };
  if (tokens.granted_scopes) out.granted_scopes = [...tokens.granted_scopes];
  return out;
}
