// The wasm core: the only module that imports wasm-bindgen's glue for loading.
// Each runtime file (runtime/*.js) gets the .wasm its own way and hands it here.

import init, { initSync } from "../tiktok_shop_wasm.js";

/** Instantiates the core synchronously from the .wasm's bytes or a compiled `WebAssembly.Module`. */
export function loadWasm(bytesOrModule) {
  initSync({ module: bytesOrModule });
}

/**
 * Instantiates the core asynchronously. `input`: what wasm-bindgen's `init` takes (a URL,
 * a `Response` or its promise, bytes, a `WebAssembly.Module`); undefined fetches the .wasm
 * beside the glue.
 */
export async function loadWasmAsync(input) {
  await init({ module_or_path: input });
}
