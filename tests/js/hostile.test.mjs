// Every public entry point attacked with hostile values, in Node, Deno and workerd (issue 10).
// Bounded: a runtime that hangs or crashes fails its tests instead of hanging the suite.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/hostile.mjs";
import { boundedScenarioSuite } from "../support/hostile/suite.mjs";

boundedScenarioSuite(fileURLToPath(new URL("../scenarios/hostile.mjs", import.meta.url)), scenarios, {
  timeoutMs: 120_000,
  exitWithinMs: 3_000,
});
