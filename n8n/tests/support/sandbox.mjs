// The one place the n8n tests get the project's sandbox from. When the sandbox moves to its
// own package (tiktok-shop-wasm-sandbox), this line is the one to change.
export { startSandbox } from "tiktok-shop-wasm/sandbox";
