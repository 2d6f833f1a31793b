// Every operation of the catalog through the built package, against the sandbox, with
// the client's real signing and the right kind of account for each (seller, creator or
// partner token). Node walks every operation and every version of every group (a scenario
// per group), from both of the generator's inputs, then again with every optional parameter
// too; Deno and workerd run the same code on a slice (per group, one operation of TikTok's
// description and one version of the docs catalog, see slice). All three check
// listOperations() against both inputs, operation by operation, each version's source, and
// that the default of every operation is its newest version (the 35 that the docs catalog
// moved, one scenario each).
//
// ctx (besides what support/ gives every scenario): `catalog` ({ operations, schemas }
// of the sandbox package's src/generated/catalog.js: one entry per operation version, with its
// params and response schema name) and `specOperations` (every operation-version of
// spec/oas/ and spec/docs-catalog/ as `{ method, path, summary, tag, source, account }`,
// read by the test file: tests/support/spec.mjs).
//
// Each call is checked from the sandbox's request log (reset before the call, so the
// log holds exactly that call's request): method, path with the parameters substituted,
// a valid signature, shop_cipher present exactly when the operation takes one, every
// parameter sent where it belongs, and data shaped like the response schema.

import { AssertionError, equal, ok, secrets } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";
import { helpers } from "./foundation.mjs";

/**
 * Groups of listOperations(), `token` aside (its two operations are the token scenarios'):
 * the camelCase of every first path segment of TikTok's description.
 */
export const GROUPS = [
  "affiliate", "affiliateCreator", "affiliatePartner", "affiliateSeller", "analytics", "authorization",
  "customerEngagement", "customerService", "dataReconciliation", "epharmacy", "event", "fbt", "finance",
  "fulfillment", "gsFullServiceCommodity", "gsFullServiceInventory", "gsFullServiceShipment", "logistics",
  "open", "order", "product", "promotion", "returnRefund", "reviewRating", "seller", "supplyChain",
];

/** The versions listOperations() has beyond its two inputs: the token endpoints (`builtin`). */
export const EXTRA_VERSIONS = ["GET /api/v2/token/get", "GET /api/v2/token/refresh"];
/** Operation-versions of each input: TikTok's description and the docs catalog's fragments. */
const SPEC_VERSIONS = { "tiktok-oas": 428, "docs-catalog": 109 };

/**
 * The defaults the docs catalog moved: operations of TikTok's description for which it
 * has a newer version, `[group.operation, the newer version (now the default), the
 * description's newest]`.
 */
export const MOVED_DEFAULTS = [
  ["affiliateCreator.postShoppableVideo", "202603", "202505"],
  ["affiliatePartner.getAffiliateCampaignCreatorFulfillmentStatusInfo", "202508", "202501"],
  ["affiliatePartner.searchCapAffiliateOrders", "202603", "202504"],
  ["affiliatePartner.searchTapAffiliateOrders", "202603", "202411"],
  ["affiliateSeller.getMarketplaceCreatorPerformance", "202608", "202508"],
  ["affiliateSeller.getSellerSearchCreatorMarketplaceAdvancedFilters", "202608", "202601"],
  ["affiliateSeller.sellerSearchCreatorOnMarketplace", "202608", "202508"],
  ["analytics.getGmvTrendPerformances", "202502", "202309"],
  ["analytics.getInteractiveTrendPerformances", "202502", "202309"],
  ["analytics.getLiveCoreStats", "202502", "202309"],
  ["analytics.getProductStats", "202502", "202309"],
  ["analytics.getShopLivePerformanceList", "202609", "202509"],
  ["analytics.getShopLivePerformanceOverview", "202609", "202509"],
  ["analytics.getShopPerformance", "202609", "202509"],
  ["analytics.getShopProductPerformanceList", "202605", "202509"],
  ["analytics.getShopVideoPerformanceList", "202605", "202509"],
  ["analytics.getShopVideoPerformanceOverview", "202609", "202509"],
  ["analytics.getTrafficPerformances", "202502", "202309"],
  ["analytics.getUserPortraits", "202502", "202309"],
  ["analytics.getViewTrendPerformances", "202502", "202309"],
  ["customerService.sendMessage", "202606", "202309"],
  ["fbt.createFbtmcfOrder", "202607", "202601"],
  ["fbt.getInboundOrder", "202602", "202409"],
  ["fbt.searchGoodsInfo", "202607", "202409"],
  ["finance.getPayments", "202605", "202309"],
  ["fulfillment.markPackageAsShipped", "202610", "202309"],
  ["fulfillment.updatePackageShippingInfo", "202610", "202309"],
  ["order.updateTheBlindBoxOpeningResults", "202605", "202511"],
  ["returnRefund.calculateRefund", "202602", "202309"],
  ["returnRefund.cancelOrder", "202602", "202309"],
  ["returnRefund.createReturn", "202602", "202309"],
  ["returnRefund.getAftersaleEligibility", "202602", "202512"],
  ["returnRefund.rejectReturn", "202606", "202309"],
  ["returnRefund.searchCancellations", "202602", "202309"],
  ["returnRefund.searchReturns", "202602", "202309"],
];

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

