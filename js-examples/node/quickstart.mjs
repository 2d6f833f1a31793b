// Quick start: exchange an authorization code, list the authorized shops, page through
// a shop's orders and print a summary.
//
//   TIKTOK_SHOP_APP_KEY=... TIKTOK_SHOP_APP_SECRET=... TIKTOK_SHOP_AUTH_CODE=... node quickstart.mjs
//
// TIKTOK_SHOP_BASE_URL / TIKTOK_SHOP_AUTH_BASE_URL point it at another host (`npm start`
// points them at the built-in sandbox).

import { exchangeAuthCode, TikTokShop, TikTokShopError } from "tiktok-shop-wasm";

const env = process.env;
const options = {
  appKey: env.TIKTOK_SHOP_APP_KEY,
  appSecret: env.TIKTOK_SHOP_APP_SECRET,
  baseUrl: env.TIKTOK_SHOP_BASE_URL,
  authBaseUrl: env.TIKTOK_SHOP_AUTH_BASE_URL,
};

try {
  const tokens = await exchangeAuthCode({ ...options, authCode: env.TIKTOK_SHOP_AUTH_CODE });
  const days = (tokens.expires_in / 86400).toFixed(1);
  console.log(`Authorized ${tokens.seller_name} (${tokens.seller_base_region}); access token valid for ${days} days.`);

  const account = new TikTokShop({ ...options, accessToken: tokens.access_token });
  const { shops } = await account.authorization.getAuthorizedShops();
  console.log(`\n${shops.length} authorized shop(s):`);
  for (const s of shops) console.log(`  ${s.name.padEnd(28)} ${s.region}  ${s.id}`);

  const shop = new TikTokShop({ ...options, accessToken: tokens.access_token, shopCipher: shops[0].cipher });
  const byStatus = new Map();
  const revenue = new Map();
  let pages = 0;
  let pageToken;
  do {
    const page = await shop.order.getOrderList({ page_size: 100, page_token: pageToken, sort_field: "create_time" });
    pages += 1;
    for (const order of page.orders ?? []) {
      byStatus.set(order.status, (byStatus.get(order.status) ?? 0) + 1);
      const { currency, total_amount } = order.payment ?? {};
      if (order.status !== "CANCELLED" && currency) revenue.set(currency, (revenue.get(currency) ?? 0) + Number(total_amount ?? 0));
    }
    pageToken = page.next_page_token;
  } while (pageToken);

  const total = [...byStatus.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${shops[0].name}: ${total} orders in ${pages} pages`);
  for (const [status, n] of [...byStatus].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${status.padEnd(22)} ${String(n).padStart(5)}`);
  }
  for (const [currency, amount] of revenue) console.log(`  revenue (not cancelled)  ${amount.toFixed(2)} ${currency}`);
} catch (error) {
  if (!(error instanceof TikTokShopError)) throw error;
  console.error(`TikTok Shop error (${error.kind}${error.code ? `, code ${error.code}` : ""}): ${error.message}`);
  if (error.requestId) console.error(`request id: ${error.requestId}`);
  process.exitCode = 1;
}
