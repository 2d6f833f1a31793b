// The MCP tools, for any host: `tiktok-shop mcp` (stdio or HTTP, credentials from the
// CLI's profiles) and a Worker (tokens in each shop's Durable Object) serve these same
// definitions. A host says how to get a client for a shop, which shops there are, which
// secrets it holds and how its user authorizes; everything else is here.
//
//   search_operations  free text -> operations (summary, group, account, paginated, read)
//   describe_operation one operation-version: parameters as JSON Schema, scopes, paging
//   call_operation     runs one, bounded in items and bytes, with a cursor to go on;
//                      writes only where the server allows them
//   list_shops         the shops the credentials reach

import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { pageItems } from "tiktok-shop-wasm";
import { ArgumentError, check, checkArguments, shown } from "./arguments.js";
import { exampleParams, groupNames, operations, paramsSchema, scopesOf, search, summaryOf, TOKEN_GROUP, versionOf } from "./catalog.js";
import { boundedData, errorResult, makeCursor, readCursor, takeItems, textResult, ToolError, withItems } from "./results.js";

/** The bounds of a server, unless its host sets others. */
export const DEFAULT_LIMITS = Object.freeze({
  /** Items in one call_operation result (and the largest `limit`). */
  maxItems: 100,
  /** Bytes of items (or of a reply) in one result: about 16k tokens, within common client limits. */
  maxBytes: 64_000,
  /** Pages one call reads at most (empty pages included). */
  maxPages: 50,
  /** Bytes of one call's arguments (uploads come base64-encoded). */
  maxArgumentBytes: 8 * 1024 * 1024,
  /** A tool call's whole time, every page and retry included. */
  callTimeoutMs: 120_000,
});

/** The page size of a walk when `params.page_size` does not set one. */
const WALK_PAGE_SIZE = 20;

/** The parts of a name: `order.getOrderList`. */
const NAME_PATTERN = "^[A-Za-z][A-Za-z0-9]*\\.[A-Za-z][A-Za-z0-9]*$";

/** `allowWrites`: true, false, or group names; -> (group) => allowed. */
export function writeGate(allowWrites) {
  if (allowWrites === true) return () => true;
  if (!allowWrites) return () => false;
  const groups = new Set(allowWrites);
  return (group) => groups.has(group);
}

/** The operation of `name`, or an ArgumentError with the closest names. */
function lookup(name, field = "operation") {
  const entry = operations().get(name);
  if (entry) return entry;
  const close = search(name, { limit: 3 }).map((e) => `${e.group}.${e.operation}`);
  throw new ArgumentError(
    field,
    `unknown operation \`${shown(name)}\`${close.length ? `; did you mean ${close.join(", ")}?` : ""} (search_operations finds operations by words)`,
    "unknown_operation",
  );
}

function versionIn(entry, version) {
  const v = versionOf(entry, version);
  if (!v) throw new ArgumentError("version", `${entry.group}.${entry.operation} has no version ${version} (versions: ${entry.versions.join(", ")})`, "version");
  return v;
}

/** base64 text -> bytes, for the file parts of uploads. */
function bytesOf(text, field) {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    throw new ArgumentError(field, `\`${field}\` must be base64-encoded bytes`, "type");
  }
}

/** A signal that aborts with the first of two (AbortSignal.any is Node 20.3+). */
function eitherSignal(a, b) {
  if (!a) return b;
  const controller = new AbortController();
  const abort = (signal) => () => controller.abort(signal.reason);
  if (a.aborted || b.aborted) controller.abort((a.aborted ? a : b).reason);
  a.addEventListener("abort", abort(a), { once: true });
  b.addEventListener("abort", abort(b), { once: true });
  return controller.signal;
}

