// The official MCP SDK's client against the MCP servers of this project: `tiktok-shop mcp`
// (pkg-cli/index.js) over stdio or Streamable HTTP, and the Worker example's endpoint.
// Every tool result's text and every server's stderr is kept, for the secrets scan.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const cli = join(root, "pkg-cli", "index.js");

/** Every tool result text and server output seen by this process. */
export const seen = [];

/** The environment of a server process: PATH and a HOME of its own, nothing TIKTOK_SHOP_* from outside. */
export function serverEnv(home, env) {
  return { PATH: process.env.PATH, HOME: home, NO_COLOR: "1", ...env };
}

/** A connected client with helpers that parse each tool result's JSON text. */
export class Session {
  constructor(client, close) {
    this.client = client;
    this.close = close;
  }

  /** tools/call -> `{ isError, body, text }`; a protocol error rejects. */
  async call(name, args) {
    const result = await this.client.callTool({ name, arguments: args });
    const text = result.content?.[0]?.text ?? "";
    seen.push(text);
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {}
    return { isError: result.isError === true, body, text };
  }

  /** A call that must succeed: its parsed body. */
  async ok(name, args) {
    const r = await this.call(name, args);
    if (r.isError) throw new Error(`${name} failed: ${r.text}`);
    return r.body;
  }

  /** call_operation, following next_cursor until there is none: every item and each result. */
  async walk(operation, params, extra = {}) {
    const items = [];
    const results = [];
    let cursor;
    for (let i = 0; i < 1000; i++) {
      const body = await this.ok("call_operation", { operation, params, all: true, ...extra, ...(cursor ? { cursor } : {}) });
      results.push(body);
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return { items, results };
    }
    throw new Error("the walk did not end within 1000 results");
  }
}

async function connect(transport) {
  const client = new Client({ name: "tiktok-shop-wasm-tests", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** `tiktok-shop mcp ARGS` on stdio, started by the SDK's own stdio client (`cli`: another copy of the command). */
export async function startStdio(args, env, { cli: command = cli } = {}) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [command, "mcp", ...args], env, cwd: root, stderr: "pipe" });
  const server = { stderr: "" };
  transport.stderr.setEncoding("utf8").on("data", (d) => (server.stderr += d));
  const client = await connect(transport);
  const session = new Session(client, async () => {
    await client.close();
    seen.push(server.stderr);
  });
  session.server = server;
  return session;
}

/** A client of a Streamable HTTP endpoint with a bearer token. */
export async function connectHttp(url, token) {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = await connect(transport);
  return new Session(client, () => client.close());
}

/**
 * `tiktok-shop mcp --http 0 ARGS` as its own process: resolves once stderr shows the URL
 * (and the generated token, unless TIKTOK_SHOP_MCP_TOKEN gives one).
 */
export function startHttp(args, env, { timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, [cli, "mcp", "--http", "0", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const server = { child, stderr: "", stdout: "", url: null, token: env.TIKTOK_SHOP_MCP_TOKEN ?? null };
  child.stdout.setEncoding("utf8").on("data", (d) => (server.stdout += d));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  server.stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const late = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(late);
    seen.push(server.stderr, server.stdout);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.stop();
      reject(new Error(`no URL on stderr within ${timeoutMs} ms:\n${server.stderr}`));
    }, timeoutMs);
    child.stderr.setEncoding("utf8").on("data", (d) => {
      server.stderr += d;
      server.url ??= /at (http:\/\/\S+\/mcp) /.exec(server.stderr)?.[1] ?? null;
      server.token ??= /bearer token \(generated[^)]*\): (\S+)/.exec(server.stderr)?.[1] ?? null;
      if (server.url && server.token) {
        clearTimeout(timer);
        resolve(server);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`tiktok-shop mcp --http exited (${code}):\n${server.stderr}`));
    });
  });
}

/** The UTF-8 bytes of the items of a result. */
export const itemBytes = (items) => items.reduce((n, item) => n + Buffer.byteLength(JSON.stringify(item)) + 1, 0);

/**
 * The done-when of the MCP server, for any of its hosts: `setup()` gives `{ session,
 * sandbox, shop, writes }` (the sandbox's shop the server calls for, and what its write gate
 * allows: "none", "all" or a list of groups).
 */
