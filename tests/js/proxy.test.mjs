// The proxy option in Node, Deno and workerd, with a real forward proxy.
import { after } from "node:test";
import { fileURLToPath } from "node:url";
import { createServer } from "node:http";
import { scenarios } from "../scenarios/proxy.mjs";
import { startProxy } from "../support/proxy.mjs";
import { scenarioSuite } from "../support/suite.mjs";

const proxy = await startProxy({ username: "proxy-user", password: "p@ss word" });
// The proxy log, over HTTP, for scenarios running in other processes.
const logServer = createServer((_, res) => res.end(JSON.stringify(proxy.seen)));
await new Promise((r) => logServer.listen(0, "127.0.0.1", r));
const logUrl = `http://127.0.0.1:${logServer.address().port}`;
after(async () => {
  await proxy.close();
  logServer.close();
});

scenarioSuite(fileURLToPath(new URL("../scenarios/proxy.mjs", import.meta.url)), scenarios, {
  data: async () => ({ proxyUrl: proxy.url, proxyLogUrl: logUrl }),
});
