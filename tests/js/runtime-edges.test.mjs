// What a new user meets at the edges of each runtime (issue 17), in real processes:
// - Deno: the package README's `startSandbox` example from `tiktok-shop-wasm-sandbox`; a client
//   without `--allow-net` gets one clear, unretried error instead of four network errors.
// - workerd: a webhook body streamed without Content-Length, far past the 16 MB bound,
//   with the Worker's memory measured from outside (/proc/<pid>/status).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { connect } from "node:net";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bin, exec, readmeBlock, root, tempDir } from "../support/packages.mjs";
import { startWorker } from "../support/workerd.mjs";

let work;
before(() => {
  work = tempDir("tiktok-shop-edges-");
  // A project that has the built packages installed (Deno resolves them through node_modules):
  // the library, and the sandbox as scripts/build.mjs installed it from its tarball.
  writeFileSync(join(work.dir, "package.json"), JSON.stringify({ name: "edges", private: true, type: "module" }));
  mkdirSync(join(work.dir, "node_modules"));
  symlinkSync(join(root, "pkg"), join(work.dir, "node_modules", "tiktok-shop-wasm"), "dir");
  symlinkSync(join(root, "node_modules", "tiktok-shop-wasm-sandbox"), join(work.dir, "node_modules", "tiktok-shop-wasm-sandbox"), "dir");
});
after(() => work?.remove());

const deno = (args, file) => exec(bin("deno"), ["run", "--quiet", ...args, file], { cwd: work.dir, timeout: 60_000 });
const lastJson = (text) => JSON.parse(text.trim().split("\n").at(-1));

test("Deno: the README's sandbox example (startSandbox from tiktok-shop-wasm-sandbox) runs as written", async () => {
  const file = join(work.dir, "sandbox-example.mjs");
  writeFileSync(file, `import { TikTokShop } from "tiktok-shop-wasm";
${readmeBlock("sandbox")}
const { shops } = await shop.seller.getActiveShops();
console.log(JSON.stringify({ shops: shops.length, url: sandbox.url.startsWith("http://127.0.0.1:") }));
await sandbox.close();
`);
  const r = await deno(["-A"], file);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(lastJson(r.stdout), { shops: lastJson(r.stdout).shops, url: true });
  assert.ok(lastJson(r.stdout).shops > 0);
});

