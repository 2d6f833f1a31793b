// `npm run build`: the npm packages.
// - pkg/ (tiktok-shop-wasm): wasm-pack's output (release, --target web), optionally shrunk
//   by wasm-opt, and pkg-template/'s entries bundled with lib/, runtime/ and the glue (ES
//   modules sharing one chunk), its types with their .d.cts twins, and CHANGELOG.md.
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
import { dirname, join, relative, sep } from "node:path";
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

/** The files at `path` under `dir` (itself, or every file of a folder), relative to `dir`. */
const listed = (dir, path) => (statSync(join(dir, path)).isDirectory() ? [...files(join(dir, path))].map((f) => relative(dir, f)) : [path]);

/** Hash of the files under `dirs` (and the listed files): what one part of the build reads. */
function hashOf(paths) {
  const hash = createHash("sha256");
  const inputs = paths.flatMap((p) => listed(root, p));
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

/** The JS files package.json's `exports` name (every condition's): each is bundled with what it imports. */
function entries(exports) {
  const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
  return [...new Set(targets(exports).filter((t) => t.endsWith(".js")).map((t) => t.replace(/^\.\//, "")))];
}

/**
 * The package's JS: each entry with lib/, its runtime/ file and the wasm-bindgen glue, as
 * ES modules that share one chunk (esbuild's code splitting), so every runtime loads three or
 * four modules instead of thirty (Node reads, resolves and compiles each on its own: about a
 * millisecond apiece on a busy machine), the code ships once, and an application that imports
 * both `tiktok-shop-wasm` and `tiktok-shop-wasm/cloudflare` shares one instance. The sources
 * (lib/, runtime/, cloudflare/ of `stage`) stay in the repository. The wasm-bindgen glue stays
 * a module of its own, as wasm-bindgen made it (its `initSync()` hands a debugger, or the crash
 * tests, the one instance). What esbuild leaves to run time (the glue, the .wasm, Deno's
 * source-phase import of it) is written relative to lib/ or runtime/: each
 * is rewritten for the file it lands in, and every relative specifier of the output is then
 * checked to name a file of the package.
 */
function bundleEntries(stage, out, manifest) {
  const esbuild = join(root, "node_modules", ".bin", "esbuild");
  rmSync(out, { recursive: true, force: true });
  run(esbuild, [
    ...entries(manifest.exports).map((entry) => join(stage, entry)), "--bundle", "--splitting", "--format=esm", "--platform=neutral",
    "--target=es2022", `--outdir=${out}`, `--outbase=${stage}`, "--chunk-names=shared-[hash]", "--log-level=warning",
    "--external:cloudflare:workers", "--external:node:*", "--external:*.wasm", "--external:./deno-wasm.js",
    "--external:../tiktok_shop_wasm.js",
  ], { cwd: stage }); // the comments naming each source are then relative to the package
  const moved = { "../tiktok_shop_wasm_bg.wasm": "tiktok_shop_wasm_bg.wasm", "./deno-wasm.js": "runtime/deno-wasm.js", "../tiktok_shop_wasm.js": "tiktok_shop_wasm.js" };
  const outputs = [...files(out)].map((f) => relative(out, f));
  for (const file of outputs) {
    const path = join(out, file);
    const up = file.includes("/") ? "../" : "./";
    let text = readFileSync(path, "utf8");
    for (const [from, to] of Object.entries(moved)) text = text.replaceAll(`"${from}"`, `"${up}${to}"`);
    writeFileSync(path, text);
  }
  return outputs;
}

/** Every relative specifier of the package's JS (imports, `new URL(…, import.meta.url)`) names one of its files. */
function checkSpecifiers(dir, outputs) {
  const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\bimport\s+source\s+\w+\s+from\s*|new URL\(\s*)"(\.{0,2}\/?[\w./-]+\.(?:js|wasm))"/g;
  for (const file of [...outputs, "runtime/deno-wasm.js", "tiktok_shop_wasm.js"]) {
    // Not in comments (a JSDoc `import("./state.js")` type names a source file).
    const code = readFileSync(join(dir, file), "utf8").split("\n").filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line)).join("\n");
    for (const m of code.matchAll(SPECIFIER)) {
      const spec = m[1].startsWith(".") ? m[1] : `./${m[1]}`;
      if (!existsSync(join(dir, dirname(file), spec))) throw new Error(`build: ${file} refers to ${m[1]}, which is not in the package`);
    }
  }
}

/**
 * A .d.cts twin beside each hand-written .d.ts of types/: the same declarations for a
 * CommonJS TypeScript project (`module: node16` / `nodenext`), which may not take an ES
 * module's types for `require` (TS1479). Relative imports point at the .cjs twins, so the
 * main entry and `tiktok-shop-wasm/cloudflare` share one TikTokShop type there too. The
 * generated declarations (types/generated/, 1.1 MB of operations) get no twin: they are
 * types only, which a CommonJS file may import from an ES module, so the twins import the
 * ES module's with `resolution-mode: "import"` instead of shipping them twice.
 */
function buildCommonJsTypes(types) {
  for (const file of readdirSync(types, { recursive: true })) {
    if (!file.endsWith(".d.ts") || file.startsWith(`generated${sep}`)) continue;
    const text = readFileSync(join(types, file), "utf8")
      .replace(/(from\s+"\.\/generated\/[^"]*\.js")/g, '$1 with { "resolution-mode": "import" }')
      .replace(/(from\s+"\.{1,2}\/(?!generated\/)[^"]*)\.js"/g, '$1.cjs"');
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

/** Removes what pkg/ holds that the last build did not put there (.files.json lists it): a file deleted, moved or bundled. */
function prune() {
  const keep = new Set([".build-stamp", ".files.json", ...JSON.parse(readFileSync(join(pkg, ".files.json"), "utf8"))]);
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
  const wasmFresh = fresh("rust", join(wasmOut, "tiktok_shop_wasm_bg.wasm")) && existsSync(join(pkg, ".files.json"));
  if (!wasmFresh || built.template !== stamp.template) buildLibrary({ wasmFresh, force });
  prune();
  writeFileSync(stampFile, JSON.stringify(stamp));
  linkPackage();
}

/**
 * pkg/: assembled in target/pkg-stage/ (wasm-pack's output, pkg-template/, CHANGELOG.md), then
 * what ships copied over pkg/ in place: the bundled entries and their shared chunk, the .wasm,
 * runtime/deno-wasm.js, the types with their .d.cts twins, package.json and the documents.
 * prune() then removes the rest (lib/, runtime/ and cloudflare/ sources of an older build).
 */
function buildLibrary({ wasmFresh, force }) {
  // --force starts from an empty pkg/ (a file deleted from pkg-template/ goes too).
  if (force) rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  if (!wasmFresh) {
    ensureRustTools();
    rmSync(wasmOut, { recursive: true, force: true });
    run("wasm-pack", ["build", "--release", "--target", "web", "--out-dir", wasmOut, "--out-name", "tiktok_shop_wasm", "--no-pack"]);
    wasmOpt(join(wasmOut, "tiktok_shop_wasm_bg.wasm"));
  }
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  // wasm-pack's own package files are replaced by ours.
  for (const f of readdirSync(wasmOut)) {
    if (![".gitignore", "package.json", "README.md"].includes(f)) cpSync(join(wasmOut, f), join(stageDir, f), { recursive: true });
  }
  cpSync(join(root, "pkg-template"), stageDir, { recursive: true });
  cpSync(join(root, "CHANGELOG.md"), join(stageDir, "CHANGELOG.md"));
  // The published `sideEffects` names the bundled files; for esbuild every source has them
  // (runtime/*.js load the wasm when imported).
  const manifest = readJson("pkg-template/package.json");
  delete manifest.sideEffects;
  writeFileSync(join(stageDir, "package.json"), JSON.stringify(manifest));
  buildCommonJsTypes(join(stageDir, "types"));
  const bundled = join(root, "target", "pkg-bundle");
  const outputs = bundleEntries(stageDir, bundled, manifest);
  const shipped = [...outputs.map((f) => [bundled, f]), ...SHIPPED.flatMap((p) => listed(stageDir, p).map((f) => [stageDir, f]))];
  for (const [from, file] of shipped) {
    mkdirSync(dirname(join(pkg, file)), { recursive: true });
    cpSync(join(from, file), join(pkg, file));
  }
  cpSync(join(root, "pkg-template", "package.json"), join(pkg, "package.json"));
  checkSpecifiers(pkg, outputs);
  writeFileSync(join(pkg, ".files.json"), JSON.stringify([...shipped.map(([, f]) => f), "package.json"].sort()));
}

const stageDir = join(root, "target", "pkg-stage");
/** What pkg/ takes from the stage as it is (beside the bundles). */
const SHIPPED = ["tiktok_shop_wasm.js", "tiktok_shop_wasm_bg.wasm", "runtime/deno-wasm.js", "types", "README.md", "LICENSE", "CHANGELOG.md"];

if (import.meta.url === `file://${process.argv[1]}`) {
  build({ force: process.argv.includes("--force") });
}
