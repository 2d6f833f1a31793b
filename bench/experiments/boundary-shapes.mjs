// Measures the two shapes of the JS/wasm boundary the package does not use, against the
// one it does (README "Design"): awaiting fetch and the reply inside the core with
// wasm-bindgen-futures, and moving values with serde-wasm-bindgen instead of JSON text.
//
//   git apply bench/experiments/boundary-shapes.patch   (adds the experimental exports)
//   node scripts/build.mjs && cp -r pkg /tmp/exp-pkg && git apply -R bench/experiments/boundary-shapes.patch
//   node bench/experiments/boundary-shapes.mjs /tmp/exp-pkg
//
// Three copies of that one build take turns in bench/compare.mjs (same wasm, so only the
// shape differs): as shipped; `coreCall` (fetch and text() awaited in Rust); params handed
// over as the JS object and read with serde-wasm-bindgen. Then a 100-order page decoded by
// JSON.parse and by serde_json + serde-wasm-bindgen.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { makeFixtures } from "../lib/common.mjs";

const built = resolve(process.argv[2] ?? "");
const work = mkdtempSync(join(tmpdir(), "boundary-shapes-"));
const copy = (name, edits) => {
  const dir = join(work, name);
  cpSync(built, dir, { recursive: true });
  for (const [file, from, to] of edits) {
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    if (!text.includes(from)) throw new Error(`${name}: ${file} no longer has the text this edit replaces`);
    writeFileSync(path, text.replace(from, to));
  }
  return dir;
};

const shipped = copy("shipped", []);
const futures = copy("futures", [
  ["lib/core.js", "  coreFinish,", "  coreFinish,\n  coreCall,"],
  ["lib/core.js", "    return guard(() =>\n      coreSend(", "    return coreCall(this.#handle, call.index, call.params, call.files, call.version, call.shopCipher, fetch, signal, call.getBody).catch((e) => { throw fromCore(e); });\n    return guard(() =>\n      coreSend("],
  ["lib/transport.js", "export async function attempt(send, ctx) {", "export async function attempt(send, ctx) {\n  const e = await send();\n  return { data: e.data, requestId: e.request_id ?? null, httpStatus: 200 };\n}\nasync function unused(send, ctx) {"],
]);
const swb = copy("serde-wasm-bindgen", [
  ["lib/core.js", "  coreFinish,", "  coreFinish,\n  coreSendSwb,"],
  ["lib/core.js", "    return guard(() =>\n      coreSend(", "    if (call.raw) return guard(() => coreSendSwb(this.#handle, call.index, call.raw, fetch, signal));\n    return guard(() =>\n      coreSend("],
  ["lib/client.js", "    const call = {\n      index: entry.index,", "    const call = {\n      raw: params,\n      index: entry.index,"],
  ["lib/client.js", "const { text, files } = paramsText(params, { fileParams: version.files ?? null });", "const { text, files } = version.multipart ? paramsText(params, { fileParams: version.files ?? null }) : { text: \"\", files: undefined };"],
]);

console.log("per call (bench/compare.mjs, the three take turns):");
console.log(execFileSync(process.execPath, [new URL("../compare.mjs", import.meta.url).pathname, shipped, futures, swb, "--rounds", "21"], { encoding: "utf8" }));

const glue = await import(pathToFileURL(join(shipped, "tiktok_shop_wasm.js")).href);
glue.initSync({ module: readFileSync(join(shipped, "tiktok_shop_wasm_bg.wasm")) });
const fixtures = await makeFixtures();
const page = Object.values(fixtures).filter((v) => typeof v === "string").sort((a, b) => b.length - a.length)[0];
const time = (fn, n = 30) => {
  fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
};
const parse = time(() => JSON.parse(page));
const rust = time(() => glue.decodeSwb(page));
console.log(`decoding a ${(page.length / 1024).toFixed(0)} KB page: JSON.parse ${parse.toFixed(2)} ms, serde_json + serde-wasm-bindgen ${rust.toFixed(2)} ms (${(rust / parse).toFixed(2)}x)`);
