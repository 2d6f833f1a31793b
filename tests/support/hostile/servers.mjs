// Small node:http servers that misbehave the way a broken proxy or a hostile network does,
// for tests/scenarios/network-faults.mjs. Started by the test file on 127.0.0.1 (and one on
// 127.0.0.2, "another host"); the scenarios, running in another process or in workerd,
// reach them over real HTTP and read what they received from the control server.

import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import zlib from "node:zlib";

const TOKEN_PATHS = new Set(["/api/v2/token/refresh", "/api/v2/token/get"]);
const envelope = (data, code = 0, message = "Success") =>
  JSON.stringify({ code, message, request_id: `req-${Math.random().toString(36).slice(2, 10)}`, data });

/** A single-member gzip body that inflates to `mib` MiB of zeros (about 1 KB per MiB on the wire). */
export function gzipBomb(mib = 1024) {
  const MiB = 1 << 20;
  const zero = Buffer.alloc(MiB);
  // Full flushes make each compressed MiB self-contained, so one block can be repeated.
  const block = zlib.deflateRawSync(zero, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = zlib.crc32(zero, crc);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE((MiB * mib) >>> 0, 4);
  return Buffer.concat([header, ...Array(mib).fill(block), Buffer.from([3, 0]), trailer]);
}

async function listen(handler, host = "127.0.0.1") {
  const server = createServer(handler);
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, host, ok);
  });
  return { server, sockets, url: `http://${host}:${server.address().port}` };
}

function readBody(req) {
  return new Promise((ok) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", () => ok(Buffer.concat(chunks)));
  });
}

async function closedPort() {
  const s = createNetServer();
  await new Promise((ok) => s.listen(0, "127.0.0.1", ok));
  const { port } = s.address();
  await new Promise((ok) => s.close(ok));
  return port;
}

let cachedBomb = null;

