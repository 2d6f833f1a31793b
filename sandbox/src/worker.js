// The sandbox as a Cloudflare Worker (also any runtime with the module-worker
// fetch(request, env) convention). One sandbox per isolate, created on the
// first request. Optional env: SANDBOX_APP_KEY, SANDBOX_APP_SECRET, SANDBOX_SEED,
// SANDBOX_ORDERS (orders of shop 1), SANDBOX_SHOPS, SANDBOX_ORDERS_PER_SHOP,
// SANDBOX_FAULTS (a fault plan as JSON).

import { createSandbox, isDropResponse } from "./handler.js";

// Under the "workerd" condition tiktok-shop-wasm-sandbox maps to this file,
// so it re-exports the runtime-neutral API as well.
export * from "./index.js";

let sandbox;

function sandboxFor(env = {}) {
  if (!sandbox) {
    sandbox = createSandbox({
      appKey: env.SANDBOX_APP_KEY || undefined,
      appSecret: env.SANDBOX_APP_SECRET || undefined,
      seed: env.SANDBOX_SEED ? Number(env.SANDBOX_SEED) || env.SANDBOX_SEED : undefined,
      orders: env.SANDBOX_ORDERS ? Number(env.SANDBOX_ORDERS) : undefined,
      shops: env.SANDBOX_SHOPS ? Number(env.SANDBOX_SHOPS) : undefined,
      ordersPerShop: env.SANDBOX_ORDERS_PER_SHOP ? Number(env.SANDBOX_ORDERS_PER_SHOP) : undefined,
      faults: env.SANDBOX_FAULTS ? JSON.parse(env.SANDBOX_FAULTS) : undefined,
    });
  }
  return sandbox;
}

export default {
  async fetch(request, env) {
    const response = await sandboxFor(env).handle(request);
    // workerd sends nothing until the body starts: an errored body closes the
    // connection without a reply (fetch rejects), like a dropped connection.
    if (isDropResponse(response)) {
      return new Response(new ReadableStream({ start(c) { c.error(new Error("sandbox fault: connection dropped")); } }), { status: 200 });
    }
    return response;
  },
};
