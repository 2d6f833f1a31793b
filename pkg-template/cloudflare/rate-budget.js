// A shop's request budget, counted as TikTok counts it: for each API, per app + shop.
//
// The client's own schedule (lib/rate-limit.js: GCRA, TikTok's defaults), kept in the
// shop's Durable Object on its wall clock. A caller reserves its slot and learns how long
// to wait; it waits on its own side. The object answers at once and keeps no timers or
// queue, so callers in any isolate share one schedule without holding a connection open
// while they wait.

import { TikTokShopError } from "../lib/errors.js";
import { MAX_TIMER_MS, optionsObject, positive } from "../lib/checks.js";
import { rateNumbers, Schedule } from "../lib/rate-limit.js";

/** A reservation further away than this is refused (the caller would sleep that long). */
const DEFAULT_MAX_WAIT_MS = 60_000;

export class RateBudget {
  #schedule;
  #maxWaitMs;

  /**
   * @param {{ requestsPerSecond?: number, burst?: number, maxWaitMs?: number }} [settings]
   *   TikTok's 50 per second by default; `burst` requests may go at once; a reservation
   *   further away than `maxWaitMs` is refused
   * @param {() => number} [now] clock in ms
   */
  constructor(settings = {}, now = Date.now) {
    const o = optionsObject(settings, "rateLimit", ["requestsPerSecond", "burst", "maxWaitMs"]);
    // The caller sleeps for the wait: no longer than a timer can.
    this.#maxWaitMs = positive(o.maxWaitMs, "rateLimit.maxWaitMs", { zero: true, max: MAX_TIMER_MS }) ?? DEFAULT_MAX_WAIT_MS;
    this.#schedule = new Schedule(rateNumbers(o, "rateLimit"), { now, sweepAt: 256 });
  }

  /**
   * Takes the next slot of `api` ("METHOD /path/template"). Returns the milliseconds to
   * wait before sending (0: now), or null when that would be longer than `maxWaitMs`
   * (nothing is reserved then).
   */
  reserve(api) {
    return this.#schedule.reserve(api, this.#maxWaitMs);
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