const FILE_BYTES = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3];

/**
 * Required query and body values by name (what a seller would pass); anything else
 * gets a value of its declared type. `ids` holds real ids from the seeded shop.
 */
function namedValue(name, path, ids) {
  switch (name) {
    case "page_size": return 5;
    case "sort_field":
      // README "Pagination": statements by statement_time, payments by create_time,
      // transactions by statement and unsettled ones by order_create_time.
      if (/\/statements$/.test(path)) return "statement_time";
      if (/\/payments$/.test(path)) return "create_time";
      return "order_create_time";
    case "types": return ["SETTLE"];
    case "ids":
    case "order_ids": return [ids.order_id];
    case "product_ids": return [ids.product_id];
    case "category_ids": return [ids.category_id];
    case "start_date_ge":
    case "support_date_ge": return "2025-05-01";
    case "end_date_lt":
    case "support_date_lt": return "2025-05-08";
    case "document_type": return "SHIPPING_LABEL";
    case "tracking_number": return "1Z999AA10123456784";
    case "platform": return "SHOPIFY";
    case "external_order_id": return "SHOPIFY-1001";
    case "return_or_cancel_id": return ids.return_id;
    case "orders": // addExternalOrderReferences (README "Operations outside the spec file")
      return [{
        id: ids.order_id,
        external_order: { id: "SHOPIFY-1001", platform: "SHOPIFY", line_items: [{ id: "SHOPIFY-LINE-1", origin_id: ids.order_id }] },
      }];
  }
  return undefined;
}

function valueOfKind(kind) {
  switch (kind) {
    case "integer": return 1;
    case "number": return 1.5;
    case "boolean": return true;
    case "array": return ["1"];
    case "object": return {};
    case "binary": return new Uint8Array(FILE_BYTES);
    default: return "1";
  }
}

/**
 * Values for optional parameters (the `everything` pass): text that needs encoding, arrays
 * whose items hold spaces and `&` (a comma inside an item is refused: the array goes
 * comma-joined), nested objects. page_token, sort_field and
 * sort_order are left out: the sandbox checks them against real tokens and fields.
 */
function optionalValue(kind) {
  switch (kind) {
    case "integer": return 3;
    case "number": return 2.5;
    case "boolean": return false;
    case "array": return ["a b", "c&d"];
    case "object": return { nested: [1, { text: "é & ü" }] };
    default: return "x y&z=é/+%";
  }
}
const NOT_FABRICATED = new Set(["page_token", "sort_field", "sort_order"]);

/**
 * The params of one call of catalog version `v`: every path parameter (a real id), every
 * required query, body, form and file parameter, and page_size on paginated operations;
 * with `everything`, every optional parameter too (but those in NOT_FABRICATED).
 */
export function fabricate(v, ids, { everything = false } = {}) {
  const params = {};
  for (const [name, loc, required, kind] of v.params) {
    if (name in params) continue; // a name in two places is one value, sent to both
    if (loc === "path") {
      // Entities the sandbox seeds have real ids; it takes any id for the others.
      params[name] = ids[name] ?? `7${String(hash(`${v.path}|${name}`)).padStart(17, "0")}`;
    } else if (required) {
      params[name] = loc === "file" ? new Uint8Array(FILE_BYTES) : namedValue(name, v.path, ids) ?? valueOfKind(kind);
    } else if (everything && !NOT_FABRICATED.has(name) && name !== "page_size") {
      params[name] = loc === "file" ? new Uint8Array(FILE_BYTES) : optionalValue(kind);
    }
  }
  if (v.paginated && !("page_size" in params) && v.params.some(([n, l]) => n === "page_size" && l === "query")) params.page_size = 5;
  return params;
}

