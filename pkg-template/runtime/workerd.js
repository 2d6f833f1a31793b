// Cloudflare Workers: the .wasm is imported as a compiled module (wrangler's default rule
// for `.wasm`; with esbuild, `--loader:.wasm=copy`). Workers have no forward proxies, so
// `proxy` is a config error there.
import wasm from "../tiktok_shop_wasm_bg.wasm";
import { loadWasm } from "../lib/core.js";
import { setRuntime } from "../lib/runtime.js";

loadWasm(wasm);
setRuntime({ name: "Cloudflare Workers", shareRateLimits: false });
