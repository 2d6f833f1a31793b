// `npm run build`: the npm packages.
// - pkg/ (tiktok-shop-wasm): wasm-pack's output (release, --target web), optionally shrunk
//   by wasm-opt, everything in pkg-template/, CHANGELOG.md, node.cjs (a CommonJS build of
//   node.js for Node versions without require(esm)) and the .d.cts twins of its types.
// - pkg-cli/ (tiktok-shop-wasm-cli, the `tiktok-shop` command): cli/ plus the LICENSE and
//   CHANGELOG.md.
// - pkg-sandbox/ (tiktok-shop-wasm-sandbox, the offline TikTok Shop): what sandbox/'s
//   package.json lists (src/, types/, README), the LICENSE, CHANGELOG.md and the .d.cts
//   twin of its types; then installed from its packed tarball, as a user gets it, and
//   linked into node_modules for the tests, the demo and the bench.
// - pkg-n8n/ (n8n-nodes-tiktok-shop-wasm, the n8n nodes), built from n8n/ against pkg/ and
//   packed into target/npm/ (n8n/scripts/build.mjs).
// Skips the work when nothing it depends on changed since the last build (--force to redo):
// the wasm is rebuilt only when the Rust inputs changed, and pkg/ is updated in place, never
// removed, so a test running against it is not left without a package mid-build.

import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildN8n } from "../n8n/scripts/build.mjs";
import { ensureNpm, ensureRustTools, root, run } from "./setup.mjs";

