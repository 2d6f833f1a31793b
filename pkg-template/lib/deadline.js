// Per-attempt timeouts. `AbortSignal.timeout()` costs a signal and a timer per attempt
// (a sixth of a call's overhead in Node); where timers can be shared, attempts whose
// deadlines fall in the same 100 ms slot share one signal that aborts at the slot's end.
// In Workers a timer belongs to the request that set it, so each attempt keeps its own.
//
// A slot's timer keeps the process alive only while an attempt of the slot is pending:
// the caller is waiting for it. Once they have all settled it lingers unref'd (it is
// cheaper to let it fire than to clear and remake it), and an idle client keeps nothing alive.

import { timerHooks } from "./runtime.js";

const SLOT_MS = 100;
const slots = new Map();
const NO_RELEASE = () => {};

/**
 * `{ signal, release }`: a signal that aborts with a `TimeoutError` about `ms` from now
 * (at most 100 ms later), and `release()` to call once the attempt has settled.
 */
export function timeoutSignal(ms) {
  const hooks = timerHooks();
  if (!hooks) return { signal: AbortSignal.timeout(ms), release: NO_RELEASE };
  const now = performance.now();
  const end = Math.ceil((now + ms) / SLOT_MS) * SLOT_MS;
  let slot = slots.get(end);
  if (!slot) {
    const controller = new AbortController();
    // Every attempt of the slot listens to this one signal.
    hooks.allowManyListeners(controller.signal);
    slot = { controller, pending: 0, timer: null, release: null };
    slot.timer = setTimeout(() => {
      slots.delete(end);
      controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, end - now);
    slot.release = () => {
      slot.pending -= 1;
      if (slot.pending === 0) hooks.unref(slot.timer);
    };
    slots.set(end, slot);
  } else if (slot.pending === 0) {
    hooks.ref(slot.timer);
  }
  slot.pending += 1;
  return { signal: slot.controller.signal, release: slot.release };
}
