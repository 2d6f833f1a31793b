// The sandbox under Deno (deno.js) and workerd (worker.js), each checked over
// real HTTP from Node with the independent signer. Skipped when the runtime's
// binary is not found: set DENO_BIN / WORKERD_BIN, or have `deno` / `workerd`
// on PATH or in node_modules/.bin.

import test from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, copyFileSync, mkdirSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import http from "node:http";
import { gunzipSync } from "node:zlib";
import { call, nodeSign, nodeWebhookSign, repoRoot, sandboxDir } from "./helpers.mjs";
import { freePort } from "../../tests/support/workerd.mjs";

function findBin(name, envVar) {
  if (process.env[envVar] && existsSync(process.env[envVar])) return process.env[envVar];
  for (const dir of [path.join(repoRoot, "node_modules/.bin"), ...(process.env.PATH ?? "").split(path.delimiter)]) {
    const p = path.join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

async function smoke(sb, token, cipher) {
  const shops = await call(sb, { path: "/authorization/202309/shops", token });
  assert.equal(shops.status, 200, shops.text);
  assert.equal(shops.json.code, 0);
  assert.equal(shops.json.data.shops[0].cipher, cipher);
  const list = await call(sb, { method: "POST", path: "/order/202309/orders/search", query: { page_size: 7 }, body: '{ "order_status": "COMPLETED" }', token, shopCipher: cipher });
  assert.equal(list.json.code, 0, list.text);
  assert.equal(list.json.data.orders.length, 7);
  assert.ok(list.json.data.next_page_token);
  const bad = await call(sb, { path: "/authorization/202309/shops", token, sign: "f".repeat(64) });
  assert.equal(bad.status, 401);
  assert.equal(bad.json.code, 106001);
  const form = new FormData();
  form.set("data", new Blob([new Uint8Array([1, 2, 3])], { type: "image/png" }), "x.png");
  const up = await call(sb, { method: "POST", path: "/product/202309/images/upload", body: form, token });
  assert.equal(up.json.code, 0, up.text);
  const log = await (await fetch(`${sb.url}/__sandbox/requests`)).json();
  assert.deepEqual(log.at(-1).form, { data: { size: 3, type: "image/png", name: "x.png" } });

  // faults: a dropped connection makes the call fail (fetch or the body read rejects),
  // a truncated reply is not JSON, a 429 carries Retry-After
  const plan = (p) => fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify(p) }).then((r) => r.json());
  await plan({ failureRate: 1, kinds: { drop: 1 } });
  await assert.rejects(call(sb, { path: "/authorization/202309/shops", token }));
  await plan({ failureRate: 1, kinds: { truncated: 1 } });
  const cut = await call(sb, { path: "/authorization/202309/shops", token });
  assert.equal(cut.status, 200);
  assert.equal(cut.json, undefined);
  await plan({ rateLimit: { requestsPerSecond: 1, burst: 1 } });
  assert.equal((await call(sb, { path: "/authorization/202309/shops", token })).status, 200);
  const limited = await call(sb, { path: "/authorization/202309/shops", token });
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get("retry-after"), "1");
  const cleared = await plan({});
  assert.equal(cleared.failureRate, 0);
  const faults = (await (await fetch(`${sb.url}/__sandbox/requests`)).json()).slice(-4).map((e) => e.fault);
  assert.deepEqual(faults, ["drop", "truncated", null, "rateLimit"]);

  // hostile network: a redirect elsewhere, and a gzip bomb sent as is (no re-compression)
  await plan({ redirect: { status: 307, location: "https://elsewhere.example/x" } });
  const q = { app_key: sb.appKey, timestamp: String(Math.floor(Date.now() / 1000)) };
  q.sign = nodeSign(sb.appSecret, "/authorization/202309/shops", q);
  const shopsUrl = `${sb.url}/authorization/202309/shops?${new URLSearchParams(q)}`;
  const moved = await fetch(shopsUrl, { headers: { "x-tts-access-token": token }, redirect: "manual" });
  assert.equal(moved.status, 307);
  assert.equal(moved.headers.get("location"), "https://elsewhere.example/x");
  await plan({ gzipBomb: { size: 16 * 2 ** 20 } });
  const bomb = await new Promise((resolve, reject) => {
    http.get(shopsUrl, { headers: { "x-tts-access-token": token } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
  assert.equal(bomb.status, 200);
  assert.equal(bomb.encoding, "gzip");
  assert.ok(bomb.body.length < 100 * 1024, `${bomb.body.length} bytes on the wire`);
  assert.ok(gunzipSync(bomb.body).length >= 16 * 2 ** 20);
  await plan({});

  // webhooks: the runtime signs and delivers to a receiver in this process
  const received = [];
  const rx = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, authorization: req.headers.authorization });
      res.end("ok");
    });
  });
  await new Promise((resolve) => rx.listen(0, "127.0.0.1", resolve));
  try {
    const sent = await (await fetch(`${sb.url}/__sandbox/webhooks/send`, { method: "POST", body: JSON.stringify({ url: `http://127.0.0.1:${rx.address().port}/hook`, repeat: 2 }) })).json();
    assert.deepEqual(sent.deliveries, [{ status: 200, body: "ok" }, { status: 200, body: "ok" }]);
    assert.equal(received.length, 2);
    assert.deepEqual(JSON.parse(received[0].body), sent.event);
    assert.equal(received[0].authorization, nodeWebhookSign(sb.appKey, sb.appSecret, received[0].body));
  } finally {
    rx.close();
    rx.closeAllConnections();
  }
}

