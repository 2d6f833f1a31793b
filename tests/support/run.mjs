// Runs one scenario module in one runtime against a fresh sandbox and prints each result:
//   node tests/support/run.mjs <node|deno|workerd> <tests/scenarios/x.mjs> [scenario name ...]
// For working on a scenario without the whole suite.
import { resolve } from "node:path";
import { startSandbox } from "./sandbox.mjs";
import { runScenarios, signingVectors } from "./runtimes.mjs";

const [runtime = "node", module = "tests/scenarios/foundation.mjs", ...only] = process.argv.slice(2);
const sandbox = await startSandbox();
const started = Date.now();
const results = await runScenarios(runtime, resolve(module), {
  sandboxUrl: sandbox.url,
  appKey: sandbox.appKey,
  appSecret: sandbox.appSecret,
  vectors: signingVectors(),
}, only.length ? only : undefined);
for (const r of results) {
  console.log(`${r.ok ? "ok  " : "FAIL"} ${String(r.ms).padStart(6)} ms  ${r.name}${r.ok ? "" : `\n     ${r.error}`}`);
  for (const note of r.notes ?? []) console.log(`     ${note}`);
}
console.log(`${results.filter((r) => r.ok).length}/${results.length} in ${Date.now() - started} ms`);
await sandbox.close();
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
