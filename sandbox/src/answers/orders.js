// Orders: the order list (search) and order details.

import { SandboxError } from "../errors.js";
import { asInt, asList, sortBy, timeFilter } from "./filters.js";

/** Adds this domain's answers to A. */
export function orderAnswers(A) {
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
}
