// Returns and cancellations: searches, a return's records, eligibility.

import { asInt, asList, sortBy, timeFilter } from "./filters.js";

/** Adds this domain's answers to A. */
export function afterSaleAnswers(A) {
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
}
