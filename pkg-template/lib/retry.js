// When a failed attempt is retried, and how long to wait first.

export const DEFAULT_RETRIES = 3;
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 20_000;

/** Kinds that can succeed on a second try: the reply was lost, late, or refused for load. */
const TRANSIENT = new Set(["network", "timeout", "rate_limit", "server", "decode"]);

/**
 * Whether `error` may be retried. Reads (GET, and POST searches the operations table marks
 * as reads) are; writes never are, since the request may have reached the server,
 * unless the caller opted in with `retryWrites`.
 */
export function isRetryable(error, { read, retryWrites }) {
  if (!TRANSIENT.has(error?.kind)) return false;
  // The client's own rate-limit queue is full: nothing was sent, and waiting won't empty it.
  if (error.kind === "rate_limit" && error.httpStatus === null) return false;
  // An undecodable 4xx page (a proxy's HTML 404...) won't change on a retry.
  if (error.kind === "decode" && error.httpStatus >= 400 && error.httpStatus < 500) return false;
  return read || retryWrites === true;
}

/**
 * Exponential backoff with full jitter; a `Retry-After` from the server is a floor.
 * @param {number} attempt the attempt that just failed (1-based)
 * @param {number} [random] in [0, 1): the jitter (tests pass their own)
 */
export function backoffMs(attempt, retryAfterSeconds, random = Math.random()) {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  const jitter = random * ceiling;
  if (typeof retryAfterSeconds === "number" && retryAfterSeconds >= 0) {
    return Math.min(MAX_RETRY_WAIT_MS, Math.max(retryAfterSeconds * 1000, jitter));
  }
  return jitter;
}

/** The longest wait before a retry, whatever the server's `Retry-After` asks. */
export const MAX_RETRY_WAIT_MS = MAX_DELAY_MS * 3;

/**
 * How long a failed token refresh is remembered (calls meanwhile share its failure instead
 * of starting another): the backoff after the refresh's own last attempt, doubling with
 * each refresh that failed in a row, at least the server's `Retry-After`, at most the
 * longest retry wait. No jitter: one process's calls should agree on when to try again.
 * @param {number} attempts the attempts the last refresh made
 * @param {number} failedInARow refreshes that failed one after another, this one included
 */
export function refreshHoldMs(attempts, failedInARow, retryAfterSeconds) {
  const ceiling = BASE_DELAY_MS * 2 ** Math.min(30, attempts + failedInARow - 1);
  const floor = typeof retryAfterSeconds === "number" && retryAfterSeconds >= 0 ? retryAfterSeconds * 1000 : 0;
  return Math.min(MAX_RETRY_WAIT_MS, Math.max(ceiling, floor));
}

/**
 * Callbacks to run when a signal aborts, behind one listener per signal: thousands of
 * calls sharing one signal would otherwise each add a listener (and Node warns past 10).
 */
const watchers = new WeakMap();

export function onAbort(signal, callback) {
  let callbacks = watchers.get(signal);
  if (!callbacks) {
    callbacks = new Set();
    watchers.set(signal, callbacks);
    signal.addEventListener("abort", () => {
      for (const fn of callbacks) fn();
      callbacks.clear();
    }, { once: true });
  }
  callbacks.add(callback);
  return () => callbacks.delete(callback);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms, signal) {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const stopWatching = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason);
        })
      : null;
    const timer = setTimeout(() => {
      stopWatching?.();
      resolve();
    }, ms);
  });
}
