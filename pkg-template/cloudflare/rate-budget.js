// A shop's request budget, counted as TikTok counts it: for each API, per app + shop.
//
// One schedule per API (GCRA: the theoretical arrival time of the next request). A caller
// reserves its slot and learns how long to wait; it waits on its own side. The object
// that holds the budget answers at once and keeps no timers or queue, so callers in any
// isolate share one schedule without holding a connection open while they wait.

import { TikTokShopError } from "../lib/errors.js";
import { MAX_TIMER_MS, optionsObject, positive, rateNumbers } from "../lib/options.js";

const DEFAULTS = Object.freeze({ requestsPerSecond: 50, burst: 10, maxWaitMs: 60_000 });

export class RateBudget {
  #interval;
  #tolerance;
  #maxWaitMs;
  #now;
  #next = new Map(); // api -> theoretical arrival time of its next request, ms
  #sweepAt = 256;

  /**
   * @param {{ requestsPerSecond?: number, burst?: number, maxWaitMs?: number }} [settings]
   *   TikTok's 50 per second by default; `burst` requests may go at once; a reservation
   *   further away than `maxWaitMs` is refused
   * @param {() => number} [now] clock in ms
   */
  constructor(settings = {}, now = Date.now) {
    const o = optionsObject(settings, "rateLimit", ["requestsPerSecond", "burst", "maxWaitMs"]);
    const { requestsPerSecond, burst } = rateNumbers(o, "rateLimit", DEFAULTS);
    // The caller sleeps for the wait: no longer than a timer can.
    const maxWaitMs = positive(o.maxWaitMs, "rateLimit.maxWaitMs", { zero: true, max: MAX_TIMER_MS }) ?? DEFAULTS.maxWaitMs;
    this.#interval = 1000 / requestsPerSecond;
    this.#tolerance = (burst - 1) * this.#interval;
    this.#maxWaitMs = maxWaitMs;
    this.#now = now;
  }

  /**
   * Takes the next slot of `api` ("METHOD /path/template"). Returns the milliseconds to
   * wait before sending (0: now), or null when that would be longer than `maxWaitMs`
   * (nothing is reserved then).
   */
  reserve(api) {
    const now = this.#now();
    if (this.#next.size >= this.#sweepAt) this.#sweep(now);
    const next = Math.max(this.#next.get(api) ?? 0, now);
    const wait = Math.max(0, next - this.#tolerance - now);
    if (wait > this.#maxWaitMs) return null;
    this.#next.set(api, next + this.#interval);
    return wait;
  }

  /** APIs whose budget is full again hold nothing worth keeping. */
  #sweep(now) {
    for (const [api, next] of this.#next) if (next <= now) this.#next.delete(api);
    this.#sweepAt = Math.max(256, this.#next.size * 2);
  }
}

/** The error a caller gets when its slot would be too far away (nothing was sent). */
export function budgetExhausted(api) {
  return new TikTokShopError({
    kind: "rate_limit",
    field: "rateLimit.maxWaitMs",
    message: `the rate budget for ${api} is booked further ahead than its maxWaitMs`,
  });
}
