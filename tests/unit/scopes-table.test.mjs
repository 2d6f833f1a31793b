// The vendored scopes table (spec/scopes/scopes.json) read through its codegen reader:
// every key a real operation-version, lists that fit the operation's account, carried
// lists equal to the page they were carried from, and malformed tables refused by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildModel, readSpec } from "../../scripts/codegen/model.mjs";
import { readScopes } from "../../scripts/codegen/scopes.mjs";

const SPEC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../spec");
const table = JSON.parse(fs.readFileSync(path.join(SPEC, "scopes", "scopes.json"), "utf8"));
const model = buildModel(readSpec(path.join(SPEC, "oas")));
const accountOf = new Map(model.operations.flatMap((op) => op.versions.map((v) => [`${v.method} ${v.path}`, op.account])));

test("every entry names an operation-version of spec/oas or of the catalog list, and none is dropped", () => {
  const scopes = readScopes(SPEC);
  assert.equal(scopes.size, Object.keys(table.operations).length);
  // The same keys against the generator's own model plus the catalog's extra versions.
  const again = readScopes(SPEC, { operations: [...accountOf.keys(), ...table.catalogOperations] });
  assert.deepEqual([...again.keys()], [...scopes.keys()]);
  const fromOas = [...scopes.keys()].filter((k) => accountOf.has(k));
  assert.ok(fromOas.length > 200, `${fromOas.length} spec/oas operation-versions have scopes`);
  // Without the catalog's versions, the catalog's entries name nothing.
  assert.throws(() => readScopes(SPEC, { operations: [...accountOf.keys()] }), /names no operation-version/);
});

test("each list has a scope of the account the operation is called with", () => {
  const prefixes = { seller: /^(seller|serller|data)\./, creator: /^creator\./, partner: /^partner\./ };
  // Pages whose token header names another account than the path's first segment implies
  // (the generator's account rule); each still differs, or this list must shrink.
  const otherAccount = { "GET /analytics/202403/videos/performances": "creator", "GET /authorization/202405/category_assets": "partner" };
  for (const [key, { scopes }] of readScopes(SPEC)) {
    const account = otherAccount[key] ?? accountOf.get(key) ?? { affiliate_creator: "creator", affiliate_partner: "partner" }[key.split("/")[1]] ?? "seller";
    assert.ok(scopes.some((s) => prefixes[account].test(s)), `${key} (${account}): ${scopes}`);
  }
  for (const [key, account] of Object.entries(otherAccount)) assert.notEqual(accountOf.get(key), account, key);
});

test("a carried list is the list of the version it was carried from", () => {
  const scopes = readScopes(SPEC);
  let checked = 0;
  for (const [key, entry] of scopes) {
    if (entry.source !== "carried") continue;
    const from = scopes.get(key.replace(/^(\w+ \/\w+)\/\d{6}\//, `$1/${entry.carriedFrom}/`));
    if (!from) continue; // carried from another path or from a version outside both lists
    checked++;
    assert.equal(from.source, "docs", `${key} carried from a carried entry`);
    assert.deepEqual(entry.scopes, from.scopes, key);
    assert.deepEqual(entry.scrapes, from.scrapes, key);
  }
  assert.ok(checked > 20, `${checked} carried entries checked`);
});

test("malformed tables are refused, naming the key and what is wrong", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopes-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.symlinkSync(path.join(SPEC, "oas"), path.join(dir, "oas"));
  fs.mkdirSync(path.join(dir, "scopes"));
  const one = { scopes: ["seller.order.info"], source: "docs", scrapes: ["tiktok-docs-mcp"] };
  const read = (operations, extra = {}) => {
    fs.writeFileSync(path.join(dir, "scopes", "scopes.json"), JSON.stringify({ sources: table.sources, catalogOperations: table.catalogOperations, ...extra, operations }));
    return readScopes(dir);
  };
  assert.equal(read({ "POST /order/202309/orders/search": one }).size, 1);
  const cases = [
    [{ "POST /order/202309/orders/nope": one }, /POST \/order\/202309\/orders\/nope: names no operation-version/],
    [{ "post /order/202309/orders/search": one }, /not a "METHOD/],
    [{ "POST /order/202309/orders/search": { ...one, scopes: [] } }, /`scopes` must be a non-empty array/],
    [{ "POST /order/202309/orders/search": { ...one, scopes: ["seller.order.info", "seller.order.info"] } }, /listed twice/],
    [{ "POST /order/202309/orders/search": { ...one, scopes: ["Seller Order"] } }, /scope "Seller Order"/],
    [{ "POST /order/202309/orders/search": { ...one, source: "guess" } }, /`source` "guess"/],
    [{ "POST /order/202309/orders/search": { ...one, source: "carried", carriedFrom: "202309" } }, /must be another version/],
    [{ "POST /order/202309/orders/search": { ...one, carriedFrom: "202502" } }, /`carriedFrom` on an entry of its own page/],
    [{ "POST /order/202309/orders/search": { ...one, scrapes: ["elsewhere"] } }, /`scrapes` must name sources/],
  ];
  for (const [operations, message] of cases) assert.throws(() => read(operations), message);
  assert.throws(() => read({}, { catalogOperations: ["POST /order/202309/orders/search"] }), /is in spec\/oas already/);
  assert.throws(() => read({}, { catalogOperations: undefined }), /catalogOperations: missing/);
});
