// A/B of the per-call cost of package builds, in one process: each build folder is
// loaded side by side (its own wasm instance and glue) and the builds take turns in
// short rounds, so load from other work on the machine falls on all of them alike.
// Prints each build's median calls/s and its ratio to the first build, per round pair.
//
//   node bench/compare.mjs <pkg-dir-A> <pkg-dir-B> [...] [--rounds 15] [--round-ms 300]
//
// A build folder is a pkg/-shaped folder (wasm-pack output + pkg-template), e.g. a copy
// of pkg/ with a changed lib/client.js, or a build with other release-profile settings.

import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { makeFixtures, median, ORDER_PARAMS, stubFetch } from "./lib/common.mjs";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = Number(argv[i + 1]);
  argv.splice(i, 2);
  return v;
};
const rounds = opt("--rounds", 15);
const roundMs = opt("--round-ms", 300);
const dirs = argv.map((d) => resolve(d));
if (dirs.length < 2) {
  console.error("usage: node bench/compare.mjs <pkg-dir-A> <pkg-dir-B> [...]");
  process.exit(2);
}

const fixtures = process.env.BENCH_FIXTURES ? JSON.parse(readFileSync(process.env.BENCH_FIXTURES, "utf8")) : await makeFixtures();
const creds = { appKey: "bench-app-key", appSecret: "bench-app-secret", accessToken: "bench-token", shopCipher: "ROW_bench" };
const variants = [];
for (const dir of dirs) {
  const { TikTokShop } = await import(pathToFileURL(join(dir, "node.js")).href);
  const shop = new TikTokShop({ ...creds, baseUrl: "http://stub", fetch: stubFetch(fixtures.small), rateLimit: false });
  variants.push({ dir, call: () => shop.order.getOrderList(ORDER_PARAMS), rates: [] });
}

async function run(call, ms) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 32; i++) await call();
    n += 32;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

for (const v of variants) await run(v.call, 1000);
for (let r = 0; r < rounds; r++) {
  // Alternate the order so neither build always runs right after a GC-heavy one.
  const order = r % 2 ? [...variants].reverse() : variants;
  for (const v of order) v.rates.push(await run(v.call, roundMs));
}
const base = variants[0];
for (const v of variants) {
  const ratios = v.rates.map((x, i) => x / base.rates[i]);
  console.log(
    `${Math.round(median(v.rates)).toString().padStart(7)} calls/s  (${(1e6 / median(v.rates)).toFixed(1)} µs)  ×${median(ratios).toFixed(3)} vs first  ${v.dir}`,
  );
}
