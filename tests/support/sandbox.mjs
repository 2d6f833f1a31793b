// The offline TikTok Shop for the MCP tests, imported from this one place: when the sandbox
// moves to its own package (tiktok-shop-wasm-sandbox), this line is the one that changes.
export { startSandbox } from "tiktok-shop-wasm/sandbox";
