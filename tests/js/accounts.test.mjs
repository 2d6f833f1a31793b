// Sellers, creators and partners end to end, the errors users hit, shop.request() and
// per-API rate limits, in Node, Deno and workerd.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/accounts.mjs";
import { scenarioSuite } from "../support/suite.mjs";

scenarioSuite(fileURLToPath(new URL("../scenarios/accounts.mjs", import.meta.url)), scenarios, {
  data: async (sb) => ({ serviceId: sb.sandbox.serviceId }),
});
