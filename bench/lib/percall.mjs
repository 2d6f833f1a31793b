// Per-call overhead, one client per process (so no client's JIT state or garbage
// affects another's): `node percall.mjs <ours|mini|mini-webcrypto|sdk> <fixtures.json>`.
// Each client first sends one real call to an in-process sandbox, which checks the
// signature, the timestamp, the token and shop_cipher (so every client measured does the
// real work correctly), then calls `getOrderList` back to back against a fetch that
// answers at once with the canned reply. Prints one JSON line.
// BENCH_REAL_RESPONSE=1: the stub builds a real `Response` each call.

import { readFileSync } from "node:fs";
import { callsPerSecond, ORDER_PARAMS, pkgImport, SANDBOX, SDK_ORDER_PARAMS, stubFetch } from "./common.mjs";

const [which, fixturesFile] = process.argv.slice(2);
const fixtures = JSON.parse(readFileSync(fixturesFile, "utf8"));
const real = process.env.BENCH_REAL_RESPONSE === "1";
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

const { createSandbox } = await import(SANDBOX);
const sb = createSandbox({ seed: 1 });
const tokens = sb.issueTokens();
const cipher = sb.shop.summary().shops[0].cipher;
const creds = { appKey: sb.appKey, appSecret: sb.appSecret, accessToken: tokens.access_token, shopCipher: cipher };

/** A fetch into the sandbox; `rewrite` points another client's fixed host at it. */
const sandboxFetch = (rewrite) => async (url, init) => {
  const u = rewrite ? String(url).replace(/^https:\/\/open-api\.tiktokglobalshop\.com/, "http://sandbox") : url;
  return sb.fetch(new Request(u, init));
};

const stub = stubFetch(fixtures.small, { real });
let call;
let verify;

if (which === "ours") {
  const { TikTokShop } = await import(pkgImport());
  verify = () => new TikTokShop({ ...creds, baseUrl: "http://sandbox", fetch: sandboxFetch(false), rateLimit: false }).order.getOrderList(ORDER_PARAMS);
  const shop = new TikTokShop({ ...creds, baseUrl: "http://sandbox", fetch: stub, rateLimit: false });
  call = () => shop.order.getOrderList(ORDER_PARAMS);
} else if (which === "mini" || which === "mini-webcrypto") {
  const { MiniClient } = await import("./minijs.mjs");
  const crypto = which === "mini" ? "node" : "webcrypto";
  verify = () => new MiniClient({ ...creds, baseUrl: "http://sandbox", fetch: sandboxFetch(false), crypto }).getOrderList(ORDER_PARAMS);
  const client = new MiniClient({ ...creds, baseUrl: "http://sandbox", fetch: stub, crypto });
  call = () => client.getOrderList(ORDER_PARAMS);
} else if (which === "sdk") {
  // tiktok-shop-sdk takes no fetch option and fixes its host: it calls the global
  // `fetch` at each request, so the global is swapped for the stub (in-process, no network).
  const { TikTokShopSDK } = await import("tiktok-shop-sdk");
  const sdk = new TikTokShopSDK({ appKey: creds.appKey, appSecret: creds.appSecret });
  sdk.setAccessToken(creds.accessToken);
  sdk.setShopCipher(creds.shopCipher);
  verify = async () => {
    const saved = globalThis.fetch;
    globalThis.fetch = sandboxFetch(true);
    try {
      return (await sdk.order.getOrderList(SDK_ORDER_PARAMS)).data;
    } finally {
      globalThis.fetch = saved;
    }
  };
  call = () => sdk.order.getOrderList(SDK_ORDER_PARAMS);
} else {
  throw new Error(`unknown client ${which}`);
}

// The same call, checked by the sandbox.
const verified = await verify();
if (!Array.isArray(verified?.orders)) throw new Error(`${which}: the sandbox did not accept the call`);
if (which === "sdk") globalThis.fetch = stub;

const check = async () => {
  const data = await call();
  const orders = which === "sdk" ? data.data.orders : data.orders;
  if (orders?.length !== 1) throw new Error(`${which}: unexpected reply through the stub`);
};
const result = await callsPerSecond(call, { roundMs, rounds, check });
process.stdout.write(JSON.stringify({ client: which, real, replyBytes: fixtures.small.length, ...result }) + "\n");