function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** A path or query value as the sandbox logs it: decoded text, arrays comma-joined. */
const queryText = (value) => (Array.isArray(value) ? value.map(String).join(",") : String(value));

// ---------------------------------------------------------------------------
// Response shapes
// ---------------------------------------------------------------------------

/**
 * Checks `value` against a compact schema type of catalog.js (`"s"`, `"i"`, `"n"`, `"b"`,
 * `"o"`, `"#Type"`, `[type]`): objects have only the schema's fields, recursively.
 * Pushes what is wrong to `problems`.
 */
export function checkShape(schemas, type, value, at, problems) {
  if (problems.length > 20) return;
  if (value === null || value === undefined) {
    problems.push(`${at} is ${value}`);
    return;
  }
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) return void problems.push(`${at} should be an array, is ${typeof value}`);
    value.forEach((x, i) => checkShape(schemas, type[0], x, `${at}[${i}]`, problems));
    return;
  }
  if (type.startsWith("#")) {
    const fields = schemas[type.slice(1)];
    if (!fields) return void problems.push(`${at}: no schema ${type}`);
    if (typeof value !== "object" || Array.isArray(value)) return void problems.push(`${at} should be an object (${type.slice(1)})`);
    for (const [k, v] of Object.entries(value)) {
      if (!(k in fields)) problems.push(`${at}.${k} is not a field of ${type.slice(1)}`);
      else checkShape(schemas, fields[k], v, `${at}.${k}`, problems);
    }
    return;
  }
  const expected = { s: "string", i: "number", n: "number", b: "boolean", o: "object" }[type];
  if (typeof value !== expected) problems.push(`${at} should be a ${expected} (${type}), is ${typeof value} ${JSON.stringify(value).slice(0, 40)}`);
  else if (type === "i" && !Number.isInteger(value)) problems.push(`${at} should be an integer, is ${value}`);
  else if (type === "o" && Array.isArray(value)) problems.push(`${at} should be an object, is an array`);
}

/** `data` as the version's response schema declares it; null or empty only where there is none. */
export function checkData(catalog, v, data, problems) {
  const schema = v.response ? catalog.schemas[v.response] : null;
  if (!schema) {
    const empty = data === null || data === undefined || (typeof data === "object" && !Array.isArray(data) && Object.keys(data).length === 0);
    if (!empty) problems.push(`data should be null or empty (no response schema), is ${JSON.stringify(data).slice(0, 80)}`);
    return;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    problems.push(`data should be an object (${v.response}), is ${JSON.stringify(data)}`);
    return;
  }
  if (Object.keys(schema).length > 0 && Object.keys(data).length === 0) problems.push(`data is empty but ${v.response} has fields`);
  checkShape(catalog.schemas, `#${v.response}`, data, "data", problems);
}

// ---------------------------------------------------------------------------
// The walk
// ---------------------------------------------------------------------------

/** First item of a list call's `field`, checked non-empty. */
async function first(promise, field, what) {
  const data = await promise;
  const list = data?.[field];
  ok(Array.isArray(list) && list.length > 0, `${what}: no ${field} in ${JSON.stringify(data).slice(0, 120)}`);
  return list[0];
}

/**
 * Real ids for every path parameter of the catalog, from list calls through the client
 * (the seeded shop's orders, products, packages..., and the fabricated global products,
 * videos, manufacturers, responsible persons and delivery options).
 */
