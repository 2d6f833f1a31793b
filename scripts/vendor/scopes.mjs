#!/usr/bin/env node
// Converter, run by hand: the scopes TikTok's reference pages name for each operation-version
// (the `scope_list` of each scraped Partner Center page) -> spec/scopes/scopes.json.
//
//   node scripts/vendor/scopes.mjs --docs-mcp <git dir of rioanandaputra-bot/tiktok-docs-mcp> \
//     --ecommerce-api-docs <git dir of lazykern/ecommerce-api-docs> --crate <tiktok-shop-api-0.1.0.crate>
//
// The operation-versions covered are those of spec/oas and the catalog's (the crate's
// OPERATIONS) that spec/oas lacks. Only scope keys are kept (verbatim), never page prose.
// spec/scopes/README.md says what "direct" and "carried" mean; this prints the coverage.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { readSpec } from "../codegen/model.mjs";
import { cmp } from "../codegen/naming.mjs";
import { catalogOperations, parseArgs, readCrate, readScrapes, SCRAPES, writeJson } from "./sources.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(ROOT, "spec", "scopes", "scopes.json");

/** Where each scrape keeps the reference pages, and how a file gives its page metadata. */
const FOLDERS = { "tiktok-docs-mcp": "docs/partner_tiktokshop_com/API Reference", "ecommerce-api-docs": "data/raw/tiktok/api-reference" };
const PAGE = {
  "tiktok-docs-mcp": (file, json) => json.detail?.document_api_meta,
  "ecommerce-api-docs": (file, json) => (file.endsWith(".spec.json") ? json.document_api_meta : undefined),
};

/** `document_api_meta.method` codes of the Partner Center pages. */
const METHODS = { 1: "POST", 2: "GET", 3: "PUT", 4: "DELETE" };

