// `tiktok-shop mcp`: the MCP tools (./tools.js) for AI agents, over stdio (the default)
// or Streamable HTTP (--http PORT, on 127.0.0.1 unless --host says otherwise, with a
// bearer token), with the CLI's credentials: flags, TIKTOK_SHOP_* variables, the profile.
// On stdio, stdout carries the protocol alone: every notice goes to stderr.

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { didYouMean, integerFlag, stringFlag, UsageError } from "../args.js";
import { findGroup, makeClient } from "../call.js";
import { groupNames } from "./catalog.js";
import { mcpHttpHandler } from "./http.js";
import { ToolError } from "./results.js";
import { createTools, DEFAULT_LIMITS, serverFactory } from "./tools.js";

export const MCP_FLAGS = ["http", "host", "allow-writes", "max-items", "max-bytes", "retries"];

export const MCP_USAGE = `Usage: tiktok-shop mcp [--allow-writes[=GROUP,...]] [--max-items N] [--max-bytes N]
       tiktok-shop mcp --http PORT [--host H] ...

Serves the TikTok Shop Partner API to AI agents over the Model Context Protocol: the tools
search_operations, describe_operation, call_operation and list_shops. On stdio by default
(an MCP client starts it: "command": "tiktok-shop", "args": ["mcp"]); with --http, as
Streamable HTTP at http://HOST:PORT/mcp (port 0 takes a free one).

  --allow-writes         let call_operation run operations that change data (default:
                         read-only; writes are refused)
  --allow-writes=G,...   only in these groups (e.g. --allow-writes=product,fulfillment)
  --max-items N          most items in one result (default ${DEFAULT_LIMITS.maxItems}, at most 1000)
  --max-bytes N          about the most bytes of items in one result (default ${DEFAULT_LIMITS.maxBytes})
  --http PORT            Streamable HTTP instead of stdio; every request needs
                         Authorization: Bearer TOKEN, TOKEN from TIKTOK_SHOP_MCP_TOKEN (16
                         characters or more) or generated and printed on stderr
  --host H               the address to listen on (default 127.0.0.1)
  --timeout-ms N, --retries N   per-attempt timeout and retries of the API calls

Credentials as for every call (flags, TIKTOK_SHOP_* variables, the profile): see
tiktok-shop --help. Results never hold the app secret or a token.
`;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

/** --allow-writes: absent -> false, bare -> true, a list -> its groups (checked). */
function allowWritesFlag(flags) {
  const raw = flags["allow-writes"];
  if (raw === undefined || raw === false) return false;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  if (values.every((v) => v === "" || v === "true")) return true;
  const groups = [];
  for (const name of values.flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean)) {
    const group = findGroup(name);
    if (!group) {
      const hint = didYouMean(name, groupNames());
      throw new UsageError(`--allow-writes: unknown group "${name}"${hint ? `; ${hint}` : ""}`, "`tiktok-shop list` shows the groups");
    }
    if (!groups.includes(group)) groups.push(group);
  }
  return groups;
}

/** The CLI as a host of the tools: one client from the credentials, the account's shops. */
function cliHost(creds, clientOptions, { notice, secrets }) {
  let client = null;
  const getClient = () => {
    try {
      return (client ??= makeClient(creds, clientOptions, notice));
    } catch (error) {
      // A missing credential: the tools that need none still work.
      if (error instanceof UsageError) throw new ToolError("config", error.message);
      throw error;
    }
  };
  let shops = null;
  const authorizedShops = async (signal) => {
    if (!shops || Date.now() - shops.at > 60_000) {
      const reply = await getClient().authorization.getAuthorizedShops({}, { signal });
      shops = { at: Date.now(), list: Array.isArray(reply?.shops) ? reply.shops : [] };
    }
    return shops.list;
  };
  return {
    hints: {
      authorize: "have the seller authorize the app (`tiktok-shop auth url`), run `tiktok-shop auth exchange --code CODE`, then restart the server",
      credentials: "the app key and secret given to `tiktok-shop mcp` by flag, TIKTOK_SHOP_APP_KEY / TIKTOK_SHOP_APP_SECRET or the profile",
      allowWrites: "restart `tiktok-shop mcp` with --allow-writes (every group) or --allow-writes=GROUP,... if the user wants this change made",
      tokens: "`tiktok-shop auth exchange` and `tiktok-shop auth refresh` handle tokens",
    },
    secrets: () => secrets,
    log: ({ tool, operation, outcome, ms }) => notice(`${tool}${operation ? ` ${operation}` : ""}: ${outcome} (${ms} ms)`),
    async resolve({ shop, signal }) {
      const c = getClient();
      if (shop === undefined) return { client: c, options: {} };
      const found = (await authorizedShops(signal)).find((s) => s.id === shop || s.cipher === shop);
      if (!found) throw new ToolError("invalid_arguments", "no authorized shop has the id or cipher given in `shop`", { field: "shop", next: "list_shops shows the shops" });
      return { client: c, options: { shopCipher: found.cipher } };
    },
    async listShops({ signal }) {
      const list = await authorizedShops(signal);
      const current = creds.values.shopCipher ?? null;
      return {
        profile: creds.profileName,
        shops: list.map(({ id, name, region, cipher, code, seller_type }) => ({ id, name, region, cipher, code, seller_type, default: cipher === current })),
        ...(current && !list.some((s) => s.cipher === current) ? { note: "the server's shop cipher is not among the authorized shops" } : {}),
      };
    },
  };
}

