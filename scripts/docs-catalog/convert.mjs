#!/usr/bin/env node
// Converts the doc-derived catalog (the crate `tiktok-shop-api`) into OpenAPI fragments for
// exactly the operation-versions TikTok's description (spec/oas/) lacks, and writes them to
// spec/docs-catalog/, the code generator's second input. Run by hand; the output is
// committed, so `npm run codegen` needs neither the catalog nor the network.
//
//   curl -sLO https://static.crates.io/crates/tiktok-shop-api/tiktok-shop-api-<v>.crate
//   node scripts/docs-catalog/convert.mjs tiktok-shop-api-<v>.crate [--out <dir>]
//   npm run codegen
//
// It also compares the catalog with TikTok's description on the operation-versions both
// describe, and prints how far they agree (a check of this converter as much as of either).

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildModel, readSpec, SOURCES, specOf } from "../codegen/model.mjs";
import { cmp } from "../codegen/naming.mjs";
import { readCatalog } from "./crate.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const OAS_DIR = path.join(ROOT, "spec", "oas");
export const DOCS_DIR = path.join(ROOT, "spec", "docs-catalog");

/**
 * The fragments of `catalog` for what `oas` (a readSpec result) lacks: `{ index, files }`
 * in spec/oas's layout (an index of modules, one paths file per first path segment).
 */
export function fragmentsOf(catalog, oas) {
  const have = new Set(oas.entries.map((e) => `${e.method} ${e.path}`));
  const lacking = catalog.operations.filter((o) => !have.has(`${o.method} ${o.path}`));
  const files = {};
  const modules = new Map();
  for (const o of [...lacking].sort((a, b) => cmp(a.path, b.path) || cmp(a.method, b.method))) {
    const segment = o.path.split("/")[1];
    const file = `paths/${segment}.json`;
    files[file] ??= { paths: {} };
    (files[file].paths[o.path] ??= {})[o.method.toLowerCase()] = o.op;
    const m = modules.get(segment) ?? { first_level_path: segment, file, path_count: 0, operation_versions: 0 };
    m.operation_versions += 1;
    m.path_count = Object.keys(files[file].paths).length;
    modules.set(segment, m);
  }
  const { about } = catalog;
  const index = {
    openapi: "3.0.0",
    info: {
      title: "TikTok Shop operation-versions missing from spec/oas, from a documentation-derived catalog",
      version: about.documentVersion,
    },
    source: {
      crate: about.name,
      version: about.version,
      url: `https://static.crates.io/crates/${about.name}/${about.name}-${about.version}.crate`,
      sha256: about.sha256,
      license: about.license,
      repository: about.repository,
      vcs_sha1: about.vcsSha1,
      document_version: about.documentVersion,
    },
    against: { spec: "spec/oas", operation_versions: oas.entries.length },
    operation_versions: lacking.length,
    modules: [...modules.values()].sort((a, b) => cmp(a.first_level_path, b.first_level_path)),
  };
  return { index, files };
}

/** How the catalog and TikTok's description agree on the operation-versions both describe. */
export function agreement(catalog, oas) {
  const both = new Set(oas.entries.map((e) => `${e.method} ${e.path}`));
  const shared = catalog.operations.filter((o) => both.has(`${o.method} ${o.path}`));
  const theirs = buildModel(oas);
  const files = { "paths/all.json": { paths: {} } };
  for (const o of shared) (files["paths/all.json"].paths[o.path] ??= {})[o.method.toLowerCase()] = o.op;
  const ours = buildModel(specOf({ modules: [{ file: "paths/all.json" }] }, files, SOURCES.docs));
  const byKey = (model) => new Map(model.operations.flatMap((op) => op.versions.map((v) => [`${v.method} ${v.path}`, v])));
  const a = byKey(theirs);
  const tally = { versions: shared.length, params: 0, required: 0, kinds: 0, shopCipher: 0, body: 0, paginated: 0, account: 0 };
  const sig = (v, f) => v.params.map(f).sort().join(" ");
  const d0 = byKey(ours);
  for (const o of shared) {
    const key = `${o.method} ${o.path}`;
    const [t, d] = [a.get(key), d0.get(key)];
    if (sig(t, (x) => `${x.loc}:${x.name}`) === sig(d, (x) => `${x.loc}:${x.name}`)) tally.params += 1;
    if (sig(t, (x) => `${x.name}:${x.required}`) === sig(d, (x) => `${x.name}:${x.required}`)) tally.required += 1;
    if (sig(t, (x) => `${x.name}:${x.kind}`) === sig(d, (x) => `${x.name}:${x.kind}`)) tally.kinds += 1;
    if ((t.shopCipher === "forbidden") === (d.shopCipher === "forbidden")) tally.shopCipher += 1;
    if (t.jsonBody === d.jsonBody && t.multipart === d.multipart) tally.body += 1;
    if (t.paginated === d.paginated) tally.paginated += 1;
    if (t.account === d.account) tally.account += 1;
  }
  return tally;
}

function main(argv) {
  const outAt = argv.indexOf("--out");
  const out = outAt >= 0 ? path.resolve(argv.splice(outAt, 2)[1]) : DOCS_DIR;
  const [file] = argv;
  if (!file || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    console.error("usage: node scripts/docs-catalog/convert.mjs <tiktok-shop-api-<version>.crate> [--out <dir>]\n(the .crate file itself: its checksum goes into the note)");
    return 2;
  }
  const catalog = readCatalog(file);
  const oas = readSpec(OAS_DIR);
  const { index, files } = fragmentsOf(catalog, oas);
  fs.rmSync(path.join(out, "paths"), { recursive: true, force: true });
  fs.mkdirSync(path.join(out, "paths"), { recursive: true });
  fs.writeFileSync(path.join(out, "index.json"), `${JSON.stringify(index, null, 2)}\n`);
  for (const [rel, json] of Object.entries(files)) fs.writeFileSync(path.join(out, rel), `${JSON.stringify(json, null, 1)}\n`);
  // MIT: the catalog's copyright notice and licence travel with what is made from it.
  if (catalog.about.licenseText) fs.writeFileSync(path.join(out, "LICENSE"), catalog.about.licenseText);

  const t = agreement(catalog, oas);
  const share = (n) => `${n} of ${t.versions}`;
  console.log(
    `${catalog.about.name} ${catalog.about.version} (document ${catalog.about.documentVersion}, sha256 ${catalog.about.sha256}): ` +
      `${catalog.operations.length} operation-versions, ${index.operation_versions} of them missing from spec/oas; wrote ${path.relative(ROOT, out) || out}/`,
  );
  console.log(
    `On the ${t.versions} both describe, the catalog agrees with TikTok's description on: parameter names and places ${share(t.params)}, ` +
      `required flags ${share(t.required)}, types ${share(t.kinds)}, whether shop_cipher is taken ${share(t.shopCipher)}, ` +
      `body kind ${share(t.body)}, pagination ${share(t.paginated)}, account ${share(t.account)}.`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
