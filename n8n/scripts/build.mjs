// Builds pkg-n8n/ (n8n-nodes-tiktok-shop-wasm) for the root `npm run build`, after pkg/:
// the TypeScript of credentials/, nodes/ and shared/ compiled to CommonJS in dist/ (what n8n
// loads), the icons beside the node, schemas.json from the library's types, the manifest,
// README and LICENSE; then `npm pack` of it into target/npm/. The tools (TypeScript,
// n8n-workflow's types, the linter) come from n8n/tools, installed by `npm ci` once.
// Skipped when none of its inputs changed.
//
// The library is bundled, not a dependency: n8n's rules for community nodes want no runtime
// dependencies (they share one n8n process). `npm pack` of pkg/ (also left in target/npm/)
// gives the library as a user installs it; its Node entry, bundled by esbuild as one CommonJS
// file (node.cjs: n8n require()s the nodes), and the .wasm it reads beside itself go in
// dist/vendor/tiktok-shop-wasm/, and the compiled `require("tiktok-shop-wasm")` points there.
// One copy serves the credential and both nodes.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { schemas } from "./schemas.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..");
const root = join(source, "..");
const out = join(root, "pkg-n8n");
const tools = join(source, "tools");
const stampFile = join(out, ".build-stamp");
const SOURCES = ["credentials", "nodes", "shared", "scripts", "package.json", "README.md", "tsconfig.json", "tools/package-lock.json"];

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

function* files(path) {
  if (!statSync(path).isDirectory()) return yield path;
  for (const entry of readdirSync(path)) yield* files(join(path, entry));
}

function hash(paths) {
  const h = createHash("sha256");
  for (const file of paths.flatMap((p) => [...files(p)]).sort()) h.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return h.digest("hex");
}

/** `npm ci` of n8n/tools, unless its lock file is what is installed. */
export function ensureTools() {
  const marker = join(tools, "node_modules", ".package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(tools, "package-lock.json")).mtimeMs) return;
  process.stderr.write("[build] installing the n8n package's build tools (npm ci in n8n/tools)\n");
  run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], tools);
}

/** The manifest, checked against the library's: the same version, released together. */
function manifest() {
  const version = JSON.parse(readFileSync(join(root, "pkg-template", "package.json"), "utf8")).version;
  const m = JSON.parse(readFileSync(join(source, "package.json"), "utf8"));
  if (m.version !== version) throw new Error(`n8n/package.json: version must be ${version}, the library's version`);
  if (m.dependencies) throw new Error("n8n/package.json: no dependencies (the library is bundled into dist/vendor/)");
  return m;
}

/**
 * The library's tarball (npm pack of pkg/), unpacked; its Node entry bundled as
 * dist/vendor/tiktok-shop-wasm/node.cjs beside the .wasm and the LICENSE.
 */
function vendorLibrary(dist, packs) {
  const r = spawnSync("npm", ["pack", "--json", "--pack-destination", packs, "--loglevel=error"], { cwd: join(root, "pkg"), encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm pack of pkg/ failed\n${r.stderr}`);
  const tarball = join(packs, JSON.parse(r.stdout)[0].filename);
  const unpacked = join(root, "target", "n8n-library");
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"], root);
  const vendor = join(dist, "vendor", "tiktok-shop-wasm");
  mkdirSync(vendor, { recursive: true });
  run(join(root, "node_modules", ".bin", "esbuild"), [
    join(unpacked, "node.js"), "--bundle", "--platform=node", "--format=cjs", "--target=node20",
    `--outfile=${join(vendor, "node.cjs")}`, "--log-level=warning",
    // import.meta is empty in CommonJS: the library's Node runtime then looks beside __dirname.
    "--log-override:empty-import-meta=silent",
    "--banner:js=// tiktok-shop-wasm's Node entry as one CommonJS file, for n8n: by n8n/scripts/build.mjs.",
  ], root);
  for (const f of ["tiktok_shop_wasm_bg.wasm", "LICENSE"]) cpSync(join(unpacked, f), join(vendor, f));
  return join(vendor, "node.cjs");
}

/** Points the compiled `require("tiktok-shop-wasm")` of every file at the bundled copy. */
function useVendoredLibrary(dist, entry) {
  for (const file of files(dist)) {
    if (!file.endsWith(".js")) continue;
    const text = readFileSync(file, "utf8");
    if (!text.includes('require("tiktok-shop-wasm")')) continue;
    let target = relative(dirname(file), entry);
    if (!target.startsWith(".")) target = `./${target}`;
    writeFileSync(file, text.replaceAll('require("tiktok-shop-wasm")', `require(${JSON.stringify(target)})`));
  }
}

export function buildN8n({ force = false } = {}) {
  ensureTools();
  const m = manifest();
  const stamp = hash([
    ...SOURCES.map((p) => join(source, p)),
    ...["types", "node.js", ".files.json", "tiktok_shop_wasm_bg.wasm"].map((p) => join(root, "pkg", p)),
    join(root, "pkg-template", "LICENSE"),
  ]);
  const tarball = join(root, "target", "npm", `${m.name}-${m.version}.tgz`);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(tarball)) return;
  rmSync(out, { recursive: true, force: true });
  run(join(tools, "node_modules", ".bin", "tsc"), ["-p", join(source, "tsconfig.json")], source);
  const dist = join(out, "dist");
  mkdirSync(dirname(tarball), { recursive: true });
  useVendoredLibrary(dist, vendorLibrary(dist, dirname(tarball)));
  for (const dir of readdirSync(join(source, "nodes"))) {
    for (const f of readdirSync(join(source, "nodes", dir))) {
      if (f.endsWith(".svg") || f.endsWith(".json")) cpSync(join(source, "nodes", dir, f), join(out, "dist", "nodes", dir, f));
    }
  }
  writeFileSync(join(out, "dist", "shared", "schemas.json"), JSON.stringify(schemas(join(root, "pkg"))));
  writeFileSync(join(out, "package.json"), `${JSON.stringify(m, null, 2)}\n`);
  cpSync(join(source, "README.md"), join(out, "README.md"));
  cpSync(join(root, "pkg-template", "LICENSE"), join(out, "LICENSE"));
  run("npm", ["pack", "--pack-destination", dirname(tarball), "--loglevel=error"], out);
  writeFileSync(stampFile, stamp);
}

if (import.meta.url === `file://${process.argv[1]}`) buildN8n({ force: process.argv.includes("--force") });