/** The tools of a server with these settings: their definitions and one call entry. */
export function createTools(host, settings = {}) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(settings.limits ?? {})) if (value !== undefined) limits[key] = value;
  const allowed = writeGate(settings.allowWrites);
  const hints = host.hints;
  const secrets = () => host.secrets?.() ?? [];
  const writesNote = settings.allowWrites === true
    ? "this server allows writes"
    : settings.allowWrites?.length
      ? `this server allows writes in ${settings.allowWrites.join(", ")} only`
      : "this server is read-only: writes are refused";

  const definitions = [
    {
      name: "search_operations",
      title: "Search TikTok Shop operations",
      description:
        "Finds TikTok Shop Partner API operations by words (\"order list\", \"shipping document\", \"return refund\"). " +
        "Each result gives the operation's name (group.operation, what describe_operation and call_operation take), " +
        "a summary, its account kind, whether it reads or writes and whether it is paginated.",
      inputSchema: {
        type: "object",
        properties: {
          query: { type: "string", minLength: 1, maxLength: 200, description: "words of what to do, or an operation's name" },
          group: { type: "string", enum: groupNames(), description: "only this group" },
          account: { type: "string", enum: ["seller", "creator", "partner", "any"], description: "only operations of this account kind" },
          read_only: { type: "boolean", description: "only operations that change nothing" },
          limit: { type: "integer", minimum: 1, maximum: 50, description: "most results (default 10)" },
        },
        required: ["query"],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
      run: (args) => ({
        results: search(args.query, { group: args.group, account: args.account, readOnly: args.read_only, limit: args.limit ?? 10 }).map((e) => {
          const v = versionOf(e);
          return {
            operation: `${e.group}.${e.operation}`,
            summary: summaryOf(e, v),
            group: e.group,
            account: e.account,
            read: v.read,
            paginated: v.paginated,
            versions: e.versions,
            callable: e.group !== TOKEN_GROUP && (v.read || allowed(e.group)),
          };
        }),
      }),
    },
    {
      name: "describe_operation",
      title: "Describe a TikTok Shop operation",
      description:
        "One operation-version in full: HTTP method and path, account kind, read or write, pagination (where the items are, " +
        "the largest page), shop_cipher, the scopes where known, and its parameters as a JSON Schema for call_operation's `params`.",
      inputSchema: {
        type: "object",
        properties: {
          operation: { type: "string", minLength: 3, maxLength: 100, pattern: NAME_PATTERN, description: "group.operation, e.g. order.getOrderList" },
          version: { type: "string", pattern: "^[0-9]{6}$", description: "a version the operation lists (default: its latest)" },
        },
        required: ["operation"],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
      run: (args) => {
        const entry = lookup(args.operation);
        const v = versionIn(entry, args.version);
        const name = `${entry.group}.${entry.operation}`;
        return {
          operation: name,
          summary: summaryOf(entry, v),
          version: v.version,
          versions: entry.versions,
          method: v.method,
          path: v.path,
          account: entry.account,
          read: v.read,
          callable: entry.group !== TOKEN_GROUP && (v.read || allowed(entry.group)),
          paginated: v.paginated,
          ...(v.paginated
            ? { items: v.items, page_size_max: v.pageSizeMax ?? null, walking: "call_operation with all: true follows the pages itself (page_size and page_token are then optional)" }
            : {}),
          multipart: v.multipart,
          shop_cipher: v.shopCipher,
          scopes: scopesOf(v),
          params: paramsSchema(v),
          example: { operation: name, params: exampleParams(v), ...(v.paginated ? { all: true } : {}) },
        };
      },
    },
    {
      name: "call_operation",
      title: "Call a TikTok Shop operation",
      description:
        `Runs one operation with the server's credentials. ${writesNote}. \`params\` are the operation's parameters by their API ` +
        "names (describe_operation gives their schema). With `all` a paginated operation is walked page by page. A result holds " +
        `at most \`limit\` items (${limits.maxItems} at most) and about ${limits.maxBytes} bytes; when there is more, \`next_cursor\` ` +
        "is set: call again with the same operation, version and params plus `cursor` to go on.",
      inputSchema: {
        type: "object",
        properties: {
          operation: { type: "string", minLength: 3, maxLength: 100, pattern: NAME_PATTERN, description: "group.operation, e.g. order.getOrderList" },
          params: { type: "object", description: "the operation's parameters (describe_operation gives their JSON Schema)" },
          version: { type: "string", pattern: "^[0-9]{6}$", description: "a version the operation lists (default: its latest)" },
          all: { type: "boolean", description: "paginated operations: follow next_page_token, up to the bounds" },
          limit: { type: "integer", minimum: 1, maximum: limits.maxItems, description: `most items in this result (default ${limits.maxItems})` },
          cursor: { type: "string", minLength: 1, maxLength: 4096, description: "the next_cursor of an earlier result, to continue it" },
          shop: { type: "string", minLength: 1, maxLength: 200, description: "a shop id or cipher from list_shops (default: the server's shop)" },
        },
        required: ["operation"],
        additionalProperties: false,
      },
      annotations: { readOnlyHint: !settings.allowWrites, destructiveHint: Boolean(settings.allowWrites), openWorldHint: true },
      run: (args, extra, state) => callOperation(args, extra, state),
    },
    {
      name: "list_shops",
      title: "List the shops",
      description: "The shops the server's credentials reach: id, name, region and cipher; `default` marks the one call_operation uses when no `shop` is given.",
      inputSchema: { type: "object", properties: {}, additionalProperties: false },
      annotations: { readOnlyHint: true, openWorldHint: true },
      run: async (args, extra) => host.listShops({ signal: extra.signal }),
    },
  ];

  async function callOperation(args, extra, state) {
    const entry = lookup(args.operation);
    const name = `${entry.group}.${entry.operation}`;
    state.operation = name;
    if (entry.group === TOKEN_GROUP) {
      throw new ArgumentError("operation", `${name} is not served: its reply is the account's tokens (${hints.tokens})`, "refused");
    }
    const v = versionIn(entry, args.version);
    state.read = v.read;
    if (!v.read && !allowed(entry.group)) {
      throw new ToolError("write_refused", `${name} changes data, and ${writesNote}`, { field: "operation" });
    }
    const walk = args.all === true;
    if ((walk || args.cursor !== undefined) && !v.paginated) throw new ArgumentError(walk ? "all" : "cursor", `${name} is not paginated`, "not_paginated");
    const params = { ...(args.params ?? {}) };
    // A walk or a cursor sets the page position itself.
    check(paramsSchema(v, { all: walk || args.cursor !== undefined }), params, "params");
    for (const p of v.params) if (p.type === "binary" && typeof params[p.name] === "string") params[p.name] = bytesOf(params[p.name], `params.${p.name}`);
    const cursor = args.cursor === undefined ? null : readCursor(args.cursor, { operation: name, version: v.version, params });

    const { client, options } = await host.resolve({ shop: args.shop, signal: extra.signal });
    const callOptions = { ...options, version: args.version, signal: state.signal };
    const bounds = { limit: args.limit ?? limits.maxItems, maxBytes: limits.maxBytes };
    if (!v.paginated) return { operation: name, version: v.version, ...boundedData(await client.call(entry.group, entry.operation, params, callOptions), limits.maxBytes) };

    // A paginated operation: items within the bounds, and a cursor where they stopped.
    // A walk reads pages of WALK_PAGE_SIZE unless told: a result stopped mid-page reads that
    // page again when continued, and a small page wastes little.
    const pageSize = cursor?.pageSize ?? (params.page_size === undefined ? undefined : Number(params.page_size)) ?? (walk ? Math.min(v.pageSizeMax ?? WALK_PAGE_SIZE, WALK_PAGE_SIZE, bounds.limit) : undefined);
    const start = { token: cursor?.token ?? params.page_token ?? "", skip: cursor?.skip ?? 0 };
    const pageParams = { ...params, page_size: pageSize, page_token: start.token || undefined };
    const taken = { items: [], bytes: 0, stoppedBy: null };
    const position = (token, skip) => makeCursor({ operation: name, version: v.version, params }, { token, skip, pageSize });
    let token = start.token;
    let pages = 0;
    let first = null;
    let firstList = null;
    let next = null;
    // The client's plan of the call: where its pages' items are.
    const plan = client.plan(entry.group, entry.operation, pageParams, callOptions);
    const pagesOf = walk ? client[entry.group][entry.operation].pages(pageParams, callOptions) : [client.call(entry.group, entry.operation, pageParams, callOptions)];
    for await (const page of pagesOf) {
      pages += 1;
      const list = pageItems(page, plan);
      if (first === null) [first, firstList] = [page, list];
      const stop = takeItems(list, pages === 1 ? start.skip : 0, taken, bounds);
      if (stop < list.length) {
        next = position(token, stop);
        break;
      }
      token = page?.next_page_token || "";
      if (!token) break;
      if (!walk || pages >= limits.maxPages || taken.items.length >= bounds.limit) {
        taken.stoppedBy ??= walk ? (pages >= limits.maxPages ? "pages" : "limit") : null;
        next = position(token, 0);
        break;
      }
    }
    const result = { operation: name, version: v.version };
    if (walk) Object.assign(result, { items: taken.items, count: taken.items.length, pages, ...(Number.isInteger(first?.total_count) ? { total_count: first.total_count } : {}) });
    else result.data = first === null ? {} : withItems(first, firstList, taken.items);
    result.next_cursor = next;
    if (next && taken.stoppedBy) {
      const why = { limit: `the limit of ${bounds.limit} items`, bytes: `this server's bound of ${limits.maxBytes} bytes`, pages: `${limits.maxPages} pages` }[taken.stoppedBy];
      result.note = `stopped at ${why}: call again with the same operation, version and params and this next_cursor to go on`;
    }
    return result;
  }

  /** One tools/call: arguments checked, the tool run within its time, errors as tool errors. */
  async function call(name, rawArgs, extra = {}) {
    const tool = definitions.find((d) => d.name === name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool: ${shown(name)} (tools: ${definitions.map((d) => d.name).join(", ")})`);
    const started = Date.now();
    const timeout = AbortSignal.timeout(limits.callTimeoutMs);
    const state = { operation: null, read: true, signal: eitherSignal(extra.signal, timeout) };
    let outcome = "ok";
    try {
      const args = checkArguments(tool.inputSchema, rawArgs, { maxBytes: limits.maxArgumentBytes });
      return textResult(await tool.run(args, { ...extra, signal: state.signal }, state), { secrets: secrets() });
    } catch (thrown) {
      let error = thrown;
      if (state.signal.aborted && !(error instanceof ArgumentError)) {
        error = timeout.aborted
          ? new ToolError("timeout", `the call took longer than this server's ${limits.callTimeoutMs} ms`)
          : new ToolError("cancelled", "the client cancelled the call");
      }
      outcome = error instanceof ArgumentError ? "invalid_arguments" : (error?.kind ?? "internal");
      return errorResult(error, { operation: state.operation, read: state.read, hints, secrets: secrets() });
    } finally {
      host.log?.({ tool: name, operation: state.operation, outcome, ms: Date.now() - started });
    }
  }

  const list = definitions.map(({ name, title, description, inputSchema, annotations }) => ({ name, title, description, inputSchema, annotations }));
  return { list, call, limits };
}

const INSTRUCTIONS =
  "TikTok Shop Partner API. Find an operation with search_operations, read its parameters with describe_operation, " +
  "run it with call_operation (results are bounded: follow next_cursor for more). list_shops shows the shops; " +
  "operations that change data are refused unless the server allows writes.";

/**
 * A factory of MCP servers serving `tools` (from createTools): one for a stdio session,
 * one per request for stateless HTTP.
 */
export function serverFactory(tools, { name = "tiktok-shop", version = "0.0.0" } = {}) {
  // One JSON Schema validator for every server (the SDK's own; no tool needs it).
  const jsonSchemaValidator = new AjvJsonSchemaValidator();
  return () => {
    const server = new Server({ name, version }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS, jsonSchemaValidator });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.list }));
    server.setRequestHandler(CallToolRequestSchema, (request, extra) => tools.call(request.params.name, request.params.arguments, extra));
    return server;
  };
}
