// Shared pieces of the benchmark: paths, statistics, the machine, the fixtures taken
// from the sandbox, and the stub fetch that answers at once.

import { realpathSync } from "node:fs";
import { readFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const BENCH = join(ROOT, "bench");
export const LIB = join(BENCH, "lib");

/**
 * What to import for the library: the installed `tiktok-shop-wasm` (pkg/), or the Node entry
 * of another build folder when BENCH_PKG names one (used to compare release-profile and
 * wasm-opt variants).
 */
export function pkgImport() {
  const dir = process.env.BENCH_PKG;
  return dir ? pathToFileURL(join(resolve(dir), "node.js")).href : "tiktok-shop-wasm";
}

/**
 * The sandbox the bench serves its replies from: the tiktok-shop-wasm-sandbox package as
 * scripts/build.mjs installed it from its tarball, whichever library build is measured.
 */
export const SANDBOX = "tiktok-shop-wasm-sandbox";

/** The package folder measured: BENCH_PKG, or pkg/ itself. */
export function pkgDir() {
  return process.env.BENCH_PKG ? resolve(process.env.BENCH_PKG) : realpathSync(join(ROOT, "pkg"));
}

/** The getOrderList parameters every client sends: two query and two body parameters. */
export const ORDER_PARAMS = { page_size: 20, sort_field: "create_time", order_status: "AWAITING_SHIPMENT", create_time_ge: 1700000000 };
/** The same call in tiktok-shop-sdk's shape ({ query, body }). */
export const SDK_ORDER_PARAMS = {
  query: { page_size: 20, sort_field: "create_time" },
  body: { order_status: "AWAITING_SHIPMENT", create_time_ge: 1700000000 },
};

export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function machine() {
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]+)"?/m);
    if (pretty) osName = `${pretty[1]} (${os.type()} ${os.release()})`;
  } catch {}
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: osName,
  };
}

/** Drops empty strings, zeros and empty arrays (fields a real reply leaves unset). */
function prune(v) {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== "" && x !== 0 && !(Array.isArray(x) && x.length === 0))
        .map(([k, x]) => [k, prune(x)]),
    );
  }
  return v;
}

/**
 * Real replies of the sandbox (an in-process `createSandbox()`, seed 1), fetched through the
 * minimal client so the package under test plays no part in making them:
 * - `small`: a one-order `getOrderList` page, its order cut to one line item and unset
 *   fields (about 2.9 KB): the canned reply of the per-call benchmark;
 * - `page100`: the 100-order page, unchanged (about 427 KB): the decoding benchmark;
 * - `tiny`: an empty page (`orders: []`), the reference of the decoding benchmark.
 */
export async function makeFixtures() {
  const { createSandbox } = await import(SANDBOX);
  const { MiniClient } = await import("./minijs.mjs");
  const sb = createSandbox({ seed: 1 });
  const tokens = sb.issueTokens();
  const cipher = sb.shop.summary().shops[0].cipher;
  let text;
  const fetch = async (url, init) => {
    const r = await sb.fetch(new Request(url, init));
    text = await r.text();
    return new Response(text, { status: r.status, headers: r.headers });
  };
  const client = new MiniClient({ appKey: sb.appKey, appSecret: sb.appSecret, accessToken: tokens.access_token, shopCipher: cipher, baseUrl: "http://sandbox", fetch });
  await client.getOrderList({ page_size: 1, order_status: "AWAITING_SHIPMENT" });
  const one = JSON.parse(text);
  const order = prune({ ...one.data.orders[0], line_items: one.data.orders[0].line_items.slice(0, 1) });
  const small = JSON.stringify({ ...one, data: { ...one.data, orders: [order] } });
  await client.getOrderList({ page_size: 100 });
  const page100 = text;
  if (JSON.parse(page100).data.orders.length !== 100) throw new Error("the sandbox did not return 100 orders");
  const tiny = JSON.stringify({ code: 0, message: "Success", request_id: one.request_id, data: { orders: [], total_count: 0 } });
  return { small, page100, tiny };
}

/** A `Response` stand-in: what a fetch that answers at once hands back. */
class StubResponse {
  constructor(text, headers) {
    this._text = text;
    this.headers = headers;
    this.bodyUsed = false;
  }
  get status() {
    return 200;
  }
  get ok() {
    return true;
  }
  get statusText() {
    return "OK";
  }
  get url() {
    return "";
  }
  get redirected() {
    return false;
  }
  get type() {
    return "basic";
  }
  get body() {
    return null;
  }
  text() {
    this.bodyUsed = true;
    return Promise.resolve(this._text);
  }
  json() {
    this.bodyUsed = true;
    return Promise.resolve(JSON.parse(this._text));
  }
  arrayBuffer() {
    this.bodyUsed = true;
    return Promise.resolve(new TextEncoder().encode(this._text).buffer);
  }
  clone() {
    return new StubResponse(this._text, this.headers);
  }
}

/**
 * A fetch that answers every call at once with `text` (status 200, JSON). `real: true`
 * builds a real `Response` each time instead of the stand-in (costs a few µs more).
 */
export function stubFetch(text, { real = false } = {}) {
  const requestId = JSON.parse(text).request_id ?? "";
  const init = { status: 200, headers: { "content-type": "application/json", "x-tt-logid": requestId } };
  if (real) return (_url, _init) => Promise.resolve(new Response(text, init));
  const headers = new Headers(init.headers);
  return (_url, _init) => Promise.resolve(new StubResponse(text, headers));
}

/**
 * Runs `call` (async) back to back: a warm-up, then `rounds` rounds of at least `roundMs`
 * each; returns calls/s per round and their median, by the wall clock and by the
 * process's CPU time (user + system, all threads: steadier when other work shares the
 * machine).
 */
export async function callsPerSecond(call, { warmupMs = 1000, rounds = 5, roundMs = 1000, check } = {}) {
  const run = async (ms) => {
    let n = 0;
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < 64; i++) await call();
      n += 64;
      now = performance.now();
    }
    const cpu = process.cpuUsage(cpu0);
    return { wall: (n * 1000) / (now - start), cpu: (n * 1e6) / (cpu.user + cpu.system) };
  };
  await run(warmupMs);
  if (check) await check();
  const perRound = [];
  const perRoundCpu = [];
  for (let r = 0; r < rounds; r++) {
    const { wall, cpu } = await run(roundMs);
    perRound.push(wall);
    perRoundCpu.push(cpu);
  }
  return { perRound, median: median(perRound), perRoundCpu, medianCpu: median(perRoundCpu) };
}
