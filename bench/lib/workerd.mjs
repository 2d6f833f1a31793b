// A workerd process serving one Worker, for the cold-start measurement. Same config
// approach as tests/support/workerd.mjs, whose config writer it uses (modules collected by following imports, the
// bare `tiktok-shop-wasm` mapped to the package's workerd entry, a `globalOutbound` that
// may reach 127.0.0.1), with one difference: the listening socket is opened by the bench
// and handed to workerd (`--socket-fd`), so the triggering request can be sent the
// moment the process is spawned (it waits in the socket's backlog) instead of polling
// for readiness, and the time measured is spawn -> the Worker's outbound request.

import { realpathSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { workerdBin, writeWorkerConfig } from "../../tests/support/workerd.mjs";
import { ROOT } from "./common.mjs";

export { workerdBin };

function packageDir() {
  return process.env.BENCH_PKG ? resolve(process.env.BENCH_PKG) : realpathSync(join(ROOT, "node_modules", "tiktok-shop-wasm"));
}

/**
 * Writes the config of a Worker (`main`) with text `bindings`; returns its folder and
 * file. The socket "http" gets its descriptor from `--socket-fd http=3`.
 */
export function writeConfig({ main, bindings }) {
  const { dir, file } = writeWorkerConfig({ main, bindings, packageDir: packageDir() });
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