export function agentSuite({ test, assert, listOperations }, setup) {
  let ctx;
  const get = async () => (ctx ??= await setup());
  const requestsOf = (op) => ctx.sandbox.requests.filter((r) => r.op === op).length;

  test("lists the four tools, their input schemas generated from the operations table", async () => {
    const { session, writes } = await get();
    const { tools } = await session.client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    assert.deepEqual(Object.keys(byName).sort(), ["call_operation", "describe_operation", "list_shops", "search_operations"]);
    for (const t of tools) {
      assert.equal(t.inputSchema.type, "object", t.name);
      assert.equal(t.inputSchema.additionalProperties, false, t.name);
      assert.ok(t.description.length > 40, t.name);
    }
    const groups = [...new Set(listOperations().map((e) => e.group))];
    assert.deepEqual(byName.search_operations.inputSchema.properties.group.enum, groups);
    assert.deepEqual(byName.call_operation.inputSchema.required, ["operation"]);
    assert.equal(byName.call_operation.annotations.readOnlyHint, writes === "none");
    assert.equal(byName.search_operations.annotations.readOnlyHint, true);
  });

  test('search_operations "order list" finds order.getOrderList first', async () => {
    const { session } = await get();
    const { results } = await session.ok("search_operations", { query: "order list" });
    assert.equal(results[0].operation, "order.getOrderList");
    assert.deepEqual(
      { group: results[0].group, account: results[0].account, paginated: results[0].paginated, read: results[0].read },
      { group: "order", account: "seller", paginated: true, read: true },
    );
    assert.match(results[0].summary, /^Get order list: POST \/order\/202309\/orders\/search/);
    assert.ok(results.length > 1 && results.length <= 10);
  });

  test("describe_operation gives order.getOrderList's parameters as JSON Schema, from the table", async () => {
    const { session } = await get();
    const d = await session.ok("describe_operation", { operation: "order.getOrderList" });
    const entry = listOperations().find((e) => e.group === "order" && e.operation === "getOrderList");
    const v = entry.byVersion[entry.versions[0]];
    assert.equal(d.version, entry.versions[0]);
    assert.equal(d.path, v.path);
    assert.equal(d.items, v.items);
    assert.equal(d.page_size_max, v.pageSizeMax);
    assert.deepEqual(d.scopes, Array.isArray(v.scopes) ? v.scopes : "unknown");
    assert.deepEqual(Object.keys(d.params.properties), v.params.map((p) => p.name));
    assert.deepEqual(d.params.required, v.params.filter((p) => p.required).map((p) => p.name));
    for (const p of v.params) {
      const type = d.params.properties[p.name].type;
      assert.deepEqual(type, p.type === "integer" ? ["integer", "string"] : p.type, p.name);
    }
    assert.deepEqual(d.example.params, { page_size: 20 });
  });

  test("call_operation with all returns every order of the shop, following next_cursor", async () => {
    const { session, sandbox, shop } = await get();
    const { items, results } = await session.walk("order.getOrderList", {});
    const expected = sandbox.shop.data[shop].orders.map((o) => o.id);
    assert.equal(items.length, expected.length);
    assert.deepEqual(new Set(items.map((o) => o.id)), new Set(expected));
    assert.equal(results[0].total_count, expected.length);
    // 250 orders of about 4.5 KB do not fit one result: the bound cut them, the cursor went on.
    assert.ok(results.length > 1);
    for (const r of results.slice(0, -1)) {
      assert.ok(r.next_cursor && /bytes|limit/.test(r.note), r.note);
      assert.ok(itemBytes(r.items) <= 64_000, `${itemBytes(r.items)} bytes`);
    }
  });

  test("a write is refused unless the server allows writes in its group", async () => {
    const { session, writes } = await get();
    const before = requestsOf("product.deleteProducts");
    const r = await session.call("call_operation", { operation: "product.deleteProducts", params: { product_ids: ["1"] } });
    const allowed = writes === "all" || (Array.isArray(writes) && writes.includes("product"));
    if (allowed) {
      assert.equal(r.isError, false, r.text);
      assert.equal(r.body.operation, "product.deleteProducts");
      assert.equal(requestsOf("product.deleteProducts"), before + 1);
    } else {
      assert.equal(r.isError, true);
      assert.equal(r.body.error.kind, "write_refused");
      assert.match(r.body.error.next, /allow-writes|ALLOW_WRITES/i);
      assert.equal(requestsOf("product.deleteProducts"), before, "nothing was sent");
    }
    // A write of a group the server does not name stays refused.
    if (Array.isArray(writes) && !writes.includes("order")) {
      const other = await session.call("call_operation", { operation: "order.addExternalOrderReferences", params: {} });
      assert.equal(other.body.error.kind, "write_refused");
    }
  });

  return { get };
}
