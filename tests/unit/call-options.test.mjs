// The options of one call, checked once per call.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CALL_OPTIONS, callOptions } from "../../pkg-template/lib/call-options.js";

test("no options: one shared, frozen default (no allocation per call)", () => {
  assert.equal(callOptions(undefined), callOptions(undefined));
  assert.ok(Object.isFrozen(callOptions(undefined)));
  assert.equal(callOptions(undefined).retryWrites, false);
});

test("each option checked, naming it", () => {
  assert.deepEqual({ ...callOptions({ version: "202309", shopCipher: "ROW_x", timeoutMs: 5, retries: 0, retryWrites: true }) }, {
    version: "202309",
    shopCipher: "ROW_x",
    signal: undefined,
    timeoutMs: 5,
    retries: 0,
    retryWrites: true,
  });
  for (const [options, field] of [
    [{ version: "2023-09" }, "version"],
    [{ version: 202309 }, "version"],
    [{ shopCipher: "a b" }, "shopCipher"],
    [{ timeoutMs: -1 }, "timeoutMs"],
    [{ retries: 101 }, "retries"],
    [{ retryWrites: "yes" }, "retryWrites"],
    [{ signal: {} }, "signal"],
    [{ shopcipher: "x" }, "shopcipher"],
  ]) {
    assert.throws(() => callOptions(options), { kind: "config", field }, JSON.stringify(options));
  }
  assert.throws(() => callOptions({ retires: 1 }), { message: /did you mean `retries`/ });
  assert.deepEqual(CALL_OPTIONS, ["version", "shopCipher", "signal", "timeoutMs", "retries", "retryWrites"]);
});
