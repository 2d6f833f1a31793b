// The whole catalog through the built package: every operation and version in Node,
// one operation per group in Deno and workerd, and the count against the spec's list
// (tests/fixtures/spec-operations.json, written by scripts/codegen.mjs) in all three.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/catalog.mjs";
import { scenarioSuite } from "../support/suite.mjs";

const specOperations = JSON.parse(readFileSync(new URL("../fixtures/spec-operations.json", import.meta.url), "utf8"));

scenarioSuite(fileURLToPath(new URL("../scenarios/catalog.mjs", import.meta.url)), scenarios, {
  // The package's own sandbox catalog: one entry per version, params and response schemas.
  data: async (sb) => ({
    catalog: { operations: sb.sandbox.catalog.operations, schemas: sb.sandbox.catalog.schemas },
    specOperations,
  }),
});
