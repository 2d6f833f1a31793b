// Client-side rate limiting: a token bucket per app and shop, shared by every client
// of that app and shop in this process (or isolate), so a bulk export runs at the
// limit instead of into 429s.
//
// Implemented as GCRA (virtual scheduling): each call reserves the next free slot and
// sleeps until it on its own timer. No shared timer drives a queue, which matters in
// Workers, where a timer belongs to the request that set it.

import { TikTokShopError } from "./errors.js";
import { sleep } from "./retry.js";

/** TikTok reports about 50 requests per second per app and endpoint. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ requestsPerSecond: 50, burst: 10, maxQueue: 10_000 });

export class RateLimiter {
  #interval;
  #tolerance;
  #maxQueue;
  #tat = 0; // theoretical arrival time of the next request, ms
  #waiting = 0;

  constructor({ requestsPerSecond, burst, maxQueue }) {
    this.#interval = 1000 / requestsPerSecond;
    this.#tolerance = (burst - 1) * this.#interval;
    this.#maxQueue = maxQueue;
  }

  /** Calls waiting for a slot right now. */
  get waiting() {
    return this.#waiting;
  }

  /**
   * Takes a slot. Returns undefined when one is free now (no allocation on the fast
   * path), else a promise that resolves when the caller's slot comes.
   */
  acquire(signal) {
    const now = performance.now();
    const tat = Math.max(this.#tat, now);
    const start = tat - this.#tolerance;
    if (start <= now) {
      this.#tat = tat + this.#interval;
      return undefined;
    }
    if (this.#waiting >= this.#maxQueue) {
      return Promise.reject(
        new TikTokShopError({
          kind: "rate_limit",
          field: "rateLimit.maxQueue",
          message: `the client-side request queue is full (${this.#maxQueue} calls waiting for the rate limit)`,
        }),
      );
    }
    this.#tat = tat + this.#interval;
    this.#waiting += 1;
    return sleep(start - now, signal).finally(() => {
      this.#waiting -= 1;
    });
  }
}

const shared = new Map();

/** The limiter of one app and shop, created on first use with these settings. */
export function limiterFor(key, settings) {
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(settings);
    shared.set(key, limiter);
  }
  return limiter;
}

/** Validates the `rateLimit` option: `false` turns limiting off. */
export function rateLimitSettings(option, configError) {
  if (option === false) return null;
  if (option === undefined) return DEFAULT_RATE_LIMIT;
  if (option === null || typeof option !== "object") {
    throw configError("rateLimit", "`rateLimit` must be an object `{ requestsPerSecond, burst, maxQueue }` or false");
  }
  const settings = { ...DEFAULT_RATE_LIMIT, ...option };
  for (const key of ["requestsPerSecond", "burst", "maxQueue"]) {
    const v = settings[key];
    if (typeof v !== "number" || !(v > 0) || (key !== "requestsPerSecond" && !Number.isInteger(v))) {
      throw configError(`rateLimit.${key}`, `\`rateLimit.${key}\` must be a positive ${key === "requestsPerSecond" ? "number" : "integer"}`);
    }
  }
  return settings;
}
