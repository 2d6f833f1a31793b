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
