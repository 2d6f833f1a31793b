// The package as n8n's community-node rules want it: n8n's node linter (the rule sets of
// `@n8n/node-cli lint`, n8n/tools/eslint.config.mjs) finds nothing, and the packed tarball
// holds what its manifest names, the icons, and the bundled library.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./support/n8n.mjs";

const source = join(repoRoot, "n8n");
const run = (file, args, cwd) =>
  new Promise((resolve) => execFile(file, args, { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr })));

test("n8n's node linter reports nothing", async () => {
  const r = await run(join(source, "tools", "node_modules", ".bin", "eslint"), ["-c", "tools/eslint.config.mjs", "--max-warnings=0", "."], source);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test("the tarball is a community node package with the library inside it", async () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "pkg-n8n", "package.json"), "utf8"));
  const library = JSON.parse(readFileSync(join(repoRoot, "pkg", "package.json"), "utf8"));
  assert.ok(manifest.keywords.includes("n8n-community-node-package"));
  assert.equal(manifest.version, library.version);
  assert.equal(manifest.dependencies, undefined, "no runtime dependency: the library is bundled");
  const r = await run("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], join(repoRoot, "pkg-n8n"));
  const files = JSON.parse(r.stdout)[0].files.map((f) => f.path);
  for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) assert.ok(files.includes(entry), entry);
  for (const f of ["dist/nodes/TiktokShop/tiktokShop.svg", "dist/nodes/TiktokShop/tiktokShop.dark.svg", "dist/shared/schemas.json", "dist/vendor/tiktok-shop-wasm/node.cjs", "dist/vendor/tiktok-shop-wasm/tiktok_shop_wasm_bg.wasm", "README.md", "LICENSE"]) {
    assert.ok(files.includes(f), f);
  }
  assert.ok(!files.some((f) => f.endsWith(".ts") || f.includes("tests/")), "sources and tests stay out");
  // The bundled library is the built one, byte for byte.
  assert.deepEqual(readFileSync(join(repoRoot, "pkg-n8n", "dist/vendor/tiktok-shop-wasm/tiktok_shop_wasm_bg.wasm")), readFileSync(join(repoRoot, "pkg", "tiktok_shop_wasm_bg.wasm")));
});
