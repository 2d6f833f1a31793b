// Node: reads the .wasm from disk and instantiates it synchronously (no top-level await
// anywhere in the graph, so `require("tiktok-shop-wasm")` works through require(esm)).
// Proxies go through undici's ProxyAgent: an optional peer dependency, loaded only when a
// client has `proxy`.

import { setMaxListeners } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadWasm } from "../lib/core.js";
import { configError } from "../lib/errors.js";
import { setRuntime } from "../lib/runtime.js";

const WASM = "tiktok_shop_wasm_bg.wasm";

/**
 * Where the .wasm may be, in order:
 * - in the package, beside the glue. This exact `new URL("…", import.meta.url)` form is what
 *   webpack (and other bundlers that follow it) copies into the output and rewrites;
 * - beside the running module: an ES module bundle (esbuild, Rollup) that the .wasm was
 *   copied next to (a variable, and webpackIgnore: no bundler takes this one for an asset);
 * - beside a CommonJS file: `node.cjs` of this package, or a CommonJS bundle.
 */
function wasmCandidates() {
  const candidates = [];
  try {
    candidates.push(new URL("../tiktok_shop_wasm_bg.wasm", import.meta.url));
  } catch {
    // No import.meta.url: a CommonJS build.
  }
  try {
    candidates.push(new URL(/* webpackIgnore: true */ WASM, import.meta.url));
  } catch {}
  if (typeof __dirname === "string") candidates.push(join(__dirname, WASM));
  return candidates;
}

function readWasm() {
  const candidates = wasmCandidates();
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return readFileSync(found);
  const places = candidates.map((c) => (c instanceof URL ? fileURLToPath(c) : c));
  throw new Error(
    `tiktok-shop-wasm: ${WASM} was not found (looked for ${places.join(", ")}). ` +
      "A bundle needs the file beside it: see \"Bundlers\" in the package's README.",
  );
}

loadWasm(readWasm());

// A variable, not a string literal: bundlers leave this import to run time, so undici is
// never bundled (nor required) by an application that does not use `proxy`.
const UNDICI = "undici";
const UNDICI_MISSING = "`proxy` needs the undici package in Node: `npm install undici`";

/**
 * Whether `specifier` can be imported from here: undefined when that cannot be told without
 * importing it (Node before 20.6, a CommonJS build, webpack). A parameter, not the literal:
 * bundlers would take `import.meta.resolve("undici")` for an asset to copy.
 */
function resolves(specifier) {
  if (typeof import.meta.resolve !== "function") return undefined;
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/**
 * undici and one ProxyAgent per proxy URL, shared by every client of that proxy (one
 * connection pool each, as few as the proxies an application uses).
 */
const agents = new Map();

function proxyAgent(proxy) {
  let agent = agents.get(proxy);
  if (!agent) {
    agent = import(/* webpackIgnore: true */ UNDICI).then(
      (undici) => ({ dispatcher: new undici.ProxyAgent(proxy), undiciFetch: undici.fetch }),
      (error) => {
        agents.delete(proxy);
        throw error?.code === "ERR_MODULE_NOT_FOUND" ? configError("proxy", UNDICI_MISSING) : error;
      },
    );
    agents.set(proxy, agent);
  }
  return agent;
}

/** A fetch through `proxy`: undici's own fetch (or the client's `fetch`) with the ProxyAgent. */
function fetchWith({ proxy, baseFetch }) {
  // Said when the client is made where Node can tell; else at its first request.
  if (resolves(UNDICI) === false) throw configError("proxy", UNDICI_MISSING);
  return async (url, init) => {
    const { dispatcher, undiciFetch } = await proxyAgent(proxy);
    return (baseFetch ?? undiciFetch)(url, { ...init, dispatcher });
  };
}
fetchWith.proxies = true;

setRuntime({
  name: "Node.js",
  fetchWith,
  timers: {
    ref: (timer) => timer.ref(),
    unref: (timer) => timer.unref(),
    // Node warns past 10 listeners on one EventTarget; a shared deadline has one per attempt.
    allowManyListeners: (signal) => setMaxListeners(0, signal),
  },
});