const pkg = join(root, "pkg");
const cliPkg = join(root, "pkg-cli");
const sandboxPkg = join(root, "pkg-sandbox");
const wasmOut = join(root, "target", "wasm-pack");
const stampFile = join(pkg, ".build-stamp");

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Hash of the files under `dirs` (and the listed files): what one part of the build reads. */
function hashOf(paths) {
  const hash = createHash("sha256");
  const inputs = paths.flatMap((p) => (statSync(join(root, p)).isDirectory() ? [...files(join(root, p))].map((f) => relative(root, f)) : [p]));
  for (const file of inputs.sort()) {
    hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

function wasmOpt(file) {
  const bin = join(root, "node_modules", ".bin", "wasm-opt");
  if (!existsSync(bin)) return;
  const before = statSync(file).size;
  run(bin, [
    "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
    file, "-o", file,
  ]);
  process.stderr.write(`[build] wasm-opt: ${before} -> ${statSync(file).size} bytes\n`);
}

/**
 * node.cjs: node.js and everything it imports as one CommonJS file, for `require()` on Node
 * before 20.19 (package.json's `module-sync` condition gives newer Node the ES module, so
 * an application never loads both). It reads the .wasm beside itself (`__dirname`).
 */
function buildCommonJs() {
  const esbuild = join(root, "node_modules", ".bin", "esbuild");
  run(esbuild, [
    join(pkg, "node.js"), "--bundle", "--platform=node", "--format=cjs", "--target=node20",
    `--outfile=${join(pkg, "node.cjs")}`, "--log-level=warning",
    // import.meta is empty in CommonJS: runtime/node.js falls back to __dirname.
    "--log-override:empty-import-meta=silent",
    "--banner:js=// tiktok-shop-wasm for require() on Node < 20.19: node.js bundled as CommonJS by scripts/build.mjs.",
  ]);
}

/**
 * A .d.cts twin beside every .d.ts of `types` (a package's types/ folder): the same
 * declarations for a CommonJS TypeScript project (`module: node16` / `nodenext`), which may
 * not take an ES module's types for `require` (TS1479). Relative imports point at the .cjs
 * twins, so the main entry and `tiktok-shop-wasm/cloudflare` share one TikTokShop type there too.
 */
function buildCommonJsTypes(types) {
  for (const file of readdirSync(types, { recursive: true })) {
    if (!file.endsWith(".d.ts")) continue;
    const text = readFileSync(join(types, file), "utf8").replace(/(from\s+"\.{1,2}\/[^"]*)\.js"/g, '$1.cjs"');
    writeFileSync(join(types, file.replace(/\.d\.ts$/, ".d.cts")), text);
  }
}

const readJson = (path) => JSON.parse(readFileSync(join(root, path), "utf8"));
/** The release's version: the library's, which the CLI and the sandbox share. */
const releaseVersion = () => readJson("pkg-template/package.json").version;

/** pkg-cli/: the CLI's own package, which depends on exactly this version of the library and the sandbox. */
function buildCli() {
  const version = releaseVersion();
  const manifest = readJson("cli/package.json");
  const pinned = ["tiktok-shop-wasm", "tiktok-shop-wasm-sandbox"].filter((name) => manifest.dependencies[name] !== version);
  if (manifest.version !== version || pinned.length) {
    throw new Error(`cli/package.json: its version and its ${pinned.join(" and ") || "dependencies"} must be ${version}, the library's version`);
  }
  rmSync(cliPkg, { recursive: true, force: true });
  cpSync(join(root, "cli"), cliPkg, { recursive: true });
  cpSync(join(root, "pkg-template", "LICENSE"), join(cliPkg, "LICENSE"));
  cpSync(join(root, "CHANGELOG.md"), join(cliPkg, "CHANGELOG.md"));
}

/** pkg-sandbox/: the sandbox's own package, released with the library's version. */
function buildSandbox() {
  const version = releaseVersion();
  const manifest = readJson("sandbox/package.json");
  if (manifest.version !== version) throw new Error(`sandbox/package.json: version must be ${version}, the library's version`);
  rmSync(sandboxPkg, { recursive: true, force: true });
  mkdirSync(sandboxPkg);
  // What its `files` lists and package.json: its tests stay behind.
  for (const entry of ["package.json", ...manifest.files]) {
    const from = join(root, "sandbox", entry);
    if (existsSync(from)) cpSync(from, join(sandboxPkg, entry), { recursive: true });
  }
  cpSync(join(root, "pkg-template", "LICENSE"), join(sandboxPkg, "LICENSE"));
  cpSync(join(root, "CHANGELOG.md"), join(sandboxPkg, "CHANGELOG.md"));
  buildCommonJsTypes(join(sandboxPkg, "types"));
}

/**
 * node_modules/tiktok-shop-wasm-sandbox: the sandbox as a user gets it. pkg-sandbox/ is
 * packed (`npm pack`) and the tarball installed (`npm install`) into a project of its own
 * under node_modules/.cache/, one per build of the sandbox, which the link points at: what
 * the tests, the demo and the bench import is what the tarball holds, nothing of the source
 * tree beside it. Skipped while the link already points at this build's install.
 */
function installSandbox(hash) {
  const cache = join(root, "node_modules", ".cache", "tiktok-shop-wasm-sandbox");
  const project = join(cache, hash.slice(0, 16));
  const installed = join(project, "node_modules", "tiktok-shop-wasm-sandbox");
  const link = join(root, "node_modules", "tiktok-shop-wasm-sandbox");
  if (existsSync(join(installed, "package.json")) && existsSync(link) && realpathSync(link) === realpathSync(installed)) return;
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "sandbox-install", private: true }));
  run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", project], { cwd: sandboxPkg, stdio: ["ignore", "ignore", "inherit"] });
  const [tarball] = readdirSync(project).filter((f) => f.endsWith(".tgz"));
  run("npm", ["install", "--silent", "--no-audit", "--no-fund", "--offline", "--ignore-scripts", tarball], { cwd: project });
  // A new link renamed over the old one: the name never points at nothing.
  if (existsSync(link) && !lstatSync(link).isSymbolicLink()) rmSync(link, { recursive: true });
  const fresh = `${link}.new`;
  rmSync(fresh, { force: true });
  symlinkSync(relative(dirname(link), installed), fresh, "dir");
  renameSync(fresh, link);
  for (const other of readdirSync(cache)) if (join(cache, other) !== project) rmSync(join(cache, other), { recursive: true, force: true });
}

