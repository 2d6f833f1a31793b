// A 5,000-order export through .all() against a sandbox limited to 50 requests per second.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/export.mjs";
import { scenarioSuite } from "../support/suite.mjs";

scenarioSuite(fileURLToPath(new URL("../scenarios/export.mjs", import.meta.url)), scenarios, {
  sandbox: { orders: 5000, faults: { rateLimit: { requestsPerSecond: 50 } } },
});
