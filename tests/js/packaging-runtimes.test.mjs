// What the runtime files hold per process, measured in real Deno and Node processes: the
// HTTP clients (Deno) and proxy agents (Node) are shared by every TikTokShop client of the
// same proxy and pooling setting, instead of one per client (a Deno.createHttpClient is
// about 96 KB and was never closed: 20,000 clients took 1.97 GB). About 5 s.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startSandbox } from "../support/sandbox.mjs";
import { startProxy } from "../support/proxy.mjs";
import { bin, root, tempDir } from "../support/packages.mjs";

const CLIENTS = 20_000;

let work;
before(() => (work = tempDir("tiktok-shop-runtimes-")));
after(() => work?.remove());

function runFile(command, args) {
  return new Promise((resolve, reject) =>
    execFile(command, args, { env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" }, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(JSON.parse(stdout.trim().split("\n").at(-1))),
    ),
  );
}

test(`Deno: ${CLIENTS} clients, half with a proxy, share three HTTP clients and stay small`, async (t) => {
  const script = join(work.dir, "deno-clients.mjs");
  writeFileSync(script, `let created = 0;
const create = Deno.createHttpClient;
Deno.createHttpClient = (options) => (created += 1, create(options));
const { TikTokShop } = await import(${JSON.stringify(pathToFileURL(join(root, "pkg", "deno.js")).href)});
const before = Deno.memoryUsage().rss;
const clients = [];
for (let i = 0; i < ${CLIENTS}; i++) {
  const proxy = i % 2 ? "http://user:secret@127.0.0.1:9" : undefined;
  clients.push(new TikTokShop({ appKey: "k", appSecret: "s", accessToken: "t", proxy }));
}
console.log(JSON.stringify({ created, clients: clients.length, grewMB: (Deno.memoryUsage().rss - before) / 2 ** 20 }));
`);
  const r = await runFile(bin("deno"), ["run", "--quiet", "--allow-net=127.0.0.1:9", script]);
  t.diagnostic(`${r.clients} clients: ${r.created} Deno.createHttpClient, RSS +${r.grewMB.toFixed(1)} MB`);
  // Writes without a proxy (unpooled), and through the proxy pooled and unpooled.
  assert.equal(r.created, 3);
  assert.ok(r.grewMB < 250, `RSS grew by ${r.grewMB.toFixed(1)} MB`);
});

test("Node: clients of one proxy share one ProxyAgent, so calls reuse its tunnel", async () => {
  const sb = await startSandbox();
  const proxy = await startProxy();
  try {
    const script = join(work.dir, "node-proxy.mjs");
    writeFileSync(script, `import { TikTokShop } from ${JSON.stringify(pathToFileURL(join(root, "pkg", "node.js")).href)};
const [url, appKey, appSecret, accessToken, proxy] = process.argv.slice(2);
let shops = 0;
for (let i = 0; i < 20; i++) {
  const shop = new TikTokShop({ appKey, appSecret, accessToken, baseUrl: url, authBaseUrl: url, proxy });
  shops += (await shop.authorization.getAuthorizedShops()).shops.length;
}
console.log(JSON.stringify({ shops }));
process.exit(0);
`);
    const tokens = sb.sandbox.issueTokens();
    const r = await runFile(process.execPath, [script, sb.url, sb.appKey, sb.appSecret, tokens.access_token, proxy.url]);
    assert.equal(r.shops, 20 * sb.sandbox.shop.shops.length);
    const tunnels = proxy.seen.filter((s) => s.kind === "connect").length;
    assert.ok(tunnels >= 1 && tunnels <= 2, `${tunnels} CONNECT tunnels for 20 clients' calls`);
  } finally {
    await proxy.close();
    await sb.close();
  }
});
