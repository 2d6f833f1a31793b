// The vendored webhook table (spec/webhooks/webhooks.json): unique codes and names, the
// names the core gave before unchanged, envelopes that carry their account's id, schemas of
// structure only, the README's table and the sandbox's generated module in step with it,
// and malformed tables refused by the codegen reader.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readWebhooks } from "../../scripts/codegen/webhooks.mjs";
import { WEBHOOK_TABLE } from "../../sandbox/src/generated/webhooks.js";

const SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../spec");
const types = readWebhooks(SPEC);
const ID_FIELDS = { shop: "shop_id", seller: "seller_open_id", creator: "creator_open_id" };

test("codes and names are unique; the names the core gave before are unchanged", () => {
  assert.equal(new Set(types.map((t) => t.code)).size, types.length);
  assert.equal(new Set(types.map((t) => t.name)).size, types.length);
  const before = {
    1: "ORDER_STATUS_CHANGE", 3: "RECIPIENT_ADDRESS_UPDATE", 4: "PACKAGE_UPDATE", 5: "PRODUCT_STATUS_CHANGE",
    6: "SELLER_DEAUTHORIZATION", 7: "UPCOMING_AUTHORIZATION_EXPIRATION", 11: "CANCELLATION_STATUS_CHANGE",
    12: "RETURN_STATUS_CHANGE", 13: "NEW_CONVERSATION", 14: "NEW_MESSAGE", 15: "PRODUCT_INFORMATION_CHANGE",
    16: "PRODUCT_CREATION", 18: "PRODUCT_CATEGORY_CHANGE", 33: "NEW_MESSAGE_LISTENER", 36: "INVOICE_STATUS_CHANGE",
    37: "PRODUCT_AUDIT_STATUS_CHANGE",
  };
  for (const [code, name] of Object.entries(before)) {
    const t = types.find((x) => x.code === Number(code));
    assert.equal(t?.name, name, `type ${code}`);
    assert.equal(t.named, "tiktok", `type ${code} is named by TikTok's event list`);
  }
  // Every other name is its title's words in SCREAMING_SNAKE.
  for (const t of types.filter((x) => x.named === "title")) {
    assert.equal(t.name, t.title.split(/[^A-Za-z0-9]+/).filter(Boolean).join("_").toUpperCase(), `type ${t.code}`);
  }
});

test("every documented envelope carries its account's id, and only that one", () => {
  for (const t of types) {
    if (t.envelope === null) continue; // shown by no source (README)
    assert.ok(t.envelope.includes("type") && t.envelope.includes("data"), `type ${t.code}: ${t.envelope}`);
    for (const [account, field] of Object.entries(ID_FIELDS)) {
      assert.equal(t.envelope.includes(field), account === t.account, `type ${t.code} (${t.account}): ${t.envelope}`);
    }
  }
  const byAccount = (a) => types.filter((t) => t.account === a).map((t) => t.code);
  assert.deepEqual(byAccount("seller"), [19, 21, 22, 23, 24, 35, 52, 58]);
  assert.deepEqual(byAccount("creator"), [17, 20, 55, 59]);
  assert.equal(types.filter((t) => t.envelope === null).length, 1);
});

test("data schemas are structure only: known keywords and types, no prose", () => {
  const keywords = new Set(["type", "properties", "items", "required", "nullable", "format"]);
  const kinds = new Set(["object", "array", "string", "integer", "number", "boolean"]);
  const check = (schema, where) => {
    for (const k of Object.keys(schema)) assert.ok(keywords.has(k), `${where}: keyword ${k}`);
    if (schema.type !== undefined) assert.ok(kinds.has(schema.type), `${where}: type ${schema.type}`);
    if (schema.type === "array") check(schema.items, `${where}[]`);
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      assert.match(name, /^[a-z][a-z0-9_]*$/, `${where}: field ${name}`);
      check(child, `${where}.${name}`);
    }
    for (const r of schema.required ?? []) assert.ok(r in schema.properties, `${where}: required ${r}`);
  };
  for (const t of types) {
    assert.equal(t.data.type, "object", `type ${t.code}`);
    assert.ok(Object.keys(t.data.properties).length > 0, `type ${t.code} has fields`);
    check(t.data, `type ${t.code}`);
  }
});

test("the README's types table and the sandbox's generated module match the table", () => {
  const readme = fs.readFileSync(path.join(SPEC, "webhooks", "README.md"), "utf8");
  const rows = [...readme.matchAll(/^\| (\d+) \| `([A-Z0-9_]+)` \| (\w+) \|/gm)].map((m) => [Number(m[1]), m[2], m[3]]);
  assert.deepEqual(rows, types.map((t) => [t.code, t.name, t.account]));
  assert.deepEqual(
    WEBHOOK_TABLE.map(({ code, name, account, notificationId }) => ({ code, name, account, notificationId })),
    types.map(({ code, name, account, envelope }) => ({ code, name, account, notificationId: !envelope || envelope.includes("tts_notification_id") })),
  );
  assert.ok(Object.isFrozen(WEBHOOK_TABLE) && WEBHOOK_TABLE.every(Object.isFrozen));
});

test("the project README lists every type with its account kind", () => {
  const readme = fs.readFileSync(path.join(SPEC, "..", "README.md"), "utf8");
  const block = /<!-- webhook-types:[^>]*-->([\s\S]*?)<!-- \/webhook-types -->/.exec(readme)?.[1];
  assert.ok(block, "the README has the webhook-types block");
  const listed = [];
  for (const m of block.matchAll(/^\| (shop|seller|creator) \(`(\w+)`\) \| (.*) \|$/gm)) {
    for (const t of m[3].matchAll(/(\d+) `([A-Z0-9_]+)`/g)) listed.push([Number(t[1]), t[2], m[1]]);
  }
  assert.deepEqual(listed.sort((a, b) => a[0] - b[0]), types.map((t) => [t.code, t.name, t.account]));
});

test("malformed tables are refused by the codegen reader, naming the type", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "webhooks-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, "webhooks"));
  const one = { code: 1, name: "ORDER_STATUS_CHANGE", account: "shop", data: { type: "object" } };
  const read = (list) => {
    fs.writeFileSync(path.join(dir, "webhooks", "webhooks.json"), JSON.stringify({ types: list }));
    return readWebhooks(dir);
  };
  assert.deepEqual(read([{ ...one, code: 3, name: "RECIPIENT_ADDRESS_UPDATE" }, one]).map((x) => x.code), [1, 3], "sorted by code");
  const cases = [
    [[one, { ...one, name: "OTHER" }], /type 1: code listed twice/],
    [[one, { ...one, code: 2 }], /type 2: name ORDER_STATUS_CHANGE listed twice/],
    [[{ ...one, name: "order status" }], /name "order status"/],
    [[{ ...one, account: "partner" }], /account "partner"/],
    [[{ ...one, code: -1 }], /`code` must be a u32/],
    [[{ ...one, code: 2 ** 32 }], /`code` must be a u32/],
    [[{ ...one, data: null }], /`data` must be a schema/],
    [[], /types: missing/],
  ];
  for (const [list, message] of cases) assert.throws(() => read(list), message);
});
