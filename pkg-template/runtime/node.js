// Node: loads the wasm from disk; proxies go through undici's ProxyAgent.
import { readFileSync } from "node:fs";
import { initSync } from "../tiktok_shop_wasm.js";
import { setRuntime } from "../lib/runtime.js";

initSync({ module: readFileSync(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url)) });

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

setRuntime({ name: "Node.js", fetchWith });
