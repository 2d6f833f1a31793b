// Auto-pagination over a client of the test's own: the plan's page size and items path,
// next_page_token followed, a repeated token refused, a break stops the requests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { all, pageItems, pages } from "../../pkg-template/lib/paginate.js";

const OP = { group: "finance", operation: "getStatements", index: 0 };

/** A client answering `pageCount` pages of 2 items under `path`, recording each call's params. */
function fakeClient({ pageCount = 3, path = "statements", plan = {}, tokens } = {}) {
  const calls = [];
  return {
    calls,
    plan: (group, operation, params, options) => ({ items: path, pageSize: 50, ...plan }),
    call: async (group, operation, params) => {
      calls.push({ ...params });
      const n = calls.length;
      const page = {};
      let at = page;
      const parts = path.split(".");
      for (const part of parts.slice(0, -1)) at = at[part] = {};
      at[parts.at(-1)] = [`${n}a`, `${n}b`];
      page.next_page_token = tokens ? tokens[n - 1] : n < pageCount ? `t${n}` : "";
      return page;
    },
  };
}

test("pages follow next_page_token, asking for the plan's page size unless given", async () => {
  const client = fakeClient();
  const seen = [];
  for await (const page of pages(client, OP, { sort_field: "statement_time" })) seen.push(page.statements);
  assert.deepEqual(seen, [["1a", "1b"], ["2a", "2b"], ["3a", "3b"]]);
  assert.deepEqual(client.calls.map((c) => [c.page_size, c.page_token]), [[50, undefined], [50, "t1"], [50, "t2"]]);
  const own = fakeClient({ pageCount: 1 });
  for await (const _ of pages(own, OP, { page_size: 7 })) void _;
  assert.equal(own.calls[0].page_size, 7);
});

test("all() yields the items, by the plan's path, nested too; breaking stops the requests", async () => {
  const client = fakeClient({ path: "performance.intervals" });
  const items = [];
  for await (const item of all(client, OP, {})) {
    items.push(item);
    if (items.length === 3) break;
  }
  assert.deepEqual(items, ["1a", "1b", "2a"]);
  assert.equal(client.calls.length, 2);
});

test("a next_page_token returned before ends the walk with a decode error", async () => {
  const client = fakeClient({ tokens: ["a", "b", "a"] });
  const walk = async () => {
    for await (const _ of pages(client, OP, {})) void _;
  };
  await assert.rejects(walk(), { kind: "decode", operation: "finance.getStatements", message: /returned before/ });
  assert.equal(client.calls.length, 3);
});

test("an aborted signal stops before the next request; bad params are the caller's typed error", async () => {
  const controller = new AbortController();
  const client = fakeClient();
  const walk = async () => {
    for await (const _ of pages(client, OP, {}, { signal: controller.signal })) controller.abort(new Error("enough"));
  };
  await assert.rejects(walk(), /enough/);
  assert.equal(client.calls.length, 1);
  await assert.rejects(pages(client, OP, new Proxy({}, { ownKeys() { throw new Error("trap"); } })).next(), { kind: "invalid_request", field: "params" });
});

test("pageItems: by the plan's `items`; [] when there is none or it is not a list", () => {
  assert.deepEqual(pageItems({ orders: [1, 2] }, { items: "orders" }), [1, 2]);
  assert.deepEqual(pageItems({ a: { b: [3] } }, { items: "a.b" }), [3]);
  assert.deepEqual(pageItems({ orders: "x" }, { items: "orders" }), []);
  assert.deepEqual(pageItems(null, { items: "orders" }), []);
  assert.deepEqual(pageItems({ orders: [1] }, {}), []);
});
