// Browsers and bundlers for the web: wasm-bindgen fetches the .wasm beside its glue
// (`new URL("tiktok_shop_wasm_bg.wasm", import.meta.url)`, which bundlers such as webpack
// and Vite recognise and emit as an asset).
import { loadWasmAsync } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

try {
  await loadWasmAsync();
} catch (error) {
  // The usual way to get here in a Worker: a bundle made without the `workerd` condition.
  const hint = globalThis.navigator?.userAgent === "Cloudflare-Workers"
    ? " This is the entry for browsers; Cloudflare Workers need the `workerd` export condition" +
      " (wrangler sets it; esbuild: --conditions=workerd --loader:.wasm=copy)."
    : "";
  throw new Error(`tiktok-shop-wasm: loading tiktok_shop_wasm_bg.wasm failed: ${error?.message ?? error}.${hint}`, { cause: error });
}
setRuntime({ name: "this runtime" });
