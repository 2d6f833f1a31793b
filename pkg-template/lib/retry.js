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
  // An undecodable 4xx page (a proxy's HTML 404...) won't change on a retry.
  if (error.kind === "decode" && error.httpStatus >= 400 && error.httpStatus < 500) return false;
  return read || retryWrites === true;
}

/**
 * Exponential backoff with full jitter; a `Retry-After` from the server is a floor.
 * @param {number} attempt the attempt that just failed (1-based)
 */
export function backoffMs(attempt, retryAfterSeconds) {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  const jitter = Math.random() * ceiling;
  if (typeof retryAfterSeconds === "number" && retryAfterSeconds >= 0) {
    return Math.min(MAX_DELAY_MS * 3, Math.max(retryAfterSeconds * 1000, jitter));
  }
  return jitter;
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms, signal) {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
