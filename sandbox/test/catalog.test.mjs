// One signed call for every operation of the generated catalog, with its
// required parameters made up (real ids for entity path parameters, taken from
// list calls), expecting code 0 and data whose keys are the schema's keys.

import test from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../src/node.js";
import { operations, schemas } from "../src/generated/catalog.js";
import { ENTITY_PARAMS } from "../src/answers.js";
import { specOperations } from "../../tests/support/spec.mjs";
import { call } from "./helpers.mjs";

/** obj.a.b for the path "a.b" (a page's items may sit one object down). */
const at = (obj, dotted) => dotted.split(".").reduce((o, k) => o?.[k], obj);

test("the catalog holds every operation-version of spec/oas and spec/docs-catalog, each with its source, and only those (plus the 2 token calls)", () => {
  const spec = specOperations();
  assert.equal(spec.filter((x) => x.source === "tiktok-oas").length, 428);
  assert.equal(spec.filter((x) => x.source === "docs-catalog").length, 109);
  const api = operations.filter((o) => o.host === "api");
  assert.equal(api.length, 537);
  const key = (x) => `${x.method} ${x.path} ${x.source}`;
  assert.deepEqual(api.map(key).sort(), spec.map(key).sort());
  assert.deepEqual(operations.filter((o) => o.host === "auth").map((o) => `${o.path} ${o.source}`).sort(), ["/api/v2/token/get builtin", "/api/v2/token/refresh builtin"]);
});

/** Sort fields the sandbox checks, by the end of the path (every version alike). */
function sortField(op) {
  if (/^\/finance\/\d{6}\/statements$/.test(op.path)) return "statement_time";
  if (/^\/finance\/\d{6}\/payments$/.test(op.path)) return "create_time";
  return op.path.startsWith("/finance/") ? "order_create_time" : "create_time";
}

function queryValue(op, name, kind, ids) {
  if (ids[name]) return ids[name];
  switch (name) {
    case "page_size":
      return "5";
    case "sort_field":
      return sortField(op);
    case "types":
      return "SETTLE";
    case "ids":
      return ids.order_id;
    case "order_ids":
      return ids.order_id;
    case "product_ids":
      return ids.product_id;
    case "start_date_ge":
    case "support_date_ge":
      return "2025-05-01";
    case "end_date_lt":
    case "support_date_lt":
      return "2025-05-08";
  }
  if (kind === "boolean") return "true";
  return "1";
}

function bodyValue(kind) {
  switch (kind) {
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return true;
    case "array":
      return ["1"];
    case "object":
      return {};
    default:
      return "1";
  }
}

