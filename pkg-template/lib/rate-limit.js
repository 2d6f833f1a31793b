// Rate limiting as TikTok counts: 50 requests per second for each API, per app and shop
// (a bucket per app + shop + API), so a bulk export runs at the limit instead of into
// 429s, and orders and finance calls of one shop do not slow each other.
//
// The one home of the rule: the settings (TikTok's defaults, their bounds), the schedule
// (GCRA: a theoretical arrival time per key) and the client's limiter built on it. The
// Cloudflare module's shared budget (cloudflare/rate-budget.js) is the same schedule with
// its own clock and storage, booked from any isolate.
//
// The limiter's waiters queue in order behind one timer per bucket (Workers cap a request
// at 10,000 timers), and the timer exists only while someone waits: an idle or abandoned
// limiter keeps no process alive. Keys whose schedule is in the past hold nothing and are
// dropped, so a limiter does not keep every shop it ever saw.

import { configError, TikTokShopError } from "./errors.js";
import { isArray, MAX_TIMER_MS, optionsObject, positive, read } from "./checks.js";
import { MAX_RETRY_WAIT_MS, onAbort } from "./retry.js";

/** TikTok's limit: 50 requests per second for each API, per app and shop; 10 at once. */
export const DEFAULT_RATE = Object.freeze({ requestsPerSecond: 50, burst: 10 });

/** The client's limiter: TikTok's rate, and at most this many calls waiting. */
export const DEFAULT_RATE_LIMIT = Object.freeze({ ...DEFAULT_RATE, maxQueue: 10_000 });

/** One request a day at the least: the interval between two stays a timer's wait. */
const MIN_REQUESTS_PER_SECOND = 1 / 86_400;

/** The longest a 429's Retry-After holds a bucket back (the retries' own cap, lib/retry.js). */
const MAX_BACK_OFF_MS = MAX_RETRY_WAIT_MS;

/** The numbers of a rate (the client's limiter, a shop object's budget), checked alike. */
export function rateNumbers(o, field) {
  return {
    requestsPerSecond:
      positive(o.requestsPerSecond, `${field}.requestsPerSecond`, { min: MIN_REQUESTS_PER_SECOND, max: 1e6 }) ??
      DEFAULT_RATE.requestsPerSecond,
    burst: positive(o.burst, `${field}.burst`, { integer: true, min: 1, max: 1e6 }) ?? DEFAULT_RATE.burst,
  };
}

/**
 * The `rateLimit` option: `false` (off), a limiter of the caller's (`{ acquire(request) }`,
 * e.g. one shared by every isolate of a shop: tiktok-shop-wasm/cloudflare), or the
 * built-in one's settings.
 */
export function rateLimitOption(value) {
  if (value === false) return null;
  if (value === undefined) return { settings: DEFAULT_RATE_LIMIT };
  if (value === null || typeof value !== "object" || isArray(value)) {
    throw configError("rateLimit", "`rateLimit` must be `{ requestsPerSecond, burst, maxQueue }`, a limiter with `acquire()`, or false");
  }
  const acquire = read(value, "acquire", "rateLimit.acquire");
  if (acquire !== undefined) {
    if (typeof acquire !== "function") throw configError("rateLimit.acquire", "`rateLimit.acquire` must be a function");
    return { limiter: value };
  }
  const o = optionsObject(value, "rateLimit", ["requestsPerSecond", "burst", "maxQueue"]);
  return {
    settings: {
      ...rateNumbers(o, "rateLimit"),
      maxQueue: positive(o.maxQueue, "rateLimit.maxQueue", { integer: true, zero: true, max: 1e7 }) ?? DEFAULT_RATE_LIMIT.maxQueue,
    },
  };
}

/** The clock and timers a limiter uses (replaced by a fake clock in tests/unit). */
export const realClock = Object.freeze({
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (timer) => clearTimeout(timer),
});

/**
 * GCRA over keys: for each key, the theoretical arrival time of its next request, kept
 * in `store` (a Map by default) and read against `now`. `burst` requests may go at once;
 * then one every `1000 / requestsPerSecond` ms.
 */
export class Schedule {
  #interval;
  #tolerance;
  #now;
  #tats;
  #sweepBase;
  #sweepAt;

  /**
   * @param {{ requestsPerSecond: number, burst: number }} rate checked (rateNumbers)
   * @param {{ now?: () => number, store?: Map<string, number>, sweepAt?: number }} [options]
   *   the clock in ms; where the schedule lives; how many keys before idle ones are dropped
   */
  constructor({ requestsPerSecond, burst }, { now = realClock.now, store = new Map(), sweepAt = 1024 } = {}) {
    this.#interval = 1000 / requestsPerSecond;
    this.#tolerance = (burst - 1) * this.#interval;
    this.#now = now;
    this.#tats = store;
    this.#sweepBase = sweepAt;
    this.#sweepAt = sweepAt;
  }

  /** Keys held now (idle ones are dropped). */
  get size() {
    return this.#tats.size;
  }