async function entityIds(shop) {
  const dates = { start_date_ge: "2025-05-01", end_date_lt: "2025-05-08" };
  const order = await first(shop.order.getOrderList({ page_size: 1 }), "orders", "order.getOrderList");
  const product = await first(shop.product.searchProducts({ page_size: 1 }), "products", "product.searchProducts");
  const pkg = await first(shop.fulfillment.searchPackage({ page_size: 1 }), "packages", "fulfillment.searchPackage");
  const statement = await first(shop.finance.getStatements({ page_size: 1, sort_field: "statement_time" }), "statements", "finance.getStatements");
  const ret = await first(shop.returnRefund.searchReturns({ page_size: 1 }), "return_orders", "returnRefund.searchReturns");
  const cancellation = await first(shop.returnRefund.searchCancellations({ page_size: 1 }), "cancellations", "returnRefund.searchCancellations");
  const warehouse = await first(shop.logistics.getWarehouseList(), "warehouses", "logistics.getWarehouseList");
  const option = await first(shop.logistics.getWarehouseDeliveryOptions({ warehouse_id: warehouse.id }), "delivery_options", "logistics.getWarehouseDeliveryOptions");
  const conversation = await first(shop.customerService.getConversations({ page_size: 1 }), "conversations", "customerService.getConversations");
  const activity = await first(shop.promotion.searchActivities({ page_size: 1 }), "activities", "promotion.searchActivities");
  const coupon = await first(shop.promotion.searchCoupons({ page_size: 1 }), "coupons", "promotion.searchCoupons");
  const { categories } = await shop.product.getCategories();
  const category = categories.find((c) => c.is_leaf) ?? categories[0];
  const globalProduct = await first(shop.product.searchGlobalProducts({ page_size: 1 }), "global_products", "product.searchGlobalProducts");
  const video = await first(shop.analytics.getShopVideoPerformanceList({ page_size: 1, ...dates }), "videos", "analytics.getShopVideoPerformanceList");
  const manufacturer = await first(shop.product.searchManufacturers({ page_size: 1 }), "manufacturers", "product.searchManufacturers");
  const person = await first(shop.product.searchResponsiblePersons({ page_size: 1 }), "responsible_persons", "product.searchResponsiblePersons");
  const ids = {
    order_id: order.id,
    product_id: product.id,
    sku_id: product.skus[0].id,
    package_id: pkg.id,
    statement_id: statement.id,
    return_id: ret.return_id,
    cancel_id: cancellation.cancel_id,
    warehouse_id: warehouse.id,
    delivery_option_id: option.id,
    conversation_id: conversation.id,
    activity_id: activity.id,
    coupon_id: coupon.id,
    category_id: category.id,
    global_product_id: globalProduct.id,
    video_id: video.id,
    manufacturer_id: manufacturer.id,
    responsible_person_id: person.id,
  };
  for (const [k, v] of Object.entries(ids)) ok(typeof v === "string" && v.length > 0, `id ${k}: ${JSON.stringify(v)}`);
  return ids;
}

/**
 * A client per kind of account (the seller's with `shopCipher`; the creator's and the
 * partner's with their own tokens and no shop), the ids and the catalog index: once per
 * runtime (memoised on ctx).
 */
function setup(ctx) {
  ctx.catalogSetup ??= (async () => {
    const { admin, base } = helpers(ctx);
    const shop = await helpers(ctx).shop();
    const { shopCipher } = shop.toJSON();
    const ids = await entityIds(shop);
    const clients = { seller: shop };
    const tokenOf = { seller: (await admin("tokens")).access_token };
    for (const account of ["creator", "partner"]) {
      const tokens = await admin(`tokens?account=${account}`);
      equal(tokens.user_type, account === "creator" ? 1 : 3, `user_type of a ${account} token`);
      secrets.add(tokens.access_token).add(tokens.refresh_token);
      clients[account] = new ctx.api.TikTokShop({ ...base, accessToken: tokens.access_token });
      tokenOf[account] = tokens.access_token;
    }
    // A GET body needs a fetch that can send one (node:http in Node; the others' fetch
    // cannot): one such client per kind of account.
    if (ctx.runtime === "node") {
      const { httpFetch } = await import("../support/http-fetch.mjs");
      clients.getBody = {};
      for (const [account, accessToken] of Object.entries(tokenOf)) {
        clients.getBody[account] = new ctx.api.TikTokShop({ ...base, accessToken, ...(account === "seller" ? { shopCipher } : {}), fetch: httpFetch });
      }
    }
    const versions = new Map(ctx.catalog.operations.map((v) => [`${v.group}.${v.operation}@${v.version}`, v]));
    return { shop, clients, shopCipher, ids, versions };
  })();
  return ctx.catalogSetup;
}

/**
 * Calls one version of one operation through `shop.call` and checks the request the
 * sandbox saw and the data returned. Returns the problems found (empty when all is well).
 */
