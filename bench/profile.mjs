// Where the per-call time goes: runs the per-call benchmark of one client under
// `node --cpu-prof` and splits the samples of the measured rounds into wasm code, the
// wasm-bindgen glue (the JS/wasm boundary), the package's JS (lib/), the stub fetch and
// harness, Node internals, the garbage collector.
//
//   node bench/profile.mjs [ours|mini|sdk] [--top 25]
//
// The package is used as built (pkg/). For wasm function names, build with the name
// section kept (wasm-opt drops it: run wasm-pack without wasm-opt, or `wasm-opt -g`).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIB, makeFixtures } from "./lib/common.mjs";

const args = process.argv.slice(2);
const which = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a)) ?? "ours";
const topIndex = args.indexOf("--top");
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : 25;

const dir = mkdtempSync(join(tmpdir(), "bench-prof-"));
const fixturesFile = join(dir, "fixtures.json");
writeFileSync(fixturesFile, JSON.stringify(await makeFixtures()));
const r = spawnSync(
  process.execPath,
  ["--cpu-prof", "--cpu-prof-interval", "100", "--cpu-prof-dir", dir, join(LIB, "percall.mjs"), which, fixturesFile],
  { encoding: "utf8", env: { ...process.env, BENCH_ROUND_MS: "2000" } },
);
if (r.status !== 0) throw new Error(r.stderr);
const result = JSON.parse(r.stdout);
const profile = JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile"))), "utf8"));
rmSync(dir, { recursive: true, force: true });

// Self time per node, counting only the samples of the measured rounds (after the warm-up).
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
let t = profile.startTime;
const measuredFrom = profile.endTime - result.perRound.length * 2000 * 1000; // µs
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (t < measuredFrom) continue;
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
}

// The glue's JSON.parse shim shows as an anonymous function of tiktok_shop_wasm.js (V8
// charges the builtin to its caller): name it, since every client pays that parse.
const sourceLines = new Map();
function isJsonParseShim({ url, lineNumber }) {
  if (!url.includes("tiktok_shop_wasm.js")) return false;
  if (!sourceLines.has(url)) sourceLines.set(url, readFileSync(new URL(url), "utf8").split("\n"));
  return sourceLines.get(url).slice(lineNumber, lineNumber + 3).some((l) => l.includes("JSON.parse("));
}

function category(frame) {
  const { url, functionName } = frame;
  if (isJsonParseShim(frame)) return "JSON.parse of the reply (in the glue)";
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)" || functionName === "(program)" || functionName === "(root)") return functionName;
  if (url.startsWith("wasm://") || /^(\$|wasm-function)/.test(functionName) || url.endsWith(".wasm")) return "wasm (signing, building, routing)";
  if (url.includes("tiktok_shop_wasm.js")) return "wasm-bindgen glue (JS/wasm boundary)";
  if (/\/pkg\/lib\/|tiktok-shop-wasm\/lib\//.test(url)) return "package JS (lib/: pipeline)";
  if (url.endsWith("/bench/lib/minijs.mjs")) return "minimal pure-JS client (JSON.parse of the reply included)";
  if (url.includes("/bench/lib/")) return "stub fetch + harness";
  if (url.includes("tiktok-shop-sdk")) return "tiktok-shop-sdk JS";
  if (url.startsWith("node:") || url === "") return `node/V8 (${functionName === "" ? "(anonymous)" : "builtins"})`;
  return url;
}

const byCategory = new Map();
const byFunction = new Map();
let total = 0;
for (const [id, us] of self) {
  const frame = byId.get(id).callFrame;
  if (frame.functionName === "(idle)") continue;
  total += us;
  const cat = category(frame);
  byCategory.set(cat, (byCategory.get(cat) ?? 0) + us);
  const label = isJsonParseShim(frame) ? "JSON.parse (glue shim)" : frame.functionName || "(anonymous)";
  const name = `${label}  ${frame.url.replace(/^.*\//, "")}:${frame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}

const perCallUs = 1e6 / result.median;
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5) + " %";
console.log(`${which}: ${Math.round(result.median)} calls/s = ${perCallUs.toFixed(1)} µs per call (profiled, so slower than unprofiled)`);
console.log("\nself time by category:");
for (const [cat, us] of [...byCategory].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${pct(us)}  ${((us / total) * perCallUs).toFixed(1).padStart(6)} µs/call  ${cat}`);
}
console.log(`\ntop ${top} functions by self time:`);
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`  ${pct(us)}  ${name}`);
}
