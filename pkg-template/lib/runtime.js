// What differs between runtimes, set once by the entry file (runtime/*.js) after it has
// loaded the wasm (through lib/core.js): how a proxy is applied to fetch, whether timers
// can be shared, whether rate limiters can be.

import { configError } from "./errors.js";

let current = null;

/**
 * @param {{ name: string, shareRateLimits?: boolean, fetchWith?: Function, timers?: object }} runtime
 *   `timers`: see timerHooks(). `fetchWith({ proxy, baseFetch, reuseConnections })` returns
 *   a fetch for those settings; its flags `proxies` (it can apply `proxy`) and
 *   `resendsOnReusedConnections` (the runtime's HTTP client re-sends a request whose pooled
 *   connection closed: writes then need a fresh one).
 */
export function setRuntime(runtime) {
  current = runtime;
}

function runtimeName() {
  return current?.name ?? "this runtime";
}

/**
 * How to share one timer among many attempts (see deadline.js), or null where timers must
 * not be shared (Workers): `{ unref(timer), allowManyListeners(signal) }`.
 */
export function timerHooks() {
  return current?.timers ?? null;
}

/** Whether clients of one app share a rate limiter (not in Workers: see rate-limit.js). */
export function sharesRateLimits() {
  return current?.shareRateLimits !== false;
}

/**
 * The fetch functions of a client: `fetch` for every call, and `writeFetch` for writes,
 * which must never be sent twice, where the runtime's own HTTP stack could re-send them
 * (undefined elsewhere). Both go through `proxy` when one is set. Options are checked.
 */
export function resolveFetch({ fetch, proxy }) {
  const adapter = current?.fetchWith;
  if (proxy && !adapter?.proxies) {
    throw configError(
      "proxy",
      `\`proxy\` is not supported in ${runtimeName()}: there are no forward proxies here. ` +
        "Point `baseUrl` (and `authBaseUrl`) at your gateway instead.",
    );
  }
  const base = fetch ?? globalThis.fetch;
  if (typeof base !== "function") throw configError("fetch", "this runtime has no global fetch: pass `fetch`");
  return {
    fetch: proxy ? adapter({ proxy, baseFetch: fetch, reuseConnections: true }) : base,
    writeFetch: adapter?.resendsOnReusedConnections ? adapter({ proxy, baseFetch: fetch, reuseConnections: false }) : undefined,
  };
}
