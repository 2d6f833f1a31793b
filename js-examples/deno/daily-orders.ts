// A Deno automation: export one day's orders (yesterday by default, UTC) to NDJSON,
// refreshing the access token first when it is about to expire.
//
//   deno run --allow-net --allow-env --allow-read --allow-write daily-orders.ts [--date 2025-06-01] [--out orders.ndjson]
//
// Environment: TIKTOK_SHOP_APP_KEY, TIKTOK_SHOP_APP_SECRET, TIKTOK_SHOP_SHOP_CIPHER,
// TIKTOK_SHOP_TOKEN_FILE (JSON written by a previous run or by the OAuth callback:
// { access_token, access_token_expire_in, refresh_token }), and optionally
// TIKTOK_SHOP_BASE_URL / TIKTOK_SHOP_AUTH_BASE_URL.

import { refreshAccessToken, TikTokShop, TikTokShopError } from "tiktok-shop-wasm";

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

/** The stored tokens, refreshed (and saved before use) when they expire within 5 minutes. */
async function currentTokens(): Promise<StoredTokens> {
  const stored: StoredTokens = JSON.parse(await Deno.readTextFile(tokenFile));
  if (stored.access_token_expire_in - Date.now() / 1000 > 300) return stored;
  const fresh = await refreshAccessToken({ ...options, refreshToken: stored.refresh_token });
  const next = {
    access_token: fresh.access_token,
    access_token_expire_in: fresh.access_token_expire_in,
    refresh_token: fresh.refresh_token,
  };
  // The refresh token may have rotated: save it before anything else can fail.
  await Deno.writeTextFile(tokenFile, JSON.stringify(next));
  console.error("access token refreshed");
  return next;
}

const day = arg("date") ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const start = Date.parse(`${day}T00:00:00Z`) / 1000;
if (Number.isNaN(start)) throw new Error(`--date must be YYYY-MM-DD, got ${day}`);
const out = arg("out") ?? `orders-${day}.ndjson`;

try {
  const tokens = await currentTokens();
  const shop = new TikTokShop({ ...options, accessToken: tokens.access_token, shopCipher: env("TIKTOK_SHOP_SHOP_CIPHER") });
  const file = await Deno.open(out, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  let count = 0;
  let pageToken: string | undefined;
  try {
    do {
      const page = await shop.order.getOrderList({
        page_size: 100,
        page_token: pageToken,
        create_time_ge: start,
        create_time_lt: start + 86_400,
      });
      for (const order of page.orders ?? []) {
        await file.write(encoder.encode(JSON.stringify(order) + "\n"));
        count += 1;
      }
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
  } finally {
    file.close();
  }
  console.log(`${count} orders created on ${day} written to ${out}`);
} catch (error) {
  if (!(error instanceof TikTokShopError)) throw error;
  console.error(`TikTok Shop error (${error.kind}${error.code ? `, code ${error.code}` : ""}): ${error.message}`);
  Deno.exit(1);
}
