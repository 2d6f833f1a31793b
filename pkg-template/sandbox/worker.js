// The sandbox as a Cloudflare Worker (also any runtime with the module-worker
// fetch(request, env) convention). One sandbox per isolate, created on the
// first request. Optional env: SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SEED.

import { createSandbox } from "./handler.js";

// Under the "workerd" condition tiktok-shop-wasm/sandbox maps to this file,
// so it re-exports the runtime-neutral API as well.
export * from "./index.js";

let sandbox;

function sandboxFor(env = {}) {
  if (!sandbox) {
    sandbox = createSandbox({
      appKey: env.SANDBOX_APP_KEY || undefined,
      appSecret: env.SANDBOX_APP_SECRET || undefined,
      seed: env.SANDBOX_SEED ? Number(env.SANDBOX_SEED) || env.SANDBOX_SEED : undefined,
    });
  }
  return sandbox;
}

export default {
  fetch(request, env) {
    return sandboxFor(env).fetch(request);
  },
};