test("every catalog operation answers code 0 with schema-shaped data", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const token = sb.sandbox.issueTokens().access_token;
  // each operation is called with a token of the kind of account it needs
  const tokens = {
    seller: token,
    creator: sb.sandbox.issueTokens({ account: "creator" }).access_token,
    partner: sb.sandbox.issueTokens({ account: "partner" }).access_token,
  };
  const cipher = sb.sandbox.shop.shops[0].cipher;
  const base = { token, shopCipher: cipher };

  // real ids from list calls
  const first = async (opts, key) => {
    const r = await call(sb, { ...base, ...opts });
    assert.equal(r.json?.code, 0, `${opts.path}: ${r.text}`);
    return r.json.data[key][0];
  };
  const order = await first({ method: "POST", path: "/order/202309/orders/search", query: { page_size: 1 }, body: {} }, "orders");
  const product = await first({ method: "POST", path: "/product/202309/products/search", query: { page_size: 1 }, body: {} }, "products");
  const pkg = await first({ method: "POST", path: "/fulfillment/202309/packages/search", query: { page_size: 1 }, body: {} }, "packages");
  const statement = await first({ path: "/finance/202309/statements", query: { page_size: 1, sort_field: "statement_time" } }, "statements");
  const ret = await first({ method: "POST", path: "/return_refund/202309/returns/search", query: { page_size: 1 }, body: {} }, "return_orders");
  const canc = await first({ method: "POST", path: "/return_refund/202309/cancellations/search", query: { page_size: 1 }, body: {} }, "cancellations");
  const wh = await first({ path: "/logistics/202309/warehouses" }, "warehouses");
  const conv = await first({ path: "/customer_service/202309/conversations", query: { page_size: 1 } }, "conversations");
  const act = await first({ method: "POST", path: "/promotion/202309/activities/search", body: {} }, "activities");
  const coupon = await first({ method: "POST", path: "/promotion/202406/coupons/search", query: { page_size: 1 }, body: {} }, "coupons");
  const ids = {
    order_id: order.id,
    product_id: product.id,
    sku_id: product.skus[0].id,
    package_id: pkg.id,
    statement_id: statement.id,
    return_id: ret.return_id,
    cancel_id: canc.cancel_id,
    warehouse_id: wh.id,
    conversation_id: conv.id,
    activity_id: act.id,
    coupon_id: coupon.id,
  };
  assert.deepEqual(Object.keys(ids).sort(), Object.keys(ENTITY_PARAMS).sort(), "an id for every entity path parameter");

  const apiOps = operations.filter((o) => o.host === "api");
  assert.equal(apiOps.length, 537);
  let checked = 0;
  for (const op of apiOps) {
    await t.test(`${op.method} ${op.path} (${op.group}.${op.operation})`, async () => {
      let p = op.path;
      const query = {};
      const body = {};
      let form;
      for (const [name, loc, required, kind] of op.params) {
        if (loc === "path") {
          p = p.replace(`{${name}}`, encodeURIComponent(ids[name] ?? "1"));
          continue;
        }
        if (!required) continue;
        if (loc === "query") query[name] = queryValue(op, name, kind, ids);
        else if (loc === "body") body[name] = bodyValue(kind);
        else if (loc === "form" || loc === "file") {
          form ??= new FormData();
          if (loc === "file" || kind === "binary") form.set(name, new Blob([new Uint8Array([1, 2, 3])], { type: "application/octet-stream" }), "f.bin");
          else form.set(name, "1");
        }
      }
      // page_size wherever the operation takes it (query or JSON body)
      const pageSizeAt = op.params.find((x) => x[0] === "page_size")?.[1];
      if (op.paginated && pageSizeAt === "query" && !("page_size" in query)) query.page_size = "5";
      if (op.paginated && pageSizeAt === "body") body.page_size = 5;
      if (op.multipart && !form) {
        form = new FormData();
        form.set("data", new Blob([new Uint8Array([1])]), "f.bin");
      }
      const r = await call(sb, {
        method: op.method,
        path: p,
        query,
        body: op.multipart ? form : op.jsonBody ? body : undefined,
        token: tokens[op.account],
        shopCipher: op.shopCipher === "forbidden" ? undefined : cipher,
      });
      assert.equal(r.status, 200, r.text);
      if (sb.sandbox.retiredVersions.includes(`${op.method} ${op.path}`)) {
        // switched off by TikTok: the answer names the version still served
        assert.equal(r.json.code, 36009014, r.text);
        assert.match(r.json.message, /no longer available; use version 202501$/);
        checked++;
        return;
      }
      assert.equal(r.json.code, 0, r.text);
      assert.equal(r.json.message, "Success");
      const data = r.json.data;
      assert.ok(data && typeof data === "object" && !Array.isArray(data));
      if (op.response && schemas[op.response]) {
        assert.deepEqual(Object.keys(data).sort(), Object.keys(schemas[op.response]).sort());
        if (op.paginated && op.items) {
          const items = at(data, op.items);
          assert.ok(Array.isArray(items), `items at ${op.items}`);
          if (pageSizeAt) assert.ok(items.length <= 5, `page_size honoured: ${items.length} items`);
          else assert.ok(items.length <= (op.pageSizeMax ?? 100), "a page without page_size is at most the maximum");
          if ("next_page_token" in data) assert.equal(typeof data.next_page_token, "string");
          if ("total_count" in data) assert.ok(data.total_count >= items.length);
          const itemSchema = op.items.split(".").reduce((sch, k, i, all) => (i < all.length - 1 ? schemas[sch[k].slice(1)] : sch[k]), schemas[op.response])[0];
          if (typeof itemSchema === "string" && itemSchema.startsWith("#") && items.length) {
            assert.deepEqual(Object.keys(items[0]).sort(), Object.keys(schemas[itemSchema.slice(1)]).sort());
          }
        }
      } else {
        assert.deepEqual(data, {});
      }
      checked++;
    });
  }
  assert.equal(checked, apiOps.length);
  assert.deepEqual(Object.keys(tokens).sort(), [...new Set(apiOps.map((o) => o.account))].sort(), "a token for every kind the catalog names");
  // counted once each (plus the list calls above)
  assert.ok(Object.values(sb.sandbox.counts).reduce((a, b) => a + b, 0) >= apiOps.length);
});

