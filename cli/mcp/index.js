// tiktok-shop-wasm-cli/mcp: the MCP tools of `tiktok-shop mcp`, for other hosts (a Worker:
// js-examples/cloudflare-mcp). No Node built-ins: it runs wherever tiktok-shop-wasm and the
// MCP SDK run.

export { createTools, DEFAULT_LIMITS, serverFactory, writeGate } from "./tools.js";
export { bearerMatches, mcpHttpHandler, MAX_REQUEST_BYTES } from "./http.js";
export { ToolError } from "./results.js";
export { groupNames } from "./catalog.js";
