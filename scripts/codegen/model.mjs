// The generator's two inputs -> the model every output is written from: operations
// (group, operation, account) with their versions (method, path, host, parameters and where
// each goes, flags, source), and the named schemas of request bodies and response data.
//
// The inputs, in order of trust (README "Operations"):
// - spec/oas/: TikTok's OpenAPI description ("tiktok-oas").
// - spec/docs-catalog/: OpenAPI fragments for the operation-versions it lacks, converted
//   from a catalog derived from TikTok's documentation ("docs-catalog", scripts/docs-catalog).
// Where both describe an operation-version (method and path), TikTok's description wins. A
// docs-catalog version joins the operation with the same method and path but for the version
// segment (or, failing that, the same name), so it keeps that operation's name.
//
// The description's schemas are inline; each object schema is given a component name
// built from where it sits (`Order_202309_GetOrderList_Response_Data_Orders`), the names
// TikTok's SDK spec used for the same schemas. No prose is kept: names, types, structure.

import fs from "node:fs";
import path from "node:path";
import { cap, cmp, groupName, methodName, pascal } from "./naming.mjs";

/** Operations the description lacks: the token endpoints, on the auth host, unsigned. */
const TOKEN_DATA = {
  type: "object",
  properties: {
    access_token: { type: "string" },
    access_token_expire_in: { type: "integer", format: "int64" },
    refresh_token: { type: "string" },
    refresh_token_expire_in: { type: "integer", format: "int64" },
    open_id: { type: "string" },
    seller_name: { type: "string" },
    seller_base_region: { type: "string" },
    user_type: { type: "integer", format: "int32" },
    granted_scopes: { type: "array", items: { type: "string" } },
  },
};
const query = (name) => ({ in: "query", name, required: true, schema: { type: "string" } });
export const TOKEN_OPERATIONS = [
  // An auth code works once; a refresh may rotate the refresh token: neither is a read.
  { operation: "getAccessToken", summary: "GetAccessToken", path: "/api/v2/token/get", grantType: "authorized_code", param: query("auth_code") },
  { operation: "refreshAccessToken", summary: "RefreshAccessToken", path: "/api/v2/token/refresh", grantType: "refresh_token", param: query("refresh_token") },
];

/**
 * Where a version comes from: `source` in listOperations(), the sandbox's catalog, the CLI.
 * `builtin`: the two token calls, which neither input describes (TOKEN_OPERATIONS below).
 */
export const SOURCES = { oas: "tiktok-oas", docs: "docs-catalog", builtin: "builtin" };

/** Which kind of account authorizes each first path segment (README of the API facts). */
const ACCOUNT_BY_SEGMENT = { affiliate_creator: "creator", affiliate: "creator", affiliate_partner: "partner" };

/**
 * POSTs that only read (safe to retry): after an actor prefix (`GS`, `Seller`...), the
 * summary starts with one of these verbs.
 */
const READ_VERBS = ["Search", "Get", "Check", "Calculate", "Recommend", "Query", "Precheck"];
const ACTOR_PREFIXES = /^(GSFullService|GlobalSelling|GS|Seller|Creator|Partner)(?=[A-Z])/;
const READ_SUMMARIES = ["InventorySearch"];

/**
 * page_size maxima when the page_size description states none: the README's rule for
 * orders, products and finance (100) and packages and cancellations (50); 20, TikTok's
 * usual default, for anything else (a smaller page costs requests, a larger one errors).
 */
