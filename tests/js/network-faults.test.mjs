// A broken proxy and a hostile network (issue 10), in Node, Deno and workerd side by side,
// each against its own set of this file's node:http servers (redirects, a hung or failing
// token host, a gzip bomb, endless page tokens...).
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/network-faults.mjs";
import { startFaultServers } from "../support/hostile/servers.mjs";
import { boundedScenarioSuite } from "../support/hostile/suite.mjs";

boundedScenarioSuite(fileURLToPath(new URL("../scenarios/network-faults.mjs", import.meta.url)), scenarios, {
  data: async () => {
    const servers = await startFaultServers();
    return { faults: servers.urls, release: () => servers.close() };
  },
  concurrent: true,
  timeoutMs: 120_000,
  exitWithinMs: 5_000,
});
