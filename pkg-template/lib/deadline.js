// Per-attempt timeouts. `AbortSignal.timeout()` costs a signal and a timer per attempt
// (a sixth of a call's overhead in Node); where timers can be shared, attempts whose
// deadlines fall in the same 100 ms slot share one signal that aborts at the slot's end.
// In Workers a timer belongs to the request that set it, so each attempt keeps its own.

import { timerHooks } from "./runtime.js";

const SLOT_MS = 100;
const slots = new Map();

/** An AbortSignal that aborts with a `TimeoutError` about `ms` from now (at most 100 ms later). */
export function timeoutSignal(ms) {
  const hooks = timerHooks();
  if (!hooks) return AbortSignal.timeout(ms);
  const now = performance.now();
  const end = Math.ceil((now + ms) / SLOT_MS) * SLOT_MS;
  let controller = slots.get(end);
  if (!controller) {
    controller = new AbortController();
    // Every attempt of the slot listens to this one signal.
    hooks.allowManyListeners(controller.signal);
    slots.set(end, controller);
    const abort = controller;
    const timer = setTimeout(() => {
      slots.delete(end);
      abort.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, end - now);
    // A pending timeout must not keep the process alive.
    hooks.unref(timer);
  }
  return controller.signal;
}
