// Deno: the .wasm comes in as a compiled module through a source-phase import (no
// permission needed); proxies and unpooled connections go through Deno.createHttpClient.
import { loadWasm, loadWasmAsync } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

let wasm;
try {
  wasm = (await import("./deno-wasm.js")).default;
} catch {
  // A Deno without source-phase imports of Wasm: read the file (needs --allow-read).
  wasm = await Deno.readFile(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url));
}
if (wasm instanceof WebAssembly.Module) loadWasm(wasm);
else await loadWasmAsync(wasm);

/**
 * One HTTP client per proxy and pooling setting, shared by every TikTokShop client (each
 * `Deno.createHttpClient` holds about 100 KB until closed, and clients are made freely).
 */
const httpClients = new Map();

function httpClient(proxy, reuseConnections) {
  const key = `${reuseConnections ? "pooled" : "unpooled"} ${proxy ?? ""}`;
  let client = httpClients.get(key);
  if (!client) {
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
    client = Deno.createHttpClient(options);
    httpClients.set(key, client);
  }
  return client;
}

/**
 * Deno's HTTP client re-sends a request when the pooled connection it went out on closes
 * before a reply, which could run a write twice: writes get a client without pooling.
 * Proxies go through the same `Deno.createHttpClient`.
 */
function fetchWith({ proxy, baseFetch, reuseConnections }) {
  const client = httpClient(proxy, reuseConnections);
  const fetch = baseFetch ?? globalThis.fetch;
  return (input, init) => fetch(input, { ...init, client });
}
fetchWith.proxies = true;
fetchWith.resendsOnReusedConnections = true;

setRuntime({
  name: "Deno",
  fetchWith,
  timers: { ref: (timer) => Deno.refTimer(timer), unref: (timer) => Deno.unrefTimer(timer), allowManyListeners: () => {} },
});
