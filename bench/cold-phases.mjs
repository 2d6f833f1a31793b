// The package's cold path in phases, in this (fresh) process: `node bench/cold-phases.mjs`.
// Loads the pieces the Node entry loads, one at a time, then builds a client and makes
// a first call against a stub fetch (no network, no undici). Run it a few times: the
// first phase (Node's own start) varies most. BENCH_PKG=<dir> for another build folder.

const t = [["Node start → this script runs", performance.now()]];
const mark = (name) => t.push([name, performance.now()]);
const dir = process.env.BENCH_PKG ?? new URL("../pkg", import.meta.url).pathname;
const { readFileSync } = await import("node:fs");
const glue = await import(`file://${dir}/tiktok_shop_wasm.js`);
mark("import the wasm-bindgen glue");
const bytes = readFileSync(`${dir}/tiktok_shop_wasm_bg.wasm`);
mark("read the .wasm");
const module = new WebAssembly.Module(bytes);
mark("compile it (new WebAssembly.Module)");
glue.initSync({ module });
mark("instantiate it (initSync)");
const api = await import(`file://${dir}/node.js`);
mark("import the API (node.js → runtime/, lib/*)");
const reply = '{"code":0,"message":"Success","request_id":"r","data":{"orders":[],"total_count":0}}';
const shop = new api.TikTokShop({
  appKey: "k",
  appSecret: "s",
  accessToken: "t",
  shopCipher: "c",
  baseUrl: "http://127.0.0.1:9",
  fetch: async () => {
    mark("first getOrderList: until fetch is called");
    return { status: 200, ok: true, headers: { get: () => null }, text: async () => reply };
  },
});
mark("new TikTokShop (operations catalog read, groups installed)");
await shop.order.getOrderList({ page_size: 20, order_status: "AWAITING_SHIPMENT" });
mark("reply decoded");
let prev = 0;
for (const [name, at] of t) {
  console.log(`${(at - prev).toFixed(1).padStart(7)} ms  ${name}`);
  prev = at;
}
console.log(`${(prev - t[0][1]).toFixed(1).padStart(7)} ms  the package, in all (after Node's start)`);
