// Runs the sandbox over real HTTP in Deno (Deno.serve).
//   import { startSandbox } from "tiktok-shop-wasm-sandbox";
//   const sb = await startSandbox();   // { url, port, appKey, appSecret, sandbox, server, close }
//   (or serveSandbox(), the same without the promise)

import { createSandbox, isDropResponse } from "./handler.js";

// Deno.serve cannot close a connection without replying: a "drop" fault
// becomes headers followed by an aborted body, which clients see as a
// connection reset while reading the reply.
function droppedReply() {
  return new Response(new ReadableStream({ start(controller) { controller.error(); } }), { status: 200 });
}

/**
 * Starts a sandbox HTTP server with Deno.serve (port 0 = any free port).
 * Other options are those of createSandbox().
 */
export function serveSandbox({ port = 0, hostname = "127.0.0.1", ...options } = {}) {
  const sandbox = createSandbox(options);
  const server = globalThis.Deno.serve({ port, hostname, onListen() {} }, async (request) => {
    const response = await sandbox.handle(request);
    return isDropResponse(response) ? droppedReply() : response;
  });
  const actualPort = server.addr.port;
  const hostForUrl = hostname.includes(":") ? `[${hostname}]` : hostname;
  let closed;
  return {
    url: `http://${hostForUrl}:${actualPort}`,
    port: actualPort,
    appKey: sandbox.appKey,
    appSecret: sandbox.appSecret,
    sandbox,
    server,
    close() {
      closed ??= server.shutdown();
      return closed;
    },
  };
}

/**
 * `startSandbox()` as in Node (what the READMEs show), served by Deno.serve: resolves once
 * the server listens. `host` is Node's name for `hostname`; either works.
 */
export async function startSandbox({ host, hostname = host, ...options } = {}) {
  return serveSandbox({ ...options, ...(hostname === undefined ? {} : { hostname }) });
}

// The package maps tiktok-shop-wasm-sandbox to this file under this runtime,
// so it re-exports the runtime-neutral API as well.
export * from "./index.js";
