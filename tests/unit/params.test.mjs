// A call's parameters as one JSON text: what JSON cannot carry exactly is refused naming
// the parameter, each property is read once, uploads' files leave beside the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { paramsText, queryText } from "../../pkg-template/lib/params.js";
import { TikTokShopError } from "../../pkg-template/lib/errors.js";

const refused = (params, field, options) =>
  assert.throws(() => paramsText(params, options), (e) => e instanceof TikTokShopError && e.kind === "invalid_request" && e.field === field, field);

test("scalars go as they are, in the caller's order; nothing becomes {}", () => {
  assert.deepEqual(paramsText({ page_size: 20, sort_field: "create_time", ok: true }), {
    text: '{"page_size":20,"sort_field":"create_time","ok":true}',
    files: undefined,
    shopCipher: undefined,
  });
  assert.deepEqual(paramsText(undefined), { text: "{}", files: undefined });
  assert.equal(paramsText({ ids: [1n, "2"], at: new Date(0), nested: { a: [1, { b: null }] } }).text, '{"ids":["1","2"],"at":"1970-01-01T00:00:00.000Z","nested":{"a":[1,{"b":null}]}}');
});

test("what JSON cannot carry exactly is refused, naming where", () => {
  refused({ a: NaN }, "a");
  refused({ a: [1, Infinity] }, "a[1]");
  refused({ a: [1, undefined] }, "a[1]");
  refused({ f: () => 1 }, "f");
  refused({ s: Symbol("s") }, "s");
  const cycle = { x: {} };
  cycle.x.self = cycle.x;
  refused(cycle, "x.self");
  let deep = {};
  const root = deep;
  for (let i = 0; i < 70; i++) deep = deep.d = {};
  refused({ root }, "root" + ".d".repeat(64));
  refused({ get boom() { throw new Error("x"); } }, "boom");
  refused([1], "params");
  refused("x", "params");
});

test("shop_cipher: read here once, and only a string", () => {
  let reads = 0;
  const params = { page_size: 1, get shop_cipher() { reads += 1; return "ROW_p"; } };
  assert.equal(paramsText(params).shopCipher, "ROW_p");
  assert.equal(reads, 2, "once by the check, once by JSON.stringify of the caller's object (the core takes the plan's)");
  assert.equal(paramsText({ shop_cipher: null }).shopCipher, undefined);
  refused({ shop_cipher: 5 }, "shop_cipher");
});

test("an upload's files leave as Files; an empty or a detached buffer is refused", () => {
  const { text, files } = paramsText({ data: new Uint8Array([1, 2, 3]), use_case: "MAIN_IMAGE" }, { fileParams: ["data"] });
  assert.equal(text, '{"data":{},"use_case":"MAIN_IMAGE"}');
  assert.ok(files.data instanceof File);
  assert.equal(files.data.name, "data");
  assert.equal(files.data.size, 3);
  refused({ data: new Uint8Array(0) }, "data", { fileParams: ["data"] });
  const buffer = new ArrayBuffer(4);
  structuredClone(buffer, { transfer: [buffer] });
  refused({ data: buffer }, "data", { fileParams: ["data"] });
  refused({ data: { not: "bytes" } }, "data", { fileParams: ["data"] });
});

test("a query given whole: scalars and arrays of them, within 64 KB", () => {
  assert.equal(queryText({ a: 1, b: "x", c: [1, "2", true], n: null, big: 2n ** 64n }, "query"), '{"a":1,"b":"x","c":[1,"2",true],"big":"18446744073709551616"}');
  assert.throws(() => queryText({ a: { b: 1 } }, "query"), { field: "query.a" });
  assert.throws(() => queryText({ a: [{}] }, "query"), { field: "query.a" });
  assert.throws(() => queryText({ a: "x".repeat(70_000) }, "query"), { field: "query" });
  assert.equal(queryText(undefined, "query"), "{}");
});
