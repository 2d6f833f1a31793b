// workerd entry: the runtime is set up (wasm loaded) before the API module evaluates.
import "./runtime/workerd.js";
export * from "./lib/index.js";
