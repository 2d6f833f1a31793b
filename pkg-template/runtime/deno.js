// Deno: loads the wasm from disk; proxies go through Deno.createHttpClient.
import { loadWasmAsync } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

await loadWasmAsync(await Deno.readFile(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url)));

/**
 * Deno's HTTP client re-sends a request when the pooled connection it went out on closes
 * before a reply, which could run a write twice: writes get a client without pooling.
 * Proxies go through the same `Deno.createHttpClient`.
 */
function fetchWith({ proxy, baseFetch, reuseConnections }) {
  const options = {};
  if (proxy) {
    const url = new URL(proxy);
    const basicAuth = url.username
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
    url.username = "";
    url.password = "";
    options.proxy = { url: url.href, basicAuth };
  }
  if (!reuseConnections) options.poolMaxIdlePerHost = 0;
  const client = Deno.createHttpClient(options);
  const fetch = baseFetch ?? globalThis.fetch;
  return (input, init) => fetch(input, { ...init, client });
}
fetchWith.proxies = true;
fetchWith.resendsOnReusedConnections = true;

setRuntime({
  name: "Deno",
  fetchWith,
  timers: { unref: (timer) => Deno.unrefTimer(timer), allowManyListeners: () => {} },
});
