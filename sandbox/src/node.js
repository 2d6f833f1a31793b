// Runs the sandbox over real HTTP in Node (node:http), for tests and local use.
//   import { startSandbox } from "tiktok-shop-wasm-sandbox";
//   const sb = await startSandbox();   // { url, port, appKey, appSecret, sandbox, close }

import http from "node:http";
import { createSandbox, isDropResponse } from "./handler.js";

function toWebRequest(req, body, origin, signal) {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (/^(connection|keep-alive|transfer-encoding|upgrade|proxy-connection)$/i.test(name)) continue;
    headers.append(name, req.rawHeaders[i + 1]);
  }
  const init = { method: req.method, headers, signal };
  if (req.method !== "GET" && req.method !== "HEAD" && body.byteLength > 0) init.body = body;
  return new Request(new URL(req.url, origin), init);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function writeWebResponse(res, response) {
  const headers = {};
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    headers[name] = value;
  });
  const cookies = typeof response.headers.getSetCookie === "function" ? response.headers.getSetCookie() : [];
  if (cookies.length) headers["set-cookie"] = cookies;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body && !("content-length" in headers)) headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, response.statusText || undefined, headers);
  res.end(body ?? undefined);
}

/**
 * Starts a sandbox HTTP server on host:port (port 0 = any free port).
 * Other options are those of createSandbox().
 */
export async function startSandbox({ port = 0, hostname, host = hostname ?? "127.0.0.1", ...options } = {}) {
  const sandbox = createSandbox(options);
  let origin = `http://${host}:${port}`;
  const server = http.createServer(async (req, res) => {
    // aborts the handler's waits (a "slow" fault) when the client goes away
    const gone = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      const body = await readBody(req);
      // a Request cannot carry a GET body: its bytes go beside it
      const bodyless = req.method === "GET" || req.method === "HEAD";
      const extras = bodyless && body.byteLength > 0 ? { body } : undefined;
      const response = await sandbox.handle(toWebRequest(req, body, origin, gone.signal), extras);
      if (isDropResponse(response)) {
        // a "drop" fault: close the connection without a byte of reply
        req.socket.destroy();
        return;
      }
      if (gone.signal.aborted) return;
      await writeWebResponse(res, response);
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ code: 36009999, message: `Internal sandbox error: ${err?.message ?? err}`, request_id: "", data: null }));
      } else res.destroy(err);
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const hostForUrl = host.includes(":") ? `[${host}]` : host;
  origin = `http://${hostForUrl}:${actualPort}`;
  let closed;
  return {
    url: origin,
    port: actualPort,
    appKey: sandbox.appKey,
    appSecret: sandbox.appSecret,
    sandbox,
    server,
    close() {
      closed ??= new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

// The package maps tiktok-shop-wasm-sandbox to this file under this runtime,
// so it re-exports the runtime-neutral API as well.
export * from "./index.js";
