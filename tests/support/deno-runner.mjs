// Runs a scenario module under Deno: `deno run -A deno-runner.mjs <job.json>`.
// job.json: { module: absolute path, data: ctx data, only?: [names] }. Prints the results as JSON.
import * as api from "tiktok-shop-wasm";
import { runAll } from "./run-scenarios.mjs";

const job = JSON.parse(await Deno.readTextFile(Deno.args[0]));
const { scenarios } = await import(new URL(`file://${job.module}`).href);
const results = await runAll(scenarios, { ...job.data, api, runtime: "deno" }, job.only);
console.log(JSON.stringify(results));