async function callAndCheck(ctx, s, entry, version, { everything = false } = {}) {
  const { admin } = helpers(ctx);
  const name = `${entry.group}.${entry.operation}`;
  const v = s.versions.get(`${name}@${version}`);
  if (!v) return [`catalog.js has no entry for version ${version}`];
  const problems = [];
  const params = fabricate(v, s.ids, { everything });
  const older = version !== entry.versions[0];
  await admin("reset");
  let data;
  try {
    const getBody = v.method === "GET" && v.params.some(([n, loc]) => loc === "body" && n in params);
    const client = getBody ? s.clients.getBody?.[entry.account] : s.clients[entry.account];
    if (!client) return [`no client for ${getBody ? "a GET with a body" : entry.account}`];
    data = await client.call(entry.group, entry.operation, params, older ? { version } : undefined);
  } catch (e) {
    return [`the call failed: ${e?.kind ?? e?.name} ${e?.code ?? ""} ${e?.field ? `field ${e.field}: ` : ""}${e?.message}`];
  }
  const log = await admin("requests", "GET");
  if (log.length !== 1) return [`expected exactly one request in the sandbox log, found ${log.length}`];
  const r = log[0];

  // Method, path (template of this version, parameters substituted), version.
  let path = v.path;
  for (const [pname, loc] of v.params) if (loc === "path") path = path.replace(`{${pname}}`, encodeURIComponent(String(params[pname])));
  if (r.method !== v.method) problems.push(`method ${r.method}, expected ${v.method}`);
  if (r.path !== path) problems.push(`path ${r.path}, expected ${path}`);
  if (entry.paths[version] !== v.path) problems.push(`listOperations() path ${entry.paths[version]} for ${version}, catalog has ${v.path}`);
  if (!r.path.split("/").includes(version)) problems.push(`path ${r.path} does not carry version ${version}`);
  if (r.op !== name || r.version !== version) problems.push(`the sandbox routed it to ${r.op}@${r.version}`);
  if (r.status !== 200 || r.code !== 0) problems.push(`status ${r.status} code ${r.code}`);

  // Signature and shop_cipher (the seller's client has one configured).
  if (r.signatureValid !== true) problems.push(`signatureValid is ${r.signatureValid}`);
  if (entry.account !== "seller" && v.shopCipher !== "forbidden") problems.push(`a ${entry.account} operation takes shop_cipher`);
  if (v.account !== entry.account) problems.push(`the sandbox's catalog says ${v.account}, listOperations() ${entry.account}`);
  if (v.shopCipher === "forbidden") {
    if (r.shopCipher !== null || "shop_cipher" in r.query) problems.push(`shop_cipher sent to an operation that forbids it`);
  } else if (r.shopCipher !== s.shopCipher) {
    problems.push(`shop_cipher ${JSON.stringify(r.shopCipher)}, expected the client's (${v.shopCipher})`);
  }
  for (const k of ["app_key", "timestamp", "sign"]) if (!r.query[k]) problems.push(`query has no ${k}`);

  // Every parameter given, where it belongs.
  let body = null;
  const bodyGiven = v.params.some(([n, loc]) => loc === "body" && n in params);
  if (v.jsonBody || bodyGiven) {
    try {
      body = JSON.parse(r.bodyText ?? "");
    } catch {
      problems.push(`a JSON body was expected, the request had ${JSON.stringify(r.bodyText)}`);
    }
  } else if (!v.multipart && r.bodyText !== null) {
    problems.push(`no body expected (no body parameters), got ${JSON.stringify(r.bodyText).slice(0, 80)}`);
  }
  if (body !== null) {
    const strays = Object.keys(body).filter((k) => !v.params.some(([n, l]) => n === k && l === "body" && k in params));
    if (strays.length) problems.push(`body has ${strays.join(", ")}, which were not given as body parameters`);
  }
  if (v.multipart && !r.form) problems.push("a multipart form was expected");
  for (const [pname, loc] of v.params) {
    if (!(pname in params)) continue;
    const value = params[pname];
    if (loc === "query") {
      if (r.query[pname] !== queryText(value)) problems.push(`query ${pname} is ${JSON.stringify(r.query[pname])}, expected ${JSON.stringify(queryText(value))}`);
    } else if (loc === "body") {
      if (body && JSON.stringify(body[pname]) !== JSON.stringify(value)) problems.push(`body ${pname} is ${JSON.stringify(body[pname])}, expected ${JSON.stringify(value)}`);
    } else if (loc === "file") {
      const part = r.form?.[pname];
      if (!part || typeof part !== "object" || part.size !== value.byteLength) problems.push(`file part ${pname} is ${JSON.stringify(part)}, expected ${value.byteLength} bytes`);
    } else if (loc === "form") {
      if (r.form?.[pname] !== String(value)) problems.push(`form field ${pname} is ${JSON.stringify(r.form?.[pname])}`);
    }
  }

  checkData(ctx.catalog, v, data, problems);
  return problems;
}

/** The operations of a group in listOperations() order (table order). */
function groupEntries(ctx, group) {
  return ctx.api.listOperations().filter((e) => e.group === group);
}

