// Bundlers and browsers: wasm-bindgen fetches the .wasm next to this package's JS.
import init from "../tiktok_shop_wasm.js";
import { setRuntime } from "../lib/runtime.js";

await init();
setRuntime({ name: "this runtime" });
