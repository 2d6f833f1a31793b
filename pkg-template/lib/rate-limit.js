// Client-side rate limiting as TikTok counts: 50 requests per second for each API, per
// app and shop (a bucket per app + shop + API), so a bulk export runs at the limit
// instead of into 429s, and orders and finance calls of one shop do not slow each other.
//
// Each bucket is GCRA (a theoretical arrival time); waiters queue in order behind one
// timer per bucket (Workers cap a request at 10,000 timers), and the timer exists only
// while someone waits: an idle or abandoned limiter keeps no process alive. Buckets that
// are full and idle are dropped, so a limiter does not keep every shop it ever saw.

import { configError, TikTokShopError } from "./errors.js";
import { MAX_TIMER_MS, rateLimit } from "./options.js";
import { MAX_RETRY_WAIT_MS, onAbort } from "./retry.js";

/** The clock and timers a limiter uses (replaced by a fake clock in tests/unit). */
export const realClock = Object.freeze({
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (timer) => clearTimeout(timer),
});

/** The longest a 429's Retry-After holds a bucket back (the retries' own cap, lib/retry.js). */
const MAX_BACK_OFF_MS = MAX_RETRY_WAIT_MS;

class Bucket {
  tat = 0; // theoretical arrival time of the next request, ms
  queue = [];
  head = 0;
  waiting = 0;
  timer = null;
}

export class RateLimiter {
  #interval;
  #tolerance;
  #maxQueue;
  #clock;
  #buckets = new Map();
  #sweepAt = 1024;

  /** @param {{ requestsPerSecond: number, burst: number, maxQueue: number }} settings checked (lib/options.js) */
  constructor({ requestsPerSecond, burst, maxQueue }, clock = realClock) {
    this.#interval = 1000 / requestsPerSecond;
    this.#tolerance = (burst - 1) * this.#interval;
    this.#maxQueue = maxQueue;
    this.#clock = clock;
  }

  /** Buckets held now (for tests: idle ones are dropped). */
  get size() {
    return this.#buckets.size;
  }

  /**
   * Takes a slot for `{ shop, api }`. Returns undefined when one is free now and nobody
   * waits (no allocation on the fast path), else a promise of the caller's turn.
   */
  acquire({ shop = "", api = "", signal } = {}) {
    const key = `${shop}\n${api}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= this.#sweepAt) this.#sweep();
      bucket = new Bucket();
      this.#buckets.set(key, bucket);
    }
    if (bucket.waiting === 0 && this.#take(bucket, this.#clock.now())) return undefined;
    if (bucket.waiting >= this.#maxQueue) {
      return Promise.reject(
        new TikTokShopError({
          kind: "rate_limit",
          field: "rateLimit.maxQueue",
          message: `the client-side request queue is full (${this.#maxQueue} calls waiting for the rate limit)`,
        }),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const waiter = { resolve, done: false, stopWatching: null };
      if (signal) {
        waiter.stopWatching = onAbort(signal, () => {
          if (waiter.done) return;
          waiter.done = true;
          bucket.waiting -= 1;
          if (bucket.waiting === 0) this.#stop(bucket);
          reject(signal.reason);
        });
      }
      bucket.queue.push(waiter);
      bucket.waiting += 1;
      this.#schedule(bucket);
    });
  }

  /**
   * After TikTok answered 429: nothing more goes to this shop's API before `retryAfterMs`
   * (TikTok may lower a limit below the client's settings; its answer wins).
   */
  backOff({ shop = "", api = "", retryAfterMs = 1000 } = {}) {
    const bucket = this.#buckets.get(`${shop}\n${api}`);
    if (!bucket) return;
    // A server's word, so bounded: at most the longest backoff a retry waits.
    const hold = Number.isFinite(retryAfterMs) ? Math.min(Math.max(0, retryAfterMs), MAX_BACK_OFF_MS) : 1000;
    const until = this.#clock.now() + hold;
    bucket.tat = Math.max(bucket.tat, until + this.#tolerance);
  }

  /** Takes a slot if the bucket has one at `now`. */
  #take(bucket, now) {
    const tat = Math.max(bucket.tat, now);
    if (tat - this.#tolerance > now) return false;
    bucket.tat = tat + this.#interval;
    return true;
  }

  #schedule(bucket) {
    if (bucket.timer !== null || bucket.waiting === 0) return;
    const now = this.#clock.now();
    // A timer fires at once past 2^31 - 1 ms: a longer wait is made of shorter ones.
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, Math.max(bucket.tat, now) - this.#tolerance - now));
    bucket.timer = this.#clock.setTimer(() => this.#drain(bucket), wait);
  }

  /** Nobody waits any more: no timer either, and the served queue goes. */
  #stop(bucket) {
    if (bucket.timer !== null) this.#clock.clearTimer(bucket.timer);
    bucket.timer = null;
    bucket.queue = [];
    bucket.head = 0;
  }

  #drain(bucket) {
    bucket.timer = null;
    const now = this.#clock.now();
    while (bucket.head < bucket.queue.length) {
      const waiter = bucket.queue[bucket.head];
      if (!waiter.done) {
        if (!this.#take(bucket, now)) break;
        waiter.done = true;
        waiter.stopWatching?.();
        bucket.waiting -= 1;
        waiter.resolve();
      }
      bucket.head += 1;
    }
    if (bucket.waiting === 0) return this.#stop(bucket);
    // Drop the served part of the queue now and then, not on every call.
    if (bucket.head > 1024 && bucket.head * 2 > bucket.queue.length) {
      bucket.queue = bucket.queue.slice(bucket.head);
      bucket.head = 0;
    }
    this.#schedule(bucket);
  }

  /** Drops buckets that are full again and have nobody waiting: they hold nothing. */
  #sweep() {
    const now = this.#clock.now();
    for (const [key, bucket] of this.#buckets) {
      if (bucket.waiting === 0 && bucket.tat <= now) this.#buckets.delete(key);
    }
    this.#sweepAt = Math.max(1024, this.#buckets.size * 2);
  }
}

const shared = new Map();

/**
 * The limiter for a client. In Node and Deno, clients of one app with the same settings
 * share one (they share TikTok's budget); in Workers each client has its own (a timer
 * belongs to the request that set it, so one request must not wait on another's).
 */
export function limiterFor(appKey, settings, share) {
  if (!share) return new RateLimiter(settings);
  const key = `${appKey}\n${settings.requestsPerSecond}\n${settings.burst}\n${settings.maxQueue}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(settings);
    shared.set(key, limiter);
  }
  return limiter;
}

/**
 * A limiter of your own, to share between clients explicitly (`rateLimit: createRateLimiter()`),
 * with the settings `rateLimit` takes (default: TikTok's 50 per second per API).
 */
export function createRateLimiter(settings) {
  const checked = rateLimit(settings ?? {});
  if (!checked?.settings) throw configError("settings", "`settings` must be `{ requestsPerSecond, burst, maxQueue }`");
  return new RateLimiter(checked.settings);
}