test("Deno without --allow-net: a `config` error naming --allow-net and the host, after one attempt, nothing sent", async (t) => {
  let received = 0;
  const server = createServer((req, res) => {
    received += 1;
    res.writeHead(200, { "content-type": "application/json" }).end('{"code":0,"message":"Success","request_id":"r","data":{}}');
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const host = `127.0.0.1:${server.address().port}`;
  try {
    const file = join(work.dir, "no-net.mjs");
    writeFileSync(file, `import { TikTokShop } from "tiktok-shop-wasm";
const shop = new TikTokShop({ appKey: "k", appSecret: "s", accessToken: "t", baseUrl: "http://${host}", rateLimit: false });
const started = Date.now();
try {
  await shop.seller.getActiveShops();
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ name: e.name, kind: e.kind, attempts: e.attempts, message: e.message, ms: Date.now() - started }));
}
`);
    // Reading the package is allowed; the network is not.
    const r = await deno([`--allow-read=${work.dir},${join(root, "pkg")}`, "--allow-env"], file);
    assert.equal(r.code, 0, r.stderr);
    const e = lastJson(r.stdout);
    t.diagnostic(`${e.kind} after ${e.attempts} attempt(s), ${e.ms} ms: ${e.message}`);
    assert.equal(e.name, "TikTokShopError");
    assert.equal(e.kind, "config");
    assert.equal(e.attempts, 1, "not retried");
    assert.match(e.message, /--allow-net/);
    assert.ok(e.message.includes(host), "names the host");
    assert.equal(received, 0);
  } finally {
    server.close();
  }
});

/** VmRSS and VmHWM of a process, in MiB (Linux). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) / 1024;
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

test("workerd: a 200 MiB webhook body streamed without Content-Length is refused at 16 MB; the Worker's memory stays flat", { timeout: 120_000 }, async (t) => {
  const main = join(work.dir, "webhook-worker.mjs");
  writeFileSync(main, `import { parseWebhookRequest } from "tiktok-shop-wasm";
export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("ready");
    try {
      await parseWebhookRequest(request, { appKey: "k", appSecret: "s" });
      return Response.json({ accepted: true });
    } catch (e) {
      return Response.json({ kind: e.kind, field: e.field, message: e.message }, { status: 400 });
    }
  },
};
`);
  const worker = await startWorker({ main });
  let sampler;
  try {
    await fetch(worker.url); // warm: the package loaded, the wasm compiled
    const baseline = memoryOf(worker.pid);
    let peak = baseline.rss;
    sampler = setInterval(() => {
      try {
        peak = Math.max(peak, memoryOf(worker.pid).rss);
      } catch {}
    }, 20);
    sampler.unref();
    const MiB = 1 << 20;
    const { answer, sent } = await postChunked(`${worker.url}/webhooks`, { authorization: "0".repeat(64) }, 200 * MiB, 60_000);
    clearInterval(sampler);
    const end = memoryOf(worker.pid);
    peak = Math.max(peak, end.rss);
    const grew = peak - baseline.rss;
    t.diagnostic(`workerd RSS ${baseline.rss.toFixed(0)} MiB -> peak ${peak.toFixed(0)} MiB (+${grew.toFixed(0)} MiB; VmHWM ${end.hwm.toFixed(0)} MiB); ${(sent / MiB).toFixed(0)} MiB written when it answered ${answer.status}: ${answer.body.message}`);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.kind, "invalid_request");
    assert.equal(answer.body.field, "body");
    assert.ok(grew < 100, `the Worker grew ${grew.toFixed(0)} MiB reading a body it refuses at 16 MB`);
  } finally {
    clearInterval(sampler);
    await worker.stop();
  }
});

/**
 * POSTs `total` bytes of spaces with chunked transfer encoding over a raw socket and reads the
 * answer. A server that refuses the body answers and closes before it is all written; Node's
 * http client then reports EPIPE or ECONNRESET and may drop the answer already received, so the
 * write side's errors only stop the writing here, and the answer is what counts. Bounded by `ms`.
 */
function postChunked(url, headers, total, ms) {
  const { hostname, port, pathname } = new URL(url);
  const MiB = 1 << 20;
  const chunk = Buffer.concat([Buffer.from(`${MiB.toString(16)}\r\n`), Buffer.alloc(MiB, 0x20), Buffer.from("\r\n")]);
  return new Promise((resolve, reject) => {
    let sent = 0;
    let raw = Buffer.alloc(0);
    let settled = false;
    const finish = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) return reject(error);
      const text = raw.toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      if (split < 0 || !status) return reject(new Error(`no HTTP answer after ${sent / MiB} MiB written (${raw.length} bytes read)`));
      resolve({ answer: { status, body: JSON.parse(text.slice(split + 4)) }, sent });
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${ms} ms (${sent / MiB} MiB written)`)), ms);
    const socket = connect(Number(port), hostname);
    // The whole answer: its headers and as many body bytes as its Content-Length says.
    const complete = () => {
      const text = raw.toString("latin1");
      const split = text.indexOf("\r\n\r\n");
      const length = Number(/^content-length:\s*(\d+)/im.exec(text.slice(0, Math.max(split, 0)))?.[1]);
      return split >= 0 && Number.isFinite(length) && raw.length - (split + 4) >= length;
    };
    socket.on("data", (d) => {
      raw = Buffer.concat([raw, d]);
      if (complete()) finish();
    });
    socket.on("error", () => {}); // EPIPE / ECONNRESET once the server has answered; "close" follows
    socket.on("close", () => finish());
    socket.on("connect", () => {
      const head = Object.entries({ ...headers, host: `${hostname}:${port}`, "transfer-encoding": "chunked", connection: "close" })
        .map(([k, v]) => `${k}: ${v}\r\n`).join("");
      socket.write(`POST ${pathname} HTTP/1.1\r\n${head}\r\n`);
      const pump = () => {
        while (!settled && !socket.destroyed && sent < total) {
          sent += MiB;
          if (!socket.write(chunk)) return socket.once("drain", pump);
        }
        if (!settled && !socket.destroyed) socket.write("0\r\n\r\n");
      };
      pump();
    });
  });
}
