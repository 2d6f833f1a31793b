// The operation-versions of the code generator's two inputs, read straight from spec/ so
// that tests compare what was generated with what it was generated from:
// spec/oas/ (TikTok's OpenAPI description) and spec/docs-catalog/ (the fragments for what
// it lacks). Node only: workerd reads no files, so the test files hand this to scenarios.

import { readFileSync } from "node:fs";

export const SOURCES = [
  { dir: "oas", source: "tiktok-oas" },
  { dir: "docs-catalog", source: "docs-catalog" },
];

/** Every operation-version: `{ method, path, summary, tag, source, account }` (account: docs-catalog only). */
export function specOperations() {
  const out = [];
  for (const { dir, source } of SOURCES) {
    const base = new URL(`../../spec/${dir}/`, import.meta.url);
    const index = JSON.parse(readFileSync(new URL("index.json", base), "utf8"));
    for (const m of index.modules) {
      const { paths } = JSON.parse(readFileSync(new URL(m.file, base), "utf8"));
      for (const [path, item] of Object.entries(paths)) {
        for (const [method, op] of Object.entries(item)) {
          out.push({ method: method.toUpperCase(), path, summary: op.summary, tag: op.tags[0], source, account: op["x-account"] ?? null });
        }
      }
    }
  }
  return out;
}
