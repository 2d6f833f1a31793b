// Retries, timeouts and typed failures against the sandbox's fault plan, in Node, Deno and workerd.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/resilience.mjs";
import { scenarioSuite } from "../support/suite.mjs";

scenarioSuite(fileURLToPath(new URL("../scenarios/resilience.mjs", import.meta.url)), scenarios);
