// `npm run build`: the npm package in pkg/: wasm-pack's output (release, --target web),
// optionally shrunk by wasm-opt, plus everything in pkg-template/.
// Skips the work when nothing it depends on changed since the last build (--force to redo).

import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ensureNpm, ensureRustTools, root, run } from "./setup.mjs";

const pkg = join(root, "pkg");
const stampFile = join(pkg, ".build-stamp");

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Hash of every input of the build. */
function inputsHash() {
  const hash = createHash("sha256");
  const inputs = ["Cargo.toml", "Cargo.lock", ...["src", "pkg-template"].flatMap((d) => [...files(join(root, d))].map((f) => relative(root, f)))];
  for (const file of inputs.sort()) {
    hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0");
  }
  return hash.digest("hex");
}

// wasm-opt (the `binaryen` devDependency), measured by bench/: it drops the name section
// wasm-bindgen leaves in (~38-64 KB raw) and shaves ~1 KB gzipped more; -Oz runs as fast
// as -O3 on the opt-level 3 build (Cargo.toml) and is ~0.4 KB smaller. Names are
// needed only to profile: `node bench/profile.mjs` on a build made without this step.
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
  ensureNpm();
  const stamp = inputsHash();
  if (!force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) {
    linkPackage();
    return;
  }
  ensureRustTools();
  rmSync(pkg, { recursive: true, force: true });
  run("wasm-pack", ["build", "--release", "--target", "web", "--out-dir", "pkg", "--out-name", "tiktok_shop_wasm", "--no-pack"]);
  // wasm-pack's own package files are replaced by ours.
  for (const f of [".gitignore", "package.json", "README.md"]) rmSync(join(pkg, f), { force: true });
  wasmOpt(join(pkg, "tiktok_shop_wasm_bg.wasm"));
  cpSync(join(root, "pkg-template"), pkg, { recursive: true });
  writeFileSync(stampFile, stamp);
  linkPackage();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  build({ force: process.argv.includes("--force") });
}
