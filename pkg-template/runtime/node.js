// Node: loads the wasm from disk; proxies go through undici's ProxyAgent.
import { setMaxListeners } from "node:events";
import { readFileSync } from "node:fs";
import { loadWasm } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

loadWasm(readFileSync(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url)));

/** Proxies go through undici's ProxyAgent, loaded only when a proxy is configured. */
function fetchWith({ proxy, baseFetch }) {
  let ready;
  const load = () =>
    (ready ??= import("undici").then((undici) => ({
      dispatcher: new undici.ProxyAgent(proxy),
      fetch: baseFetch ?? undici.fetch,
    })));
  return async (url, init) => {
    const { dispatcher, fetch } = await load();
    return fetch(url, { ...init, dispatcher });
  };
}
fetchWith.proxies = true;

setRuntime({
  name: "Node.js",
  fetchWith,
  timers: {
    unref: (timer) => timer.unref(),
    // Node warns past 10 listeners on one EventTarget; a shared deadline has one per attempt.
    allowManyListeners: (signal) => setMaxListeners(0, signal),
  },
});
