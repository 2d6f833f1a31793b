// A `fetch` built on node:http that, unlike the WHATWG one, sends a body with GET: what
// the client's `fetch` option takes for the one GET operation whose description has a
// JSON body (README "GET operations described with a body"). Enough for the sandbox:
// http only, the whole reply buffered.

import { request } from "node:http";

export function httpFetch(url, init = {}) {
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(String(init.body));
    if (body) headers["content-length"] = String(body.length);
    const req = request(url, { method: init.method ?? "GET", headers, signal: init.signal }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const replyHeaders = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") replyHeaders.set(k, v);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: replyHeaders }));
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
