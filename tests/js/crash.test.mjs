// Crash, leak and exit tests (issue 10), in real Node and Deno child processes with GC
// exposed (tests/support/hostile/crash-child.mjs): thousands of calls of the kinds that used
// to unwind through wasm frames, then forced GC and good calls; 100,000 good calls and
// 10,000 undecodable replies with wasm memory and the externref table measured; idle timers
// that must not keep a process alive. Every child has a deadline.

import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../support/sandbox.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const childScript = join(root, "tests", "support", "hostile", "crash-child.mjs");

/**
 * Runs one phase in a child. Resolves `{ report, code, signal, exitAfterMs, killed, output }`:
 * `exitAfterMs` from the report line to the exit; the child is killed `exitWithinMs` after
 * its report, or `timeoutMs` after its start.
 */
function runPhase(runtime, config, { timeoutMs = 60_000, exitWithinMs = 5_000 } = {}) {
  const [command, args] = runtime === "node"
    ? [process.execPath, ["--expose-gc", childScript, JSON.stringify(config)]]
    : [join(root, "node_modules", ".bin", "deno"), ["run", "-A", "--quiet", "--v8-flags=--expose-gc", childScript, JSON.stringify(config)]];
  const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
  let output = "";
  let report = null;
  let reportedAt = 0;
  let killed = null;
  let exitTimer = null;
  const deadline = setTimeout(() => {
    killed = `no report within ${timeoutMs} ms`;
    child.kill("SIGKILL");
  }, timeoutMs);
  const onData = (chunk) => {
    output += chunk;
    if (report) return;
    const line = output.split("\n").find((l) => l.startsWith("REPORT {") && l.endsWith("}"));
    if (!line) return;
    report = JSON.parse(line.slice("REPORT ".length));
    reportedAt = Date.now();
    clearTimeout(deadline);
    exitTimer = setTimeout(() => {
      killed = `still running ${exitWithinMs} ms after its report`;
      child.kill("SIGKILL");
    }, exitWithinMs);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((ok) => {
    child.on("exit", (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(exitTimer);
      ok({ report, code, signal, killed, exitAfterMs: report ? Date.now() - reportedAt : null, output: output.slice(-3000) });
    });
  });
}

const fmt = (s) => (s ? `wasm ${s.wasmMiB} MiB, table ${s.tableSlots} slots, RSS ${s.rssMiB} MiB, heap ${s.heapMiB} MiB` : "n/a");

let sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(async () => sandbox?.close());

for (const runtime of ["node", "deno"]) {
  describe(runtime, () => {
    const runs = {};
    const phase = (name, extra = {}, limits) => async () => {
      runs[name] ??= runPhase(runtime, { phase: name, sandboxUrl: sandbox.url, appKey: sandbox.appKey, appSecret: sandbox.appSecret, ...extra }, limits);
      return runs[name];
    };
    const bad = phase("bad", { n: 2000 });
    const good = phase("good", { n: 100_000 });
    const timers = phase("timers", {}, { timeoutMs: 10_000, exitWithinMs: 2_000 });

    test("thousands of bad calls that used to unwind through wasm, then forced GC: no trap, good calls work, the process exits 0", async (t) => {
      const r = await bad();
      assert.ok(r.report, `no report (${r.killed ?? `exit ${r.code}`}):\n${r.output}`);
      const { outcomes, good: goodCalls, calls } = r.report;
      for (const [kind, c] of Object.entries(outcomes)) t.diagnostic(`${runtime}: ${kind}: ${c.typed} typed, ${c.raw} raw, ${c.trap} trap, ${c.ok} returned`);
      t.diagnostic(`${runtime}: ${calls} bad calls in ${r.report.ms} ms; good calls after: ${JSON.stringify(goodCalls)}; exit code ${r.code}${r.killed ? ` (killed: ${r.killed})` : ""}`);
      assert.ok(r.report.gcExposed, "GC was exposed to the child");
      const traps = Object.entries(outcomes).filter(([, c]) => c.trap > 0).map(([k, c]) => `${k}: ${c.trap}`);
      assert.deepEqual(traps, [], "bad calls that trapped");
      assert.deepEqual(goodCalls, { freshClient: "ok", victimSetAccessToken: "ok", secondCall: "ok" }, "good calls after the bad ones");
      assert.equal(r.killed, null, r.killed ?? "");
      assert.equal(r.code, 0, `exit code\n${r.output}`);
    });

    test("wasm memory, the externref table and RSS stay flat across those bad calls", async (t) => {
      const r = await bad();
      assert.ok(r.report, `no report (${r.killed ?? `exit ${r.code}`}):\n${r.output}`);
      const { before: b, afterBad, afterGc, afterSecond: s, wasmReachable } = r.report;
      t.diagnostic(`${runtime}: before ${fmt(b)}; after the bad calls ${fmt(afterBad)}; after GC ${fmt(afterGc)}; after a second round and GC ${fmt(s)}`);
      assert.ok(wasmReachable, "the package's wasm memory was reachable from the child");
      // The first round leaves a high-water mark (4,000 clients alive at once: the table and
      // memory never shrink); a leak would grow again in the second.
      assert.ok(afterGc.wasmMiB - b.wasmMiB <= 4, `wasm memory grew ${afterGc.wasmMiB - b.wasmMiB} MiB`);
      assert.ok(afterGc.tableSlots - b.tableSlots <= 4096 + 512, `the externref table grew ${afterGc.tableSlots - b.tableSlots} slots`);
      assert.ok(s.wasmMiB - afterGc.wasmMiB <= 0.5, `wasm memory grew ${s.wasmMiB - afterGc.wasmMiB} MiB in the second round`);
      assert.ok(s.tableSlots - afterGc.tableSlots <= 128, `the externref table grew ${s.tableSlots - afterGc.tableSlots} slots in the second round`);
      assert.ok(s.rssMiB - b.rssMiB <= 200, `RSS grew ${s.rssMiB - b.rssMiB} MiB`);
    });

    test("100,000 good calls and 10,000 undecodable replies (stub fetch): wasm memory and the externref table stay flat", async (t) => {
      const r = await good();
      assert.ok(r.report, `no report (${r.killed ?? `exit ${r.code}`}):\n${r.output}`);
      const { before: b, after: a, afterUndecodable: u, n, answered, ms, perSecond, typed, undecodable } = r.report;
      t.diagnostic(`${runtime}: ${n} good calls in ${ms} ms (${perSecond}/s); before ${fmt(b)}; after ${fmt(a)}; after ${undecodable} undecodable replies (${typed} typed errors) ${fmt(u)}`);
      assert.equal(answered, n, "good calls that returned the stub's data");
      assert.equal(typed, undecodable, "every undecodable reply is a TikTokShopError");
      assert.ok(a.wasmMiB - b.wasmMiB <= 2, `wasm memory grew ${a.wasmMiB - b.wasmMiB} MiB over ${n} good calls`);
      assert.ok(a.tableSlots - b.tableSlots <= 256, `the externref table grew ${a.tableSlots - b.tableSlots} slots over ${n} good calls`);
      assert.ok(u.wasmMiB - a.wasmMiB <= 2, `wasm memory grew ${u.wasmMiB - a.wasmMiB} MiB over ${undecodable} undecodable replies`);
      assert.ok(u.tableSlots - a.tableSlots <= 256, `the externref table grew ${u.tableSlots - a.tableSlots} slots over ${undecodable} undecodable replies`);
      assert.ok(a.rssMiB - b.rssMiB <= 100, `RSS grew ${a.rssMiB - b.rssMiB} MiB`);
      assert.equal(r.code, 0, `exit code\n${r.output}`);
    });

    test("an aborted call waiting on a 0.001/s rate limit, and aborted or timed-out calls whose fetch never answers, leave nothing that keeps the process alive", async (t) => {
      const r = await timers();
      assert.ok(r.report, `no report (${r.killed ?? `exit ${r.code}`}):\n${r.output}`);
      t.diagnostic(`${runtime}: ${JSON.stringify({ rateLimited: r.report.rateLimited, aborted: r.report.aborted, timedOut: r.report.timedOut })}; ${r.killed ? `killed: ${r.killed}` : `exited ${r.exitAfterMs} ms after its report, code ${r.code}`}`);
      assert.match(r.report.rateLimited, /^rejected/, "the rate-limited call rejected when aborted");
      assert.match(r.report.aborted, /^rejected/, "the call whose fetch never answers rejected when aborted");
      assert.match(r.report.timedOut, /^rejected: TikTokShopError timeout/, "the call whose fetch never answers timed out");
      assert.equal(r.killed, null, `the process did not exit by itself: ${r.killed}`);
      assert.equal(r.code, 0, `exit code\n${r.output}`);
    });
  });
}
