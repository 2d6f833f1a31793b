// Serves a Worker with a real workerd process: collects the modules the Worker
// imports (following relative imports, and the bare `tiktok-shop-wasm` and
// `tiktok-shop-wasm-sandbox` to the packages' `workerd` entries), writes a workerd config and starts `workerd serve` on a free port.
// The benchmark's cold-start measurement writes its configs with `writeWorkerConfig` too.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, realpathSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const workerdBin = join(root, "node_modules", ".bin", "workerd");

const IMPORT = /(?:import|export)\s*(?:[^"'`;]*?\sfrom\s*)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Bare specifiers the Worker may import, and the file each maps to. */
function packages(pkg) {
  return {
    "tiktok-shop-wasm": join(pkg, "workerd.js"),
    "tiktok-shop-wasm-sandbox": join(root, "node_modules", "tiktok-shop-wasm-sandbox", "src", "worker.js"),
  };
}

function collect(entry, PACKAGES) {
  const files = new Set();
  // workerd resolves bare specifiers like relative ones, against the importer's folder:
  // each (folder, specifier) pair gets its own alias module.
  const aliases = new Map();
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    if (!file.endsWith(".js") && !file.endsWith(".mjs")) return;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".") || spec.startsWith("/")) visit(resolve(dirname(file), spec));
      else if (PACKAGES[spec]) {
        aliases.set(join(dirname(file), spec), PACKAGES[spec]);
        visit(PACKAGES[spec]);
      }
      // node: and cloudflare: built-ins are provided by workerd.
    }
  };
  visit(entry);
  return { files: [...files], aliases };
}

/** A TCP port on 127.0.0.1 that nothing listens on now. */
export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/**
 * Writes the workerd config of a Worker (`main`) into a new temporary folder.
 * @param {{ main: string, bindings?: Record<string,string>, durableObjects?: Record<string,string>,
 *   compatibilityFlags?: string[], address?: string, packageDir?: string }} options `bindings`:
 *   text bindings; `durableObjects`: binding name -> exported class name (in-memory storage);
 *   `address` of the "http" socket; `packageDir` the built package (default: node_modules').
 * @returns {{ dir: string, file: string }}
 */
export function writeWorkerConfig({
  main,
  bindings = {},
  durableObjects = {},
  compatibilityFlags = [],
  address = "127.0.0.1:0",
  packageDir = realpathSync(join(root, "node_modules", "tiktok-shop-wasm")),
}) {
  const dir = mkdtempSync(join(tmpdir(), "workerd-"));
  main = resolve(main);
  const { files, aliases } = collect(main, packages(packageDir));
  // Module names are paths relative to a common root, so relative imports resolve.
  const names = new Map(files.map((f) => [f, relative("/", f)]));
  const modules = [];
  // embed paths must be relative to the config file.
  const embed = (f) => JSON.stringify(relative(dir, f));
  modules.push(`(name = "${names.get(main)}", esModule = embed ${embed(main)})`);
  for (const f of files) {
    if (f === main) continue;
    const kind = f.endsWith(".wasm") ? "wasm" : "esModule";
    modules.push(`(name = "${names.get(f)}", ${kind} = embed ${embed(f)})`);
  }
  for (const [aliasPath, target] of aliases) {
    const shim = join(dir, `alias-${modules.length}.mjs`);
    const hasDefault = /export\s+default|export\s*\{[^}]*\bdefault\b/.test(readFileSync(target, "utf8"));
    const path = relative(dirname(aliasPath), target);
    const from = JSON.stringify(path.startsWith(".") ? path : `./${path}`);
    const lines = [`export * from ${from};`];
    if (hasDefault) lines.push(`export { default } from ${from};`);
    writeFileSync(shim, lines.join("\n") + "\n");
    modules.push(`(name = "${relative("/", aliasPath)}", esModule = embed ${embed(shim)})`);
  }
  const text = Object.entries(bindings).map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)})`);
  for (const [binding, className] of Object.entries(durableObjects)) {
    text.push(`(name = ${JSON.stringify(binding)}, durableObjectNamespace = ${JSON.stringify(className)})`);
  }
  const namespaces = Object.values(durableObjects).map((c) => `(className = ${JSON.stringify(c)}, uniqueKey = "${c}-test")`);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "${address}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    ${modules.join(",\n    ")}
  ],
  bindings = [ ${text.join(", ")} ],
  durableObjectNamespaces = [ ${namespaces.join(", ")} ],
  durableObjectStorage = (inMemory = void),
  compatibilityDate = "2026-11-01",
  compatibilityFlags = ${JSON.stringify(compatibilityFlags)},
  globalOutbound = "internet",
);
`;
  const file = join(dir, "config.capnp");
  writeFileSync(file, config);
  return { dir, file };
}

/**
 * Serves a Worker (options as `writeWorkerConfig`) on a free port.
 * @returns {Promise<{ url: string, pid: number, stop: () => Promise<void>, output: () => string }>}
 */
export async function startWorker(options) {
  const port = await freePort();
  const { dir, file: configFile } = writeWorkerConfig({ ...options, address: `127.0.0.1:${port}` });
  const child = spawn(workerdBin, ["serve", configFile, "--verbose"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((r) => child.once("exit", r));
  // Wait until it answers.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`workerd exited:\n${out}`);
    try {
      await fetch(`${url}/__ready`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`workerd did not start:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    pid: child.pid,
    output: () => out,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
