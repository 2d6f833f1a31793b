// After-sales cases of an order: cancellations (every cancelled order, and a
// few pending buyer requests) and returns (some delivered or completed orders).
// Both draw from the orders' random stream, right after their order.

import { hash32 } from "./random.js";
import { money } from "./money.js";
import { CANCEL_REASONS, DAY, HOUR, RETURN_REASONS } from "./vocabulary.js";

/** Makes addCancellation(parts) for one shop. */
export function cancellationMaker({ r: or, idGen, cur, baseTime, cancellations }) {
  return ({ status, lineItems, orderId, order, paidTime, paid, total, subtotal, shippingFee, tax, cancelTime }) => {
    if (status === "CANCELLED" || (status === "AWAITING_SHIPMENT" && or.chance(0.15))) {
      const pending = status !== "CANCELLED";
      if (pending) order.is_buyer_request_cancel = true;
      const refundTotal = paid ? total : 0;
      cancellations.push({
        cancel_id: idGen(or, "4035"),
        order_id: orderId,
        role: pending ? "BUYER" : order.cancellation_initiator,
        cancel_type: pending ? "BUYER_CANCEL" : "CANCEL",
        cancel_status: pending ? "CANCELLATION_REQUEST_PENDING" : "CANCELLATION_REQUEST_COMPLETE",
        cancel_reason: pending ? or.pick(CANCEL_REASONS) : order.cancel_reason,
        cancel_reason_text: pending ? "Buyer requested cancellation" : order.cancel_reason,
        create_time: pending ? Math.min(paidTime + or.int(600, 6 * HOUR), baseTime - 120) : cancelTime,
        update_time: pending ? Math.min(paidTime + or.int(6 * HOUR, 8 * HOUR), baseTime - 100) : cancelTime,
        refund_amount: { currency: cur, refund_total: money(refundTotal), refund_subtotal: money(paid ? subtotal : 0), refund_shipping_fee: money(paid ? shippingFee : 0), refund_tax: money(paid ? tax : 0) },
        cancel_line_items: lineItems.map((li) => ({
          cancel_line_item_id: idGen(or, "4035"),
          order_line_item_id: li.id,
          sku_id: li.sku_id,
          sku_name: li.sku_name,
          seller_sku: li.seller_sku,
          product_name: li.product_name,
          refund_amount: { currency: cur, refund_total: money(paid ? li.priceCents : 0), refund_subtotal: money(paid ? li.priceCents : 0) },
        })),
        seller_next_action_response: pending ? [{ action: "RESPOND_CANCELLATION", deadline: paidTime + 2 * DAY }] : [],
      });
    }
  };
}

/** Makes addReturn(parts) for one shop. */
export function returnMaker({ r: or, idGen, cur, baseTime, returns }) {
  return ({ status, lineItems, orderId, deliveryTime }) => {
    if ((status === "COMPLETED" || status === "DELIVERED") && or.chance(0.12)) {
      const li = lineItems[0];
      const createdR = Math.min(deliveryTime + or.int(HOUR, 3 * DAY), baseTime - 90);
      const returnType = or.pick(["REFUND", "RETURN_AND_REFUND"]);
      const returnStatus = status === "COMPLETED"
        ? or.pick(["RETURN_OR_REFUND_REQUEST_COMPLETE", "REFUND_OR_RETURN_REQUEST_REJECT", "RETURN_OR_REFUND_REQUEST_COMPLETE"])
        : or.pick(["RETURN_OR_REFUND_REQUEST_PENDING", "AWAITING_BUYER_SHIP", "BUYER_SHIPPED_ITEM"]);
      returns.push({
        return_id: idGen(or, "4035"),
        order_id: orderId,
        role: "BUYER",
        return_type: returnType,
        return_status: returnStatus,
        return_reason: "ecom_order_delivered_refund_and_return_reason_" + (hash32(orderId) % 5),
        return_reason_text: or.pick(RETURN_REASONS),
        arbitration_status: "",
        create_time: createdR,
        update_time: Math.min(createdR + or.int(HOUR, 2 * DAY), baseTime - 80),
        return_method: returnType === "REFUND" ? "" : "PLATFORM_SHIPPED",
        return_tracking_number: returnType === "REFUND" ? "" : "9400" + or.digits(18),
        shipment_type: returnType === "REFUND" ? "" : "PLATFORM",
        refund_amount: { currency: cur, refund_total: money(li.priceCents), refund_subtotal: money(li.priceCents), refund_shipping_fee: "0.00", refund_tax: "0.00" },
        return_line_items: [{
          return_line_item_id: idGen(or, "4035"),
          order_line_item_id: li.id,
          sku_id: li.sku_id,
          sku_name: li.sku_name,
          seller_sku: li.seller_sku,
          product_name: li.product_name,
          refund_amount: { currency: cur, refund_total: money(li.priceCents), refund_subtotal: money(li.priceCents) },
        }],
        can_buyer_keep_item: returnType === "REFUND",
        is_combined_return: false,
        seller_next_action_response: returnStatus === "RETURN_OR_REFUND_REQUEST_PENDING" ? [{ action: "SELLER_RESPOND_RETURN", deadline: createdR + 2 * DAY }] : [],
      });
    }
  };
}
