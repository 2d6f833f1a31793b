// Pagination, token refresh, the bounded rate-limit queue, webhooks and logs, in real
// Node, Deno and workerd against the sandbox; the secrets scan runs last in each.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/production.mjs";
import { scenarioSuite } from "../support/suite.mjs";

scenarioSuite(fileURLToPath(new URL("../scenarios/production.mjs", import.meta.url)), scenarios);
