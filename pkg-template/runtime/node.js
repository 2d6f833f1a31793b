// Node: loads the wasm from disk; proxies go through undici's ProxyAgent.
import { readFileSync } from "node:fs";
import { initSync } from "../tiktok_shop_wasm.js";
import { setRuntime } from "../lib/runtime.js";

initSync({ module: readFileSync(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url)) });

setRuntime({
  name: "Node.js",
  proxyFetch(proxyUrl, baseFetch) {
    // undici is loaded only when a proxy is configured.
    let ready;
    const load = () =>
      (ready ??= import("undici").then((undici) => ({
        dispatcher: new undici.ProxyAgent(proxyUrl),
        fetch: baseFetch ?? undici.fetch,
      })));
    return async (url, init) => {
      const { dispatcher, fetch } = await load();
      return fetch(url, { ...init, dispatcher });
    };
  },
});
