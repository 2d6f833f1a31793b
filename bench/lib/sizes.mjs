// Size: the .wasm raw and gzipped, and the whole package as `npm pack` would ship it
// from pkg/ (its `files` list): the size of the real tarball (.tgz, gzip) that npm
// computes, plus each file gzipped on its own (level 9), summed and per part.

import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "./common.mjs";

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

function part(path) {
  if (path.endsWith(".wasm")) return "wasm";
  if (path.startsWith("types/")) return "types (.d.ts)";
  if (path.startsWith("sandbox/")) return "sandbox (sandbox/)";
  if (path.startsWith("cloudflare/")) return "Cloudflare module (cloudflare/)";
  if (path === "tiktok_shop_wasm.js") return "wasm-bindgen JS";
  if (path === "node.cjs") return "CommonJS build (node.cjs)";
  if (path.startsWith("lib/") || path.startsWith("runtime/") || /^[a-z]+\.js$/.test(path)) return "client JS (lib/, runtime/, entries)";
  return "package.json, README, CHANGELOG, LICENSE";
}

export function sizes(pkgDir = process.env.BENCH_PKG ? resolve(process.env.BENCH_PKG) : realpathSync(join(ROOT, "pkg"))) {
  const wasm = readFileSync(join(pkgDir, "tiktok_shop_wasm_bg.wasm"));
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: pkgDir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const parts = {};
  let perFileGzip = 0;
  for (const f of pack.files) {
    const g = gz(readFileSync(join(pkgDir, f.path)));
    perFileGzip += g;
    const p = (parts[part(f.path)] ??= { files: 0, raw: 0, gzip: 0 });
    p.files += 1;
    p.raw += f.size;
    p.gzip += g;
  }
  return {
    wasmRaw: wasm.length,
    wasmGzip: gz(wasm),
    packageTarball: pack.size,
    packageUnpacked: pack.unpackedSize,
    packageFiles: pack.files.length,
    packagePerFileGzip: perFileGzip,
    parts,
  };
}
