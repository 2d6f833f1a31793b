// Views of seeded entities: the union of the fields every version of an
// operation uses (the response schema of the version called keeps its own).

import { money } from "../shop/money.js";

export function productView(p) {
  return {
    ...p,
    product_status: p.status,
    package_dimensions: { length: "20", width: "15", height: "8", unit: "CENTIMETER" },
    package_weight: { value: "0.5", unit: "KILOGRAM" },
    skus: p.skus.map((s) => ({ ...s })),
  };
}

export function txView(t, cur) {
  const platformCommission = t.revenueCents ? -Math.round(t.revenueCents * 0.06) : 0;
  const transactionFee = t.feeCents - platformCommission;
  return {
    id: t.id,
    type: t.type,
    order_id: t.order_id,
    associated_order_id: t.order_id || t.adjustment_order_id,
    order_create_time: t.order_create_time,
    adjustment_id: t.adjustment_id ?? "",
    adjustment_order_id: t.adjustment_order_id ?? "",
    statement_id: t.statement_id,
    statement_time: t.statement_time,
    currency: cur,
    revenue_amount: money(t.revenueCents),
    gross_sales_amount: money(t.revenueCents),
    net_sales_amount: money(t.revenueCents),
    after_seller_discounts_subtotal_amount: money(t.revenueCents),
    fee_amount: money(t.feeCents),
    fee_tax_amount: money(t.feeCents),
    platform_commission_amount: money(platformCommission),
    transaction_fee_amount: money(transactionFee),
    shipping_cost_amount: money(t.shippingCents),
    actual_shipping_fee_amount: money(t.shippingCents),
    adjustment_amount: money(t.adjustmentCents),
    settlement_amount: money(t.settlementCents),
    reserve_amount: "0.00",
    revenue_breakdown: { subtotal_before_discount_amount: money(t.revenueCents) },
    fee_tax_breakdown: { fee: { platform_commission_amount: money(platformCommission), transaction_fee_amount: money(transactionFee) }, tax: {} },
    shipping_cost_breakdown: { actual_shipping_fee_amount: money(t.shippingCents) },
  };
}

export function unsettledView(t, cur) {
  const v = txView(t, cur);
  return {
    ...v,
    status: t.status,
    unsettled_reason: t.unsettled_reason,
    estimated_settlement: t.estimated_settlement,
    order_delivery_time: t.order_delivery_time,
    est_revenue_amount: v.revenue_amount,
    est_fee_tax_amount: v.fee_amount,
    est_shipping_cost_amount: v.shipping_cost_amount,
    est_adjustment_amount: v.adjustment_amount,
    est_settlement_amount: v.settlement_amount,
  };
}

export function statementView(st) {
  return {
    id: st.id,
    statement_id: st.id,
    statement_time: st.statement_time,
    create_time: st.statement_time,
    currency: st.currency,
    revenue_amount: money(st.revenueCents),
    net_sales_amount: money(st.revenueCents),
    fee_amount: money(st.feeCents),
    shipping_cost_amount: money(st.shippingCents),
    adjustment_amount: money(st.adjustmentCents),
    settlement_amount: money(st.settlementCents),
    total_settlement_amount: money(st.settlementCents),
    payable_amount: money(st.settlementCents),
    total_reserve_amount: "0.00",
    payment_id: st.payment_id,
    payment_status: st.payment_status,
    status: st.payment_status,
    total_settlement_breakdown: {
      total_revenue_amount: money(st.revenueCents),
      total_fee_tax_amount: money(st.feeCents),
      total_shipping_cost_amount: money(st.shippingCents),
      total_adjustment_amount: money(st.adjustmentCents),
    },
  };
}

/** SKU-level split of one order transaction (fees and shipping on the first line's remainder). */
export function skuSplit(order, t, cur) {
  const lines = order.line_items;
  const fees = lines.map((l) => -Math.round(l.priceCents * 0.06));
  fees[0] += t.feeCents - fees.reduce((a, b) => a + b, 0);
  const bySku = new Map();
  lines.forEach((l, i) => {
    const e = bySku.get(l.sku_id) ?? { sku_id: l.sku_id, sku_name: l.sku_name, product_name: l.product_name, quantity: 0, rev: 0, fee: 0, ship: 0 };
    e.quantity += 1;
    e.rev += l.priceCents;
    e.fee += fees[i];
    if (i === 0) e.ship += t.shippingCents;
    bySku.set(l.sku_id, e);
  });
  return [...bySku.values()].map((e) => ({
    sku_id: e.sku_id,
    sku_name: e.sku_name,
    product_name: e.product_name,
    quantity: e.quantity,
    statement_id: t.statement_id,
    currency: cur,
    revenue_amount: money(e.rev),
    gross_sales_amount: money(e.rev),
    net_sales_amount: money(e.rev),
    fee_amount: money(e.fee),
    fee_tax_amount: money(e.fee),
    shipping_cost_amount: money(e.ship),
    settlement_amount: money(e.rev + e.fee + e.ship),
    revenue_breakdown: { subtotal_before_discount_amount: money(e.rev) },
  }));
}
