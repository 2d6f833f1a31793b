// Promotions: three activities (one ongoing, one upcoming, one over) on the
// first active products, and four coupons.

import { DAY } from "./vocabulary.js";

export function buildActivities({ sellable, cur, baseTime, idGen, r: xr }) {
  return ["FIXED_PRICE", "DIRECT_DISCOUNT", "FLASHSALE"].map((type, i) => ({
    id: idGen(xr, "7321"),
    title: ["Summer sale", "Weekend deal", "Flash hour"][i],
    activity_type: type,
    status: ["ONGOING", "NOT_START", "EXPIRED"][i],
    product_level: "PRODUCT",
    begin_time: baseTime + (i - 1) * 7 * DAY,
    end_time: baseTime + (i - 1) * 7 * DAY + 14 * DAY,
    create_time: baseTime - 20 * DAY + i * DAY,
    update_time: baseTime - 10 * DAY + i * DAY,
    products: sellable.slice(i * 3, i * 3 + 3).map((p) => ({ id: p.id, activity_price_amount: p.skus[0].price.sale_price, quantity_limit: -1, quantity_per_user: -1, skus: p.skus.map((s) => ({ id: s.id, activity_price: { amount: s.price.sale_price, currency: cur } })) })),
  }));
}

export function buildCoupons({ cur, baseTime, idGen, r: xr }) {
  return [0, 1, 2, 3].map((i) => ({
    id: idGen(xr, "7322"),
    title: ["10% off", "5 off 30", "Free shipping", "New buyer 15%"][i],
    status: ["ONGOING", "ONGOING", "EXPIRED", "NOT_START"][i],
    display_type: i === 3 ? "ONLY_IN_SHOP_PAGE" : "REGULAR",
    product_scope: "ALL_PRODUCTS",
    target_buyer_segment: i === 3 ? "NEW_BUYERS" : "ALL_BUYERS",
    creation_source: "SELLER_CENTER",
    promo_code: i === 1 ? "SAVE5" : "",
    create_time: baseTime - (30 - i) * DAY,
    update_time: baseTime - (20 - i) * DAY,
    claim_duration: { start_time: baseTime - 10 * DAY, end_time: baseTime + 20 * DAY },
    redemption_duration: { type: "FIXED_TIME", start_time: baseTime - 10 * DAY, end_time: baseTime + 30 * DAY, relative_time: 0 },
    discount: { type: i === 1 ? "FIXED_AMOUNT" : "PERCENTAGE", percentage: i === 1 ? "" : i === 3 ? "15" : "10", reduction_amount: { amount: i === 1 ? "5.00" : "0.00", currency: cur }, max_discount: { amount: "20.00", currency: cur } },
    threshold: { type: "MIN_SPEND", min_spend: { amount: i === 1 ? "30.00" : "0.00", currency: cur } },
    usage_limits: { total_claim_limit: 1000, single_buyer_claim_limit: 1, redemption_limit: 1000 },
  }));
}
