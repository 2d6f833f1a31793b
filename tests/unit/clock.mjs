// A fake clock for the policy modules' unit tests: time moves only when a test says so,
// and timers fire in order as it passes them.

export function fakeClock(start = 0) {
  let now = start;
  let timers = [];
  let seq = 0;
  return {
    now: () => now,
    setTimer(fn, ms) {
      const timer = { fn, at: now + Math.max(0, ms), seq: seq++ };
      timers.push(timer);
      return timer;
    },
    clearTimer(timer) {
      timers = timers.filter((t) => t !== timer);
    },
    /** Moves time forward by `ms`, firing every timer due on the way, in order. */
    advance(ms) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        next.fn();
      }
      now = end;
    },
    get pending() {
      return timers.length;
    },
  };
}

/** Lets resolved promises run their callbacks. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
