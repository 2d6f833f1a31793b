// A workerd process serving one Worker, for the cold-start measurement. Same config
// approach as tests/support/workerd.mjs (modules collected by following imports, the
// bare `tiktok-shop-wasm` mapped to the package's workerd entry, a `globalOutbound` that
// may reach 127.0.0.1), with one difference: the listening socket is opened by the bench
// and handed to workerd (`--socket-fd`), so the triggering request can be sent the
// moment the process is spawned (it waits in the socket's backlog) instead of polling
// for readiness, and the time measured is spawn -> the Worker's outbound request.

import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT } from "./common.mjs";

export const workerdBin = join(ROOT, "node_modules", ".bin", "workerd");

const IMPORT = /(?:import|export)\s*(?:[^"'`;]*?\sfrom\s*)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function packageDir() {
  return process.env.BENCH_PKG ? resolve(process.env.BENCH_PKG) : realpathSync(join(ROOT, "node_modules", "tiktok-shop-wasm"));
}

function collect(entry) {
  const packages = { "tiktok-shop-wasm": join(packageDir(), "workerd.js") };
  const files = new Set();
  const aliases = new Map();
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    if (!file.endsWith(".js") && !file.endsWith(".mjs")) return;
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".") || spec.startsWith("/")) visit(resolve(dirname(file), spec));
      else if (packages[spec]) {
        aliases.set(join(dirname(file), spec), packages[spec]);
        visit(packages[spec]);
      }
    }
  };
  visit(entry);
  return { files: [...files], aliases };
}

/**
 * Writes the config of a Worker (`main`) with text `bindings`; returns its folder and
 * file. The socket "http" gets its descriptor from `--socket-fd http=3`.
 */
export function writeConfig({ main, bindings }) {
  const dir = mkdtempSync(join(tmpdir(), "bench-workerd-"));
  main = resolve(main);
  const { files, aliases } = collect(main);
  const embed = (f) => JSON.stringify(relative(dir, f));
  const modules = [`(name = "${relative("/", main)}", esModule = embed ${embed(main)})`];
  for (const f of files) {
    if (f === main) continue;
    modules.push(`(name = "${relative("/", f)}", ${f.endsWith(".wasm") ? "wasm" : "esModule"} = embed ${embed(f)})`);
  }
  for (const [aliasPath, target] of aliases) {
    const shim = join(dir, `alias-${modules.length}.mjs`);
    const path = relative(dirname(aliasPath), target);
    writeFileSync(shim, `export * from ${JSON.stringify(path.startsWith(".") ? path : `./${path}`)};\n`);
    modules.push(`(name = "${relative("/", aliasPath)}", esModule = embed ${embed(shim)})`);
  }
  const text = Object.entries(bindings).map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)})`);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")}
  ],
  bindings = [ ${text.join(", ")} ],
  compatibilityDate = "2026-11-01",
  globalOutbound = "internet",
);
`;
  const file = join(dir, "config.capnp");
  writeFileSync(file, config);
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
