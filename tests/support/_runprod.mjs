import { startSandbox } from "tiktok-shop-wasm/sandbox";
import { runScenarios, signingVectors } from "/work/main/tests/support/runtimes.mjs";
const sb = await startSandbox();
const t0 = Date.now();
const r = await runScenarios(process.argv[2] ?? "node", process.argv[3] ?? "/work/main/tests/scenarios/production.mjs", { sandboxUrl: sb.url, appKey: sb.appKey, appSecret: sb.appSecret, vectors: signingVectors() });
for (const x of r) console.log(x.ok ? "ok  " : "FAIL", x.ms, x.name, x.ok ? "" : x.error);
console.log("total", Date.now() - t0);
await sb.close();
