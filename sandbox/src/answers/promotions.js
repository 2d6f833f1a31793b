// Promotions: activities and coupons.

import { asList } from "./filters.js";

/** Adds this domain's answers to A. */
export function promotionAnswers(A) {
  A["POST /promotion/*/activities/search"] = (ctx) => {
    const b = ctx.body;
    let items = ctx.shopData.activities;
    if (b.status) items = items.filter((a) => a.status === b.status);
    if (b.activity_type) items = items.filter((a) => a.activity_type === b.activity_type);
    if (b.activity_title) items = items.filter((a) => a.title.toLowerCase().includes(String(b.activity_title).toLowerCase()));
    return ctx.page(items);
  };

  A["GET /promotion/*/activities/{activity_id}"] = (ctx) => {
    const a = ctx.entity.activity;
    const cur = ctx.shopData.currency;
    return {
      ...a,
      activity_id: a.id,
      products: a.products.map((p) => ({
        id: p.id,
        activity_price: { amount: p.activity_price_amount, currency: cur },
        quantity_limit: p.quantity_limit,
        quantity_per_user: p.quantity_per_user,
        skus: p.skus,
      })),
    };
  };

  A["POST /promotion/*/coupons/search"] = (ctx) => {
    const b = ctx.body;
    let items = ctx.shopData.coupons;
    const statuses = asList(b.status);
    if (statuses.length) items = items.filter((c) => statuses.includes(c.status));
    const displays = asList(b.display_type);
    if (displays.length) items = items.filter((c) => displays.includes(c.display_type));
    if (b.title_keyword) items = items.filter((c) => c.title.toLowerCase().includes(String(b.title_keyword).toLowerCase()));
    return ctx.page(items);
  };

  A["GET /promotion/*/coupons/{coupon_id}"] = (ctx) => ({ coupon: { ...ctx.entity.coupon, product_ids: [], display_channels: [] } });
}