const deno = findBin("deno", "DENO_BIN");
test("deno.js serves the sandbox under Deno", { skip: deno ? false : "deno not found" }, async (t) => {
  const script = `
    import { serveSandbox } from ${JSON.stringify(path.join(sandboxDir, "deno.js"))};
    const sb = serveSandbox({ appKey: "deno-key", appSecret: "deno-secret" });
    const tokens = sb.sandbox.issueTokens();
    console.log(JSON.stringify({ url: sb.url, appKey: sb.appKey, appSecret: sb.appSecret, token: tokens.access_token, cipher: sb.sandbox.shop.shops[0].cipher }));
    for await (const _ of Deno.stdin.readable) {}
    await sb.close();
  `;
  const dir = mkdtempSync(path.join(os.tmpdir(), "tts-sandbox-deno-"));
  const file = path.join(dir, "serve.mjs");
  writeFileSync(file, script);
  const child = spawn(deno, ["run", "--quiet", "--no-lock", "--allow-net", "--allow-read", file], { stdio: ["pipe", "pipe", "inherit"] });
  t.after(() => {
    child.stdin.end(); // the script closes its server and exits when stdin closes
    setTimeout(() => child.exitCode === null && child.kill(), 2000).unref();
    rmSync(dir, { recursive: true, force: true });
  });
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`deno exited with ${code}`)));
  }).catch((e) => e);
  if (line instanceof Error) throw line;
  const info = JSON.parse(line);
  assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  await smoke(info, info.token, info.cipher);
});

const workerd = findBin("workerd", "WORKERD_BIN");
test("worker.js serves the sandbox under workerd", { skip: workerd ? false : "workerd not found" }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tts-sandbox-workerd-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // every module, subfolders included (module names are their relative paths)
  const files = readdirSync(sandboxDir, { recursive: true })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => f.endsWith(".js") && !["node.js", "deno.js"].includes(f));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    copyFileSync(path.join(sandboxDir, f), path.join(dir, f));
  }
  const port = await freePort();
  const modules = ["worker.js", ...files.filter((f) => f !== "worker.js")].map((f) => `(name = "${f}", esModule = embed "${f}")`).join(",\n    ");
  writeFileSync(path.join(dir, "config.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .sandboxWorker),
    # webhook deliveries go to a receiver on 127.0.0.1: allow local addresses
    (name = "net", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const sandboxWorker :Workerd.Worker = (
  modules = [
    ${modules}
  ],
  compatibilityDate = "2024-09-23",
  globalOutbound = "net",
  bindings = [ (name = "SANDBOX_APP_KEY", text = "wk-key"), (name = "SANDBOX_APP_SECRET", text = "wk-secret"), (name = "SANDBOX_ORDERS", text = "400") ],
);
`);
  const child = spawn(workerd, ["serve", path.join(dir, "config.capnp")], { stdio: ["ignore", "inherit", "inherit"] });
  t.after(() => {
    if (child.exitCode === null) child.kill();
  });
  const url = `http://127.0.0.1:${port}`;
  let tokens;
  for (let i = 0; i < 100 && !tokens; i++) {
    try {
      tokens = await (await fetch(`${url}/__sandbox/tokens`, { method: "POST" })).json();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  assert.ok(tokens?.access_token, "workerd answered");
  const shop = await (await fetch(`${url}/__sandbox/shop`)).json();
  assert.equal(shop.shops[0].counts.orders, 400, "SANDBOX_ORDERS");
  await smoke({ url, appKey: "wk-key", appSecret: "wk-secret" }, tokens.access_token, shop.shops[0].cipher);
});
