// The rate limiter with a fake clock: pacing, per-API and per-shop buckets, the queue
// bound, aborts, no timer without a waiter, idle buckets dropped. Milliseconds to run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRateLimiter, RateLimiter } from "../../pkg-template/lib/rate-limit.js";
import { TikTokShopError } from "../../pkg-template/lib/errors.js";
import { fakeClock, settle } from "./clock.mjs";

const SETTINGS = { requestsPerSecond: 50, burst: 10, maxQueue: 10_000 };
const API = { shop: "ROW_a", api: "POST /order/202309/orders/search" };

/** Starts `n` acquisitions and counts those served so far. */
function start(limiter, n, request = API) {
  const served = { count: 0 };
  for (let i = 0; i < n; i++) {
    const slot = limiter.acquire(request);
    if (slot === undefined) served.count++;
    else slot.then(() => served.count++);
  }
  return served;
}

test("a burst goes at once, then 50 a second", async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(SETTINGS, clock);
  const served = start(limiter, 120);
  await settle();
  assert.equal(served.count, 10, "the burst");
  clock.advance(1000);
  await settle();
  assert.equal(served.count, 60, "burst + one second at 50/s");
  clock.advance(1000);
  await settle();
  assert.equal(served.count, 110);
  clock.advance(200);
  await settle();
  assert.equal(served.count, 120);
  assert.equal(clock.pending, 0, "no timer once nobody waits");
});

test("each API and each shop has its own bucket (TikTok counts per app + shop + API)", async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(SETTINGS, clock);
  const orders = start(limiter, 20, API);
  const finance = start(limiter, 20, { shop: "ROW_a", api: "GET /finance/202309/statements" });
  const otherShop = start(limiter, 20, { shop: "ROW_b", api: API.api });
  await settle();
  assert.deepEqual([orders.count, finance.count, otherShop.count], [10, 10, 10]);
  clock.advance(200);
  await settle();
  assert.deepEqual([orders.count, finance.count, otherShop.count], [20, 20, 20]);
});

test("past maxQueue a call fails at once with a rate_limit error naming the option", async () => {
  const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1, maxQueue: 2 }, fakeClock());
  assert.equal(limiter.acquire(API), undefined);
  const waiting = [limiter.acquire(API), limiter.acquire(API)];
  const error = await limiter.acquire(API).catch((e) => e);
  assert.ok(error instanceof TikTokShopError);
  assert.equal(error.kind, "rate_limit");
  assert.equal(error.field, "rateLimit.maxQueue");
  assert.equal(error.httpStatus, null, "nothing was sent");
  assert.equal(waiting.length, 2);
});

test("an aborted waiter leaves the queue; when none is left, no timer keeps the process alive", async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter({ requestsPerSecond: 0.001, burst: 1, maxQueue: 10 }, clock);
  assert.equal(limiter.acquire(API), undefined);
  const controller = new AbortController();
  const waiting = limiter.acquire({ ...API, signal: controller.signal });
  assert.equal(clock.pending, 1, "one timer while someone waits");
  controller.abort(new Error("stop"));
  await assert.rejects(waiting, /stop/);
  assert.equal(clock.pending, 0, "the timer went with the last waiter");
});

test("an already aborted signal is refused before queueing", async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1, maxQueue: 10 }, clock);
  limiter.acquire(API);
  await assert.rejects(limiter.acquire({ ...API, signal: AbortSignal.abort(new Error("gone")) }), /gone/);
  assert.equal(clock.pending, 0);
});

test("idle buckets are dropped: a limiter does not keep every shop it saw", async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(SETTINGS, clock);
  // 50 waves of 1,000 shops each, a second apart: 50,000 shops, 1,000 active at a time.
  for (let wave = 0; wave < 50; wave++) {
    for (let i = 0; i < 1000; i++) limiter.acquire({ shop: `ROW_${wave}_${i}`, api: API.api });
    clock.advance(1000);
  }
  assert.ok(limiter.size <= 4096, `${limiter.size} buckets held after 50,000 shops`);
});

