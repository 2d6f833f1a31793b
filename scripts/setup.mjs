// Installs what building and testing need, when it is missing: npm packages,
// the wasm32 target, wasm-pack and the wasm-bindgen CLI matching Cargo.lock.
// Every step is skipped when its result is already there, so reruns are instant.

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function log(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options });
  if (r.error?.code === "ETIMEDOUT") throw new Error(`${cmd} ${args.join(" ")} did not finish within ${options.timeout / 60_000} min; stopped`);
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

/** npm packages: `npm ci` when node_modules is missing or older than the lock file. */
export function ensureNpm() {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log("installing npm packages (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}

/** The version of a crate in Cargo.lock. */
function lockedVersion(crate) {
  const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
  const m = lock.match(new RegExp(`name = "${crate}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${crate} is not in Cargo.lock`);
  return m[1];
}

export function ensureRustTools() {
  const targets = output("rustup", ["target", "list", "--installed"]) ?? "";
  if (!targets.split("\n").includes("wasm32-unknown-unknown")) {
    log("adding the wasm32-unknown-unknown target");
    run("rustup", ["target", "add", "wasm32-unknown-unknown"]);
  }
  if (!output("wasm-pack", ["--version"])) {
    log("installing wasm-pack from crates.io (about 2 minutes, once)");
    run("cargo", ["install", "wasm-pack", "--locked"]);
  }
  // The CLI must match the wasm-bindgen crate exactly.
  const wanted = lockedVersion("wasm-bindgen");
  const have = output("wasm-bindgen", ["--version"])?.trim().split(/\s+/)[1];
  if (have !== wanted) {
    log(`installing wasm-bindgen-cli ${wanted} from crates.io (about 2 minutes, once)`);
    try {
      run("cargo", ["install", "wasm-bindgen-cli", "--version", wanted, "--locked", "--force"]);
    } catch {
      // Its lock file can pin a crate release the registry mirror lacks; resolve afresh.
      log("--locked failed; retrying with fresh resolution");
      run("cargo", ["install", "wasm-bindgen-cli", "--version", wanted, "--force"]);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureNpm();
  ensureRustTools();
}
