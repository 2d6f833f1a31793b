// Client-side rate limiting: a token bucket per app and shop, so a bulk export runs at
// the limit instead of into 429s. In Node and Deno every client of one app and shop in
// the process shares it; in Workers each client has its own (a timer belongs to the
// request that set it, so one request must not wait on another's).
//
// The bucket is kept as GCRA (a theoretical arrival time); waiters queue in order behind
// one timer per limiter (Workers also cap a request at 10,000 timers).

import { configError, TikTokShopError } from "./errors.js";
import { onAbort } from "./retry.js";

/** TikTok reports about 50 requests per second per app and endpoint. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ requestsPerSecond: 50, burst: 10, maxQueue: 10_000 });

export class RateLimiter {
  #interval;
  #tolerance;
  #maxQueue;
  #tat = 0; // theoretical arrival time of the next request, ms
  #queue = [];
  #head = 0;
  #waiting = 0;
  #timer = null;

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
   * Takes a slot. Returns undefined when one is free now and nobody waits (no allocation
   * on the fast path), else a promise that resolves when the caller's turn comes.
   */
  acquire(signal) {
    if (this.#waiting === 0 && this.#take(performance.now())) return undefined;
    if (this.#waiting >= this.#maxQueue) {
      return Promise.reject(
        new TikTokShopError({
          kind: "rate_limit",
          field: "rateLimit.maxQueue",
          message: `the client-side request queue is full (${this.#maxQueue} calls waiting for the rate limit)`,
        }),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter = { resolve, done: false, stopWatching: null };
      if (signal) {
        waiter.stopWatching = onAbort(signal, () => {
          if (waiter.done) return;
          waiter.done = true;
          this.#waiting -= 1;
          reject(signal.reason);
        });
      }
      this.#queue.push(waiter);
      this.#waiting += 1;
      this.#schedule();
    });
  }

  /** Takes a slot if the bucket has one at `now`. */
  #take(now) {
    const tat = Math.max(this.#tat, now);
    if (tat - this.#tolerance > now) return false;
    this.#tat = tat + this.#interval;
    return true;
  }

  #schedule() {
    if (this.#timer !== null || this.#waiting === 0) return;
    const now = performance.now();
    const wait = Math.max(0, Math.max(this.#tat, now) - this.#tolerance - now);
    this.#timer = setTimeout(this.#drain, wait);
  }

  #drain = () => {
    this.#timer = null;
    const now = performance.now();
    while (this.#head < this.#queue.length) {
      const waiter = this.#queue[this.#head];
      if (!waiter.done) {
        if (!this.#take(now)) break;
        waiter.done = true;
        waiter.stopWatching?.();
        this.#waiting -= 1;
        waiter.resolve();
      }
      this.#head += 1;
    }
    // Drop the served part of the queue now and then, not on every call.
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.#schedule();
  };
}

const shared = new Map();

/** The limiter of one app and shop, created on first use with these settings. */
export function limiterFor(key, settings, share) {
  if (!share) return new RateLimiter(settings);
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(settings);
    shared.set(key, limiter);
  }
  return limiter;
}

/** Validates the `rateLimit` option: `false` turns limiting off. */
export function rateLimitSettings(option) {
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
