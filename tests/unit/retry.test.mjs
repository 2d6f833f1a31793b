// When an attempt is retried and how long the client waits first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { backoffMs, isRetryable } from "../../pkg-template/lib/retry.js";

test("backoff doubles from 200 ms with full jitter, capped at 20 s", () => {
  assert.equal(backoffMs(1, null, 0.5), 100);
  assert.equal(backoffMs(2, null, 0.5), 200);
  assert.equal(backoffMs(4, null, 0.999), 1598.4);
  assert.equal(backoffMs(30, null, 0.5), 10_000);
  assert.equal(backoffMs(30, null, 0), 0);
});

test("Retry-After is a floor, and bounded", () => {
  assert.equal(backoffMs(1, 2, 0.1), 2000);
  assert.equal(backoffMs(8, 0, 0.5), 10_000);
  assert.equal(backoffMs(1, 3600, 0.5), 60_000);
});

test("what is retried: transient failures of reads, and of writes only when the caller opts in", () => {
  const kinds = {
    network: true, timeout: true, rate_limit: true, server: true, decode: true,
    auth: false, expired_token: false, reauthorize: false, signature: false, scope: false,
    invalid_request: false, not_found: false, redirect: false, too_large: false, config: false, internal: false,
  };
  for (const [kind, transient] of Object.entries(kinds)) {
    const error = { kind, httpStatus: 500 };
    assert.equal(isRetryable(error, { read: true }), transient, `${kind} on a read`);
    assert.equal(isRetryable(error, { read: false }), false, `${kind} on a write`);
    assert.equal(isRetryable(error, { read: false, retryWrites: true }), transient, `${kind} on an opted-in write`);
  }
  assert.equal(isRetryable({ kind: "rate_limit", httpStatus: null }, { read: true }), false, "the client's own full queue");
  assert.equal(isRetryable({ kind: "decode", httpStatus: 404 }, { read: true }), false, "a proxy's 404 page");
});

test("a failed refresh is held for its backoff, doubling in a row, at least Retry-After, at most 60 s", async () => {
  const { refreshHoldMs } = await import("../../pkg-template/lib/retry.js");
  // The backoff after the refresh's own last attempt: 200 ms × 2^(attempts + in a row - 1).
  assert.equal(refreshHoldMs(1, 1), 400);
  assert.equal(refreshHoldMs(4, 1), 3200);
  assert.equal(refreshHoldMs(4, 2), 6400);
  assert.equal(refreshHoldMs(1, 1, 5), 5000);
  assert.equal(refreshHoldMs(30, 30, 3600), 60_000);
});

test("sleep ends early with the signal's reason; one listener per signal however many wait", async () => {
  const { onAbort, sleep } = await import("../../pkg-template/lib/retry.js");
  const controller = new AbortController();
  let added = 0;
  const add = controller.signal.addEventListener.bind(controller.signal);
  controller.signal.addEventListener = (...args) => (added++, add(...args));
  const waits = Array.from({ length: 50 }, () => sleep(60_000, controller.signal));
  const stop = onAbort(controller.signal, () => assert.fail("removed before the abort"));
  stop();
  controller.abort(new Error("stop"));
  for (const w of waits) await assert.rejects(w, /stop/);
  assert.equal(added, 1);
  await assert.rejects(sleep(1, AbortSignal.abort(new Error("already"))), /already/);
});