export async function startFaultServers() {
  const started = [];
  const log = {};
  const count = (name, req, extra = {}) => {
    (log[name] ??= []).push({ method: req.method, path: req.url.split("?")[0], token: TOKEN_PATHS.has(req.url.split("?")[0]), ...extra });
  };
  const add = async (name, handler, host) => {
    const s = await listen(handler, host);
    started.push(s);
    return s;
  };

  // "Another host": what a redirect points at. Answers like the API would, so a followed
  // redirect looks like success.
  const sink = await add("sink", async (req, res) => {
    const body = await readBody(req);
    count("sink", req, { accessTokenHeader: req.headers["x-tts-access-token"] ?? null, bodyLength: body.length });
    res.writeHead(200, { "content-type": "application/json" }).end(envelope({ shops: [], packages: [] }));
  }, "127.0.0.2");

  const redirects = {};
  for (const status of [301, 302, 303, 307, 308]) {
    const name = `redirect${status}`;
    redirects[status] = (await add(name, async (req, res) => {
      const body = await readBody(req);
      count(name, req, { bodyLength: body.length });
      res.writeHead(status, { location: `${sink.url}/stolen?leak=location-SECRET-${status}` }).end();
    })).url;
  }

  // Answers every business call with success (the API host of the token scenarios).
  const ok = await add("ok", async (req, res) => {
    await readBody(req);
    count("ok", req);
    res.writeHead(200, { "content-type": "application/json" }).end(envelope({ shops: [{ id: "1", cipher: "c" }] }));
  });

  // Accepts the connection, reads the request, never answers (until released).
  let hungReleased = false;
  const hung = await add("hung", (req, res) => {
    count("hung", req);
    if (hungReleased) req.socket.destroy();
  });

  // A token host answering 503 with the JSON envelope.
  const fivexx = await add("fivexx", async (req, res) => {
    await readBody(req);
    count("fivexx", req);
    res.writeHead(503, { "content-type": "application/json" }).end(envelope(null, 36009999, "service unavailable"));
  });

  // A gateway or load balancer in front of the API: an HTML page with an error status,
  // for every request (business calls and token calls alike). 429 says Retry-After: 1.
  const gatewayPage = (status) => `<!DOCTYPE html><html><head><title>${status}</title></head><body><h1>${status}</h1><p>upstream unavailable</p></body></html>`;
  const gateways = {};
  for (const status of [502, 503, 429]) {
    const name = `html${status}`;
    gateways[status] = (await add(name, async (req, res) => {
      await readBody(req);
      count(name, req, { at: Date.now() });
      const headers = { "content-type": "text/html; charset=utf-8" };
      if (status === 429) headers["retry-after"] = "1";
      res.writeHead(status, headers).end(gatewayPage(status));
    })).url;
  }

  // A server that quotes back what it was sent: the access token, the app secret, the
  // auth code or refresh token, in its error message and request id.
  const echo = await add("echo", async (req, res) => {
    await readBody(req);
    const url = new URL(req.url, "http://x");
    const q = url.searchParams;
    count("echo", req);
    const quoted = [req.headers["x-tts-access-token"], q.get("app_secret"), q.get("auth_code"), q.get("refresh_token"), q.get("sign")].filter(Boolean);
    const encoded = quoted.map((v) => encodeURIComponent(v));
    res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({
      code: 36009004,
      message: `Invalid request: got ${quoted.join(" and ")} (as sent: ${encoded.join(", ")})`,
      request_id: `rid-${quoted[0] ?? "none"}`,
      data: null,
    }));
  });

  // 1 MB on the wire, 1 GiB inflated (built once per process).
  const bombBody = (cachedBomb ??= gzipBomb(1024));
  const bomb = await add("bomb", async (req, res) => {
    await readBody(req);
    count("bomb", req);
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": bombBody.length });
    res.end(bombBody);
  });

  // 5 MB of plain JSON, for a small maxResponseBytes.
  const bigBody = Buffer.from(envelope({ blob: "a".repeat(5 << 20) }));
  const big = await add("big", async (req, res) => {
    await readBody(req);
    count("big", req);
    res.writeHead(200, { "content-type": "application/json", "content-length": bigBody.length }).end(bigBody);
  });

  // Pagination that never ends: the same next_page_token again, or a cycle A -> B -> A.
  const pagerRepeat = await add("pagerRepeat", async (req, res) => {
    await readBody(req);
    const token = new URL(req.url, "http://x").searchParams.get("page_token");
    count("pagerRepeat", req, { pageToken: token });
    res.writeHead(200, { "content-type": "application/json" }).end(envelope({ orders: [{ id: "1" }], next_page_token: "TOKEN-A", total_count: 1e6 }));
  });
  const pagerCycle = await add("pagerCycle", async (req, res) => {
    await readBody(req);
    const token = new URL(req.url, "http://x").searchParams.get("page_token");
    count("pagerCycle", req, { pageToken: token });
    const next = token === "TOKEN-A" ? "TOKEN-B" : "TOKEN-A";
    res.writeHead(200, { "content-type": "application/json" }).end(envelope({ orders: [{ id: token ?? "first" }], next_page_token: next, total_count: 1e6 }));
  });

  // Token hosts with broken refresh replies; business calls succeed.
  const tokenHost = (name, data) =>
    add(name, async (req, res) => {
      await readBody(req);
      const path = req.url.split("?")[0];
      count(name, req);
      res.writeHead(200, { "content-type": "application/json" });
      if (TOKEN_PATHS.has(path)) res.end(envelope(typeof data === "function" ? data() : data));
      else res.end(envelope({ shops: [] }));
    });
  let rotation = 0;
  const tokensNull = await tokenHost("tokensNull", null);
  const tokensNumber = await tokenHost("tokensNumber", () => ({
    access_token: 12345,
    access_token_expire_in: Math.floor(Date.now() / 1000) + 86400,
    refresh_token: "rt-number-host",
    refresh_token_expire_in: Math.floor(Date.now() / 1000) + 86400 * 30,
  }));
  const tokensDuration = await tokenHost("tokensDuration", () => {
    rotation += 1;
    return {
      access_token: `at-duration-${rotation}`,
      access_token_expire_in: 604800, // a duration (7 days), not a Unix time
      refresh_token: `rt-duration-${rotation}`,
      refresh_token_expire_in: 31536000,
      open_id: "o",
      seller_name: "s",
      seller_base_region: "US",
      user_type: 0,
      granted_scopes: [],
    };
  });

  const control = await add("control", async (req, res) => {
    await readBody(req);
    if (req.url === "/log") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(log));
    } else if (req.url === "/reset" && req.method === "POST") {
      for (const k of Object.keys(log)) delete log[k];
      res.end("{}");
    } else if (req.url === "/release-hung" && req.method === "POST") {
      hungReleased = true;
      for (const s of hung.sockets) s.destroy();
      res.end("{}");
    } else if (req.url === "/hold-hung" && req.method === "POST") {
      hungReleased = false;
      res.end("{}");
    } else {
      res.writeHead(404).end();
    }
  });

  return {
    urls: {
      sink: sink.url,
      redirects,
      ok: ok.url,
      hung: hung.url,
      fivexx: fivexx.url,
      gateways,
      echo: echo.url,
      bomb: bomb.url,
      big: big.url,
      pagerRepeat: pagerRepeat.url,
      pagerCycle: pagerCycle.url,
      tokensNull: tokensNull.url,
      tokensNumber: tokensNumber.url,
      tokensDuration: tokensDuration.url,
      closed: `http://127.0.0.1:${await closedPort()}`,
      control: control.url,
    },
    bombBytes: bombBody.length,
    async close() {
      hungReleased = true;
      for (const s of started) {
        for (const socket of s.sockets) socket.destroy();
        s.server.closeAllConnections?.();
        await new Promise((ok) => s.server.close(ok));
      }
    },
  };
}
