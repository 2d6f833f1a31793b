// What differs between runtimes, set once by the entry file (entry/*.js) after it
// has loaded the wasm: how a proxy is applied to fetch.

import { registerErrorClass, checkProxy } from "../tiktok_shop_wasm.js";
import { TikTokShopError, configError } from "./errors.js";

let current = null;

/**
 * @param {{ name: string, shareRateLimits?: boolean, fetchWith?: Function, timers?: object }} runtime
 *   `timers`: see timerHooks(). `fetchWith({ proxy,
 *   baseFetch, reuseConnections })` returns a fetch for those settings; its flags `proxies`
 *   (it can apply `proxy`) and `resendsOnReusedConnections` (the runtime's HTTP client
 *   re-sends a request whose pooled connection closed: writes then need a fresh one).
 */
export function setRuntime(runtime) {
  registerErrorClass(TikTokShopError);
  current = runtime;
}

export function runtimeName() {
  return current?.name ?? "unknown";
}

/**
 * How to share one timer among many attempts (see deadline.js), or null where timers must
 * not be shared (Workers): `{ unref(timer), allowManyListeners(signal) }`.
 */
export function timerHooks() {
  return current?.timers ?? null;
}

/** Whether clients of one app and shop share a rate limiter (not in Workers: see rate-limit.js). */
export function sharesRateLimits() {
  return current?.shareRateLimits !== false;
}

/**
 * The fetch functions of a client: `fetch` for every call, and `writeFetch` for writes,
 * which must never be sent twice, where the runtime's own HTTP stack could re-send them
 * (undefined elsewhere). Both go through `proxy` when one is set.
 */
export function resolveFetch({ fetch, proxy }) {
  if (fetch !== undefined && fetch !== null && typeof fetch !== "function") {
    throw configError("fetch", "`fetch` must be a function");
  }
  const baseFetch = fetch ?? undefined;
  if (proxy !== undefined && proxy !== null) {
    if (typeof proxy !== "string") throw configError("proxy", "`proxy` must be a URL string");
    checkProxy(proxy);
    if (!current?.fetchWith?.proxies) {
      throw configError(
        "proxy",
        `\`proxy\` is not supported in ${runtimeName()}: there are no forward proxies here. ` +
          "Point `baseUrl` (and `authBaseUrl`) at your gateway instead.",
      );
    }
  } else {
    proxy = undefined;
  }
  const adapter = current?.fetchWith;
  return {
    fetch: proxy ? adapter({ proxy, baseFetch, reuseConnections: true }) : baseFetch,
    writeFetch: adapter?.resendsOnReusedConnections ? adapter({ proxy, baseFetch, reuseConnections: false }) : undefined,
  };
}
