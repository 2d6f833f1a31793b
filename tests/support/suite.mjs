// Declares node:test tests for a scenario module in each runtime: one sandbox per
// runtime, the scenarios run inside that runtime, one test per scenario.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "./sandbox.mjs";
import { RUNTIMES, runScenarios, signingVectors } from "./runtimes.mjs";

/**
 * @param {string} module path of the scenario module
 * @param {Array<{name: string, runtimes?: string[]}>} scenarios what the module exports
 */
export function scenarioSuite(module, scenarios, { runtimes = RUNTIMES, data = async () => ({}), sandbox: sandboxOptions = {} } = {}) {
  for (const runtime of runtimes) {
    describe(runtime, () => {
      let sandbox;
      let results;
      before(async () => {
        sandbox = await startSandbox(sandboxOptions);
        const extra = await data(sandbox, runtime);
        results = await runScenarios(runtime, module, {
          sandboxUrl: sandbox.url,
          appKey: sandbox.appKey,
          appSecret: sandbox.appSecret,
          vectors: signingVectors(),
          ...extra,
        });
      });
      after(async () => sandbox?.close());
      const names = scenarios.filter((s) => !s.runtimes || s.runtimes.includes(runtime)).map((s) => s.name);
      for (const name of names) {
        test(name, (t) => {
          const r = results.find((x) => x.name === name);
          for (const note of r?.notes ?? []) t.diagnostic(`${runtime}: ${note}`);
          assert.ok(r, `scenario "${name}" did not run in ${runtime}`);
          assert.ok(r.ok, `${r.error}\n${r.stack ?? ""}`);
        });
      }
    });
  }
}
