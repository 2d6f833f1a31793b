// What the Worker's environment says: the client options every part shares, and the MCP
// server's write gate and bounds.

import { groupNames } from "tiktok-shop-wasm-cli/mcp";

/** Each client option and the variable that holds it (an empty one is left out). */
const CLIENT_OPTIONS = {
  appKey: "TIKTOK_SHOP_APP_KEY",
  appSecret: "TIKTOK_SHOP_APP_SECRET",
  baseUrl: "TIKTOK_SHOP_BASE_URL",
  authBaseUrl: "TIKTOK_SHOP_AUTH_BASE_URL",
};

export function clientOptions(env) {
  return Object.fromEntries(Object.entries(CLIENT_OPTIONS).map(([option, name]) => [option, env[name] || undefined]));
}

/** ALLOW_WRITES: "" or "false" (read-only), "true" (every group), or group names. */
function allowWrites(text = "") {
  const value = text.trim();
  if (value === "" || value === "false") return false;
  if (value === "true") return true;
  const groups = value.split(",").map((g) => g.trim()).filter(Boolean);
  const known = new Set(groupNames());
  const unknown = groups.filter((g) => !known.has(g));
  if (unknown.length) throw new Error(`ALLOW_WRITES names unknown groups: ${unknown.join(", ")}`);
  return groups;
}

const positive = (text) => (/^\d+$/.test(text ?? "") && Number(text) > 0 ? Number(text) : undefined);

export function serverSettings(env) {
  return {
    allowWrites: allowWrites(env.ALLOW_WRITES),
    limits: { maxItems: positive(env.MCP_MAX_ITEMS), maxBytes: positive(env.MCP_MAX_BYTES) },
  };
}
