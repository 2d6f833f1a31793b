// Serves a Worker project the way `wrangler dev` does (same config, bundling, Miniflare
// and workerd, local persistence), through wrangler's own API, with one difference: no
// DevTools inspector. `wrangler dev` always attaches one, and its inspector proxy posts
// every runtime event to the wrangler process as a separate HTTP request (and keeps it
// in memory until DevTools connect): thousands of sockets per second once the Worker
// reads large fetch replies, enough to exhaust file descriptors in a load run.
//
//   node serve.mjs <project dir> <persist dir> <port>
// prints "ready <url>" when the Worker answers; SIGTERM disposes of it.

import { join } from "node:path";
import { unstable_startWorker } from "wrangler";

const [project, persist, port] = process.argv.slice(2);
process.chdir(project);
const worker = await unstable_startWorker({
  config: join(project, "wrangler.toml"),
  dev: {
    inspector: false,
    persist,
    server: { hostname: "127.0.0.1", port: Number(port) },
    testScheduled: true,
    watch: false,
    logLevel: "log", // the Worker's console.log too
  },
});
await worker.ready;
console.log(`ready ${await worker.url}`);
process.once("SIGTERM", () => worker.dispose().finally(() => process.exit(0)));
