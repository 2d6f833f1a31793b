// The compiled .wasm, by a source-phase import: Deno loads it as a module of the graph,
// without the read permission a file read would need. A module of its own, imported
// dynamically by deno.js, so a Deno without source-phase imports falls back to reading it.
import source wasm from "../tiktok_shop_wasm_bg.wasm";

export default wasm;
