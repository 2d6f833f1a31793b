// Browsers and bundlers for the web: wasm-bindgen fetches the .wasm beside its glue
// (`new URL("tiktok_shop_wasm_bg.wasm", import.meta.url)`, which bundlers such as webpack
// and Vite recognise and emit as an asset).
import { loadWasmAsync } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

await loadWasmAsync();
setRuntime({ name: "this runtime" });
