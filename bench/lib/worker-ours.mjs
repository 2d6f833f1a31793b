// The Worker of the workerd cold start: on its first request it builds a client from
// the package and calls getOrderList against the bench's server (TARGET).
import { TikTokShop } from "tiktok-shop-wasm";

export default {
  async fetch(_request, env) {
    const shop = new TikTokShop({
      appKey: env.APP_KEY,
      appSecret: env.APP_SECRET,
      accessToken: env.ACCESS_TOKEN,
      shopCipher: env.SHOP_CIPHER,
      baseUrl: env.TARGET,
    });
    const page = await shop.order.getOrderList({ page_size: 20, sort_field: "create_time", order_status: "AWAITING_SHIPMENT", create_time_ge: 1700000000 });
    return new Response(String(page.orders.length));
  },
};
