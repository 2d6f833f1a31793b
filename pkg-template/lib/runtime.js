// What differs between runtimes, set once by the entry file (entry/*.js) after it
// has loaded the wasm: how a proxy is applied to fetch.

import { registerErrorClass, checkProxy } from "../tiktok_shop_wasm.js";
import { TikTokShopError, configError } from "./errors.js";

let current = null;

/**
 * @param {{ name: string, shareRateLimits?: boolean,
 *   proxyFetch?: (proxyUrl: string, baseFetch?: Function) => Function }} runtime
 */
export function setRuntime(runtime) {
  registerErrorClass(TikTokShopError);
  current = runtime;
}

export function runtimeName() {
  return current?.name ?? "unknown";
}

/** Whether clients of one app and shop share a rate limiter (not in Workers: see rate-limit.js). */
export function sharesRateLimits() {
  return current?.shareRateLimits !== false;
}

/** The fetch a client uses: the caller's, the host's, or either routed through a proxy. */
export function resolveFetch({ fetch, proxy }) {
  if (fetch !== undefined && fetch !== null && typeof fetch !== "function") {
    throw configError("fetch", "`fetch` must be a function");
  }
  if (proxy === undefined || proxy === null) return fetch ?? undefined;
  if (typeof proxy !== "string") throw configError("proxy", "`proxy` must be a URL string");
  checkProxy(proxy);
  if (!current?.proxyFetch) {
    throw configError(
      "proxy",
      `\`proxy\` is not supported in ${runtimeName()}: there are no forward proxies here. ` +
        "Point `baseUrl` (and `authBaseUrl`) at your gateway instead.",
    );
  }
  return current.proxyFetch(proxy, fetch ?? undefined);
}
