// node entry: the runtime is set up (wasm loaded) before the API module evaluates.
import "./runtime/node.js";
export * from "./lib/index.js";