test("fabricated paginated lists walk to the end", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const token = sb.sandbox.issueTokens().access_token;
  // One that needs no more than the dates and the page.
  const given = new Set(["start_date_ge", "end_date_lt", "page_size", "page_token"]);
  const op = operations.find(
    (o) => o.paginated && o.path.startsWith("/analytics/") && o.params.some((p) => p[0] === "page_size") && o.params.every(([name, loc, required]) => !required || loc === "path" || given.has(name)),
  );
  assert.ok(op);
  const seen = [];
  let pageToken;
  let total;
  for (let i = 0; i < 20; i++) {
    const r = await call(sb, { path: op.path.replace(/\{[^}]+\}/g, "1"), token, shopCipher: sb.sandbox.shop.shops[0].cipher, query: { start_date_ge: "2025-05-01", end_date_lt: "2025-05-08", page_size: 10, page_token: pageToken } });
    assert.equal(r.json.code, 0, r.text);
    seen.push(...r.json.data[op.items]);
    total ??= r.json.data.total_count;
    pageToken = r.json.data.next_page_token;
    if (!pageToken) break;
  }
  assert.equal(seen.length, 25);
  if (total !== undefined) assert.equal(total, 25);
  assert.equal(new Set(seen.map((x) => JSON.stringify(x))).size, 25);
});

test("a list whose items sit one object down (performance.intervals) pages too", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const token = sb.sandbox.issueTokens().access_token;
  const op = operations.find((o) => o.paginated && o.items?.includes("."));
  assert.ok(op, "an operation with a dotted items path");
  const [outer, inner] = op.items.split(".");
  const seen = [];
  let pageToken;
  let pages = 0;
  for (let i = 0; i < 20; i++) {
    const r = await call(sb, { path: op.path.replace(/\{[^}]+\}/g, "7"), token, shopCipher: sb.sandbox.shop.shops[0].cipher, query: { page_token: pageToken } });
    assert.equal(r.json.code, 0, r.text);
    pages++;
    const d = r.json.data;
    assert.deepEqual(Object.keys(d).sort(), Object.keys(schemas[op.response]).sort());
    assert.ok(Array.isArray(d[outer][inner]));
    // the rest of the outer object is still there, shaped by the schema
    assert.deepEqual(Object.keys(d[outer]).sort(), Object.keys(schemas[schemas[op.response][outer].slice(1)]).sort());
    assert.equal(d.total_count, 25);
    seen.push(...d[outer][inner]);
    pageToken = d.next_page_token;
    if (!pageToken) break;
  }
  // No page_size parameter: the sandbox pages at its default size (20), as TikTok does at its own.
  assert.equal(op.pageSizeMax, null, "no page_size to default");
  assert.equal(pages, Math.ceil(25 / 20), "pages of the default size when page_size is not a parameter");
  assert.equal(seen.length, 25);
  assert.equal(new Set(seen.map((x) => JSON.stringify(x))).size, 25);
});