test("after TikTok's 429 the bucket waits Retry-After before the next request", async () => {
  const clock = fakeClock();
  const limiter = new RateLimiter(SETTINGS, clock);
  assert.equal(limiter.acquire(API), undefined);
  limiter.backOff({ ...API, retryAfterMs: 2000 });
  const served = start(limiter, 1);
  clock.advance(1999);
  await settle();
  assert.equal(served.count, 0, "still waiting at 1.999 s");
  clock.advance(1);
  await settle();
  assert.equal(served.count, 1, "served at 2 s");
  // Other APIs and shops are not held back.
  assert.equal(limiter.acquire({ ...API, api: "GET /finance/202309/statements" }), undefined);
});

test("a rate below one request a day is refused: no interval longer than a timer can wait", () => {
  for (const requestsPerSecond of [4e-7, 1e-9, 1e-300, Number.MIN_VALUE]) {
    assert.throws(() => createRateLimiter({ requestsPerSecond }), (e) => e instanceof TikTokShopError && e.kind === "config" && e.field === "rateLimit.requestsPerSecond");
  }
  assert.ok(createRateLimiter({ requestsPerSecond: 1 / 86_400 }));
});

test("every timer the limiter sets is one a runtime can wait (at most 2^31 - 1 ms), whatever a 429 asked", async () => {
  const waits = [];
  const clock = fakeClock();
  const setTimer = clock.setTimer;
  clock.setTimer = (fn, ms) => (waits.push(ms), setTimer(fn, ms));
  // The slowest rate allowed: one request a day, 86.4 M ms apart.
  const slow = new RateLimiter({ requestsPerSecond: 1 / 86_400, burst: 1, maxQueue: 10 }, clock);
  start(slow, 2);
  await settle();
  // A 429 whose Retry-After is absurd (a misbehaving gateway): held for the retry cap only.
  const limiter = new RateLimiter(SETTINGS, clock);
  start(limiter, 1);
  limiter.backOff({ ...API, retryAfterMs: 1e12 });
  const served = start(limiter, 1);
  await settle();
  assert.ok(waits.length >= 2, `timers set: ${waits}`);
  assert.ok(waits.every((ms) => ms >= 0 && ms <= 2 ** 31 - 1), `timer waits ${waits}`);
  assert.ok(waits.at(-1) <= 60_000, `a 429 holds the bucket at most 60 s (${waits.at(-1)} ms)`);
  clock.advance(60_000);
  await settle();
  assert.equal(served.count, 1);
});

test("the schedule under both limiters: book unless too far, hold after a 429, keys in a store of the caller's", async () => {
  const { Schedule, rateKey } = await import("../../pkg-template/lib/rate-limit.js");
  let now = 0;
  const store = new Map();
  const schedule = new Schedule({ requestsPerSecond: 10, burst: 2 }, { now: () => now, store });
  assert.deepEqual([schedule.reserve("a"), schedule.reserve("a"), schedule.reserve("a")], [0, 0, 100]);
  assert.equal(schedule.reserve("a", 150), null, "200 ms away: refused, nothing booked");
  assert.equal(schedule.waitFor("a"), 200);
  assert.equal(schedule.reserve("b"), 0, "another key has its own schedule");
  assert.ok(store.has("a") && store.has("b"), "kept where the caller said");
  schedule.hold("b", 1000);
  assert.equal(schedule.waitFor("b"), 1000);
  now = 10_000;
  assert.equal(schedule.reserve("a"), 0);
  assert.equal(rateKey("ROW_a", "GET /x"), "ROW_a\nGET /x");
});

test("a plan's bucket key is taken as made; the settings are checked in one place", async () => {
  const { DEFAULT_RATE, rateKey, rateLimitOption } = await import("../../pkg-template/lib/rate-limit.js");
  const limiter = new RateLimiter({ requestsPerSecond: 1, burst: 1, maxQueue: 1 }, fakeClock());
  assert.equal(limiter.acquire({ key: rateKey("ROW_a", "GET /x") }), undefined);
  assert.ok(limiter.acquire({ shop: "ROW_a", api: "GET /x" }) instanceof Promise, "the same bucket, by shop and API");
  assert.deepEqual(DEFAULT_RATE, { requestsPerSecond: 50, burst: 10 });
  assert.equal(rateLimitOption(false), null);
  assert.throws(() => rateLimitOption({ maxQueue: -1 }), { field: "rateLimit.maxQueue" });
});
