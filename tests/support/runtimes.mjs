// Runs a scenario module in a real Node, Deno or workerd and returns its results.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startWorker } from "./workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

export const RUNTIMES = ["node", "deno", "workerd"];

export function signingVectors() {
  return JSON.parse(readFileSync(join(root, "tests", "fixtures", "signing-vectors.json"), "utf8"));
}

/**
 * Writes into `dir` a Worker that runs a scenario module's scenarios in workerd when it is
 * POSTed `{ data, only }`, and returns its path.
 */
export function writeScenarioWorker(dir, module) {
  const main = join(dir, "main.mjs");
  const rel = (file) => JSON.stringify(`./${relative(dir, file)}`);
  writeFileSync(main, `import * as api from "tiktok-shop-wasm";
import { scenarios } from ${rel(resolve(module))};
import { runAll } from ${rel(join(here, "run-scenarios.mjs"))};
export default {
  async fetch(request) {
    if (request.method !== "POST") return new Response("ready");
    const job = await request.json();
    return Response.json(await runAll(scenarios, { ...job.data, api, runtime: "workerd" }, job.only));
  },
};
`);
  return main;
}

export async function runScenarios(runtime, module, data, only) {
  module = resolve(module);
  if (runtime === "node" || runtime === "deno") {
    const dir = mkdtempSync(join(tmpdir(), `${runtime}-job-`));
    const job = join(dir, "job.json");
    writeFileSync(job, JSON.stringify({ module, data, only }));
    const runner = join(here, "scenario-runner.mjs");
    const [command, args] = runtime === "node"
      ? [process.execPath, [runner, job]]
      : [join(root, "node_modules", ".bin", "deno"), ["run", "-A", "--quiet", runner, job]];
    try {
      const stdout = await new Promise((ok, fail) =>
        execFile(command, args,
          { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } },
          (err, out, errOut) => (err ? fail(new Error(`${runtime} failed: ${err.message}\n${errOut}`)) : ok(out))),
      );
      return JSON.parse(stdout.trim().split("\n").at(-1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (runtime === "workerd") {
    const dir = mkdtempSync(join(tmpdir(), "workerd-job-"));
    const worker = await startWorker({ main: writeScenarioWorker(dir, module) });
    try {
      const r = await fetch(worker.url, { method: "POST", body: JSON.stringify({ data, only }) });
      const text = await r.text();
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`workerd answered ${r.status}: ${text}\n${worker.output()}`);
      }
    } finally {
      await worker.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(`unknown runtime ${runtime}`);
}