/**
 * The slice: per group and per input the group has versions from (TikTok's description,
 * the docs catalog), the first version (table order, newest first) among those with the
 * most required parameters, path parameters included. Deterministic, and it exercises
 * routing rather than parameterless calls. `[[entry, version], ...]`.
 */
export function slice(entries) {
  const picks = new Map(); // source -> [entry, version, weight]
  for (const e of entries) {
    for (const version of e.versions) {
      const v = e.byVersion[version];
      const weight = v.params.filter((p) => p.required).length;
      const best = picks.get(v.source);
      if (!best || weight > best[2]) picks.set(v.source, [e, version, weight]);
    }
  }
  return ["tiktok-oas", "docs-catalog"].filter((src) => picks.has(src)).map((src) => picks.get(src).slice(0, 2));
}

/**
 * mode "all": every operation of the group, every version; "slice": see slice();
 * "everything": every operation and version with its optional parameters too.
 */
async function walk(ctx, group, mode) {
  const s = await setup(ctx);
  const entries = group ? groupEntries(ctx, group) : ctx.api.listOperations().filter((e) => e.group !== "token");
  ok(entries.length > 0, `listOperations() has no ${group} operations`);
  // The default version, then each older one with the `version` option.
  const calls = mode === "slice" ? slice(entries) : entries.flatMap((e) => e.versions.map((v) => [e, v]));
  const failures = [];
  for (const [entry, version] of calls) {
    const problems = await callAndCheck(ctx, s, entry, version, { everything: mode === "everything" });
    if (problems.length) failures.push(`${entry.group}.${entry.operation}@${version}:\n    ${problems.join("\n    ")}`);
  }
  if (failures.length) throw new AssertionError(`${failures.length} of ${calls.length} calls failed:\n  ${failures.join("\n  ")}`);
  return { calls: calls.length, operations: entries.map((e) => e.operation), sources: calls.map(([e, v]) => e.byVersion[v].source) };
}

// ---------------------------------------------------------------------------
// Scenarios
// ---------------------------------------------------------------------------

