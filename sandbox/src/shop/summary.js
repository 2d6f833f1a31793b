// What GET /__sandbox/shop and sandbox.shop.summary() show: each shop's
// identity, sizes and order statuses, and the planted mismatch.

import { ORDER_STATUSES } from "./vocabulary.js";

function counts(d) {
  return {
    products: d.products.length,
    orders: d.orders.length,
    packages: d.packages.length,
    statements: d.statements.length,
    settled_transactions: d.statements.reduce((a, st) => a + st.transactions.length, 0),
    unsettled_transactions: d.unsettled.length,
    payments: d.payments.length,
    withdrawals: d.withdrawals.length,
    returns: d.returns.length,
    cancellations: d.cancellations.length,
    warehouses: d.warehouses.length,
    conversations: d.conversations.length,
    activities: d.activities.length,
    coupons: d.coupons.length,
  };
}

function orderStatuses(orders) {
  const by = Object.fromEntries(ORDER_STATUSES.map((st) => [st, 0]));
  for (const o of orders) by[o.status]++;
  return by;
}

export function summarize(s) {
  return {
    seed: s.seed,
    base_time: s.baseTime,
    open_id: s.openId,
    seller_name: s.sellerName,
    shops: s.shops.map((sh, i) => {
      const d = s.data[i];
      return { ...sh, currency: d.currency, counts: counts(d), order_statuses: orderStatuses(d.orders) };
    }),
    categories: s.categories.length,
    brands: s.brands.length,
    mismatch: s.mismatch,
  };
}
