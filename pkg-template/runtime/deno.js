// Deno: loads the wasm from disk; proxies go through Deno.createHttpClient.
import init from "../tiktok_shop_wasm.js";
import { setRuntime } from "../lib/runtime.js";

await init({ module_or_path: await Deno.readFile(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url)) });

setRuntime({
  name: "Deno",
  proxyFetch(proxyUrl, baseFetch) {
    const url = new URL(proxyUrl);
    const basicAuth = url.username
      ? { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
      : undefined;
    url.username = "";
    url.password = "";
    const client = Deno.createHttpClient({ proxy: { url: url.href, basicAuth } });
    const fetch = baseFetch ?? globalThis.fetch;
    return (input, init) => fetch(input, { ...init, client });
  },
});
