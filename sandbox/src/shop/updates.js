// Changes to seeded orders after creation (a sync test's "something happened
// since the last run"). Only the order itself changes: its status, the
// timestamp of that step when it had none, its line items' display status,
// and update_time, which moves forward to the sandbox clock.

import { ORDER_STATUSES } from "./vocabulary.js";

/** The timestamp each status sets the first time an order reaches it. */
const STEP_TIME = Object.freeze({
  AWAITING_SHIPMENT: "paid_time",
  AWAITING_COLLECTION: "rts_time",
  IN_TRANSIT: "collection_time",
  DELIVERED: "delivery_time",
  CANCELLED: "cancel_time",
});

/**
 * @param {object} seller createShop()'s result
 * @param {number|string} shopRef shop index, id or cipher
 * @param {string} orderId
 * @param {{status: string}} change
 * @param {number} nowS the sandbox clock, Unix seconds
 * @returns {{shopIndex: number, order: object}}
 */
export function updateOrder(seller, shopRef, orderId, { status } = {}, nowS) {
  const shopIndex = seller.shopIndex(shopRef);
  if (shopIndex < 0) throw new Error(`unknown shop: ${shopRef}`);
  const order = seller.data[shopIndex].byId.order.get(String(orderId));
  if (!order) throw new Error(`order ${orderId} is not an order of shop ${seller.shops[shopIndex].id}`);
  if (status !== undefined && !ORDER_STATUSES.includes(status)) throw new TypeError(`status must be one of ${ORDER_STATUSES.join(", ")}`);
  // strictly later than before, so update_time_ge finds it from the last sync on
  const t = Math.max(nowS, order.update_time + 1);
  if (status !== undefined) {
    order.status = status;
    order.is_on_hold_order = status === "ON_HOLD";
    const step = STEP_TIME[status];
    if (step && !order[step]) order[step] = t;
    for (const li of order.line_items) li.display_status = status;
  }
  order.update_time = t;
  return { shopIndex, order };
}
