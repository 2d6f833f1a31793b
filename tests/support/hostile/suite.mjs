// scenarioSuite (tests/support/suite.mjs) with bounds: the hostile scenarios may hang a
// runtime or crash it, and a test must not hang. Each runtime's run has a deadline; in
// Node and Deno the process must also exit by itself, with code 0, soon after it printed
// its results (a hung refresh, a leaked timer or a trap in a finalizer shows up there).

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../sandbox.mjs";
import { RUNTIMES, signingVectors, writeScenarioWorker } from "../runtimes.mjs";
import { startWorker } from "../workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const support = resolve(here, "..");

/**
 * Runs a scenario module in a Node or Deno child process. Resolves to
 * `{ results, exit: { code, signal, byItself, afterMs } }`; rejects when no results came
 * within `timeoutMs` (the child is killed) or the child died without printing them.
 */
function runChild(runtime, module, data, only, { timeoutMs, exitWithinMs, nodeFlags = [] }) {
  const dir = mkdtempSync(join(tmpdir(), `${runtime}-hostile-`));
  const job = join(dir, "job.json");
  writeFileSync(job, JSON.stringify({ module: resolve(module), data, only }));
  const runner = join(support, "scenario-runner.mjs");
  const [command, args] = runtime === "node"
    ? [process.execPath, [...nodeFlags, runner, job]]
    : [join(root, "node_modules", ".bin", "deno"), ["run", "-A", "--quiet", runner, job]];
  const child = spawn(command, args, {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
  });
  let out = "";
  let err = "";
  let results = null;
  let printedAt = 0;
  let killedAfterResults = false;
  return new Promise((ok, fail) => {
    const deadline = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`${runtime}: no results within ${timeoutMs} ms (killed)\n${err.slice(-4000)}`));
    }, timeoutMs);
    let exitTimer = null;
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (results) return;
      for (const line of out.split("\n")) {
        if (!line.startsWith("[")) continue;
        try {
          results = JSON.parse(line);
        } catch {
          continue;
        }
        printedAt = Date.now();
        clearTimeout(deadline);
        exitTimer = setTimeout(() => {
          killedAfterResults = true;
          child.kill("SIGKILL");
        }, exitWithinMs);
        break;
      }
    });
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(exitTimer);
      rmSync(dir, { recursive: true, force: true });
      if (!results) {
        fail(new Error(`${runtime} exited (code ${code}, signal ${signal}) without results\n${err.slice(-4000)}`));
        return;
      }
      ok({
        results,
        exit: { code, signal, byItself: !killedAfterResults, afterMs: Date.now() - printedAt, stderr: err.slice(-2000) },
      });
    });
  });
}

async function runWorkerd(module, data, only, { timeoutMs }) {
  const dir = mkdtempSync(join(tmpdir(), "workerd-hostile-"));
  const worker = await startWorker({ main: writeScenarioWorker(dir, module) });
  try {
    const r = await fetch(worker.url, { method: "POST", body: JSON.stringify({ data, only }), signal: AbortSignal.timeout(timeoutMs) });
    const text = await r.text();
    try {
      return { results: JSON.parse(text), exit: null };
    } catch {
      throw new Error(`workerd answered ${r.status}: ${text.slice(0, 2000)}\n${worker.output().slice(-4000)}`);
    }
  } catch (error) {
    throw new Error(`workerd: ${error.message}\n${worker.output().slice(-4000)}`);
  } finally {
    await worker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a scenario module in one runtime with a deadline (see runChild). */
export function runBounded(runtime, module, data, only, options) {
  if (runtime === "workerd") return runWorkerd(module, data, only, options);
  return runChild(runtime, module, data, only, options);
}

/**
 * Like scenarioSuite, with a deadline per runtime (`timeoutMs`) and, in Node and Deno, one
 * more test: the process exits by itself with code 0 within `exitWithinMs` of printing
 * its results.
 */
export function boundedScenarioSuite(module, scenarios, {
  runtimes = RUNTIMES,
  data = async () => ({}),
  sandbox: sandboxOptions = {},
  timeoutMs = 60_000,
  exitWithinMs = 3_000,
  nodeFlags = [],
  concurrent = false,
} = {}) {
  // With `concurrent`, the runtimes run side by side (each in its own process, each with
  // what `data` gives it): the suite takes as long as the slowest runtime.
  const declare = () => {
    for (const runtime of runtimes) {
      describe(runtime, () => {
        let sandbox;
        let run;
        let failure;
        let release;
        before(async () => {
          sandbox = await startSandbox(sandboxOptions);
          const { release: done, ...extra } = (await data(sandbox, runtime)) ?? {};
          release = done;
          try {
            run = await runBounded(runtime, module, {
              sandboxUrl: sandbox.url,
              appKey: sandbox.appKey,
              appSecret: sandbox.appSecret,
              vectors: signingVectors(),
              ...extra,
            }, undefined, { timeoutMs, exitWithinMs, nodeFlags });
          } catch (error) {
            // Every test of the runtime reports it, instead of one hook failure.
            failure = error;
          }
        });
        after(async () => sandbox?.close());
        const names = scenarios.filter((s) => !s.runtimes || s.runtimes.includes(runtime)).map((s) => s.name);
        for (const name of names) {
          test(name, (t) => {
            if (failure) throw failure;
            const r = run.results.find((x) => x.name === name);
            for (const note of r?.notes ?? []) t.diagnostic(`${runtime}: ${note}`);
            assert.ok(r, `scenario "${name}" did not run in ${runtime}`);
            assert.ok(r.ok, `${r.error}\n${r.stack ?? ""}`);
          });
        }
        if (runtime !== "workerd") {
          test(`the ${runtime} process exits by itself with code 0 within ${exitWithinMs} ms of its last scenario`, (t) => {
            if (failure) throw failure;
            const { code, signal, byItself, afterMs, stderr } = run.exit;
            t.diagnostic(`${runtime}: exit code ${code}, signal ${signal}, ${byItself ? `exited after ${afterMs} ms` : "killed"}`);
            assert.ok(byItself, `the process was still running ${exitWithinMs} ms after its results (killed)`);
            assert.equal(code, 0, `exit code ${code}\n${stderr}`);
          });
        }
        after(async () => release?.());
      });
    }
  };
  if (concurrent) describe("runtimes side by side", { concurrency: true }, declare);
  else declare();
}
