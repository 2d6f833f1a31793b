// deno entry: the runtime is set up (wasm loaded) before the API module evaluates.
import "./runtime/deno.js";
export * from "./lib/index.js";
