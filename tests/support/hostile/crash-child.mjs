// The child process of tests/js/crash.test.mjs, under Node (--expose-gc) or Deno
// (--v8-flags=--expose-gc). One phase per process; prints one JSON report line starting
// with "REPORT " and then returns, so the parent sees whether the process exits by itself
// and with which code.
//
//   phase "bad":    thousands of calls of the kinds that used to unwind through wasm,
//                   forced GC, then good calls (a fresh client, and setAccessToken + a call
//                   on a client that saw the bad uploads)
//   phase "good":   100,000 good calls and 10,000 undecodable replies against a stub fetch
//   phase "timers": a client whose only waiting call is aborted (rate limit 0.001/s), a call
//                   whose fetch never answers, aborted: nothing may keep the process alive
//
// Config: JSON in argv[2] (Node) / Deno.args[0]: { phase, sandboxUrl, appKey, appSecret, n }.

import * as api from "tiktok-shop-wasm";

const deno = globalThis.Deno;
const config = JSON.parse(deno ? deno.args[0] : process.argv[2]);
const rss = () => (deno ? deno.memoryUsage().rss : process.memoryUsage().rss);
const heap = () => (deno ? deno.memoryUsage().heapUsed : process.memoryUsage().heapUsed);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The package's own wasm instance: its exported memory and externref table, when reachable. */
async function wasmExports() {
  try {
    const glue = await import(new URL("./tiktok_shop_wasm.js", import.meta.resolve("tiktok-shop-wasm")).href);
    // Returns the already initialised instance (throws if this is another copy of the glue).
    const exports = glue.initSync();
    const memory = Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
    const table = Object.values(exports).find((v) => v instanceof WebAssembly.Table);
    return { memory, table };
  } catch {
    return {};
  }
}
const wasm = await wasmExports();
const MiB = 1 << 20;

async function collect() {
  if (typeof globalThis.gc !== "function") return false;
  for (let i = 0; i < 5; i++) {
    globalThis.gc();
    await sleep(50);
  }
  return true;
}

function snapshot() {
  return {
    wasmMiB: wasm.memory ? wasm.memory.buffer.byteLength / MiB : null,
    tableSlots: wasm.table ? wasm.table.length : null,
    rssMiB: Math.round(rss() / MiB),
    heapMiB: Math.round(heap() / MiB),
  };
}

function classify(error) {
  if (error instanceof api.TikTokShopError) return "typed";
  const text = `${error?.name} ${error?.message}`;
  if ((typeof WebAssembly !== "undefined" && error instanceof WebAssembly.RuntimeError) || /unreachable|recursive use|borrowed|out of bounds|RuntimeError/.test(text)) return "trap";
  return "raw";
}

function detachedBuffer() {
  const b = new ArrayBuffer(32);
  structuredClone(b, { transfer: [b] });
  return b;
}

const envelope = (data) => JSON.stringify({ code: 0, message: "Success", request_id: "req-1", data });

async function phaseBad() {
  const n = config.n ?? 2000;
  const { sandboxUrl, appKey, appSecret } = config;
  const stubFetch = async () => new Response(envelope({ shops: [] }), { status: 200, headers: { "content-type": "application/json" } });
  const base = { appKey, appSecret, baseUrl: "http://127.0.0.1:9", fetch: stubFetch, rateLimit: false, retries: 0, accessToken: "at-crash" };
  const victim = new api.TikTokShop(base);
  const trapGetter = () => ({ get a() { throw new Error("hostile getter"); } });
  const kinds = {
    "verifyWebhook(detached ArrayBuffer body)": () => api.verifyWebhook({ appKey, appSecret, body: detachedBuffer(), signature: "0".repeat(64) }),
    "upload with detached data": () => victim.product.uploadProductImage({ data: detachedBuffer(), use_case: "MAIN_IMAGE" }),
    "upload with Proxy params": () => victim.product.uploadProductImage(new Proxy({}, { get() { throw new Error("trap"); }, ownKeys() { throw new Error("trap"); } })),
    "signRequest(query getter throws)": () => api.signRequest({ appSecret, path: "/x", query: trapGetter() }),
    "signRequest(query value toString throws)": () => api.signRequest({ appSecret, path: "/x", query: { a: [{ toString() { throw new Error("t"); } }] } }),
    "fetch whose Response status getter throws": () =>
      new api.TikTokShop({ ...base, fetch: async () => ({ get status() { throw new Error("status"); }, headers: new Headers(), text: async () => "{}" }) }).seller.getActiveShops(),
    "setAccessToken(0 | true | {})": (i) => new api.TikTokShop(base).setAccessToken([0, true, {}][i % 3]),
  };
  const before = snapshot();
  const outcomes = {};
  const started = Date.now();
  const round = async () => {
    for (const [label, fn] of Object.entries(kinds)) {
      const counts = (outcomes[label] ??= { typed: 0, raw: 0, trap: 0, ok: 0 });
      // verifyWebhook is the cheapest: more of them (wasm memory used to grow past ~10,000).
      const times = label.startsWith("verifyWebhook") ? 6 * n : n;
      for (let i = 0; i < times; i++) {
        try {
          await fn(i);
          counts.ok += 1;
        } catch (error) {
          counts[classify(error)] += 1;
        }
      }
    }
  };
  // Twice, with GC in between: a leak grows each round; the high-water mark of the first
  // (thousands of clients alive at once, each holding its token in the table) does not.
  await round();
  const afterBad = snapshot();
  const gc = await collect();
  const afterGc = snapshot();
  await round();
  await collect();
  const afterSecond = snapshot();
  // Good calls over real HTTP against the sandbox.
  const good = {};
  try {
    const tokens = await (await fetch(`${sandboxUrl}/__sandbox/tokens`, { method: "POST" })).json();
    const real = { appKey, appSecret, baseUrl: sandboxUrl, authBaseUrl: sandboxUrl, rateLimit: false };
    try {
      const { shops } = await new api.TikTokShop({ ...real, accessToken: tokens.access_token }).seller.getActiveShops();
      good.freshClient = Array.isArray(shops) ? "ok" : "no shops";
    } catch (error) {
      good.freshClient = `${classify(error)}: ${error?.message}`;
    }
    try {
      victim.setAccessToken(tokens.access_token);
      good.victimSetAccessToken = "ok";
    } catch (error) {
      good.victimSetAccessToken = `${classify(error)}: ${error?.message}`;
    }
    try {
      const { shops } = await new api.TikTokShop({ ...real, accessToken: tokens.access_token }).authorization.getAuthorizedShops();
      good.secondCall = Array.isArray(shops) ? "ok" : "no shops";
    } catch (error) {
      good.secondCall = `${classify(error)}: ${error?.message}`;
    }
  } catch (error) {
    good.sandbox = `${error?.message}`;
  }
  return { n, calls: Object.values(outcomes).reduce((a, c) => a + c.typed + c.raw + c.trap + c.ok, 0), kinds: Object.keys(kinds).length, outcomes, before, afterBad, afterGc, afterSecond, gc, good, ms: Date.now() - started };
}

