// The workflow examples of the package's README (the blocks marked <!-- example -->) name
// groups, operations and parameters the operations table has, and cover every group the
// older TikTok Shop node had.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listOperations } from "tiktok-shop-wasm";
import { repoRoot } from "./support/n8n.mjs";

const NODE_FIELDS = new Set(["group", "operation", "apiVersion", "returnAll", "limit", "additionalParameters", "options"]);

test("every README example is an operation of the table, with that version's parameters", () => {
  const text = readFileSync(join(repoRoot, "n8n", "README.md"), "utf8");
  const blocks = [...text.matchAll(/<!-- example -->\n```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
  assert.ok(blocks.length >= 7);
  for (const b of blocks) {
    const op = listOperations().find((o) => o.group === b.group && o.operation === b.operation);
    assert.ok(op, `${b.group}.${b.operation}`);
    const v = op.byVersion[b.apiVersion ?? op.versions[0]];
    const names = new Set(v.params.map((p) => p.name));
    const required = new Set(v.params.filter((p) => p.required && !(v.paginated && ["page_size", "page_token"].includes(p.name))).map((p) => p.name));
    for (const [k] of Object.entries(b)) if (!NODE_FIELDS.has(k)) assert.ok(required.has(k), `${b.group}.${b.operation}: ${k} is a required field`);
    for (const k of Object.keys(b.additionalParameters ?? {})) assert.ok(names.has(k) && !required.has(k), `${b.group}.${b.operation}: ${k} is an optional parameter`);
    for (const r of required) assert.ok(r in b, `${b.group}.${b.operation}: ${r} is given`);
    if ("returnAll" in b || "limit" in b) assert.ok(v.paginated, `${b.group}.${b.operation} is paginated`);
  }
  const groups = new Set(blocks.map((b) => b.group));
  for (const g of ["token", "seller", "product", "order", "finance", "logistics", "fulfillment"]) assert.ok(groups.has(g), g);
});