  /**
   * Books the next slot of `key` unless it is more than `maxWaitMs` away. Returns the
   * milliseconds to wait for it (0: now), or null when it is further (nothing booked).
   */
  reserve(key, maxWaitMs = Infinity) {
    const now = this.#now();
    let tat = this.#tats.get(key);
    if (tat === undefined) {
      if (this.#tats.size >= this.#sweepAt) this.#sweep(now);
      tat = now;
    } else if (tat < now) tat = now;
    const wait = Math.max(0, tat - this.#tolerance - now);
    if (wait > maxWaitMs) return null;
    this.#tats.set(key, tat + this.#interval);
    return wait;
  }

  /** The milliseconds until `key` has a slot (0: one is free now). Books nothing. */
  waitFor(key) {
    const now = this.#now();
    return Math.max(0, (this.#tats.get(key) ?? now) - this.#tolerance - now);
  }

  /** Nothing more goes for `key` before `ms` from now (a server's Retry-After). */
  hold(key, ms) {
    const until = this.#now() + ms;
    this.#tats.set(key, Math.max(this.#tats.get(key) ?? 0, until + this.#tolerance));
  }

  /** Drops keys whose schedule is in the past: they hold nothing (the same as a new key). */
  #sweep(now) {
    for (const [key, tat] of this.#tats) if (tat <= now) this.#tats.delete(key);
    this.#sweepAt = Math.max(this.#sweepBase, this.#tats.size * 2);
  }
}

/** The key of a bucket: shop and API. The client's plan carries it made (`rateLimit.key`). */
export function rateKey(shop, api) {
  return `${shop}\n${api}`;
}

export class RateLimiter {
  #schedule;
  #maxQueue;
  #clock;
  #waiting = new Map(); // key -> its queue, only while someone waits

  /** @param {{ requestsPerSecond: number, burst: number, maxQueue: number }} settings checked (rateLimitOption) */
  constructor(settings, clock = realClock) {
    this.#schedule = new Schedule(settings, { now: clock.now });
    this.#maxQueue = settings.maxQueue;
    this.#clock = clock;
  }

  /** Buckets held now (for tests: idle ones are dropped). */
  get size() {
    return this.#schedule.size;
  }

  /**
   * Takes a slot for `{ shop, api }` (or its `key`, when the caller has it made). Returns
   * undefined when one is free now and nobody waits (no allocation on the fast path),
   * else a promise of the caller's turn.
   */
  acquire({ shop = "", api = "", key = rateKey(shop, api), signal } = {}) {
    let queue = this.#waiting.size === 0 ? undefined : this.#waiting.get(key);
    if (queue === undefined && this.#schedule.reserve(key, 0) !== null) return undefined;
    if ((queue?.waiting ?? 0) >= this.#maxQueue) {
      return Promise.reject(
        new TikTokShopError({
          kind: "rate_limit",
          field: "rateLimit.maxQueue",
          message: `the client-side request queue is full (${this.#maxQueue} calls waiting for the rate limit)`,
        }),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!queue) {
      queue = { key, list: [], head: 0, waiting: 0, timer: null };
      this.#waiting.set(key, queue);
    }
    return new Promise((resolve, reject) => {
      const waiter = { resolve, done: false, stopWatching: null };
      if (signal) {
        waiter.stopWatching = onAbort(signal, () => {
          if (waiter.done) return;
          waiter.done = true;
          queue.waiting -= 1;
          if (queue.waiting === 0) this.#stop(queue);
          reject(signal.reason);
        });
      }
      queue.list.push(waiter);
      queue.waiting += 1;
      this.#arm(queue);
    });
  }

  /**
   * After TikTok answered 429: nothing more goes to this shop's API before `retryAfterMs`
   * (TikTok may lower a limit below the client's settings; its answer wins).
   */
  backOff({ shop = "", api = "", key = rateKey(shop, api), retryAfterMs = 1000 } = {}) {
    // A server's word, so bounded: at most the longest backoff a retry waits.
    const hold = Number.isFinite(retryAfterMs) ? Math.min(Math.max(0, retryAfterMs), MAX_BACK_OFF_MS) : 1000;
    this.#schedule.hold(key, hold);
  }

  #arm(queue) {
    if (queue.timer !== null || queue.waiting === 0) return;
    // A timer fires at once past 2^31 - 1 ms: a longer wait is made of shorter ones.
    const wait = Math.min(MAX_TIMER_MS, this.#schedule.waitFor(queue.key));
    queue.timer = this.#clock.setTimer(() => this.#drain(queue), wait);
  }

  /** Nobody waits any more: no timer either, and the queue goes. */
  #stop(queue) {
    if (queue.timer !== null) this.#clock.clearTimer(queue.timer);
    queue.timer = null;
    if (this.#waiting.get(queue.key) === queue) this.#waiting.delete(queue.key);
  }

  #drain(queue) {
    queue.timer = null;
    while (queue.head < queue.list.length) {
      const waiter = queue.list[queue.head];
      if (!waiter.done) {
        if (this.#schedule.reserve(queue.key, 0) === null) break;
        waiter.done = true;
        waiter.stopWatching?.();
        queue.waiting -= 1;
        waiter.resolve();
      }
      queue.head += 1;
    }
    if (queue.waiting === 0) return this.#stop(queue);
    // Drop the served part of the queue now and then, not on every call.
    if (queue.head > 1024 && queue.head * 2 > queue.list.length) {
      queue.list = queue.list.slice(queue.head);
      queue.head = 0;
    }
    this.#arm(queue);
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
  const checked = rateLimitOption(settings ?? {});
  if (!checked?.settings) throw configError("settings", "`settings` must be `{ requestsPerSecond, burst, maxQueue }`");
  return new RateLimiter(checked.settings);
}
