// The tiktok-shop MCP tools on Cloudflare: the same definitions as `tiktok-shop mcp`
// (tiktok-shop-wasm-cli/mcp), served over Streamable HTTP from a Worker, each shop's
// tokens and rate budget in its Durable Object (tiktok-shop-wasm/cloudflare).
//
//   POST /mcp                        MCP (Authorization: Bearer MCP_TOKEN); stateless, so
//                                    any isolate answers any request
//   GET  /oauth/start                a seller authorizes the app (TikTok's page)
//   GET  /oauth/callback?code&state  tokens to the shops' objects, the shops recorded
//
// Bindings: SHOPS (Durable Object namespace of Shop), TIKTOK_SHOP_APP_KEY,
// TIKTOK_SHOP_APP_SECRET and MCP_TOKEN (secrets), TIKTOK_SHOP_SERVICE_ID, ALLOW_WRITES;
// optional MCP_MAX_ITEMS, MCP_MAX_BYTES, TIKTOK_SHOP_BASE_URL, TIKTOK_SHOP_AUTH_BASE_URL
// and TIKTOK_SHOP_AUTHORIZE_URL (another host, e.g. the sandbox).

import { TikTokShopError } from "tiktok-shop-wasm";
import { createTools, mcpHttpHandler, serverFactory } from "tiktok-shop-wasm-cli/mcp";
import { workerHost } from "./host.js";
import { oauthCallback, oauthStart } from "./oauth.js";
import { serverSettings } from "./settings.js";

export { Shop } from "./shop.js";

/** The MCP endpoint of this isolate's environment (per origin: the hints name it), made once. */
const endpoints = new WeakMap();
function mcpEndpoint(env, origin) {
  if (!endpoints.has(env)) endpoints.set(env, new Map());
  const byOrigin = endpoints.get(env);
  if (!byOrigin.has(origin)) {
    const tools = createTools(workerHost(env, origin), serverSettings(env));
    byOrigin.set(origin, mcpHttpHandler({ newServer: serverFactory(tools, { name: "tiktok-shop", version: "0.1.0" }), token: env.MCP_TOKEN }));
  }
  return byOrigin.get(origin);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === "/mcp") {
        if (!env.MCP_TOKEN || env.MCP_TOKEN.length < 16) return Response.json({ error: "set the MCP_TOKEN secret (16 characters or more)" }, { status: 503 });
        return await mcpEndpoint(env, url.origin)(request);
      }
      if (url.pathname === "/oauth/start") return await oauthStart(url, env);
      if (url.pathname === "/oauth/callback") return await oauthCallback(url, env);
      if (url.pathname === "/") return new Response("TikTok Shop MCP server: POST /mcp with Authorization: Bearer <MCP_TOKEN>; sellers authorize at /oauth/start\n");
      return new Response("not found", { status: 404 });
    } catch (error) {
      // A TikTokShopError holds no secret: safe to log and to return.
      const kind = error instanceof TikTokShopError ? error.kind : "internal";
      console.error(`${url.pathname}: ${kind}: ${error?.message}`);
      return Response.json({ error: kind, code: error?.code ?? null, requestId: error?.requestId ?? null }, { status: kind === "invalid_request" || kind === "auth" ? 400 : 502 });
    }
  },
};
