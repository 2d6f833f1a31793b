// The MCP tools' view of the operations table (listOperations()): operations by their
// full name, the JSON Schema of each version's parameters, a summary made from the name,
// and the free-text search of search_operations. Nothing here is written per operation.

import { listOperations, operationVersion } from "tiktok-shop-wasm";

/** The token calls: their replies are tokens, so no tool ever runs them. */
export const TOKEN_GROUP = "token";

let byName = null;

/** "group.operation" -> the table's entry, for every operation (token calls included). */
export function operations() {
  if (!byName) {
    byName = new Map();
    for (const entry of listOperations()) byName.set(`${entry.group}.${entry.operation}`, entry);
  }
  return byName;
}

/** The names an agent may call: every operation but the token calls. */
export function callableNames() {
  return [...operations().keys()].filter((name) => !name.startsWith(`${TOKEN_GROUP}.`));
}

/** The groups of the table, in table order. */
export function groupNames() {
  return [...new Set(listOperations().map((e) => e.group))];
}

/**
 * The version a call of `entry` uses (`version`, else the newest), as the client chooses
 * it: `{ version, ...byVersion[version] }`, or null when the operation lists no such version.
 */
export function versionOf(entry, version) {
  try {
    return operationVersion(entry.group, entry.operation, version);
  } catch (error) {
    if (error?.field === "version") return null;
    throw error;
  }
}

/** Scopes of a version when the table knows them, else "unknown". */
export function scopesOf(v) {
  return Array.isArray(v.scopes) ? [...v.scopes] : "unknown";
}

/** "getOrderList" -> ["get", "order", "list"]. */
export function words(name) {
  return String(name)
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** "getOrderList" -> "Get order list". */
export function summaryOf(entry, v = versionOf(entry)) {
  const text = words(entry.operation).join(" ");
  const pages = v.paginated ? `; paginated, items in \`${v.items}\`` : "";
  return `${text[0].toUpperCase()}${text.slice(1)}: ${v.method} ${v.path} (${v.read ? "read" : "write"}, ${entry.account} account${pages})`;
}

/** JSON Schema of one parameter, from its `type` and `in`. */
function paramSchema(param) {
  const where = { path: "path parameter", query: "query parameter", body: "body field", form: "form field", file: "file part" }[param.in] ?? param.in;
  switch (param.type) {
    case "integer":
      // Ids beyond 2^53 travel as their digits.
      return { type: ["integer", "string"], pattern: "^-?[0-9]+$", description: `${where}; an integer (or its digits as a string)` };
    case "binary":
      return { type: "string", contentEncoding: "base64", description: `${where}; the file's bytes, base64-encoded` };
    case "array":
    case "object":
    case "string":
    case "boolean":
    case "number":
      return { type: param.type, description: where };
    default:
      return { description: where };
  }
}

/**
 * The JSON Schema of a version's parameters. With `all`, page_size and page_token are
 * optional (the walk sets them).
 */
export function paramsSchema(v, { all = false } = {}) {
  const properties = {};
  const required = [];
  for (const p of v.params) {
    properties[p.name] = paramSchema(p);
    const walked = all && v.paginated && (p.name === "page_size" || p.name === "page_token");
    if (p.required && !walked) required.push(p.name);
  }
  return { type: "object", properties, required, additionalProperties: false };
}

/** A sample value of a parameter, for describe_operation's example. */
function sample(p, v) {
  if (p.name === "page_size") return Math.min(20, v.pageSizeMax ?? 20);
  switch (p.type) {
    case "integer": return 1;
    case "number": return 1.5;
    case "boolean": return true;
    case "array": return [];
    case "object": return {};
    case "binary": return "<base64>";
    default: return p.name.endsWith("_id") ? "ID" : "VALUE";
  }
}

export function exampleParams(v) {
  const out = {};
  for (const p of v.params) if (p.required) out[p.name] = sample(p, v);
  return out;
}

/** Singular forms, so "orders" finds getOrderList and "order list" finds getOrders. */
function stem(word) {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

let index = null;

/** Per operation, the stemmed words of its name, group and latest path. */
function searchIndex() {
  if (!index) {
    index = [];
    for (const [name, entry] of operations()) {
      const v = versionOf(entry);
      const path = v.path.split("/").filter((s) => s && !/^\d{6}$/.test(s) && !s.startsWith("{"));
      index.push({
        name,
        entry,
        own: new Set(words(entry.operation).map(stem)),
        group: new Set(words(entry.group).map(stem)),
        path: new Set(path.flatMap(words).map(stem)),
      });
    }
  }
  return index;
}

/**
 * Operations matching free text, best first: each word of the query scores where it
 * appears (the operation's name 3, its group 2, its path 1, a word it begins 1), an
 * operation whose name holds every word scores 2 more, and the exact name wins outright.
 */
export function search(query, { group, account, readOnly = false, limit = 10 } = {}) {
  const text = query.trim();
  const wanted = [...new Set(words(text).map(stem))];
  const scored = [];
  for (const item of searchIndex()) {
    const { entry } = item;
    if (group !== undefined && entry.group !== group) continue;
    if (account !== undefined && entry.account !== account) continue;
    if (readOnly && !entry.read) continue;
    let score = 0;
    if (item.name.toLowerCase() === text.toLowerCase() || entry.operation.toLowerCase() === text.toLowerCase()) score += 100;
    let all = wanted.length > 0;
    for (const w of wanted) {
      const own = item.own.has(w);
      if (!own) all = false;
      score += (own ? 3 : 0) + (item.group.has(w) ? 2 : 0) + (item.path.has(w) ? 1 : 0);
      if (!own && w.length >= 3 && [...item.own, ...item.path].some((x) => x !== w && x.startsWith(w))) score += 1;
    }
    if (all) score += 2;
    if (score > 0) scored.push({ score, item });
  }
  scored.sort((a, b) => b.score - a.score || a.item.own.size - b.item.own.size || (a.item.name < b.item.name ? -1 : 1));
  return scored.slice(0, limit).map(({ item }) => item.entry);
}
