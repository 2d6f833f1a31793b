// Cold start in Node, run as a fresh process: `node cold-node.mjs <ours|bare>`.
// `ours` imports the package, builds a client and calls `getOrderList`; `bare` sends the
// same request (signed beforehand by the parent) with the global fetch, no package.
// Both print performance.now() (ms since this process's time origin) at the moment the
// request is handed to fetch; the parent's server records when it arrives.
// Env: BENCH_TARGET (server URL), BENCH_CREDS (JSON), BENCH_BARE (JSON {url, init}).

const mode = process.argv[2];
const done = (calledAt) => {
  process.stdout.write(`${calledAt}\n`);
};

if (mode === "ours") {
  const dir = process.env.BENCH_PKG;
  const { TikTokShop } = await import(dir ? new URL(`file://${dir}/node.js`).href : "tiktok-shop-wasm");
  const creds = JSON.parse(process.env.BENCH_CREDS);
  let calledAt;
  const shop = new TikTokShop({
    ...creds,
    baseUrl: process.env.BENCH_TARGET,
    fetch: (url, init) => {
      calledAt = performance.now();
      return fetch(url, init);
    },
  });
  const page = await shop.order.getOrderList({ page_size: 20, sort_field: "create_time", order_status: "AWAITING_SHIPMENT", create_time_ge: 1700000000 });
  if (!Array.isArray(page.orders)) throw new Error("unexpected reply");
  done(calledAt);
} else if (mode === "bare") {
  const { url, init } = JSON.parse(process.env.BENCH_BARE);
  const calledAt = performance.now();
  const response = await fetch(url, init);
  JSON.parse(await response.text());
  done(calledAt);
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.exit(0);
