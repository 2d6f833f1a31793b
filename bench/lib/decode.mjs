// Decoding, in a fresh process: `node decode.mjs <fixtures.json>`.
// The package never decodes in wasm: the reply text goes to the host's JSON.parse and
// the envelope's `data` is what the caller gets. So the decode cost through the package
// is measured end to end: a getOrderList call whose stub fetch returns the 100-order page,
// minus the same call returning an empty page (`tiny`): what is left is the cost of
// turning ~427 KB of reply text into the object the user gets. Compared with a bare
// JSON.parse of the same text. Rounds interleave the three; medians of per-round means.

import { readFileSync } from "node:fs";
import { median, ORDER_PARAMS, pkgImport, stubFetch } from "./common.mjs";

const fixtures = JSON.parse(readFileSync(process.argv[2], "utf8"));
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 1000);
const { TikTokShop } = await import(pkgImport());
const creds = { appKey: "bench-app-key", appSecret: "bench-app-secret", accessToken: "bench-token", shopCipher: "ROW_bench" };
const big = new TikTokShop({ ...creds, baseUrl: "http://stub", fetch: stubFetch(fixtures.page100), rateLimit: false });
const tiny = new TikTokShop({ ...creds, baseUrl: "http://stub", fetch: stubFetch(fixtures.tiny), rateLimit: false });

/** Mean ms per operation over at least `ms`. */
async function perOp(op, ms) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    await op();
    n++;
    now = performance.now();
  }
  return (now - start) / n;
}

let sink = 0;
const ops = {
  parse: async () => {
    sink += JSON.parse(fixtures.page100).data.orders.length;
  },
  oursBig: async () => {
    sink += (await big.order.getOrderList(ORDER_PARAMS)).orders.length;
  },
  oursTiny: async () => {
    sink += (await tiny.order.getOrderList(ORDER_PARAMS)).orders.length + 100;
  },
};
for (const op of Object.values(ops)) await perOp(op, 300);
const rounds = { parse: [], oursBig: [], oursTiny: [] };
for (let r = 0; r < 5; r++) for (const [name, op] of Object.entries(ops)) rounds[name].push(await perOp(op, roundMs / 2));
const parseMs = median(rounds.parse);
const bigMs = median(rounds.oursBig);
const tinyMs = median(rounds.oursTiny);
if (sink === 0) throw new Error("nothing decoded");
process.stdout.write(JSON.stringify({ bytes: fixtures.page100.length, parseMs, oursBigMs: bigMs, oursTinyMs: tinyMs, oursDecodeMs: bigMs - tinyMs, ratio: (bigMs - tinyMs) / parseMs, rounds }) + "\n");
