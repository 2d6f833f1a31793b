// Size: the .wasm raw and gzipped, and each of the three packages as `npm pack` would ship it
// (its `files` list): the library from pkg/ (or BENCH_PKG), the sandbox from pkg-sandbox/,
// the CLI from pkg-cli/. Per package, the size of the real tarball (.tgz, gzip) that npm
// computes, plus each file gzipped on its own (level 9), summed and, for the library, per part.

import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT } from "./common.mjs";

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/** The library's parts: what each of its files is there for. */
function part(path) {
  if (path.endsWith(".wasm")) return "wasm";
  if (path.startsWith("types/") && path.endsWith(".d.cts")) return "types, CommonJS twins (.d.cts)";
  if (path.startsWith("types/")) return "types (.d.ts)";
  if (path.startsWith("cloudflare/")) return "Cloudflare module (cloudflare/index.js)";
  if (path === "tiktok_shop_wasm.js") return "wasm-bindgen JS";
  if (/^shared-\w+\.js$/.test(path)) return "client JS shared by the entries (lib/)";
  if (path.startsWith("runtime/") || /^[a-z]+\.js$/.test(path)) return "runtime entries (node.js, deno.js, workerd.js, web.js)";
  return "package.json, README, CHANGELOG, LICENSE";
}

/** `npm pack --dry-run` of a package folder: tarball, unpacked bytes, files, per-file gzip and parts. */
function packed(dir, partOf = () => "all") {
  const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  const parts = {};
  let perFileGzip = 0;
  for (const f of pack.files) {
    const g = gz(readFileSync(join(dir, f.path)));
    perFileGzip += g;
    const p = (parts[partOf(f.path)] ??= { files: 0, raw: 0, gzip: 0 });
    p.files += 1;
    p.raw += f.size;
    p.gzip += g;
  }
  return { name: pack.name, tarball: pack.size, unpacked: pack.unpackedSize, files: pack.files.length, perFileGzip, parts };
}

export function sizes(pkgDir = process.env.BENCH_PKG ? resolve(process.env.BENCH_PKG) : realpathSync(join(ROOT, "pkg"))) {
  const wasm = readFileSync(join(pkgDir, "tiktok_shop_wasm_bg.wasm"));
  const library = packed(pkgDir, part);
  return {
    wasmRaw: wasm.length,
    wasmGzip: gz(wasm),
    packageTarball: library.tarball,
    packageUnpacked: library.unpacked,
    packageFiles: library.files,
    packagePerFileGzip: library.perFileGzip,
    parts: library.parts,
    // The packages released beside it, with the same version.
    sandbox: packed(join(ROOT, "pkg-sandbox")),
    cli: packed(join(ROOT, "pkg-cli")),
  };
}

// `node bench/lib/sizes.mjs`: the figures alone, as JSON.
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(sizes(), null, 2));
