// Cloudflare Workers entry: the wasm is imported as a compiled module.
// Workers have no forward proxies, so `proxy` is a config error there.
import wasm from "../tiktok_shop_wasm_bg.wasm";
import { initSync } from "../tiktok_shop_wasm.js";
import { setRuntime } from "../lib/runtime.js";

initSync({ module: wasm });
setRuntime({ name: "Cloudflare Workers", shareRateLimits: false });