/** Removes what pkg/ holds that neither pkg-template/ nor wasm-pack provides (a file deleted or moved). */
function prune() {
  const keep = new Set([".build-stamp", "node.cjs", "CHANGELOG.md"]);
  for (const f of files(join(root, "pkg-template"))) {
    const name = relative(join(root, "pkg-template"), f);
    keep.add(name);
    if (name.startsWith("types/") && name.endsWith(".d.ts")) keep.add(name.replace(/\.d\.ts$/, ".d.cts"));
  }
  for (const f of readdirSync(pkg)) if (f.startsWith("tiktok_shop_wasm")) keep.add(f);
  for (const f of [...files(pkg)]) if (!keep.has(relative(pkg, f))) rmSync(f);
  const removeEmpty = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) removeEmpty(join(dir, e.name));
    if (dir !== pkg && readdirSync(dir).length === 0) rmSync(dir, { recursive: true });
  };
  removeEmpty(pkg);
}

/** node_modules/tiktok-shop-wasm -> pkg/, so tests and examples import the package by name. */
function linkPackage() {
  const link = join(root, "node_modules", "tiktok-shop-wasm");
  try {
    if (lstatSync(link).isSymbolicLink()) return;
    rmSync(link, { recursive: true, force: true });
  } catch {}
  mkdirSync(join(root, "node_modules"), { recursive: true });
  symlinkSync("../pkg", link, "dir");
}

export function build({ force = false } = {}) {
  buildLibraryAndCli({ force });
  buildN8n({ force });
}

function buildLibraryAndCli({ force }) {
  ensureNpm();
  const stamp = {
    rust: hashOf(["Cargo.toml", "Cargo.lock", "src"]),
    template: hashOf(["pkg-template", "CHANGELOG.md"]),
    cli: hashOf(["cli", "pkg-template/LICENSE", "pkg-template/package.json", "CHANGELOG.md"]),
    sandbox: hashOf(["sandbox/package.json", "sandbox/README.md", "sandbox/src", "sandbox/types", "pkg-template/LICENSE", "pkg-template/package.json", "CHANGELOG.md"]),
  };
  let built = {};
  try {
    built = JSON.parse(readFileSync(stampFile, "utf8"));
  } catch {}
  const fresh = (part, dir) => !force && built[part] === stamp[part] && existsSync(dir);
  if (!fresh("cli", cliPkg)) buildCli();
  if (!fresh("sandbox", sandboxPkg)) buildSandbox();
  installSandbox(stamp.sandbox);
  const wasmFresh = fresh("rust", join(pkg, "tiktok_shop_wasm_bg.wasm"));
  if (!wasmFresh || built.template !== stamp.template) buildLibrary({ wasmFresh, force });
  prune();
  writeFileSync(stampFile, JSON.stringify(stamp));
  linkPackage();
}

/** pkg/: the wasm (rebuilt only when `wasmFresh` is false), pkg-template/ and the CommonJS builds. */
function buildLibrary({ wasmFresh, force }) {
  // --force starts from an empty pkg/ (a file deleted from pkg-template/ goes too).
  if (force) rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  if (!wasmFresh) {
    ensureRustTools();
    // Built aside, then copied in: pkg/ stays whole while wasm-pack works.
    rmSync(wasmOut, { recursive: true, force: true });
    run("wasm-pack", ["build", "--release", "--target", "web", "--out-dir", wasmOut, "--out-name", "tiktok_shop_wasm", "--no-pack"]);
    wasmOpt(join(wasmOut, "tiktok_shop_wasm_bg.wasm"));
    // wasm-pack's own package files are replaced by ours.
    for (const f of readdirSync(wasmOut)) {
      if (![".gitignore", "package.json", "README.md"].includes(f)) cpSync(join(wasmOut, f), join(pkg, f), { recursive: true });
    }
  }
  cpSync(join(root, "pkg-template"), pkg, { recursive: true });
  cpSync(join(root, "CHANGELOG.md"), join(pkg, "CHANGELOG.md"));
  buildCommonJs();
  buildCommonJsTypes(join(pkg, "types"));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build({ force: process.argv.includes("--force") });
}
