// The foundation scenarios in a real Node, Deno and workerd, against the sandbox over HTTP.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/foundation.mjs";
import { scenarioSuite } from "../support/suite.mjs";

scenarioSuite(fileURLToPath(new URL("../scenarios/foundation.mjs", import.meta.url)), scenarios);
