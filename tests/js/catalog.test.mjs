// The whole catalog through the built package: every operation and version in Node,
// one operation per group in Deno and workerd, and listOperations() against TikTok's
// description (spec/oas/, read here: workerd reads no files) in all three.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/catalog.mjs";
import { scenarioSuite } from "../support/suite.mjs";

const dir = new URL("../../spec/oas/paths/", import.meta.url);
const specOperations = [];
for (const file of readdirSync(dir)) {
  const { paths } = JSON.parse(readFileSync(new URL(file, dir), "utf8"));
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) specOperations.push({ method: method.toUpperCase(), path, summary: op.summary, tag: op.tags[0] });
  }
}

scenarioSuite(fileURLToPath(new URL("../scenarios/catalog.mjs", import.meta.url)), scenarios, {
  // Every version served: the walk calls the ones TikTok retired too (the errors scenarios test 36009014).
  sandbox: { retiredVersions: [] },
  // The package's own sandbox catalog: one entry per version, params and response schemas.
  data: async (sb) => ({
    catalog: { operations: sb.sandbox.catalog.operations, schemas: sb.sandbox.catalog.schemas },
    specOperations,
  }),
});
