// `tiktok-shop mcp` as an AI agent meets it: the official MCP SDK's client starts the
// built CLI (pkg-cli/) over stdio, and talks to it over Streamable HTTP, against the
// sandbox over HTTP. At the end every tool result and every server's stderr is searched
// for the app secret and the tokens.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listOperations } from "tiktok-shop-wasm";
import { startSandbox } from "../support/sandbox.mjs";
import { agentSuite, connectHttp, seen, serverEnv, startHttp, startStdio } from "../support/mcp.mjs";

const APP_KEY = "mcp-test-app-key";
const APP_SECRET = "mcp-test-app-secret-7c1d94e2";
const MCP_TOKEN = "mcp-test-bearer-token-0b5e27a9c4";

let sb;
let work;
const secrets = new Set([APP_SECRET]);
const sessions = [];
const servers = [];

function tokens() {
  const t = sb.sandbox.issueTokens();
  secrets.add(t.access_token);
  secrets.add(t.refresh_token);
  return t;
}

/** A server's environment: shop 1's credentials (the access token given, or only a refresh token). */
function env({ refreshOnly = false, profileFile = join(work, "profiles.json"), extra = {} } = {}) {
  const t = tokens();
  return serverEnv(join(work, "home"), {
    TIKTOK_SHOP_APP_KEY: APP_KEY,
    TIKTOK_SHOP_APP_SECRET: APP_SECRET,
    ...(refreshOnly ? { TIKTOK_SHOP_REFRESH_TOKEN: t.refresh_token } : { TIKTOK_SHOP_ACCESS_TOKEN: t.access_token }),
    TIKTOK_SHOP_SHOP_CIPHER: sb.sandbox.shop.shops[0].cipher,
    TIKTOK_SHOP_BASE_URL: sb.url,
    TIKTOK_SHOP_AUTH_BASE_URL: sb.url,
    TIKTOK_SHOP_PROFILE_FILE: profileFile,
    ...extra,
  });
}

async function stdio(args, e = env()) {
  const s = await startStdio(args, e);
  sessions.push(s);
  return s;
}

async function http(args, e) {
  const server = await startHttp(args, e);
  servers.push(server);
  return server;
}

before(async () => {
  sb = await startSandbox({ appKey: APP_KEY, appSecret: APP_SECRET });
  work = mkdtempSync(join(tmpdir(), "tiktok-shop-mcp-"));
});

