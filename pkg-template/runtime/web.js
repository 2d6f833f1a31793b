// Bundlers and browsers: wasm-bindgen fetches the .wasm next to this package's JS.
import { loadWasmAsync } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

await loadWasmAsync();
setRuntime({ name: "this runtime" });
