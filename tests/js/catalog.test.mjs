// The whole catalog through the built package: every operation and version of both inputs
// in Node, one operation per group and input in Deno and workerd, and listOperations()
// against TikTok's description and the docs catalog's fragments (spec/oas/ and
// spec/docs-catalog/, read here: workerd reads no files) in all three.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/catalog.mjs";
import { specOperations } from "../support/spec.mjs";
import { scenarioSuite } from "../support/suite.mjs";

scenarioSuite(fileURLToPath(new URL("../scenarios/catalog.mjs", import.meta.url)), scenarios, {
  // Every version served: the walk calls the ones TikTok retired too (the errors scenarios test 36009014).
  sandbox: { retiredVersions: [] },
  // The sandbox package's catalog: one entry per version, params and response schemas.
  data: async (sb) => ({
    catalog: { operations: sb.sandbox.catalog.operations, schemas: sb.sandbox.catalog.schemas },
    specOperations: specOperations(),
  }),
});
