// What the operations table costs: its bytes (in the .wasm's data, as the JSON the client
// reads at start-up, in the types and the sandbox) and its time (the first construction of
// a client, which reads the operations' names and installs the groups; listOperations()
// the first time). Run in a fresh process: `node bench/lib/catalog.mjs` (JSON on stdout).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { pkgDir, ROOT } from "./common.mjs";

const dir = pkgDir();
const gz = (text) => gzipSync(text, { level: 9 }).length;

/** Bytes of the .wasm's data segments (section 11): the table, the strings, constants. */
function dataSection(bytes) {
  let at = 8;
  const leb = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      n |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return n >>> 0;
      shift += 7;
    }
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    if (id === 11) return size;
    at += size;
  }
  return 0;
}

const wasm = readFileSync(join(dir, "tiktok_shop_wasm_bg.wasm"));
const api = await import(`file://${join(dir, "node.js")}`);
const glue = await import(`file://${join(dir, "tiktok_shop_wasm.js")}`);

const opts = { appKey: "k", appSecret: "s", accessToken: "t", baseUrl: "http://127.0.0.1:9", fetch: async () => new Response("{}") };
let t = performance.now();
new api.TikTokShop(opts);
const firstConstructionMs = performance.now() - t;
t = performance.now();
new api.TikTokShop(opts);
const nextConstructionMs = performance.now() - t;
t = performance.now();
const list = api.listOperations();
const listOperationsMs = performance.now() - t;

const names = glue.operationNamesJson();
const full = glue.listOperationsJson(true);
const file = (path) => readFileSync(join(dir, path));
// The sandbox's catalog, in its own package (what the bench's sandbox serves).
const sandboxCatalog = readFileSync(join(ROOT, "node_modules", "tiktok-shop-wasm-sandbox", "src", "generated", "catalog.js"));
console.log(
  JSON.stringify({
    operations: list.length,
    versions: list.reduce((n, e) => n + e.versions.length, 0),
    wasmDataBytes: dataSection(wasm),
    namesJson: names.length,
    fullJson: full.length,
    typesBytes: file("types/generated/operations.d.ts").length,
    typesGzip: gz(file("types/generated/operations.d.ts")),
    sandboxCatalogBytes: sandboxCatalog.length,
    sandboxCatalogGzip: gz(sandboxCatalog),
    firstConstructionMs,
    nextConstructionMs,
    listOperationsMs,
  }),
);
