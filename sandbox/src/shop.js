// The seeded seller: a deterministic, in-memory TikTok Shop seller with its
// shops (two by default, up to 1000), products, orders, packages, finance,
// returns and more. Everything derives from `seed` (never from the wall
// clock), so the same seed always yields the same data. Amounts are integer
// cents inside and decimal strings ("12.34") in answers, as the API writes them.
//
// The parts live in shop/: one module per kind of entity.

import { hash32, rng, idMaker } from "./shop/random.js";
import { DAY } from "./shop/vocabulary.js";
import { buildCatalogue } from "./shop/catalogue.js";
import { buildShopData } from "./shop/build.js";
import { plantMismatch } from "./shop/finance.js";
import { summarize } from "./shop/summary.js";
import { updateOrder } from "./shop/updates.js";

export { hash32, rng } from "./shop/random.js";
export { money, cents } from "./shop/money.js";
export { ORDER_STATUSES } from "./shop/vocabulary.js";

/** Orders of shop 1 unless `orders` (or `ordersPerShop`) says otherwise. */
export const DEFAULT_ORDERS = 250;
/** Orders of every other shop unless `ordersPerShop` says otherwise. */
export const DEFAULT_ORDERS_OTHER_SHOPS = 80;
/** Largest order count of one shop. */
export const MAX_ORDERS = 100000;
/** Most shops of one sandbox. */
export const MAX_SHOPS = 1000;

function checkCount(name, value, max) {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new RangeError(`${name} must be an integer from 1 to ${max}`);
}

/**
 * What each shop is: shops 1 and 2 are always the US and UK shops of the
 * default sandbox (same identity whatever the number of shops); more shops
 * alternate between the two regions with 24 products each.
 */
function shopDefinitions({ sellerName, shops, orders, ordersPerShop }) {
  const defs = [];
  for (let i = 0; i < shops; i++) {
    const us = i % 2 === 0;
    defs.push({
      region: us ? "US" : "GB",
      currency: us ? "USD" : "GBP",
      seller_type: "LOCAL",
      products: i === 0 ? 60 : 24,
      orders: i === 0 ? orders : ordersPerShop,
      name: `${sellerName} ${us ? "US" : "UK"}${i >= 2 ? ` ${i + 1}` : ""}`,
    });
  }
  return defs;
}

/**
 * Builds the seeded seller.
 * @param {{seed?: number|string, orders?: number, shops?: number, ordersPerShop?: number}} [options]
 *   `shops`: how many shops (default 2, at most 1000). `orders`: orders of shop 1
 *   (default `ordersPerShop`, else 250). `ordersPerShop`: orders of every other shop
 *   (default 80), and of shop 1 when `orders` is not given. Counts run from 1 to 100000.
 */
export function createShop({ seed = 1, orders, shops: shopCount = 2, ordersPerShop } = {}) {
  checkCount("shops", shopCount, MAX_SHOPS);
  if (ordersPerShop !== undefined) checkCount("ordersPerShop", ordersPerShop, MAX_ORDERS);
  const firstOrders = orders ?? ordersPerShop ?? DEFAULT_ORDERS;
  checkCount("orders", firstOrders, MAX_ORDERS);

  const root = `tts-sandbox:${seed}`;
  const r = rng(root);
  // Fixed base date derived from the seed: 2025-06-01T00:00:00Z plus 0..96 days.
  const baseTime = Date.UTC(2025, 5, 1) / 1000 + (hash32(String(seed)) % 97) * DAY;
  const catalogue = buildCatalogue();
  const openId = "sandbox-" + r.chars(20, "abcdefghijklmnopqrstuvwxyz0123456789");
  const sellerName = r.pick(["Harbor & Pine", "Juniper Lane", "Bright Basin"]) + " Trading";
  const defs = shopDefinitions({ sellerName, shops: shopCount, orders: firstOrders, ordersPerShop: ordersPerShop ?? DEFAULT_ORDERS_OTHER_SHOPS });

  const shopId = idMaker();
  const shops = defs.map((def, s) => {
    const sr = rng(`${root}:shop:${s}`);
    return {
      id: shopId(sr, "749"),
      name: def.name,
      region: def.region,
      seller_type: def.seller_type,
      cipher: "ROW_" + sr.chars(27),
      code: def.region + "LC" + sr.chars(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
    };
  });
  const indexOf = new Map();
  shops.forEach((sh, i) => {
    indexOf.set(sh.id, i);
    indexOf.set(sh.cipher, i);
  });

  // A shop's data is built the first time it is used (about 5 ms for 300
  // orders), so a sandbox of many shops starts at once. Each shop draws only
  // from its own streams: the order in which shops are built changes nothing.
  // The deliberate reconciliation mismatch is planted in shop 1 (shop/finance.js).
  let mismatch = null;
  const built = new Array(defs.length);
  const build = (index) =>
    buildShopData({
      root, index, shop: shops[index], def: defs[index], baseTime, catalogue,
      beforeFinish: index === 0 ? (d) => (mismatch = plantMismatch(d, shops[0])) : undefined,
    });
  const data = new Array(defs.length);
  for (let i = 0; i < defs.length; i++) {
    Object.defineProperty(data, i, { enumerable: true, get: () => (built[i] ??= build(i)) });
  }

  const seller = {
    seed,
    baseTime,
    openId,
    sellerName,
    sellerBaseRegion: shops[0].region,
    shops,
    data,
    categories: catalogue.categories,
    brands: catalogue.brands,
    /** The planted mismatch (builds shop 1 if it is not yet). */
    get mismatch() {
      return data[0] && mismatch;
    },
    /** How many shops have been built so far. */
    get builtShops() {
      return built.filter(Boolean).length;
    },
    /** Index of the shop with this cipher, or -1. */
    shopByCipher(cipher) {
      const i = indexOf.get(cipher);
      return i !== undefined && shops[i].cipher === cipher ? i : -1;
    },
    /** Index of the shop with this id or cipher (or an index itself), or -1. */
    shopIndex(ref) {
      if (typeof ref === "number") return Number.isInteger(ref) && ref >= 0 && ref < shops.length ? ref : -1;
      return indexOf.get(String(ref)) ?? -1;
    },
    summary: () => summarize(seller),
    /** Sets an order's status and moves its update_time to `nowS` (or just after its last). */
    updateOrder: (shopRef, orderId, change, nowS) => updateOrder(seller, shopRef, orderId, change, nowS),
  };
  return seller;
}
