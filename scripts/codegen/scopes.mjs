// Input: the scopes TikTok's reference pages name per operation-version (spec/scopes/,
// vendored by scripts/vendor/scopes.mjs). A token may call an operation when it holds any
// one of its scopes; an operation-version not in the table has no known scope.

import fs from "node:fs";
import path from "node:path";
import { readSpec } from "./model.mjs";

const KEY = /^(GET|POST|PUT|DELETE|PATCH) (\/[a-z_]+\/(\d{6})\/\S+)$/;
const SCOPE = /^[a-z][a-z0-9_.&-]*$/;

/**
 * Reads `<specRoot>/scopes/scopes.json`: Map("METHOD /path" -> { scopes, source, carriedFrom?,
 * scrapes }). Every key must name an operation-version: one of `operations` when given (the
 * model's "METHOD path" keys), else of spec/oas or the catalog list the file carries.
 * Anything malformed is an error naming the key and the field.
 */
export function readScopes(specRoot, { operations } = {}) {
  const file = path.join(specRoot, "scopes", "scopes.json");
  const table = JSON.parse(fs.readFileSync(file, "utf8"));
  const fail = (where, why) => {
    throw new Error(`${path.relative(process.cwd(), file)}: ${where}: ${why}`);
  };
  const scrapes = new Set((table.sources ?? []).map((s) => s.id));
  const known = operations ? new Set(operations) : knownOperations(specRoot, table, fail);

  const out = new Map();
  for (const [key, entry] of Object.entries(table.operations ?? fail("operations", "missing"))) {
    const m = KEY.exec(key);
    if (!m) fail(key, "not a \"METHOD /group/YYYYMM/path\" key");
    if (!known.has(key)) fail(key, "names no operation-version of spec/oas or of the catalog");
    const { scopes, source, carriedFrom } = entry;
    if (!Array.isArray(scopes) || !scopes.length) fail(key, "`scopes` must be a non-empty array");
    for (const s of scopes) if (typeof s !== "string" || !SCOPE.test(s)) fail(key, `scope ${JSON.stringify(s)}`);
    if (new Set(scopes).size !== scopes.length) fail(key, "a scope is listed twice");
    if (source === "docs") {
      if (carriedFrom !== undefined) fail(key, "`carriedFrom` on an entry of its own page");
    } else if (source === "carried") {
      if (!/^\d{6}$/.test(carriedFrom ?? "") || carriedFrom === m[3]) fail(key, "`carriedFrom` must be another version");
    } else fail(key, `\`source\` ${JSON.stringify(source)} (docs or carried)`);
    if (!Array.isArray(entry.scrapes) || !entry.scrapes.length || entry.scrapes.some((s) => !scrapes.has(s))) {
      fail(key, "`scrapes` must name sources of the file");
    }
    out.set(key, { scopes: [...scopes], source, ...(carriedFrom ? { carriedFrom } : {}), scrapes: [...entry.scrapes] });
  }
  return out;
}

/** spec/oas's operation-versions and the catalog's others (which must not be in spec/oas). */
function knownOperations(specRoot, table, fail) {
  const oas = new Set(readSpec(path.join(specRoot, "oas")).entries.map((e) => `${e.method} ${e.path}`));
  const catalog = table.catalogOperations ?? fail("catalogOperations", "missing");
  for (const key of catalog) {
    if (!KEY.test(key)) fail(`catalogOperations ${key}`, "not a \"METHOD /group/YYYYMM/path\" key");
    if (oas.has(key)) fail(`catalogOperations ${key}`, "is in spec/oas already");
  }
  if (new Set(catalog).size !== catalog.length) fail("catalogOperations", "a key is listed twice");
  return new Set([...oas, ...catalog]);
}

/**
 * Scope names the scraped pages carry that no token can hold: a typo
 * (`serller.product.optimize`, the only scope of five product pages) and a page's test
 * entry. Left out of what the client enforces: a list with nothing else is unknown, so
 * the call is sent (refusing it would refuse everyone).
 */
export const UNVERIFIED_SCOPES = new Set(["serller.product.optimize", "test.scope.public"]);

/**
 * Gives every version of the model its scopes from the table: `scopes` (the names any one
 * of which lets a token call it; null when unknown) and `scopesSource` ("docs": its own
 * page; "carried": another version's page of the same operation; null).
 */
export function attachScopes(model, table) {
  for (const op of model.operations) {
    for (const v of op.versions) {
      const entry = table.get(`${v.method} ${v.path}`);
      const scopes = entry?.scopes.filter((s) => !UNVERIFIED_SCOPES.has(s)) ?? [];
      v.scopes = scopes.length ? scopes : null;
      v.scopesSource = scopes.length ? entry.source : null;
    }
  }
  return model;
}
