// Single-flight token refresh: one refresh for every caller waiting at the time, and a
// refresh token the server refused remembered, so that later callers fail at once instead
// of refreshing in a loop. The one home of the rule: a client's token keeper
// (lib/token-keeper.js) and a shop's Durable Object (cloudflare/token-vault.js) both run
// their refreshes through a flight; where the refusal is kept is theirs to say (the
// keeper's memory, the object's storage).

import { TikTokShopError } from "./errors.js";

/** A refusal no other refresh can cure: the account must authorize the app again. */
export function isRefusal(error) {
  return error instanceof TikTokShopError && (error.kind === "auth" || error.kind === "reauthorize");
}

/** Where a flight keeps its refusal: in memory unless told otherwise. */
export function memoryRefusals() {
  let refusal = null;
  return {
    get: () => refusal,
    set: (error) => (refusal = error),
    clear: () => (refusal = null),
  };
}

export class RefreshFlight {
  #running = null;
  #refusals;

  /** @param {{ get(): TikTokShopError | null, set(error: TikTokShopError): void, clear(): void }} [refusals] */
  constructor(refusals = memoryRefusals()) {
    this.#refusals = refusals;
  }

  /** The refresh in flight, if any. */
  get running() {
    return this.#running;
  }

  /** The refusal that stopped refreshing, or null. */
  get refusal() {
    return this.#refusals.get();
  }

  /**
   * The refresh in flight, or `run()` started now for everyone who asks until it
   * settles; after a refusal, that refusal (until `clear()`), without running anything.
   */
  join(run) {
    if (this.#running) return this.#running;
    const refusal = this.#refusals.get();
    if (refusal) return Promise.reject(refusal);
    // Settled (and forgotten) only after it is recorded, even when `run` throws at once.
    let started;
    try {
      started = Promise.resolve(run());
    } catch (error) {
      started = Promise.reject(error);
    }
    this.#running = started
      .catch((error) => {
        if (isRefusal(error)) this.#refusals.set(error);
        throw error;
      })
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** New tokens arrived (the account authorized again): forget the refusal. */
  clear() {
    this.#refusals.clear();
  }
}