async function phaseGood() {
  const { appKey, appSecret } = config;
  const n = config.n ?? 100_000;
  const body = envelope({ shops: [{ id: "7000000000000000001", name: "Shop", region: "US", seller_type: "LOCAL", cipher: "c" }] });
  const stubFetch = async () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  const client = new api.TikTokShop({ appKey, appSecret, accessToken: "at-good", fetch: stubFetch, rateLimit: false });
  for (let i = 0; i < 1000; i++) await client.seller.getActiveShops(); // warm up
  await collect();
  const before = snapshot();
  const started = Date.now();
  let answered = 0;
  for (let i = 0; i < n; i++) {
    const data = await client.seller.getActiveShops();
    if (data?.shops?.[0]?.id === "7000000000000000001") answered += 1;
  }
  const ms = Date.now() - started;
  await collect();
  const after = snapshot();
  // Undecodable replies: each used to keep a wasm-bindgen table slot.
  const html = async () => new Response("<html>bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } });
  const broken = new api.TikTokShop({ appKey, appSecret, accessToken: "at-good", fetch: html, rateLimit: false, retries: 0 });
  const undecodable = 10_000;
  let typed = 0;
  for (let i = 0; i < undecodable; i++) {
    try {
      await broken.seller.getActiveShops();
    } catch (error) {
      if (error instanceof api.TikTokShopError) typed += 1;
    }
  }
  await collect();
  const afterUndecodable = snapshot();
  return { n, answered, ms, perSecond: Math.round(n / (ms / 1000)), before, after, undecodable, typed, afterUndecodable };
}

async function phaseTimers() {
  const { appKey, appSecret } = config;
  const stubFetch = async () => new Response(envelope({ shops: [] }), { status: 200 });
  const slow = new api.TikTokShop({ appKey, appSecret, accessToken: "at-t", fetch: stubFetch, rateLimit: { requestsPerSecond: 0.001, burst: 1 } });
  await slow.seller.getActiveShops(); // takes the only slot
  const controller = new AbortController();
  const waiting = slow.seller.getActiveShops(undefined, { signal: controller.signal }).then(() => "resolved", (e) => `rejected: ${e?.name}`);
  setTimeout(() => controller.abort(), 100);
  const rateLimited = await waiting;
  // A fetch that never answers (but honours its signal, as fetch does): a caller who gives
  // up, and a call that times out.
  const neverFetch = (url, init) => new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal.reason)));
  const never = new api.TikTokShop({ appKey, appSecret, accessToken: "at-t", fetch: neverFetch, rateLimit: false, retries: 0 });
  const c2 = new AbortController();
  const hung = never.seller.getActiveShops(undefined, { signal: c2.signal, timeoutMs: 60_000 }).then(() => "resolved", (e) => `rejected: ${e?.name}`);
  setTimeout(() => c2.abort(), 100);
  const aborted = await hung;
  const timedOut = await never.seller.getActiveShops(undefined, { timeoutMs: 200 }).then(() => "resolved", (e) => `rejected: ${e?.name} ${e?.kind}`);
  return { rateLimited, aborted, timedOut };
}

const phases = { bad: phaseBad, good: phaseGood, timers: phaseTimers };
const report = await phases[config.phase]();
console.log(`REPORT ${JSON.stringify({ phase: config.phase, runtime: deno ? "deno" : "node", gcExposed: typeof globalThis.gc === "function", wasmReachable: Boolean(wasm.memory), ...report })}`);
// Give the finalizers of everything collected a chance to run before the process ends.
if (config.phase !== "timers") {
  await collect();
  await sleep(200);
}