function cliVersion() {
  try {
    return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;
  } catch {
    return "0.0.0";
  }
}

/** Resolves on Ctrl-C, SIGTERM, or (stdio) when the client closes our stdin. */
function stopped({ stdin }) {
  return new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    if (stdin) {
      process.stdin.once("end", resolve);
      process.stdin.once("close", resolve);
    }
  });
}

async function serveStdio(newServer, { notice, summary }) {
  const server = newServer();
  await server.connect(new StdioServerTransport());
  notice(`MCP server on stdio (${summary})`);
  await stopped({ stdin: true });
  await server.close();
}

async function serveHttp(newServer, { port, host, notice, secrets, summary }) {
  const given = process.env.TIKTOK_SHOP_MCP_TOKEN;
  if (given !== undefined && given.length < 16) throw new UsageError("TIKTOK_SHOP_MCP_TOKEN must hold 16 characters or more");
  const token = given || randomBytes(32).toString("base64url");
  const { getRequestListener } = await import("@hono/node-server");
  let listener = null;
  const http = createServer((req, res) => listener(req, res));
  await new Promise((resolve, reject) => {
    http.once("error", (error) => reject(["EADDRINUSE", "EACCES", "EADDRNOTAVAIL"].includes(error.code) ? new UsageError(`cannot listen on ${host}:${port} (${error.code})`) : error));
    http.listen(port, host, resolve);
  });
  const actual = http.address().port;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  const url = `http://${hostPart}:${actual}/mcp`;
  const local = LOOPBACK.has(host);
  // On loopback, only requests addressed to it (a rebound DNS name is refused) and none from a web page elsewhere.
  const names = [`127.0.0.1:${actual}`, `localhost:${actual}`, `[::1]:${actual}`];
  listener = getRequestListener(mcpHttpHandler({
    newServer,
    token,
    allowedHosts: local ? names : null,
    allowedOrigins: local ? names.map((n) => `http://${n}`) : null,
  }));
  notice(`MCP server (Streamable HTTP) at ${url} (${summary})`);
  if (!local) notice(`warning: listening on ${host}: other machines can reach it, and plain HTTP carries the token in clear; put TLS in front of it`);
  if (given) notice("bearer token: the one in TIKTOK_SHOP_MCP_TOKEN");
  else {
    // Printed once, for the user to give the client; redacted from every later line.
    process.stderr.write(`tiktok-shop: bearer token (generated; set TIKTOK_SHOP_MCP_TOKEN to choose one): ${token}\n`);
    process.stderr.write(`tiktok-shop: client entry: ${JSON.stringify({ mcpServers: { "tiktok-shop": { type: "http", url, headers: { Authorization: `Bearer ${token}` } } } })}\n`);
  }
  secrets.add(token);
  await stopped({ stdin: false });
  await new Promise((resolve) => {
    http.close(resolve);
    http.closeAllConnections();
  });
}

export async function mcpCommand({ positionals, flags, loadCreds, notice, secrets }) {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const allowWrites = allowWritesFlag(flags);
  const maxItems = integerFlag(flags, "max-items", 1) ?? DEFAULT_LIMITS.maxItems;
  if (maxItems > 1000) throw new UsageError(`--max-items must be at most 1000, got ${maxItems}`);
  const maxBytes = integerFlag(flags, "max-bytes", 1000) ?? DEFAULT_LIMITS.maxBytes;
  if (maxBytes > 16 * 1024 * 1024) throw new UsageError(`--max-bytes must be at most ${16 * 1024 * 1024}, got ${maxBytes}`);
  const port = flags.http === undefined ? null : integerFlag(flags, "http", 0);
  if (port === undefined || port > 65535) throw new UsageError("--http needs a port from 0 to 65535 (0: any free port)");
  const host = stringFlag(flags, "host");
  if (host !== undefined && port === null) throw new UsageError("--host goes with --http");
  const clientOptions = { timeoutMs: integerFlag(flags, "timeout-ms", 1), retries: integerFlag(flags, "retries", 0) };

  const creds = loadCreds();
  const tools = createTools(cliHost(creds, clientOptions, { notice, secrets }), { allowWrites, limits: { maxItems, maxBytes } });
  const newServer = serverFactory(tools, { name: "tiktok-shop", version: cliVersion() });
  const summary = allowWrites === true ? "writes allowed" : allowWrites.length ? `writes allowed in ${allowWrites.join(", ")}` : "read-only";
  if (port === null) return serveStdio(newServer, { notice, summary });
  return serveHttp(newServer, { port, host: host ?? "127.0.0.1", notice, secrets, summary });
}
