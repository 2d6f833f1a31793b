// Fulfillment: packages and order tracking.

import { asInt, sortBy, timeFilter } from "./filters.js";

/** Adds this domain's answers to A. */
export function fulfillmentAnswers(A) {
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
}