const segment = (key) => key.split(" ")[1].split("/")[1];
const version = (key) => key.split(" ")[1].split("/")[2];
const withoutVersion = (key) => key.replace(/^(\w+ \/\w+)\/\d{6}\//, "$1/V/");
const months = (v) => Number(v.slice(0, 4)) * 12 + Number(v.slice(4));
/** Names compared across sources: `GetOrderList`, `getOrderList` and `Get Order List` are one. */
const nameKey = (key, name) => `${segment(key)}:${String(name).toLowerCase().replace(/[^a-z0-9]/g, "")}`;

/** Every page with a non-empty scope list: Map(key -> { title, scopes: Set, scrapes: [] }). */
function readPages(args) {
  const pages = new Map();
  const sources = [];
  for (const { scrape: s, path: folder, tree, date, files } of readScrapes(args, FOLDERS)) {
    let read = 0;
    let withScopes = 0;
    for (const [file, text] of files) {
      const meta = PAGE[s.id](file, JSON.parse(text));
      if (!meta) continue;
      read++;
      const method = METHODS[meta.method];
      if (!method || !/^\/\w+\/\d{6}\//.test(meta.interface_path)) throw new Error(`${s.id} ${file}: method ${meta.method}, path ${meta.interface_path}`);
      const keys = (meta.scope_list ?? []).map((x) => x.scope_key);
      if (keys.some((k) => typeof k !== "string" || !/^\S+$/.test(k))) throw new Error(`${s.id} ${file}: scope key ${JSON.stringify(keys)}`);
      // An empty list says nothing (pages of operations that need a scope show none too).
      if (!keys.length) continue;
      withScopes++;
      const key = `${method} ${meta.interface_path}`;
      const page = pages.get(key) ?? { title: meta.title, scopes: new Set(), scrapes: [] };
      for (const k of keys) page.scopes.add(k);
      if (!page.scrapes.includes(s.id)) page.scrapes.push(s.id);
      pages.set(key, page);
    }
    sources.push({ id: s.id, repository: s.repository, commit: s.commit, committed: date, path: folder, tree, pages: read, pagesWithScopes: withScopes, licence: s.licence });
  }
  return { pages, sources };
}

/**
 * Groups keys into operations: one operation where the method and the path without its
 * version are the same, or where the name is (OAS summary, catalog id, page title).
 */
function operationsOf(names) {
  const parent = new Map([...names.keys()].map((k) => [k, k]));
  const find = (k) => (parent.get(k) === k ? k : find(parent.get(k)));
  const first = new Map();
  for (const [key, name] of names) {
    for (const link of [withoutVersion(key), nameKey(key, name)]) {
      if (first.has(link)) parent.set(find(key), find(first.get(link)));
      else first.set(link, key);
    }
  }
  const groups = new Map();
  for (const key of names.keys()) groups.set(find(key), [...(groups.get(find(key)) ?? []), key]);
  return new Map([...names.keys()].map((k) => [k, groups.get(find(k))]));
}

function main(argv) {
  const args = parseArgs(argv, SCRAPES.map((s) => s.arg).concat("crate"));
  const crate = readCrate(args.crate);
  const names = new Map(readSpec(path.join(ROOT, "spec", "oas")).entries.map((e) => [`${e.method} ${e.path}`, e.op.summary]));
  const oas = new Set(names.keys());
  const catalog = catalogOperations(crate);
  const extra = catalog.filter((o) => !oas.has(`${o.method} ${o.path}`)).map((o) => `${o.method} ${o.path}`);
  for (const o of catalog) if (!names.has(`${o.method} ${o.path}`)) names.set(`${o.method} ${o.path}`, o.id);
  const wanted = [...oas, ...extra].sort((a, b) => cmp(a.split(" ")[1], b.split(" ")[1]) || cmp(a, b));

  const { pages, sources } = readPages(args);
  for (const [key, page] of pages) if (!names.has(key)) names.set(key, page.title); // versions beyond both: carry sources only
  const operationOf = operationsOf(names);

  const operations = {};
  const coverage = {};
  for (const key of wanted) {
    const count = (kind) => {
      const row = (coverage[segment(key)] ??= { oas: { direct: 0, carried: 0, unknown: 0 }, catalog: { direct: 0, carried: 0, unknown: 0 } });
      row[oas.has(key) ? "oas" : "catalog"][kind]++;
    };
    const own = pages.get(key);
    if (own) {
      operations[key] = { scopes: [...own.scopes].sort(), source: "docs", scrapes: own.scrapes };
      count("direct");
      continue;
    }
    // The nearest version of the same operation with a page of its own; the newer on a tie.
    const [from] = operationOf.get(key).filter((k) => pages.has(k))
      .sort((a, b) => Math.abs(months(version(a)) - months(version(key))) - Math.abs(months(version(b)) - months(version(key))) || cmp(version(b), version(a)));
    if (!from) {
      count("unknown");
      continue;
    }
    const page = pages.get(from);
    operations[key] = { scopes: [...page.scopes].sort(), source: "carried", carriedFrom: version(from), scrapes: page.scrapes };
    count("carried");
  }

  // What carrying over rests on: versions of one operation that each have a page agree.
  const seen = new Set();
  let pairs = 0;
  const differ = [];
  for (const key of pages.keys()) {
    const documented = operationOf.get(key).filter((k) => pages.has(k));
    if (seen.has(documented[0])) continue;
    seen.add(documented[0]);
    for (const other of documented.slice(1)) {
      pairs++;
      const [a, b] = [key, other].map((k) => [...pages.get(k).scopes].sort().join(","));
      if (a !== b) differ.push(`${key} [${a}] / ${other} [${b}]`);
    }
  }
  console.log(`versions of one operation with pages of their own: ${pairs} pairs, ${differ.length} with other scopes${differ.map((d) => `\n  ${d}`).join("")}`);

  sources.push({ id: "tiktok-shop-api", package: `tiktok-shop-api ${crate.version} (crates.io)`, sha256: crate.sha256, operations: catalog.length, notInOas: extra.length, licence: "MIT" });
  writeJson(OUT, { sources, catalogOperations: extra, operations });
  report(coverage, oas.size, extra.length);
}

/** Coverage per group: direct / carried / unknown, for spec/oas and for the catalog's extra versions. */
function report(coverage, oasCount, catalogCount) {
  const kinds = ["direct", "carried", "unknown"];
  const total = { oas: { direct: 0, carried: 0, unknown: 0 }, catalog: { direct: 0, carried: 0, unknown: 0 } };
  const cells = (row) => kinds.map((k) => String(row.oas[k] + row.catalog[k]).padStart(8)).join("") + "   " +
    ["oas", "catalog"].map((set) => kinds.map((k) => String(row[set][k]).padStart(4)).join("")).join("   ");
  console.log(`${"group".padEnd(26)}${kinds.map((k) => k.padStart(8)).join("")}   spec/oas d/c/u   catalog d/c/u`);
  for (const [group, row] of Object.entries(coverage).sort(([a], [b]) => cmp(a, b))) {
    for (const set of ["oas", "catalog"]) for (const k of kinds) total[set][k] += row[set][k];
    console.log(`${group.padEnd(26)}${cells(row)}`);
  }
  console.log(`${"total".padEnd(26)}${cells(total)}`);
  console.log(`${oasCount} operation-versions of spec/oas + ${catalogCount} of the catalog only; wrote ${path.relative(ROOT, OUT)}`);
}

main(process.argv.slice(2));
