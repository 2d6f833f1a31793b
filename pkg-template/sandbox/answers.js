// Answers built from the seeded shop, keyed by "METHOD /group/*/rest" (the
// version segment replaced by "*", so every version of an operation shares
// one answer; the response schema of the version called then shapes it).
// Each answer returns the "real" data; the handler shapes it to the schema.

import { SandboxError } from "./errors.js";
import { money } from "./shop/money.js";

/** Path parameters that name a seeded entity: [byId table, error code, message]. */
export const ENTITY_PARAMS = Object.freeze({
  order_id: ["order", 21011001, "order not found"],
  product_id: ["product", 12052001, "product not found"],
  sku_id: ["sku", 12052002, "sku not found"],
  package_id: ["package", 21001005, "package not found"],
  statement_id: ["statement", 22001001, "statement not found"],
  return_id: ["return", 25001001, "return not found"],
  cancel_id: ["cancellation", 25001002, "cancellation not found"],
  warehouse_id: ["warehouse", 29001001, "warehouse not found"],
  conversation_id: ["conversation", 26001001, "conversation not found"],
  activity_id: ["activity", 17000001, "activity not found"],
  coupon_id: ["coupon", 17000002, "coupon not found"],
});

/** "POST /order/202309/orders/search" -> "POST /order/* /orders/search" (without the space). */
export function answerKey(method, path) {
  const segs = path.split("/");
  if (segs.length > 2 && /^\d{6}$/.test(segs[2])) segs[2] = "*";
  return `${method} ${segs.join("/")}`;
}

const asList = (v) => {
  if (v === undefined || v === null || v === "") return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v).split(",").filter(Boolean);
};
const asInt = (v) => {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new SandboxError(36009004, "Invalid request parameter: expected an integer", 400);
  return Math.trunc(n);
};

function timeFilter(items, field, ge, lt, le) {
  return items.filter((x) => (ge === undefined || x[field] >= ge) && (lt === undefined || x[field] < lt) && (le === undefined || x[field] <= le));
}

function sortBy(items, ctx, { fields, defaultField, defaultOrder = "DESC", required = false }) {
  const field = ctx.arg("sort_field") ?? (required ? undefined : defaultField);
  if (field === undefined || !fields.includes(field)) {
    throw new SandboxError(36009004, `Invalid sort_field: expected ${fields.join(" or ")}`, 400);
  }
  const order = String(ctx.arg("sort_order") ?? defaultOrder).toUpperCase();
  if (order !== "ASC" && order !== "DESC") throw new SandboxError(36009004, "Invalid sort_order: expected ASC or DESC", 400);
  const dir = order === "ASC" ? 1 : -1;
  const idOf = (x) => String(x.id ?? x.return_id ?? x.cancel_id ?? "");
  return [...items].sort((a, b) => (a[field] - b[field]) * dir || (idOf(a) < idOf(b) ? -dir : idOf(a) > idOf(b) ? dir : 0));
}

// ---- views of seeded entities (union of the fields every version uses) ----

function productView(p) {
  return {
    ...p,
    product_status: p.status,
    package_dimensions: { length: "20", width: "15", height: "8", unit: "CENTIMETER" },
    package_weight: { value: "0.5", unit: "KILOGRAM" },
    skus: p.skus.map((s) => ({ ...s })),
  };
}

