// tiktok-shop-wasm/cloudflare as an app types it (compiled by tsc in
// tests/js/cloudflare-shops.test.mjs), including lines that must NOT compile.

import { createWebhookDeduper, type TikTokShop } from "tiktok-shop-wasm";
import {
  appClient,
  shopClient,
  shopDedupeStore,
  shopRateLimiter,
  shopTokenStore,
  objectNamed,
  TikTokShopObject,
  type ShopObjectNamespace,
  type ShopObjectOptions,
} from "tiktok-shop-wasm/cloudflare";

interface Env {
  SHOPS: ShopObjectNamespace<Shop>;
  APP_KEY: string;
  APP_SECRET: string;
}

export class Shop extends TikTokShopObject<Env> {
  options(env: Env): ShopObjectOptions {
    return { appKey: env.APP_KEY, appSecret: env.APP_SECRET, objects: env.SHOPS, rateLimit: { requestsPerSecond: 40 } };
  }

  async sync(): Promise<number> {
    const client: TikTokShop = this.client();
    const pass = await this.syncUpdated("orders", {
      list: (params) => client.order.getOrderList({ ...params, page_size: 100 }),
      write: (page) => page.orders?.length ?? 0,
    });
    const cursor: number = pass.since;
    this.state.set("last", cursor);
    return pass.items;
  }
}

export async function worker(env: Env, shopId: string): Promise<void> {
  const stub = objectNamed(env.SHOPS, shopId);
  const shop = await stub.describe();
  if (!shop.authorized) return;
  const options = { appKey: env.APP_KEY, appSecret: env.APP_SECRET };
  const client = await shopClient(env.SHOPS, shopId, options);
  await client.order.getOrderList({ page_size: 10 });
  const tokens = await appClient(env.SHOPS, options).token.getAccessToken({ auth_code: "code" });
  await stub.authorize({ shop: { id: shopId, cipher: "cipher" }, tokens });
  await stub.authorize({ shop: { id: shopId, cipher: "cipher" }, tokenHolder: "another shop" });
  const dedupe = createWebhookDeduper({ store: shopDedupeStore(stub) });
  await dedupe.isNew({ tts_notification_id: "1" });
  shopTokenStore(stub);
  shopRateLimiter(env.SHOPS, { shopId, shopCipher: shop.cipher ?? "" });

  // @ts-expect-error: a shop needs its cipher
  await stub.authorize({ shop: { id: shopId }, tokens });
  // @ts-expect-error: tokens or a token holder, not both
  await stub.authorize({ shop: { id: shopId, cipher: "c" }, tokens, tokenHolder: "x" });
}

export class Incomplete extends TikTokShopObject<Env> {
  options(env: Env): ShopObjectOptions {
    // @ts-expect-error: options must name this class's namespace (`objects`)
    return { appKey: env.APP_KEY, appSecret: env.APP_SECRET };
  }
}
