// Per-attempt timeouts: attempts whose deadlines share a 100 ms slot share one signal where
// timers can be shared; a slot's timer keeps the process alive only while an attempt is pending.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setRuntime } from "../../pkg-template/lib/runtime.js";
import { timeoutSignal } from "../../pkg-template/lib/deadline.js";

function nodeLike() {
  const calls = [];
  setRuntime({ name: "test", timers: { ref: (t) => (calls.push("ref"), t.ref()), unref: (t) => (calls.push("unref"), t.unref()), allowManyListeners: () => calls.push("many") } });
  return calls;
}

test("attempts of one slot share a signal, which aborts with a TimeoutError", async () => {
  nodeLike();
  const a = timeoutSignal(20);
  const b = timeoutSignal(20);
  assert.equal(a.signal, b.signal);
  const reason = await new Promise((resolve) => a.signal.addEventListener("abort", () => resolve(a.signal.reason)));
  assert.equal(reason.name, "TimeoutError");
  a.release();
  b.release();
});

test("the slot's timer is unref'd once its last attempt settled, ref'd again for a new one", () => {
  const calls = nodeLike();
  const first = timeoutSignal(60_000);
  first.release();
  const again = timeoutSignal(60_000);
  assert.deepEqual(calls.filter((c) => c !== "many"), ["unref", "ref"]);
  again.release();
});

test("where timers cannot be shared (Workers), each attempt has its own", () => {
  setRuntime({ name: "workerd" });
  const a = timeoutSignal(60_000);
  const b = timeoutSignal(60_000);
  assert.notEqual(a.signal, b.signal);
  a.release();
  b.release();
});