after(async () => {
  for (const s of sessions) await s.close();
  for (const s of servers) await s.stop();
  await sb?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("over stdio, read-only, refreshing its token", () => {
  const profileFile = () => join(work, "stdio-profiles.json");
  agentSuite({ test, assert, listOperations }, async () => ({
    // Only a refresh token: the server refreshes before its first call and saves the rotated tokens.
    session: await stdio([], env({ refreshOnly: true, profileFile: profileFile() })),
    sandbox: sb.sandbox,
    shop: 0,
    writes: "none",
  }));

  test("the rotated tokens went to the profile, never to stdout or a result", () => {
    const profile = JSON.parse(readFileSync(profileFile(), "utf8")).profiles.default;
    assert.ok(profile.access_token && profile.refresh_token);
    secrets.add(profile.access_token);
    secrets.add(profile.refresh_token);
    const stderr = sessions[0].server.stderr;
    assert.match(stderr, /MCP server on stdio \(read-only\)/);
    assert.match(stderr, /access token refreshed; saved the new tokens/);
    assert.match(stderr, /call_operation order\.getOrderList: ok \(\d+ ms\)/);
  });
});

describe("over stdio, writes allowed", () => {
  const { get } = agentSuite({ test, assert, listOperations }, async () => ({ session: await stdio(["--allow-writes"]), sandbox: sb.sandbox, shop: 0, writes: "all" }));

  test("an upload takes its file base64-encoded; bytes that are not base64 are refused", async () => {
    const { session } = await get();
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
    const r = await session.ok("call_operation", { operation: "product.uploadProductImage", params: { data: png.toString("base64"), use_case: "MAIN_IMAGE" } });
    assert.equal(r.operation, "product.uploadProductImage");
    const sent = sb.sandbox.requests.filter((q) => q.op === "product.uploadProductImage").at(-1);
    assert.equal(sent.form.data.size, png.length);
    assert.equal(sent.form.use_case, "MAIN_IMAGE");
    const bad = await session.call("call_operation", { operation: "product.uploadProductImage", params: { data: "%%% not base64 %%%" } });
    assert.equal(bad.body.error.field, "params.data");
  });
});

describe("over Streamable HTTP, writes allowed in product only", () => {
  let server;
  agentSuite({ test, assert, listOperations }, async () => {
    server = await http(["--allow-writes=product"], env());
    const session = await connectHttp(server.url, server.token);
    sessions.push(session);
    return { session, sandbox: sb.sandbox, shop: 0, writes: ["product"] };
  });

  test("listens on 127.0.0.1 and printed a generated token and a client entry", () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(server.stderr, /client entry: \{"mcpServers":\{"tiktok-shop":\{"type":"http","url":"http:\/\/127\.0\.0\.1:\d+\/mcp","headers":\{"Authorization":"Bearer /);
    assert.match(server.stderr, /writes allowed in product/);
    assert.equal(server.stdout, "");
  });

  test("refuses a request without the token, with a wrong one, for another Host, and a GET", async () => {
    const init = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } } };
    const post = (headers) => fetch(server.url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers }, body: JSON.stringify(init) });
    const none = await post({});
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate"), /^Bearer/);
    assert.equal((await post({ authorization: `Bearer ${server.token}x` })).status, 401);
    assert.equal((await post({ authorization: `Bearer ${server.token.slice(0, -1)}` })).status, 401);
    assert.equal((await post({ authorization: `Basic ${server.token}` })).status, 401);
    assert.equal((await post({ authorization: `Bearer ${"a".repeat(10_000)}` })).status, 401);
    // fetch cannot set Host: node:http can, as a rebound DNS name would.
    const rebound = await new Promise((resolve, reject) => {
      const req = request(server.url, { method: "POST", headers: { host: `attacker.example:${new URL(server.url).port}`, authorization: `Bearer ${server.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end(JSON.stringify(init));
    });
    assert.equal(rebound, 403);
    const page = await post({ authorization: `Bearer ${server.token}`, origin: "https://attacker.example" });
    assert.equal(page.status, 403);
    const get = await fetch(server.url, { headers: { authorization: `Bearer ${server.token}` } });
    assert.equal(get.status, 405);
    assert.equal((await fetch(server.url.replace("/mcp", "/other"), { headers: { authorization: `Bearer ${server.token}` } })).status, 404);
    const ok = await post({ authorization: `Bearer ${server.token}` });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).result.serverInfo.name, "tiktok-shop");
  });

  test("a body nested 100 000 deep, or over 12 MiB, is refused whole; the server answers on", async () => {
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${server.token}` };
    const call = (args) => `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"search_operations","arguments":${args}}}`;
    const deep = await fetch(server.url, { method: "POST", headers, body: call(`{"query":${"[".repeat(100_000)}1${"]".repeat(100_000)}}`) });
    const answer = await deep.text();
    assert.ok(answer.length < 2000);
    assert.ok(deep.status === 400 || /"isError":true|"error"/.test(answer), `${deep.status} ${answer.slice(0, 200)}`);
    const big = await fetch(server.url, { method: "POST", headers, body: call(JSON.stringify({ query: "x".repeat(13 * 1024 * 1024) })) });
    assert.equal(big.status, 413);
    const session = await connectHttp(server.url, server.token);
    sessions.push(session);
    assert.equal((await session.ok("search_operations", { query: "order list" })).results[0].operation, "order.getOrderList");
  });

  test("TIKTOK_SHOP_MCP_TOKEN chooses the token (never printed); a short one is refused", async () => {
    const chosen = await http([], env({ extra: { TIKTOK_SHOP_MCP_TOKEN: MCP_TOKEN } }));
    assert.equal(chosen.token, MCP_TOKEN);
    assert.ok(!chosen.stderr.includes(MCP_TOKEN));
    const session = await connectHttp(chosen.url, MCP_TOKEN);
    sessions.push(session);
    assert.equal((await session.ok("list_shops", {})).shops.length, 2);
    await assert.rejects(http([], env({ extra: { TIKTOK_SHOP_MCP_TOKEN: "short" } })), /TIKTOK_SHOP_MCP_TOKEN must hold 16 characters or more/);
  });
});

describe("tools in detail (stdio)", () => {
  let session;
  before(async () => {
    session = await stdio(["--max-items", "50"]);
  });

  test("list_shops: the account's shops, the server's own marked default; `shop` picks another", async () => {
    const { shops } = await session.ok("list_shops", {});
    assert.deepEqual(shops.map((s) => s.id), sb.sandbox.shop.shops.map((s) => s.id));
    assert.deepEqual(shops.map((s) => s.default), [true, false]);
    const other = shops[1];
    const r = await session.ok("call_operation", { operation: "order.getOrderList", params: { page_size: 2 }, shop: other.id });
    assert.equal(r.data.orders.length, 2);
    const last = sb.sandbox.requests.filter((q) => q.op === "order.getOrderList").at(-1);
    assert.equal(last.shopCipher, other.cipher);
    const unknown = await session.call("call_operation", { operation: "order.getOrderList", params: { page_size: 2 }, shop: "no-such-shop" });
    assert.equal(unknown.body.error.field, "shop");
    assert.match(unknown.body.error.next, /list_shops/);
  });

  test("a page without `all`: its data with next_cursor; the cursor goes on where it stopped", async () => {
    const first = await session.ok("call_operation", { operation: "order.getOrderList", params: { page_size: 5 } });
    assert.equal(first.data.orders.length, 5);
    assert.equal(typeof first.data.next_page_token, "string");
    assert.ok(first.next_cursor);
    const second = await session.ok("call_operation", { operation: "order.getOrderList", params: { page_size: 5 }, cursor: first.next_cursor });
    const ids = sb.sandbox.shop.data[0].orders;
    const walked = await session.walk("order.getOrderList", { page_size: 5 }, { limit: 10 });
    assert.deepEqual([...first.data.orders, ...second.data.orders].map((o) => o.id), walked.items.slice(0, 10).map((o) => o.id));
    assert.equal(walked.items.length, ids.length);
    // limit 10, pages of 5: two pages per result
    assert.equal(walked.results[0].pages, 2);
    assert.match(walked.results[0].note, /the limit of 10 items/);
  });

  test("the limit's maximum is the server's --max-items; a cursor only continues its own call", async () => {
    const { tools } = await session.client.listTools();
    assert.equal(tools.find((t) => t.name === "call_operation").inputSchema.properties.limit.maximum, 50);
    const over = await session.call("call_operation", { operation: "order.getOrderList", all: true, limit: 51 });
    assert.equal(over.body.error.field, "limit");
    const { next_cursor } = await session.ok("call_operation", { operation: "order.getOrderList", all: true, limit: 3 });
    const other = await session.call("call_operation", { operation: "order.getOrderList", all: true, cursor: next_cursor, params: { order_status: "COMPLETED" } });
    assert.equal(other.body.error.kind, "invalid_arguments");
    assert.equal(other.body.error.field, "cursor");
    const elsewhere = await session.call("call_operation", { operation: "product.searchProducts", all: true, cursor: next_cursor });
    assert.equal(elsewhere.body.error.field, "cursor");
    assert.match(elsewhere.body.error.message, /order\.getOrderList/);
  });

  test("versions: describe and call an older one; an unlisted one names those there are", async () => {
    const d = await session.ok("describe_operation", { operation: "order.getOrderDetail", version: "202309" });
    assert.equal(d.path, "/order/202309/orders");
    assert.deepEqual(d.versions, ["202507", "202309"]);
    const id = sb.sandbox.shop.data[0].orders[0].id;
    const r = await session.ok("call_operation", { operation: "order.getOrderDetail", version: "202309", params: { ids: [id] } });
    assert.equal(r.version, "202309");
    assert.equal(r.data.orders[0].id, id);
    const bad = await session.call("describe_operation", { operation: "order.getOrderDetail", version: "202001" });
    assert.match(bad.body.error.message, /versions: 202507, 202309/);
  });

  test("an API error is a tool error with kind, code, request id and what to do next", async () => {
    const bogus = await stdio([], env({ extra: { TIKTOK_SHOP_ACCESS_TOKEN: "not-a-token-of-this-sandbox" } }));
    const r = await bogus.call("call_operation", { operation: "order.getOrderList", params: { page_size: 1 } });
    assert.equal(r.isError, true);
    const e = r.body.error;
    assert.ok(["auth", "expired_token"].includes(e.kind), e.kind);
    assert.equal(typeof e.code, "number");
    assert.match(e.request_id, /^\w{10,}$/);
    assert.equal(e.operation, "order.getOrderList");
    assert.match(e.next, /auth exchange|credentials/);
    // A parameter the API refuses names it.
    const missing = await session.call("call_operation", { operation: "order.getOrderList", params: {} });
    assert.equal(missing.body.error.field, "params.page_size");
    assert.match(missing.body.error.next, /describe_operation/);
  });

  test("without credentials, the catalog tools work and the others say what is missing", async () => {
    const bare = await stdio([], serverEnv(join(work, "home"), { TIKTOK_SHOP_PROFILE_FILE: join(work, "none.json") }));
    assert.equal((await bare.ok("search_operations", { query: "statements" })).results[0].operation, "finance.getStatements");
    const r = await bare.call("list_shops", {});
    assert.equal(r.body.error.kind, "config");
    assert.match(r.body.error.message, /missing the app key: pass --app-key, set TIKTOK_SHOP_APP_KEY/);
  });

  test("token calls are never served: their replies are tokens", async () => {
    const r = await session.call("call_operation", { operation: "token.refreshAccessToken", params: { refresh_token: "x" } });
    assert.equal(r.body.error.kind, "invalid_arguments");
    assert.match(r.body.error.message, /its reply is the account's tokens/);
    const { results } = await session.ok("search_operations", { query: "refresh access token" });
    assert.equal(results.find((x) => x.operation === "token.refreshAccessToken")?.callable, false);
  });

  test("a non-list reply over the byte bound is shown truncated, marked so", async () => {
    const small = await stdio(["--max-bytes", "1000"]);
    const ids = sb.sandbox.shop.data[0].orders.slice(0, 3).map((o) => o.id);
    const r = await small.ok("call_operation", { operation: "order.getOrderDetail", params: { ids } });
    assert.equal(r.truncated, true);
    assert.ok(r.bytes > 1000);
    assert.ok(Buffer.byteLength(r.preview) <= 1000);
    assert.match(r.note, /the call succeeded/);
  });

  test("a client's cancellation stops a call; a hung attempt ends at --timeout-ms as a timeout", async () => {
    const quick = await stdio(["--timeout-ms", "300", "--retries", "0"]);
    sb.sandbox.setFaults({ hang: { routes: ["POST /order/202309/orders/search"] } });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const args = { operation: "order.getOrderList", params: { page_size: 1 } };
      await assert.rejects(session.client.callTool({ name: "call_operation", arguments: args }, undefined, { signal: controller.signal }), /abort/i);
      for (let i = 0; i < 100 && !/call_operation order\.getOrderList: cancelled/.test(session.server.stderr); i++) await new Promise((r) => setTimeout(r, 50));
      assert.match(session.server.stderr, /call_operation order\.getOrderList: cancelled \(\d+ ms\)/);
      const r = await quick.call("call_operation", args);
      assert.equal(r.body.error.kind, "timeout");
      assert.match(r.body.error.next, /transient/);
    } finally {
      sb.sandbox.setFaults(null);
    }
    assert.equal((await session.ok("call_operation", { operation: "order.getOrderList", params: { page_size: 1 } })).data.orders.length, 1);
  });

  test("bad flags are usage errors (exit 2)", async () => {
    const { spawnSync } = await import("node:child_process");
    const { cli } = await import("../support/mcp.mjs");
    const run = (...args) => spawnSync(process.execPath, [cli, "mcp", ...args], { env: serverEnv(join(work, "home"), {}), encoding: "utf8", timeout: 20_000 });
    for (const [args, message] of [
      [["--allow-writes=prodct"], /unknown group "prodct"; did you mean product\?/],
      [["--max-items", "0"], /--max-items must be an integer >= 1/],
      [["--max-items", "5000"], /--max-items must be at most 1000/],
      [["--host", "0.0.0.0"], /--host goes with --http/],
      [["--http", "70000"], /--http needs a port/],
      [["--bogus"], /unknown flag --bogus for mcp/],
    ]) {
      const r = run(...args);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.stderr, message);
    }
    const help = run("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: tiktok-shop mcp/);
  });
});

describe("hostile arguments to every tool", () => {
  let session;
  before(async () => {
    session = await stdio([]);
  });

  const deep = (depth, leaf = 1) => {
    let v = leaf;
    for (let i = 0; i < depth; i++) v = [v];
    return v;
  };
  const huge = "x".repeat(2_000_000);
  const proto = (json) => JSON.parse(json); // own "__proto__" keys, as JSON.parse makes them

  const cases = {
    search_operations: [
      [{}, "query"],
      [{ query: 5 }, "query"],
      [{ query: null }, "query"],
      [{ query: "" }, "query"],
      [{ query: huge }, "query"],
      [{ query: ["order"] }, "query"],
      [{ query: deep(3000, "order") }, "arguments"],
      [{ query: "order", limit: 0 }, "limit"],
      [{ query: "order", limit: 51 }, "limit"],
      [{ query: "order", limit: 1.5 }, "limit"],
      [{ query: "order", limit: "10" }, "limit"],
      [{ query: "order", group: "__proto__" }, "group"],
      [{ query: "order", group: "constructor" }, "group"],
      [{ query: "order", account: "admin" }, "account"],
      [{ query: "order", read_only: "yes" }, "read_only"],
      [{ query: "order", extra: 1 }, "extra"],
    ],
    describe_operation: [
      [{}, "operation"],
      [{ operation: 123 }, "operation"],
      [{ operation: ["order.getOrderList"] }, "operation"],
      [{ operation: "constructor" }, "operation"],
      [{ operation: "__proto__.getOrderList" }, "operation"],
      [{ operation: "order.__proto__" }, "operation"],
      [{ operation: "order.constructor" }, "operation"],
      [{ operation: "toString.call" }, "operation"],
      [{ operation: "order.getOrderList.x" }, "operation"],
      [{ operation: "order.nope" }, "operation"],
      [{ operation: `order.${huge}` }, "operation"],
      [{ operation: "order.getOrderList", version: 202309 }, "version"],
      [{ operation: "order.getOrderList", version: "../../x" }, "version"],
      [{ operation: "order.getOrderList", version: "999999" }, "version"],
    ],
    call_operation: [
      [{}, "operation"],
      [{ operation: null }, "operation"],
      [{ operation: "hasOwnProperty.x" }, "operation"],
      [{ operation: "order.valueOf" }, "operation"],
      [{ operation: "order.getOrderList", params: "page_size=1" }, "params"],
      [{ operation: "order.getOrderList", params: [1] }, "params"],
      [{ operation: "order.getOrderList", params: null }, "params"],
      [{ operation: "order.getOrderList", params: { page_size: 1, nope: 1 } }, "params.nope"],
      [{ operation: "order.getOrderList", params: { page_size: 1, constructor: {} } }, "params.constructor"],
      [{ operation: "order.getOrderList", params: proto('{"page_size":1,"__proto__":{"order_status":"X"}}') }, "params.__proto__"],
      [{ operation: "order.getOrderList", params: { page_size: "abc" } }, "params.page_size"],
      [{ operation: "order.getOrderList", params: { page_size: 1.5 } }, "params.page_size"],
      [{ operation: "order.getOrderList", params: { page_size: true } }, "params.page_size"],
      [{ operation: "order.getOrderList", params: { page_size: 1, order_status: 5 } }, "params.order_status"],
      [{ operation: "order.getOrderList", params: { page_size: 1, warehouse_ids: deep(100, "w") } }, "arguments"],
      [{ operation: "order.getOrderList", params: { page_size: 1, order_status: "x".repeat(9 * 1024 * 1024) } }, "arguments"],
      [{ operation: "order.getOrderList", all: "true" }, "all"],
      [{ operation: "order.getOrderList", all: 1 }, "all"],
      [{ operation: "order.getOrderList", all: true, limit: 0 }, "limit"],
      [{ operation: "order.getOrderList", all: true, limit: 101 }, "limit"],
      [{ operation: "order.getOrderList", all: true, limit: "5" }, "limit"],
      [{ operation: "order.getOrderList", all: true, cursor: "" }, "cursor"],
      [{ operation: "order.getOrderList", all: true, cursor: "not a cursor" }, "cursor"],
      [{ operation: "order.getOrderList", all: true, cursor: Buffer.from('{"o":"order.getOrderList","v":"202309","h":"x","t":"","s":-1,"n":null}').toString("base64url") }, "cursor"],
      [{ operation: "order.getOrderList", all: true, cursor: huge }, "cursor"],
      [{ operation: "order.getOrderDetail", all: true, params: { ids: ["1"] } }, "all"],
      [{ operation: "order.getOrderList", params: { page_size: 1 }, shop: "" }, "shop"],
      [{ operation: "order.getOrderList", params: { page_size: 1 }, shop: huge }, "shop"],
      [{ operation: "order.getOrderList", params: { page_size: 1 }, shop: 7 }, "shop"],
      [{ operation: "order.getOrderList", version: "000000", params: { page_size: 1 } }, "version"],
      [{ operation: "product.uploadProductImage", params: { data: "%%%not base64%%%", use_case: "MAIN_IMAGE" } }, "write_refused"],
      [{ operation: "token.getAccessToken", params: { auth_code: "x" } }, "operation"],
    ],
    list_shops: [
      [{ extra: 1 }, "extra"],
      [{ shop: "x" }, "shop"],
      [{ a: deep(1000) }, "arguments"],
    ],
  };

  for (const [tool, list] of Object.entries(cases)) {
    test(`${tool}: ${list.length} hostile argument sets, each a tool error naming the field; nothing sent`, async () => {
      const before = sb.sandbox.requests.length;
      for (const [args, field] of list) {
        const r = await session.call(tool, args);
        const label = `${tool} ${JSON.stringify(args).slice(0, 120)}`;
        assert.equal(r.isError, true, label);
        if (field === "write_refused") assert.equal(r.body.error.kind, "write_refused", label);
        else {
          assert.equal(r.body.error.kind, "invalid_arguments", `${label}: ${r.text.slice(0, 300)}`);
          assert.ok(r.body.error.field === field || r.body.error.field.startsWith(`${field}.`), `${label}: field ${r.body.error.field}`);
        }
        assert.ok(r.text.length < 2000, `${label}: the error is ${r.text.length} characters`);
        assert.equal(typeof r.body.error.next, "string", label);
      }
      assert.equal(sb.sandbox.requests.length, before, "no request reached the sandbox");
      // Still serving.
      assert.equal((await session.ok("search_operations", { query: "order list" })).results[0].operation, "order.getOrderList");
    });
  }

  test('a "__proto__" key in the arguments is dropped before any tool sees it: it changes nothing', async () => {
    // The SDK's own parsing of tools/call removes it (so does JSON.parse's caller here).
    const search = await session.ok("search_operations", proto('{"query":"order","__proto__":{"limit":1}}'));
    assert.equal(search.results.length, 10, "the injected limit did not apply");
    const shops = await session.ok("list_shops", proto('{"__proto__":{"x":1}}'));
    assert.equal(shops.shops.length, 2);
    const walk = await session.call("call_operation", proto('{"operation":"order.getOrderList","__proto__":{"all":true}}'));
    assert.equal(walk.body.error.field, "params.page_size", "the injected `all` did not apply");
  });

  test("arguments that are not an object, and unknown tools, are protocol errors; the server lives on", async () => {
    for (const args of ["string", [1, 2], 42]) {
      await assert.rejects(session.client.callTool({ name: "search_operations", arguments: args }), /-32602|Invalid/);
    }
    for (const name of ["nope", "__proto__", "constructor", "x".repeat(100_000)]) {
      await assert.rejects(session.client.callTool({ name, arguments: {} }), (e) => /unknown tool/.test(e.message) && e.message.length < 500);
    }
    assert.equal((await session.ok("list_shops", {})).shops.length, 2);
  });
});

test("no tool result and no server output holds the app secret or a token", async () => {
  for (const s of sessions.splice(0)) await s.close();
  for (const s of servers.splice(0)) await s.stop();
  assert.ok(seen.length > 100, `${seen.length} texts`);
  for (const text of seen) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `a secret in: ${text.slice(0, 200)}`);
  }
});
