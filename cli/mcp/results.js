// What a tool hands back: results bounded in items and bytes, the cursor that continues
// one, tool errors that say what to do next, and the last line of defence against a
// secret in any of them.

import { ArgumentError, shown } from "./arguments.js";

/** A UTF-8 encoder for byte counts (the bound is in bytes, as a client's limit is). */
const encoder = new TextEncoder();
export const byteLength = (text) => encoder.encode(text).length;

/** An error of the tools themselves (not the API's): a kind, a message and what to do. */
export class ToolError extends Error {
  constructor(kind, message, { field = null, next = null } = {}) {
    super(message);
    this.name = "ToolError";
    this.kind = kind;
    this.field = field;
    this.next = next;
  }
}

/** Replaces every known secret (4 characters or more) in `text`. */
export function scrub(text, secrets) {
  let out = text;
  for (const secret of secrets ?? []) {
    if (typeof secret === "string" && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join("[redacted]");
  }
  return out;
}

/** A tool result holding `value` as JSON text. */
export function textResult(value, { secrets, isError = false } = {}) {
  const result = { content: [{ type: "text", text: scrub(JSON.stringify(value), secrets) }] };
  if (isError) result.isError = true;
  return result;
}

// --- cursors -----------------------------------------------------------------------------

/** FNV-1a of text: tells a cursor's parameters from others (a check, not a secret). */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

/** The parameters a cursor belongs to: all but the page position, keys in order. */
function paramsKey(params) {
  const rest = Object.keys(params).filter((k) => k !== "page_token" && k !== "page_size").sort();
  return fnv1a(JSON.stringify(rest.map((k) => [k, params[k]])));
}

function base64url(text) {
  let binary = "";
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/**
 * A continuation: the operation, version and parameters it belongs to, the page token of
 * the page to read next (`t`), how many of its items were already returned (`s`) and the
 * page size used (`n`), so the same page comes back.
 */
export function makeCursor({ operation, version, params }, position) {
  return base64url(JSON.stringify({ o: operation, v: version, h: paramsKey(params), t: position.token ?? "", s: position.skip, n: position.pageSize ?? null }));
}

/** A cursor given back, checked against the call it continues. */
export function readCursor(text, { operation, version, params }) {
  let c;
  try {
    c = JSON.parse(fromBase64url(text));
  } catch {
    throw new ArgumentError("cursor", "`cursor` is not a cursor this server returned", "cursor");
  }
  const valid = c && typeof c === "object" && typeof c.t === "string" && Number.isSafeInteger(c.s) && c.s >= 0 &&
    (c.n === null || (Number.isSafeInteger(c.n) && c.n > 0));
  if (!valid) throw new ArgumentError("cursor", "`cursor` is not a cursor this server returned", "cursor");
  if (c.o !== operation || c.v !== version || c.h !== paramsKey(params)) {
    throw new ArgumentError("cursor", `\`cursor\` continues another call: pass the operation, version and params it came with (it is for ${shown(c.o)} ${shown(c.v)})`, "cursor");
  }
  return { token: c.t, skip: c.s, pageSize: c.n };
}

// --- bounds ------------------------------------------------------------------------------

/**
 * A copy of `page` (JSON data) with its item list, `list` (as `pageItems` found it), replaced
 * by `items`: the list is found by identity, so the path to it is the plan's alone.
 */
export function withItems(page, list, items) {
  return JSON.parse(JSON.stringify(page, (_, value) => (value === list ? items : value)));
}

/**
 * Takes items into `into` from `list[start]` on, while `limit` items and `maxBytes` allow;
 * the first item of a result is always taken, so a walk always moves on. Returns the
 * index of the first item left out (`list.length` when none was).
 */
export function takeItems(list, start, into, bounds) {
  let i = start;
  for (; i < list.length; i++) {
    if (into.items.length >= bounds.limit) {
      into.stoppedBy = "limit";
      break;
    }
    const size = byteLength(JSON.stringify(list[i])) + 1;
    if (into.items.length > 0 && into.bytes + size > bounds.maxBytes) {
      into.stoppedBy = "bytes";
      break;
    }
    into.items.push(list[i]);
    into.bytes += size;
  }
  return i;
}

/** A reply that is not a list, within the bound, or its beginning and what to know. */
export function boundedData(data, maxBytes) {
  const text = JSON.stringify(data === undefined ? null : data);
  const bytes = byteLength(text);
  if (bytes <= maxBytes) return { data: data ?? null };
  let preview = text.slice(0, maxBytes);
  while (byteLength(preview) > maxBytes) preview = preview.slice(0, Math.floor(preview.length * 0.9));
  return {
    truncated: true,
    bytes,
    max_bytes: maxBytes,
    preview,
    note: `the call succeeded; its reply is ${bytes} bytes, over this server's bound of ${maxBytes}, so only its beginning is shown: ask for less (fewer ids, a narrower filter)`,
  };
}

// --- errors ------------------------------------------------------------------------------

/**
 * What to do after an error of `kind`. `hints` are the host's own ways (how to authorize
 * again, where the credentials come from, how to allow writes); `read` tells whether
 * repeating the call is harmless.
 */
function nextStep(kind, { field, retryAfter, read, hints }) {
  switch (kind) {
    case "invalid_arguments":
      if (field === "operation") return "search_operations finds the operation's name";
      if (field?.startsWith("params.")) return `fix \`${field}\`: describe_operation gives the parameters' JSON Schema`;
      return `fix \`${field}\` (the tool's input schema says what it takes)`;
    case "write_refused":
      return hints.allowWrites;
    case "expired_token":
      return `the access token expired and could not be refreshed: ${hints.authorize}`;
    case "reauthorize":
      return `the seller must authorize the app again: ${hints.authorize}`;
    case "auth":
      return `check the credentials (${hints.credentials}) and that the token is of the operation's account kind (describe_operation shows \`account\`); or ${hints.authorize}`;
    case "scope":
      return `the app or the seller's grant lacks this operation's scope (describe_operation shows the scopes where known): add it to the app, then ${hints.authorize}`;
    case "signature":
      return `the app secret does not match the app key: check ${hints.credentials}`;
    case "rate_limit":
      return `wait ${retryAfter ?? 1} s, then call again`;
    case "invalid_request":
      return field
        ? `fix \`params.${field}\`: describe_operation lists the parameters, their types and which are required`
        : "check the parameters and version against describe_operation";
    case "not_found":
      return "the API does not serve this path or version: describe_operation lists the versions";
    case "config":
      return `check the server's settings and credentials (${hints.credentials})`;
    case "internal":
      return "a bug in tiktok-shop-wasm: please report it with the operation's name";
    case "cancelled":
      return read ? "call again if the result is still wanted" : "the write may or may not have been applied: check with a read before repeating it";
    default:
      // network, timeout, server, decode, redirect, too_large: nothing certain came back.
      return read
        ? "a transient failure (reads are already retried): try again later"
        : "the write may or may not have been applied: check with a read before repeating it";
  }
}

/**
 * The tool error for anything thrown while serving a call: a TikTokShopError keeps its
 * kind, code, request id and HTTP status; an ArgumentError is `invalid_arguments`.
 */
export function errorResult(error, { operation = null, read = true, hints, secrets, extra }) {
  let body;
  if (error instanceof ArgumentError) {
    body = { kind: "invalid_arguments", message: error.message, field: error.field };
  } else if (error instanceof ToolError) {
    body = { kind: error.kind, message: error.message, field: error.field };
  } else if (error && typeof error === "object" && typeof error.kind === "string" && "code" in error) {
    body = {
      kind: error.kind,
      message: String(error.message),
      code: error.code ?? null,
      request_id: error.requestId ?? null,
      http_status: error.httpStatus ?? null,
      field: error.field ?? null,
      operation: error.operation ?? operation,
      retry_after: error.retryAfter ?? null,
      attempts: error.attempts ?? null,
    };
  } else {
    body = { kind: "internal", message: `unexpected error: ${error?.message ?? String(error)}` };
  }
  body.operation ??= operation;
  body.next = error?.next ?? nextStep(body.kind, { field: body.field, retryAfter: body.retry_after, read, hints });
  return textResult({ error: { ...body, ...extra } }, { secrets, isError: true });
}
