// The Worker example js-examples/cloudflare-mcp under wrangler 4.86.0's local engine
// (Miniflare on workerd, real Durable Objects) against the sandbox over HTTP: a seller
// authorizes through /oauth/start, then the official MCP SDK's client talks to /mcp as it
// talks to `tiktok-shop mcp --http` (the same checks, tests/support/mcp.mjs), read-only and
// then with writes allowed in one group. No secret in any result, reply or log.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listOperations } from "tiktok-shop-wasm";
import { ensureWrangler, LocalApp, sandboxVars } from "../support/cloudflare/local-app.mjs";
import { followTokens } from "../support/cloudflare/token-ledger.mjs";
import { agentSuite, connectHttp, seen } from "../support/mcp.mjs";
import { startSandbox } from "../support/sandbox.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const example = join(root, "js-examples", "cloudflare-mcp");
const APP_SECRET = "cloudflare-mcp-app-secret-3f9a1c";
const MCP_TOKEN = "cloudflare-mcp-bearer-token-8d27e4b1";

let sb;
let ledger;
let dir;
let app;
const sessions = [];

async function session() {
  const s = await connectHttp(`${app.url}/mcp`, MCP_TOKEN);
  sessions.push(s);
  return s;
}

async function restart(vars) {
  for (const s of sessions.splice(0)) await s.close();
  await app.stop();
  app.setVars(vars);
  await app.start();
}

before(
  async () => {
    await ensureWrangler();
    sb = await startSandbox({ appSecret: APP_SECRET });
    ledger = followTokens(sb.sandbox);
    dir = mkdtempSync(join(tmpdir(), "cloudflare-mcp-"));
    app = new LocalApp(
      dir,
      { ...sandboxVars(sb, APP_SECRET), MCP_TOKEN, ALLOW_WRITES: "" },
      { app: example, readyPath: "/" },
    );
    await app.start();
  },
  { timeout: 300_000 },
);

after(async () => {
  for (const s of sessions) await s.close();
  await app?.stop();
  await sb?.close();
  if (dir && process.env.CLOUDFLARE_MCP_KEEP) writeFileSync(join(dir, "wrangler.log"), app?.output ?? "");
  else if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the example pins the wrangler the tests run, and the SDK the CLI pins", () => {
  const pkg = JSON.parse(readFileSync(join(example, "package.json"), "utf8"));
  const tools = JSON.parse(readFileSync(join(root, "tests", "support", "cloudflare", "package.json"), "utf8"));
  const cli = JSON.parse(readFileSync(join(root, "cli", "package.json"), "utf8"));
  assert.equal(pkg.devDependencies.wrangler, tools.devDependencies.wrangler);
  assert.equal(pkg.dependencies["@modelcontextprotocol/sdk"], cli.dependencies["@modelcontextprotocol/sdk"]);
});

test("a seller authorizes through /oauth/start; the shop's object keeps the tokens", async () => {
  const start = await app.request("/oauth/start");
  assert.equal(start.status, 302);
  const page = new URL(start.headers.get("location"));
  const callback = new URL(page.searchParams.get("redirect_uri"));
  const code = sb.sandbox.mintAuthCode({ shops: [0] });
  ledger.grantFor(code, [0]);
  callback.searchParams.set("code", code);
  callback.searchParams.set("state", page.searchParams.get("state"));
  const r = await app.request(`${callback.pathname}${callback.search}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.shops.map((s) => s.id), [sb.sandbox.shop.shops[0].id]);
  // The state worked once.
  assert.equal((await app.request(`${callback.pathname}${callback.search}`)).status, 400);
});

describe("read-only (ALLOW_WRITES empty)", () => {
  agentSuite({ test, assert, listOperations }, async () => ({ session: await session(), sandbox: sb.sandbox, shop: 0, writes: "none" }));

  test("list_shops: the shop recorded at authorization, authorized in its object", async () => {
    const s = await session();
    const { shops } = await s.ok("list_shops", {});
    assert.deepEqual(shops.map(({ id, cipher, authorized, default: d }) => ({ id, cipher, authorized, default: d })), [
      { id: sb.sandbox.shop.shops[0].id, cipher: sb.sandbox.shop.shops[0].cipher, authorized: true, default: true },
    ]);
  });

  test("the endpoint wants the bearer token; GET is not served", async () => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    assert.equal((await app.request("/mcp", { method: "POST", headers, body })).status, 401);
    assert.equal((await app.request("/mcp", { method: "POST", headers: { ...headers, authorization: `Bearer ${MCP_TOKEN}x` }, body })).status, 401);
    assert.equal((await app.request("/mcp", { headers: { authorization: `Bearer ${MCP_TOKEN}` } })).status, 405);
  });

  test("hostile arguments are tool errors there too", async () => {
    const s = await session();
    for (const [tool, args, field] of [
      ["describe_operation", { operation: "__proto__.constructor" }, "operation"],
      ["call_operation", { operation: "order.getOrderList", params: { page_size: "x".repeat(100_000) } }, "params.page_size"],
      ["call_operation", { operation: "order.getOrderList", all: true, cursor: "forged" }, "cursor"],
      ["call_operation", { operation: "order.getOrderList", params: { page_size: 1 }, shop: "another" }, "shop"],
      ["search_operations", { query: 1 }, "query"],
    ]) {
      const r = await s.call(tool, args);
      assert.equal(r.isError, true);
      assert.equal(r.body.error.field, field, r.text.slice(0, 300));
    }
  });
});

describe("writes allowed in product (ALLOW_WRITES=product), after a restart on the same state", () => {
  before(() => restart({ ALLOW_WRITES: "product" }), { timeout: 120_000 });
  agentSuite({ test, assert, listOperations }, async () => ({ session: await session(), sandbox: sb.sandbox, shop: 0, writes: ["product"] }));
});

test("no secret in any tool result, the Worker's replies or wrangler's output", async () => {
  for (const s of sessions.splice(0)) await s.close();
  const secrets = [APP_SECRET, MCP_TOKEN, ...ledger.secrets];
  assert.ok(ledger.secrets.size >= 3, "the auth code and a token set were seen");
  const texts = [...seen, ...app.replies, app.output];
  assert.ok(texts.length > 20);
  for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in: ${text.slice(0, 200)}`);
  // The Worker logged the tool calls (no parameters, no secrets).
  assert.match(app.output, /mcp call_operation order\.getOrderList: ok \(\d+ ms\)/);
});
