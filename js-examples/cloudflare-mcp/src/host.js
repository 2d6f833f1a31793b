// The Worker as a host of the MCP tools (tiktok-shop-wasm-cli/mcp): a client per shop
// whose tokens and rate budget stay in the shop's Durable Object, and the shops the app
// object has recorded.

import { APP_OBJECT, objectNamed, shopClient } from "tiktok-shop-wasm/cloudflare";
import { ToolError } from "tiktok-shop-wasm-cli/mcp";
import { clientOptions } from "./settings.js";

export function workerHost(env, origin) {
  const app = () => objectNamed(env.SHOPS, APP_OBJECT);

  /** The shop a call is for: the one given (id or cipher), or the only one there is. */
  async function shopId(shop) {
    const shops = await app().shopList();
    if (shop === undefined) {
      if (shops.length === 1) return shops[0].id;
      throw new ToolError("invalid_arguments", shops.length ? `this server serves ${shops.length} shops: name one in \`shop\`` : "no shop has authorized the app yet", {
        field: "shop",
        next: shops.length ? "list_shops shows the shops" : `a seller authorizes the app at ${origin}/oauth/start`,
      });
    }
    const found = shops.find((s) => s.id === shop || s.cipher === shop);
    if (!found) throw new ToolError("invalid_arguments", "no authorized shop has the id or cipher given in `shop`", { field: "shop", next: "list_shops shows the shops" });
    return found.id;
  }

  return {
    hints: {
      authorize: `the seller authorizes the app again at ${origin}/oauth/start`,
      credentials: "the Worker's TIKTOK_SHOP_APP_KEY and TIKTOK_SHOP_APP_SECRET",
      allowWrites: "the Worker's ALLOW_WRITES setting must name this group (or be \"true\") if the user wants this change made",
      tokens: "each shop's Durable Object keeps them",
    },
    secrets: () => [env.TIKTOK_SHOP_APP_SECRET, env.MCP_TOKEN],
    log: ({ tool, operation, outcome, ms }) => console.log(`mcp ${tool}${operation ? ` ${operation}` : ""}: ${outcome} (${ms} ms)`),
    async resolve({ shop }) {
      return { client: await shopClient(env.SHOPS, await shopId(shop), clientOptions(env)), options: {} };
    },
    async listShops() {
      const shops = await app().shopList();
      // Each object says whether it still holds usable tokens.
      const states = await Promise.all(shops.map((s) => objectNamed(env.SHOPS, s.id).describe()));
      return {
        shops: shops.map((s, i) => ({ ...s, authorized: states[i].authorized, reauthorize: states[i].reauthorize, default: shops.length === 1 })),
      };
    },
  };
}