export const scenarios = [
  {
    name: "the walk covers every group of listOperations() (token aside)",
    async run(ctx) {
      const groups = [...new Set(ctx.api.listOperations().map((e) => e.group))].filter((g) => g !== "token").sort();
      equal(groups.join(","), [...GROUPS].sort().join(","), "groups");
    },
  },
  {
    name: "listOperations() lists every operation-version of both inputs, each with its source, and nothing else but the token calls",
    async run(ctx) {
      const ops = ctx.api.listOperations();
      const spec = ctx.specOperations;
      for (const [source, n] of Object.entries(SPEC_VERSIONS)) equal(spec.filter((x) => x.source === source).length, n, `operation-versions from ${source}`);
      // Every (method, path) of either input is a version of some operation with that method.
      const listed = new Map(); // "METHOD path" -> entry
      for (const e of ops) {
        for (const [version, path] of Object.entries(e.paths)) {
          ok(e.versions.includes(version), `${e.group}.${e.operation}: path for unlisted version ${version}`);
          equal(e.byVersion[version]?.path, path, `${e.group}.${e.operation}@${version}: byVersion path`);
          const key = `${e.byVersion[version].method} ${path}`;
          ok(!listed.has(key), `${key} listed twice`);
          listed.set(key, e);
        }
        equal(Object.keys(e.paths).length, e.versions.length, `${e.group}.${e.operation}: a path per version`);
      }
      const missing = spec.filter((x) => !listed.has(`${x.method} ${x.path}`)).map((x) => `${x.method} ${x.path} (${x.source} ${x.tag} ${x.summary})`);
      ok(missing.length === 0, `operation-versions missing from listOperations():\n  ${missing.join("\n  ")}`);
      const specKeys = new Set(spec.map((x) => `${x.method} ${x.path}`));
      equal(specKeys.size, spec.length, "distinct (method, path) pairs: no version in both inputs");
      const extra = [...listed.keys()].filter((k) => !specKeys.has(k)).sort();
      equal(extra.join(" | "), EXTRA_VERSIONS.join(" | "), "versions beyond the inputs");
      equal(listed.size, spec.length + EXTRA_VERSIONS.length, "versions listed");
      for (const k of EXTRA_VERSIONS) equal(listed.get(k).byVersion.v2.source, "builtin", `source of ${k}`);

      // Each version says where it comes from; group and account as its input says.
      const accountOf = (x) => x.account ?? ({ affiliate_creator: "creator", affiliate: "creator", affiliate_partner: "partner" })[x.path.split("/")[1]] ?? "seller";
      const versionOf = (x) => x.path.split("/")[2];
      for (const x of spec) {
        const e = listed.get(`${x.method} ${x.path}`);
        equal(e.byVersion[versionOf(x)].source, x.source, `source of ${x.method} ${x.path}`);
        const camel = x.tag.replace(/_v\d{6}$/, "").replace(/_([a-z])/g, (_, c) => c.toUpperCase());
        equal(e.group, camel, `group of ${x.method} ${x.path}`);
        equal(e.account, accountOf(x), `account of ${x.method} ${x.path}`);
      }

      // TikTok's versions: one operation per (tag prefix, summary), each grouping exactly one.
      const pairOf = (x) => `${x.tag.replace(/_v\d{6}$/, "")}|${x.summary}`;
      const pairs = new Map(); // pair -> set of entries
      for (const x of spec.filter((y) => y.source === "tiktok-oas")) {
        if (!pairs.has(pairOf(x))) pairs.set(pairOf(x), new Set());
        pairs.get(pairOf(x)).add(listed.get(`${x.method} ${x.path}`));
      }
      for (const [pair, entries] of pairs) equal(entries.size, 1, `operations for ${pair}`);
      const oasEntries = new Set([...pairs.values()].flatMap((set) => [...set]));
      equal(oasEntries.size, pairs.size, "one operation per pair");

      // The docs catalog's versions: with the operation of the same method and version-less
      // path when TikTok's description has one (keeping its name), else an operation of their own.
      const versionless = (method, path) => `${method} ${path.replace(/^(\/[^/]+\/)\d{6}\//, "$1*/")}`;
      const oasByPath = new Map();
      for (const e of oasEntries) for (const v of e.versions) oasByPath.set(versionless(e.byVersion[v].method, e.paths[v]), e);
      const docsOnly = new Set();
      let joined = 0;
      for (const x of spec.filter((y) => y.source === "docs-catalog")) {
        const e = listed.get(`${x.method} ${x.path}`);
        const host = oasByPath.get(versionless(x.method, x.path));
        if (host) {
          equal(`${e.group}.${e.operation}`, `${host.group}.${host.operation}`, `${x.method} ${x.path} joins TikTok's operation`);
          joined += 1;
        } else {
          ok(e.versions.every((v) => e.byVersion[v].source === "docs-catalog"), `${e.group}.${e.operation} mixes sources without a shared path`);
          docsOnly.add(e);
        }
      }
      equal(joined, MOVED_DEFAULTS.length, "docs-catalog versions of operations TikTok's description has");
      equal(docsOnly.size, SPEC_VERSIONS["docs-catalog"] - MOVED_DEFAULTS.length, "operations only the docs catalog has");
      const extraEntries = new Set(EXTRA_VERSIONS.map((k) => listed.get(k)));
      for (const e of extraEntries) ok(!oasEntries.has(e) && !docsOnly.has(e), `${e.group}.${e.operation} mixes inputs and extra versions`);
      equal(ops.length, pairs.size + docsOnly.size + extraEntries.size, "operations = TikTok's pairs + the docs catalog's own + the 2 token calls");

      // The default (the top level) is the newest version, whichever input it comes from.
      for (const e of ops) {
        const newest = [...e.versions].sort().at(-1);
        equal(e.versions[0], newest, `${e.group}.${e.operation}: default version`);
        equal(e.source, e.byVersion[newest].source, `${e.group}.${e.operation}: top-level source`);
        ok(["tiktok-oas", "docs-catalog", "builtin"].includes(e.source), `${e.group}.${e.operation}: source ${e.source}`);
      }
    },
  },
];

for (const group of GROUPS) {
  scenarios.push({
    name: `${group}: every operation, every version`,
    runtimes: ["node"],
    async run(ctx) {
      const { calls, operations } = await walk(ctx, group, "all");
      const expected = groupEntries(ctx, group).reduce((n, e) => n + e.versions.length, 0);
      equal(calls, expected, `${group}: calls`);
      if (group === "order") {
        // The three external-order operations the n8n node calls (API notes: "Operations outside the spec file").
        for (const op of ["addExternalOrderReferences", "getExternalOrderReferences", "searchOrderByExternalOrderReference"]) {
          ok(operations.includes(op), `order.${op} was called`);
        }
      }
    },
  });
}

