// Loopback throughput, the client side, in a fresh process: `node loopback.mjs <config-json>`.
// `count` getOrderList searches at concurrency `concurrency` against the sandbox server
// (another process), through the package and through raw fetch with requests signed
// beforehand (the floor: fetch, read the body, JSON.parse it). Rounds alternate
// raw / ours; prints one JSON line with requests/s per round and the medians.

import { median, ORDER_PARAMS, pkgImport } from "./common.mjs";
import { MiniClient } from "./minijs.mjs";

const config = JSON.parse(process.argv[2]);
const { url, appKey, appSecret, accessToken, shopCipher, count = 5000, concurrency = 32, rounds = 3, params = ORDER_PARAMS } = config;
const creds = { appKey, appSecret, accessToken, shopCipher };
const { TikTokShop } = await import(pkgImport());
// The client-side rate limit (50/s by default, TikTok's) is turned off: this measures the client.
const shop = new TikTokShop({ ...creds, baseUrl: url, rateLimit: false });
const signer = new MiniClient({ ...creds, baseUrl: url });

const clients = {
  ours: () => async () => {
    const data = await shop.order.getOrderList(params);
    return data.orders.length;
  },
  raw: () => {
    // Signed now: the sandbox accepts a timestamp for 5 minutes.
    const { url: u, init } = signer.prepare(params);
    return async () => {
      const response = await fetch(u, init);
      const envelope = JSON.parse(await response.text());
      if (envelope.code !== 0) throw new Error(`sandbox refused the raw request: ${envelope.message}`);
      return envelope.data.orders.length;
    };
  },
};

async function run(which, n) {
  const call = clients[which]();
  let next = 0;
  let orders = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      orders += await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const ms = performance.now() - start;
  if (orders === 0) throw new Error(`${which}: no orders came back`);
  return (n * 1000) / ms;
}

await run("raw", 300);
await run("ours", 300);
const perRound = { raw: [], ours: [] };
for (let r = 0; r < rounds; r++) {
  perRound.raw.push(await run("raw", count));
  perRound.ours.push(await run("ours", count));
}
process.stdout.write(JSON.stringify({ count, concurrency, rounds, params, perRound, raw: median(perRound.raw), ours: median(perRound.ours) }) + "\n");
