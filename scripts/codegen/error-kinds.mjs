// Output: the error kinds for JS and the types, read from their one list in the Rust
// core (the `error_kinds!` table in src/error.rs).

import fs from "node:fs";

/** `[{ name, doc }]` in the order of the Rust table. */
export function readErrorKinds(file) {
  const text = fs.readFileSync(file, "utf8");
  const block = /error_kinds!\s*\{([\s\S]*?)\n\}/.exec(text);
  if (!block) throw new Error(`no error_kinds! table in ${file}`);
  const kinds = [];
  let doc = [];
  for (const raw of block[1].split("\n")) {
    const line = raw.trim();
    if (line.startsWith("///")) doc.push(line.slice(3).trim());
    else if (/^[A-Z]\w* = "[a-z_]+",$/.test(line)) {
      kinds.push({ name: /"([a-z_]+)"/.exec(line)[1], doc: doc.join(" ") });
      doc = [];
    } else if (line) throw new Error(`unexpected line in error_kinds!: ${line}`);
  }
  return kinds;
}

export function genErrorKindsJs(kinds, header) {
  return [
    `// ${header}`,
    "",
    "/** Every `kind` a `TikTokShopError` can have, in the order of the Rust core's table. */",
    `export const ERROR_KINDS = Object.freeze(${JSON.stringify(kinds.map((k) => k.name))});`,
    "",
  ].join("\n");
}

export function genErrorKindsDts(kinds, header) {
  return [
    `// ${header}`,
    "",
    "/** What went wrong, coarse enough to act on; classified by exact API code. */",
    "export type ErrorKind =",
    ...kinds.map((k, i) => `  /** ${k.doc} */\n  | ${JSON.stringify(k.name)}${i === kinds.length - 1 ? ";" : ""}`),
    "",
  ].join("\n");
}