for (const group of GROUPS) {
  scenarios.push({
    name: `${group}: one operation per input (the slice)`,
    runtimes: ["deno", "workerd"],
    async run(ctx) {
      const expected = new Set(groupEntries(ctx, group).flatMap((e) => e.versions.map((v) => e.byVersion[v].source)));
      const { sources } = await walk(ctx, group, "slice");
      equal(sources.join(","), ["tiktok-oas", "docs-catalog"].filter((x) => expected.has(x)).join(","), `${group}: a call per input`);
    },
  });
}

for (const [name, newer, older] of MOVED_DEFAULTS) {
  scenarios.push({
    name: `${name}: without { version } calls ${newer} (docs catalog), the newest; ${older} (TikTok's description) with it`,
    runtimes: ["node"],
    async run(ctx) {
      const s = await setup(ctx);
      const { admin } = helpers(ctx);
      const [group, operation] = name.split(".");
      const entry = ctx.api.listOperations().find((e) => e.group === group && e.operation === operation);
      ok(entry, `listOperations() has ${name}`);
      equal(entry.versions[0], newer, `${name}: default version`);
      equal(entry.byVersion[newer].source, "docs-catalog", `${name}@${newer}: source`);
      equal(entry.byVersion[older]?.source, "tiktok-oas", `${name}@${older}: source`);
      ok(entry.versions.every((v) => v <= newer), `${name}: no version newer than ${newer} (${entry.versions})`);
      const method = s.clients[entry.account][group][operation];
      for (const [version, call] of [
        [newer, (params) => method(params)], // the method as a user calls it: no options at all
        [older, (params) => method(params, { version: older })],
      ]) {
        const v = s.versions.get(`${name}@${version}`);
        const params = fabricate(v, s.ids);
        await admin("reset");
        await call(params);
        const log = await admin("requests", "GET");
        equal(log.length, 1, `${name}@${version}: requests`);
        let path = v.path;
        for (const [pname, loc] of v.params) if (loc === "path") path = path.replace(`{${pname}}`, encodeURIComponent(String(params[pname])));
        equal(`${log[0].method} ${log[0].path}`, `${v.method} ${path}`, `${name}@${version}: request`);
        equal(log[0].version, version, `${name}@${version}: the version the sandbox routed to`);
        equal(log[0].signatureValid, true, `${name}@${version}: signature`);
      }
    },
  });
}

scenarios.push({
  name: "every operation and version with its optional parameters too, each sent where it belongs",
  runtimes: ["node"],
  async run(ctx) {
    const { calls } = await walk(ctx, null, "everything");
    const expected = ctx.api.listOperations().filter((e) => e.group !== "token").reduce((n, e) => n + e.versions.length, 0);
    equal(calls, expected, "calls");
  },
});

scenarios.push({
  // int64 ids (order ids are above 2^53) held as BigInt: src/js.rs means them to "travel as
  // their decimal digits" in path and query values.
  name: "BigInt ids are sent as their decimal digits in path and query parameters",
  async run(ctx) {
    const s = await setup(ctx);
    const { base, admin } = helpers(ctx);
    const { access_token } = await admin("tokens");
    const shop = new ctx.api.TikTokShop({ ...base, accessToken: access_token, shopCipher: s.shopCipher });
    const id = s.ids.order_id;
    const cases = [
      ["order.getPriceDetail (path)", () => shop.order.getPriceDetail({ order_id: BigInt(id) }), (r) => r.path.endsWith(`/orders/${id}/price_detail`)],
      ["order.getOrderDetail (query array)", () => shop.order.getOrderDetail({ ids: [BigInt(id)] }), (r) => r.query.ids === id],
      ["order.getOrderList (integer query)", () => shop.order.getOrderList({ page_size: 5n }), (r) => r.query.page_size === "5"],
    ];
    const failures = [];
    for (const [label, call, check] of cases) {
      await admin("reset");
      try {
        await call();
      } catch (e) {
        failures.push(`${label}: rejected with ${e?.constructor?.name} (kind ${e?.kind}): ${e?.message}`);
        continue;
      }
      const [r] = await admin("requests", "GET");
      if (!r || !check(r) || r.signatureValid !== true) failures.push(`${label}: sent ${JSON.stringify({ path: r?.path, query: r?.query })}`);
    }
    ok(failures.length === 0, failures.join("\n"));
  },
});

scenarios.push(secretsScan);