function fallbackPageSizeMax(p) {
  if (/\/(packages|combinable_packages|cancellations)\b/.test(p)) return 50;
  if (/^\/(order|product|finance)\//.test(p)) return 100;
  return 20;
}

/** Parses a largest page size out of a page_size description, or returns null. */
export function parsePageSizeMax(description) {
  if (!description) return null;
  const d = String(description);
  const patterns = [
    /range[^\d[]{0,20}\[?\s*\d+\s*[-,~]\s*(\d+)\s*\]?/i, // Valid range: [1-100] / range is 1-100
    /max(?:imum)?(?:\s+page_size)?(?:\s+number)?(?:\s+value)?(?:\s+is)?\s*:?\s*(\d+)/i, // Max value: 100
    /up to (\d+)/i,
    /less (?:than )?or equal to (\d+)/i, // must be greater than 0 and less than or equal to 50
    /\[\s*1\s*,\s*(\d+)\s*\]/, // [1,50]
  ];
  for (const re of patterns) {
    const m = re.exec(d);
    if (m) return Number(m[1]);
  }
  // "must be 12 or 20", "must be 20, 50 or 100": the largest allowed.
  const choice = /must be ((?:\d+\s*,\s*)*\d+\s+or\s+\d+)/i.exec(d);
  if (choice) return Math.max(...choice[1].match(/\d+/g).map(Number));
  return null;
}

/**
 * Where a page's items are: the first array of `data` other than next_page_token, or the
 * first array one object down (`performance.intervals`), as a dotted path.
 */
function itemsField(props) {
  const top = Object.entries(props).find(([k, v]) => k !== "next_page_token" && v.type === "array");
  if (top) return top[0];
  for (const [k, v] of Object.entries(props)) {
    const inner = v.type === "object" && Object.entries(v.properties ?? {}).find(([, w]) => w.type === "array");
    if (inner) return `${k}.${inner[0]}`;
  }
  return null;
}

export function kindOf(schema) {
  if (schema.$ref) return "object";
  if (schema.format === "binary") return "binary";
  switch (schema.type) {
    case "string": return "string";
    case "integer": return "integer";
    case "number": return "number";
    case "boolean": return "boolean";
    case "array": return "array";
    case "object": return "object";
  }
  throw new Error(`no kind for schema ${JSON.stringify(schema).slice(0, 200)}`);
}

/**
 * Reads one input (spec/oas or spec/docs-catalog: an index and its per-segment files) as
 * one list of (path, method, op, source).
 */
export function readSpec(dir, source = SOURCES.oas) {
  const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  const files = {};
  for (const module of index.modules) files[module.file] = JSON.parse(fs.readFileSync(path.join(dir, module.file), "utf8"));
  return specOf(index, files, source);
}

/** The same from an index and its files already in memory (`{ "paths/x.json": {...} }`). */
export function specOf(index, files, source) {
  const entries = [];
  for (const module of index.modules) {
    for (const [p, item] of Object.entries(files[module.file].paths)) {
      for (const [m, op] of Object.entries(item)) entries.push({ path: p, method: m.toUpperCase(), op, source });
    }
  }
  entries.sort((a, b) => cmp(a.path, b.path) || cmp(a.method, b.method));
  return { index, entries };
}

// Method and path with the version segment as `*` (`POST /return_refund/202602/returns/search`
// and its other versions alike): what the versions of one operation share.
export const versionlessKey = (method, p) => `${method} ${p.replace(/^(\/[^/]+\/)\d{6}\//, "$1*/")}`;

/**
 * Names the inline object schemas. `hoist(schema, name)` returns the schema with every
 * object that has properties replaced by `{ $ref: name }` (children named after their
 * field), registering each in `components`.
 */
function hoister(components) {
  const hoist = (schema, name) => {
    if (schema.type === "array") return { type: "array", items: hoist(schema.items, name) };
    if (schema.type === "object" && schema.properties && Object.keys(schema.properties).length) {
      if (components[name]) throw new Error(`schema name ${name} used twice`);
      const properties = {};
      components[name] = { type: "object", properties };
      for (const [field, child] of Object.entries(schema.properties)) properties[field] = hoist(child, `${name}_${pascal(field)}`);
      return { $ref: name };
    }
    if (schema.type === "object") return { type: "object" }; // free-form
    const { type, format } = schema;
    return format ? { type, format } : { type };
  };
  return hoist;
}

/**
 * The model of the given inputs, most trusted first (TikTok's description, then the docs
 * catalog's fragments). `skipped` lists what a later input described that an earlier had.
 */
export function buildModel(...specs) {
  const components = {};
  const hoist = hoister(components);
  const seen = new Set();
  const skipped = [];
  const entries = [];
  for (const spec of specs) {
    for (const e of spec.entries) {
      const key = `${e.method} ${e.path}`;
      if (seen.has(key)) skipped.push({ method: e.method, path: e.path, source: e.source });
      else entries.push(e);
    }
    for (const e of spec.entries) seen.add(`${e.method} ${e.path}`);
  }
  const versions = entries.map((e) => versionOf(e, hoist));
  for (const t of TOKEN_OPERATIONS) {
    const data = hoist(TOKEN_DATA, `Token_V2_${t.summary}_Response_Data`);
    versions.push({
      group: "token", operation: t.operation, summary: t.summary, account: "any", version: "v2", method: "GET", path: t.path,
      host: "auth", grantType: t.grantType, shopCipher: "forbidden", jsonBody: false, multipart: false, paginated: false,
      read: false, items: "", pageSizeMax: 0, pageSize: 0, params: [{ name: t.param.name, loc: "query", required: true, kind: "string", schema: t.param.schema }],
      data: data.$ref, droppedBody: [], source: SOURCES.builtin,
    });
  }

  // TikTok's versions group by name (one summary per operation); a docs-catalog version
  // joins the operation of its version-less path, else the one of its name.
  const byKey = new Map();
  const byPath = new Map();
  for (const v of [...versions.filter((x) => x.source !== SOURCES.docs), ...versions.filter((x) => x.source === SOURCES.docs)]) {
    const joined = v.source === SOURCES.docs ? byPath.get(versionlessKey(v.method, v.path)) : null;
    if (joined) v.operation = joined.operation;
    const key = `${v.group}.${v.operation}`;
    if (!byKey.has(key)) byKey.set(key, { group: v.group, operation: v.operation, account: v.account, summaries: new Set(), versions: [] });
    const op = byKey.get(key);
    if (v.source !== SOURCES.docs) op.summaries.add(v.summary);
    if (op.account !== v.account) throw new Error(`${key}: version ${v.version} is for a ${v.account}, the operation for a ${op.account}`);
    if (op.versions.some((o) => o.version === v.version)) throw new Error(`${key}: version ${v.version} twice`);
    op.versions.push(v);
    byPath.set(versionlessKey(v.method, v.path), op);
  }
  const operations = [...byKey.values()];
  for (const op of operations) {
    if (op.summaries.size > 1) throw new Error(`${op.group}.${op.operation}: name collision between ${[...op.summaries]}`);
    op.versions.sort((a, b) => cmp(b.version, a.version));
  }
  operations.sort((a, b) => cmp(a.group, b.group) || cmp(a.operation, b.operation));
  const counts = {};
  for (const v of versions) counts[v.source] = (counts[v.source] ?? 0) + 1;
  return { operations, components, counts, skipped };
}

function versionOf({ path: p, method, op, source }, hoist) {
  const where = `${method} ${p}`;
  const [, segment, version] = p.split("/");
  if (!/^\d{6}$/.test(version) || op.tags?.[0] !== `${segment}_v${version}`) throw new Error(`${where}: unexpected version or tag`);
  const group = groupName(segment);
  const operation = methodName(group, op.summary);
  const prefix = `${pascal(segment)}_${version}_${pascal(op.summary)}`;

  let shopCipher = "forbidden";
  const pathParams = [];
  const queryParams = [];
  for (const prm of op.parameters ?? []) {
    if (prm.in === "header") continue; // x-tts-access-token, Content-Type
    if (["app_key", "sign", "timestamp", "access_token"].includes(prm.name)) continue;
    if (prm.name === "shop_cipher" && prm.in === "query") {
      shopCipher = prm.required ? "required" : "optional";
      continue;
    }
    const param = {
      name: prm.name, required: Boolean(prm.required), kind: kindOf(prm.schema), schema: hoist(prm.schema, `${prefix}_${pascal(prm.name)}`),
      description: prm.description, statedMax: prm.schema["x-page-size-max"],
    };
    if (prm.in === "path") pathParams.push({ ...param, loc: "path", required: true });
    else if (prm.in === "query") queryParams.push({ ...param, loc: "query" });
    else throw new Error(`${where}: parameter in ${prm.in}`);
  }
  for (const m of p.match(/\{[^}]+\}/g) ?? []) {
    if (!pathParams.some((x) => `{${x.name}}` === m)) throw new Error(`${where}: no parameter for ${m}`);
  }

  let bodyKind = null;
  const bodyParams = [];
  const droppedBody = [];
  if (op.requestBody) {
    const types = Object.keys(op.requestBody.content);
    if (types.length !== 1) throw new Error(`${where}: several body types`);
    bodyKind = { "application/json": "json", "multipart/form-data": "multipart" }[types[0]];
    if (!bodyKind) throw new Error(`${where}: body type ${types[0]}`);
    const schema = op.requestBody.content[types[0]].schema;
    const required = new Set(schema.required ?? []);
    for (const [field, child] of Object.entries(schema.properties ?? {})) {
      // GET bodies: `fetch` cannot send one. A field the query also carries goes there
      // only (README "GET operations described with a body").
      if (method === "GET" && queryParams.some((q) => q.name === field)) {
        droppedBody.push(field);
        continue;
      }
      const kind = kindOf(child);
      const loc = bodyKind === "json" ? "body" : kind === "binary" ? "file" : "form";
      // A multipart upload without its file part is meaningless: the file is required.
      bodyParams.push({
        name: field, loc, kind, required: required.has(field) || loc === "file",
        schema: hoist(child, `${prefix}_RequestBody_${pascal(field)}`), description: child.description, statedMax: child["x-page-size-max"],
      });
    }
  }
  const params = [...pathParams, ...queryParams, ...bodyParams];

  const envelope = op.responses?.["200"]?.content?.["application/json"]?.schema;
  if (!envelope) throw new Error(`${where}: no 200 JSON response`);
  const dataSchema = envelope.properties?.data;
  const data = dataSchema ? hoist(dataSchema, `${prefix}_Response_Data`).$ref ?? null : null;

  // Pagination: a page token in, next_page_token out.
  const dataProps = dataSchema?.properties ?? {};
  const takesToken = params.some((x) => x.name === "page_token" && (x.loc === "query" || x.loc === "body"));
  const paginated = takesToken && "next_page_token" in dataProps;
  let items = "";
  // `pageSizeMax`: the largest page the documentation states (0: none stated), which the
  // client and the sandbox enforce. `pageSize`: what a walk (`.all()`) asks for, the stated
  // maximum or, when none is stated, a guess that is safe to send (never enforced).
  let pageSizeMax = 0;
  let pageSize = 0;
  if (paginated) {
    items = itemsField(dataProps);
    if (!items) throw new Error(`${where}: paginated without an items array`);
    // No page_size parameter (a list TikTok pages at its own size): nothing to default.
    const size = params.find((x) => x.name === "page_size");
    // The docs catalog's fragments state it as a number (`x-page-size-max`), TikTok's in prose.
    pageSizeMax = size ? size.statedMax ?? parsePageSizeMax(size.description) ?? 0 : 0;
    pageSize = size ? pageSizeMax || fallbackPageSizeMax(p) : 0;
  }

  let read = false;
  if (method === "GET") read = true;
  else if (method === "POST") {
    const verb = op.summary.replace(ACTOR_PREFIXES, "");
    read = READ_VERBS.some((x) => verb.startsWith(x)) || READ_SUMMARIES.includes(op.summary);
  }

  // TikTok's description says nothing of accounts: its first path segment does. The docs
  // catalog's fragments carry the documentation's own (`x-account`).
  const account = source === SOURCES.oas ? ACCOUNT_BY_SEGMENT[segment] ?? "seller" : op["x-account"];
  if (!["seller", "creator", "partner"].includes(account)) throw new Error(`${where}: account ${account}`);
  return {
    group, operation, summary: op.summary, account, version, method, path: p, source,
    host: "api", grantType: null, shopCipher,
    // A GET never sends `{}`: its body fields (if any are left) go only when given.
    jsonBody: bodyKind === "json" && method !== "GET", multipart: bodyKind === "multipart",
    paginated, read, items, pageSizeMax, pageSize,
    params: params.map(({ description, statedMax, ...x }) => x),
    data, droppedBody,
  };
}

export { cap };
