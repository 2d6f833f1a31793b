// Runs a scenario module in its own process, under Node or Deno:
//   node scenario-runner.mjs <job.json>     deno run -A scenario-runner.mjs <job.json>
// job.json: { module: absolute path, data: ctx data, only?: [names] }. Prints the results as JSON.
// A process of its own keeps the client off the event loop of the sandbox it calls.
import * as api from "tiktok-shop-wasm";
import { runAll } from "./run-scenarios.mjs";

const deno = globalThis.Deno;
const runtime = deno ? "deno" : "node";
const jobFile = deno ? deno.args[0] : process.argv[2];
const text = deno ? await deno.readTextFile(jobFile) : await (await import("node:fs/promises")).readFile(jobFile, "utf8");
const job = JSON.parse(text);
const { scenarios } = await import(new URL(`file://${job.module}`).href);
const results = await runAll(scenarios, { ...job.data, api, runtime }, job.only);
console.log(JSON.stringify(results));
