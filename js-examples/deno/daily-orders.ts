// A Deno automation: export one day's orders (yesterday by default, UTC) to NDJSON. The
// client refreshes the access token by itself when it is about to expire (or has) and
// saves the rotated tokens to the token file first.
//
//   deno run --allow-net --allow-env --allow-read --allow-write daily-orders.ts [--date 2025-06-01] [--out orders.ndjson]
//
// Environment: TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET, TIKTOK_SHOP_SHOP_CIPHER,
// TIKTOK_SHOP_TOKEN_FILE (JSON written by a previous run or by the OAuth callback:
// { access_token, access_token_expire_in, refresh_token }), and optionally
// TIKTOK_SHOP_BASE_URL / TIKTOK_SHOP_AUTH_BASE_URL.

import { TikTokShop, TikTokShopError } from "tiktok-shop-wasm";

interface StoredTokens {
  access_token: string;
  access_token_expire_in: number;
  refresh_token: string;
}

function arg(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

function env(name: string): string {
  const value = Deno.env.get(name);
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const options = {
  appKey: env("TIKTOK_SHOP_APP_KEY"),
  appSecret: env("TIKTOK_SHOP_APP_SECRET"),
  baseUrl: Deno.env.get("TIKTOK_SHOP_BASE_URL"),
  authBaseUrl: Deno.env.get("TIKTOK_SHOP_AUTH_BASE_URL"),
};
const tokenFile = env("TIKTOK_SHOP_TOKEN_FILE");

/**
 * The token file as the client's token store: read on the first call; a rotated token set
 * is written back before the client uses it, so the refresh token is never lost.
 */
const tokenStore = {
  async get(): Promise<StoredTokens> {
    return JSON.parse(await Deno.readTextFile(tokenFile));
  },
  async set(tokens: StoredTokens) {
    const { access_token, access_token_expire_in, refresh_token } = tokens;
    await Deno.writeTextFile(tokenFile, JSON.stringify({ access_token, access_token_expire_in, refresh_token }));
    console.error("access token refreshed");
  },
};

const day = arg("date") ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const start = Date.parse(`${day}T00:00:00Z`) / 1000;
if (Number.isNaN(start)) throw new Error(`--date must be YYYY-MM-DD, got ${day}`);
const out = arg("out") ?? `orders-${day}.ndjson`;

try {
  const shop = new TikTokShop({ ...options, tokenStore, shopCipher: env("TIKTOK_SHOP_SHOP_CIPHER") });
  const file = await Deno.open(out, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let count = 0;
  try {
    for await (const order of shop.order.getOrderList.all({ create_time_ge: start, create_time_lt: start + 86_400 })) {
      await file.write(encoder.encode(JSON.stringify(order) + "\n"));
      count += 1;
    }
  } finally {
    file.close();
  }
  console.log(`${count} orders created on ${day} written to ${out}`);
} catch (error) {
  if (!(error instanceof TikTokShopError)) throw error;
  console.error(`TikTok Shop error (${error.kind}${error.code ? `, code ${error.code}` : ""}): ${error.message}`);
  Deno.exit(1);
}
