// Cold start: from spawning a fresh process to the first signed request arriving at a
// local HTTP server started here, in Node and in workerd. Runs are interleaved
// (baseline, bare, ours, baseline, ...) so drift on the machine affects each alike.

import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { LIB, median } from "./common.mjs";
import { MiniClient } from "./minijs.mjs";
import { workerdBin, writeConfig } from "./workerd.mjs";

const REPLY = JSON.stringify({ code: 0, message: "Success", request_id: "bench", data: { orders: [], total_count: 0 } });
const PARAMS = { page_size: 20, sort_field: "create_time", order_status: "AWAITING_SHIPMENT", create_time_ge: 1700000000 };
const CREDS = { appKey: "bench-app-key", appSecret: "bench-app-secret", accessToken: "bench-access-token", shopCipher: "ROW_bench_cipher" };

/** A server that answers every request with an empty order page and reports arrivals. */
async function recordServer() {
  let waiter = null;
  const server = http.createServer((req, res) => {
    const at = performance.now();
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(REPLY), connection: "close" });
      res.end(REPLY);
    });
    const w = waiter;
    waiter = null;
    w?.(at);
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    nextArrival: () => new Promise((ok) => (waiter = ok)),
    close: () => new Promise((ok) => server.close(ok)),
  };
}

function exited(child) {
  return new Promise((ok, fail) => {
    child.once("error", fail);
    child.once("exit", (code) => ok(code));
  });
}

/** `node -e ''`: spawn -> exit. */
async function runEmpty() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await exited(child);
  return { total: performance.now() - t0 };
}

/** A Node child (`ours` or `bare`): spawn -> the request's arrival, and the child's own clock at fetch. */
async function runNode(mode, server, env) {
  const arrival = server.nextArrival();
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(LIB, "cold-node.mjs"), mode], { stdio: ["ignore", "pipe", "pipe"], env });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const [at, code] = await Promise.all([arrival, exited(child)]);
  if (code !== 0) throw new Error(`cold-node ${mode} exited with ${code}: ${err}`);
  return { total: at - t0, inChild: Number(out.trim()) };
}

export async function coldStartNode({ runs = 20, warmup = 2 } = {}) {
  const server = await recordServer();
  const bare = new MiniClient({ ...CREDS, baseUrl: server.url }).prepare(PARAMS);
  const env = {
    ...process.env,
    BENCH_TARGET: server.url,
    BENCH_CREDS: JSON.stringify(CREDS),
    BENCH_BARE: JSON.stringify(bare),
  };
  const samples = { empty: [], bare: [], ours: [], bareInChild: [], oursInChild: [] };
  for (let i = 0; i < warmup + runs; i++) {
    const e = await runEmpty();
    const b = await runNode("bare", server, env);
    const o = await runNode("ours", server, env);
    if (i < warmup) continue;
    samples.empty.push(e.total);
    samples.bare.push(b.total);
    samples.ours.push(o.total);
    samples.bareInChild.push(b.inChild);
    samples.oursInChild.push(o.inChild);
  }
  await server.close();
  return {
    runs,
    emptyMs: median(samples.empty),
    bareMs: median(samples.bare),
    oursMs: median(samples.ours),
    bareInChildMs: median(samples.bareInChild),
    oursInChildMs: median(samples.oursInChild),
    samples,
  };
}

/**
 * One workerd process serving `main`: spawn -> the Worker's outbound request arriving
 * at `server`. The trigger request is sent right after spawn, into the socket workerd
 * inherited (it is accepted once workerd is up).
 */
async function runWorkerd(config, server) {
  const listener = net.createServer();
  await new Promise((ok) => listener.listen(0, "127.0.0.1", ok));
  const { port } = listener.address();
  const fd = listener._handle.fd;
  const arrival = server.nextArrival();
  const t0 = performance.now();
  const child = spawn(workerdBin, ["serve", config.file, "--socket-fd", "http=3"], { stdio: ["ignore", "ignore", "pipe", fd] });
  // The child holds its own copy of the socket; the parent's is closed before connecting.
  listener.close();
  let err = "";
  child.stderr.on("data", (d) => (err += d));
  const childExit = exited(child);
  const trigger = new Promise((ok, fail) => {
    const req = http.request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => ok({ status: res.statusCode, body }));
    });
    req.on("error", fail);
    req.end();
  });
  const failed = childExit.then((code) => {
    throw new Error(`workerd exited (${code}) before the request arrived: ${err}`);
  });
  const at = await Promise.race([arrival, failed]);
  const reply = await Promise.race([trigger, failed]);
  child.kill("SIGTERM");
  await childExit;
  if (reply.status !== 200) throw new Error(`the Worker answered ${reply.status}: ${reply.body} ${err}`);
  return at - t0;
}

export async function coldStartWorkerd({ runs = 20, warmup = 2 } = {}) {
  const server = await recordServer();
  const bare = new MiniClient({ ...CREDS, baseUrl: server.url }).prepare(PARAMS);
  const bindings = {
    TARGET: server.url,
    APP_KEY: CREDS.appKey,
    APP_SECRET: CREDS.appSecret,
    ACCESS_TOKEN: CREDS.accessToken,
    SHOP_CIPHER: CREDS.shopCipher,
    BARE_URL: bare.url,
    BARE_BODY: bare.init.body,
  };
  const ours = writeConfig({ main: join(LIB, "worker-ours.mjs"), bindings });
  const bareConfig = writeConfig({ main: join(LIB, "worker-bare.mjs"), bindings });
  const samples = { bare: [], ours: [] };
  try {
    for (let i = 0; i < warmup + runs; i++) {
      const b = await runWorkerd(bareConfig, server);
      const o = await runWorkerd(ours, server);
      if (i < warmup) continue;
      samples.bare.push(b);
      samples.ours.push(o);
    }
  } finally {
    ours.cleanup();
    bareConfig.cleanup();
    await server.close();
  }
  return { runs, bareMs: median(samples.bare), oursMs: median(samples.ours), samples };
}