function txView(t, cur) {
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

function unsettledView(t, cur) {
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

function statementView(st) {
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
function skuSplit(order, t, cur) {
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

// ---- the answers ----

export function createAnswers() {
  const A = {};

  A["POST /order/*/orders/search"] = (ctx) => {
    const d = ctx.shopData;
    const b = ctx.body;
    let items = d.orders;
    if (b.order_status) items = items.filter((o) => o.status === b.order_status);
    if (b.buyer_user_id) items = items.filter((o) => o.user_id === String(b.buyer_user_id));
    if (b.shipping_type) items = items.filter((o) => o.shipping_type === b.shipping_type);
    if (b.is_buyer_request_cancel !== undefined) items = items.filter((o) => o.is_buyer_request_cancel === (b.is_buyer_request_cancel === true || b.is_buyer_request_cancel === "true"));
    if (Array.isArray(b.warehouse_ids) && b.warehouse_ids.length) items = items.filter((o) => b.warehouse_ids.map(String).includes(o.warehouse_id));
    items = timeFilter(items, "create_time", asInt(b.create_time_ge), asInt(b.create_time_lt));
    items = timeFilter(items, "update_time", asInt(b.update_time_ge), asInt(b.update_time_lt));
    items = sortBy(items, ctx, { fields: ["create_time", "update_time"], defaultField: "create_time" });
    return ctx.page(items);
  };

  A["GET /order/*/orders"] = (ctx) => {
    const ids = asList(ctx.arg("ids"));
    if (ids.length > 50) throw new SandboxError(36009004, "ids exceeds maximum of 50", 400);
    const found = ids.map((id) => ctx.shopData.byId.order.get(id)).filter(Boolean);
    if (found.length === 0) throw new SandboxError(21011001, "order not found");
    return { orders: found };
  };

  A["POST /product/*/products/search"] = (ctx) => {
    const d = ctx.shopData;
    const b = ctx.body;
    let items = d.products.filter((p) => p.status !== "DELETED");
    if (b.status && b.status !== "ALL") items = items.filter((p) => p.status === b.status);
    const sellerSkus = asList(b.seller_skus);
    if (sellerSkus.length) items = items.filter((p) => p.skus.some((s) => sellerSkus.includes(s.seller_sku)));
    const skuIds = asList(b.sku_ids);
    if (skuIds.length) items = items.filter((p) => p.skus.some((s) => skuIds.includes(s.id)));
    items = timeFilter(items, "create_time", asInt(b.create_time_ge), undefined, asInt(b.create_time_le));
    items = timeFilter(items, "update_time", asInt(b.update_time_ge), undefined, asInt(b.update_time_le));
    items = [...items].sort((a, b2) => b2.update_time - a.update_time || (a.id < b2.id ? -1 : 1));
    return ctx.page(items.map(productView));
  };

  A["GET /product/*/products/{product_id}"] = (ctx) => productView(ctx.entity.product);

  A["POST /product/*/inventory/search"] = (ctx) => {
    const d = ctx.shopData;
    const productIds = asList(ctx.body.product_ids);
    const skuIds = asList(ctx.body.sku_ids);
    let products = d.products;
    if (productIds.length) products = productIds.map((id) => d.byId.product.get(id)).filter(Boolean);
    else if (skuIds.length) products = d.products.filter((p) => p.skus.some((s) => skuIds.includes(s.id)));
    return {
      inventory: products.map((p) => ({
        product_id: p.id,
        skus: p.skus
          .filter((s) => !skuIds.length || skuIds.includes(s.id))
          .map((s) => {
            const qty = s.inventory.reduce((a, w) => a + w.quantity, 0);
            return {
              id: s.id,
              seller_sku: s.seller_sku,
              total_available_quantity: qty,
              total_committed_quantity: 0,
              warehouse_inventory: s.inventory.map((w) => ({ warehouse_id: w.warehouse_id, available_quantity: w.quantity, committed_quantity: 0 })),
            };
          }),
      })),
    };
  };

  A["POST /fulfillment/*/packages/search"] = (ctx) => {
    const b = ctx.body;
    let items = ctx.shopData.packages;
    if (b.package_status) items = items.filter((p) => p.status === b.package_status);
    items = timeFilter(items, "create_time", asInt(b.create_time_ge), asInt(b.create_time_lt));
    items = timeFilter(items, "update_time", asInt(b.update_time_ge), asInt(b.update_time_lt));
    items = sortBy(items, ctx, { fields: ["create_time", "update_time"], defaultField: "create_time" });
    return ctx.page(items);
  };

  A["GET /fulfillment/*/packages/{package_id}"] = (ctx) => ({ ...ctx.entity.package, package_id: ctx.entity.package.id });

  A["GET /fulfillment/*/orders/{order_id}/tracking"] = (ctx) => {
    const o = ctx.entity.order;
    const events = [];
    if (o.rts_time) events.push({ description: "Package is ready to ship", update_time_millis: o.rts_time * 1000 });
    if (o.collection_time) events.push({ description: "Package picked up by carrier", update_time_millis: o.collection_time * 1000 });
    if (o.delivery_time) events.push({ description: "Package delivered", update_time_millis: o.delivery_time * 1000 });
    return { tracking: events.reverse() };
  };

  A["GET /finance/*/statements"] = (ctx) => {
    let items = ctx.shopData.statements;
    const ps = ctx.arg("payment_status");
    if (ps) items = items.filter((s) => s.payment_status === ps);
    items = timeFilter(items, "statement_time", asInt(ctx.arg("statement_time_ge")), asInt(ctx.arg("statement_time_lt")));
    items = sortBy(items, ctx, { fields: ["statement_time"], required: true });
    return ctx.page(items.map(statementView));
  };

  A["GET /finance/*/statements/{statement_id}/statement_transactions"] = (ctx) => {
    const st = ctx.entity.statement;
    const cur = ctx.shopData.currency;
    let items = st.transactions;
    items = sortBy(items, ctx, { fields: ["order_create_time"], required: true });
    return { ...statementView(st), ...ctx.page(items.map((t) => txView(t, cur))) };
  };

  A["GET /finance/*/orders/{order_id}/statement_transactions"] = (ctx) => {
    const o = ctx.entity.order;
    const cur = ctx.shopData.currency;
    const txs = (ctx.shopData.transactionsByOrder.get(o.id) ?? []).filter((t) => t.order_id === o.id);
    const sum = (k) => txs.reduce((a, t) => a + t[k], 0);
    const skuTx = txs.flatMap((t) => skuSplit(o, t, cur));
    return {
      order_id: o.id,
      order_create_time: o.create_time,
      currency: cur,
      revenue_amount: money(sum("revenueCents")),
      fee_and_tax_amount: money(sum("feeCents")),
      shipping_cost_amount: money(sum("shippingCents")),
      settlement_amount: money(sum("settlementCents")),
      statement_transactions: txs.map((t) => ({ ...txView(t, cur), status: "SETTLED", sku_statement_transactions: skuSplit(o, t, cur) })),
      sku_transactions: skuTx,
      total_count: skuTx.length,
    };
  };

  A["GET /finance/*/orders/unsettled"] = (ctx) => {
    const cur = ctx.shopData.currency;
    let items = ctx.shopData.unsettled;
    items = timeFilter(items, "order_create_time", asInt(ctx.arg("search_time_ge")), asInt(ctx.arg("search_time_lt")));
    items = sortBy(items, ctx, { fields: ["order_create_time"], required: true });
    const sum = (k) => money(items.reduce((a, t) => a + t[k], 0));
    return {
      ...ctx.page(items.map((t) => unsettledView(t, cur))),
      sum_est_revenue_amount: sum("revenueCents"),
      sum_est_fee_amount: sum("feeCents"),
      sum_est_adjustment_amount: sum("adjustmentCents"),
      sum_est_settlement_amount: sum("settlementCents"),
    };
  };

  A["GET /finance/*/payments"] = (ctx) => {
    let items = ctx.shopData.payments;
    items = timeFilter(items, "create_time", asInt(ctx.arg("create_time_ge")), asInt(ctx.arg("create_time_lt")));
    items = sortBy(items, ctx, { fields: ["create_time"], required: true });
    return ctx.page(items);
  };

  A["GET /finance/*/withdrawals"] = (ctx) => {
    const types = asList(ctx.arg("types")).map((t) => t.toUpperCase());
    const known = ["WITHDRAW", "SETTLE", "TRANSFER", "REVERSE"];
    if (types.some((t) => !known.includes(t))) throw new SandboxError(36009004, `Invalid types: expected some of ${known.join(", ")}`, 400);
    let items = ctx.shopData.withdrawals.filter((w) => types.includes(w.type));
    items = timeFilter(items, "create_time", asInt(ctx.arg("create_time_ge")), asInt(ctx.arg("create_time_lt")));
    items = [...items].sort((a, b) => b.create_time - a.create_time || (a.id < b.id ? -1 : 1));
    return ctx.page(items);
  };

  /** Returns and cancellations search alike: list filters by body field -> entity field. */
  const afterSaleSearch = (list, filters) => (ctx) => {
    const b = ctx.body;
    const d = ctx.shopData;
    let items = d[list];
    for (const [param, field] of filters) {
      const wanted = asList(b[param]);
      if (wanted.length) items = items.filter((r) => wanted.includes(r[field]));
    }
    const buyers = asList(b.buyer_user_ids);
    if (buyers.length) items = items.filter((r) => buyers.includes(d.byId.order.get(r.order_id)?.user_id));
    items = timeFilter(items, "create_time", asInt(b.create_time_ge), asInt(b.create_time_lt));
    items = timeFilter(items, "update_time", asInt(b.update_time_ge), asInt(b.update_time_lt));
    items = sortBy(items, ctx, { fields: ["create_time", "update_time"], defaultField: "create_time" });
    return ctx.page(items);
  };

  A["POST /return_refund/*/returns/search"] = afterSaleSearch("returns", [
    ["order_ids", "order_id"],
    ["return_ids", "return_id"],
    ["return_status", "return_status"],
    ["return_types", "return_type"],
  ]);

  A["POST /return_refund/*/cancellations/search"] = afterSaleSearch("cancellations", [
    ["order_ids", "order_id"],
    ["cancel_ids", "cancel_id"],
    ["cancel_status", "cancel_status"],
    ["cancel_types", "cancel_type"],
  ]);

  A["GET /return_refund/*/returns/{return_id}/records"] = (ctx) => {
    const r = ctx.entity.return;
    return {
      records: [
        { event: "BUYER_REQUEST_RETURN", description: r.return_reason_text, role: "BUYER", create_time: r.create_time, reason_text: r.return_reason_text, note: "", images: [], videos: [] },
        ...(r.update_time !== r.create_time ? [{ event: r.return_status, description: r.return_status, role: "SYSTEM", create_time: r.update_time, reason_text: "", note: "", images: [], videos: [] }] : []),
      ],
    };
  };

  A["GET /return_refund/*/orders/{order_id}/aftersale_eligibility"] = (ctx) => {
    const o = ctx.entity.order;
    const eligible = ["DELIVERED", "COMPLETED"].includes(o.status);
    return {
      sku_eligibility: o.line_items.map((l) => ({
        order_line_item_id: l.id,
        sku_id: l.sku_id,
        sku_name: l.sku_name,
        product_name: l.product_name,
        eligible: eligible,
        request_types: eligible ? ["REFUND", "RETURN_AND_REFUND"] : [],
      })),
    };
  };

  A["GET /authorization/*/shops"] = (ctx) => ({ shops: ctx.allowedShops.map((s) => ({ ...s })) });
  A["GET /seller/*/shops"] = (ctx) => ({ shops: ctx.allowedShops.map((s) => ({ id: s.id, region: s.region })) });

  A["GET /logistics/*/warehouses"] = (ctx) => ({ warehouses: ctx.shopData.warehouses });

  A["GET /customer_service/*/conversations"] = (ctx) => {
    const items = [...ctx.shopData.conversations].sort((a, b) => b.latest_message.create_time - a.latest_message.create_time);
    return ctx.page(items);
  };

  A["GET /customer_service/*/conversations/{conversation_id}/messages"] = (ctx) => {
    const order = String(ctx.arg("sort_order") ?? "DESC").toUpperCase() === "ASC" ? 1 : -1;
    const items = [...ctx.entity.conversation.messages].sort((a, b) => (a.create_time - b.create_time) * order || (Number(a.index) - Number(b.index)) * order);
    return { ...ctx.page(items), unsupported_msg_tips: "" };
  };

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

  A["GET /product/*/brands"] = (ctx) => {
    let items = ctx.sandboxShop.brands;
    const name = ctx.arg("brand_name");
    if (name) items = items.filter((x) => x.name.toLowerCase().includes(String(name).toLowerCase()));
    const auth = ctx.arg("is_authorized");
    if (auth === "true" || auth === true) items = items.filter((x) => x.authorized_status === "AUTHORIZED");
    return ctx.page(items);
  };

  A["GET /product/*/categories"] = (ctx) => {
    let items = ctx.sandboxShop.categories;
    const kw = ctx.arg("keyword");
    if (kw) items = items.filter((c) => c.local_name.toLowerCase().includes(String(kw).toLowerCase()));
    return { categories: items };
  };

  return A;
}
