// Orders with their line items, payment and recipient; each order's package,
// cancellation and return are made right after it, from the same random
// stream, so the whole shop replays from its seed.

import { money } from "./money.js";
import { packageMaker } from "./packages.js";
import { cancellationMaker, returnMaker } from "./after-sales.js";
import { CANCEL_REASONS, CITIES, DAY, FIRST_NAMES, HOUR, LAST_NAMES, ORDER_STATUSES, PROVIDERS, STREETS } from "./vocabulary.js";

/** How long ago (seconds before the base date) an order of each status was placed. */
const AGES = {
  UNPAID: [10 * 60, 20 * HOUR],
  ON_HOLD: [5 * 60, 1 * HOUR],
  AWAITING_SHIPMENT: [2 * HOUR, 3 * DAY],
  AWAITING_COLLECTION: [1 * DAY, 4 * DAY],
  IN_TRANSIT: [2 * DAY, 8 * DAY],
  DELIVERED: [5 * DAY, 18 * DAY],
  COMPLETED: [16 * DAY, 89 * DAY],
  CANCELLED: [1 * HOUR, 89 * DAY],
};
const WEIGHTS = [["UNPAID", 4], ["ON_HOLD", 3], ["AWAITING_SHIPMENT", 12], ["AWAITING_COLLECTION", 6], ["IN_TRANSIT", 8], ["DELIVERED", 12], ["COMPLETED", 45], ["CANCELLED", 10]];
/** Position of each status in an order's life. */
export const STATUS_RANK = Object.freeze(Object.fromEntries(ORDER_STATUSES.map((s, i) => [s, i])));

/**
 * @returns {{orders: object[], packages: object[], cancellations: object[], returns: object[]}}
 *   in the order they were made (the caller sorts orders once finance has read them)
 */
export function buildOrders({ count, shop, def, baseTime, idGen, r: or, sellable, salesWarehouse }) {
  const cur = def.currency;
  const cityList = CITIES[def.region] ?? CITIES.US;
  const rank = STATUS_RANK;
  const orders = [];
  const packages = [];
  const returns = [];
  const cancellations = [];
  // Read-only parts shared by many orders and packages (frozen: an order update replaces, never edits, them).
  const districtCache = new Map();
  const districtInfo = (city) => {
    let d = districtCache.get(city);
    if (!d) {
      d = Object.freeze([
        Object.freeze({ address_level_name: "Country", address_name: def.region === "US" ? "United States" : "United Kingdom", address_level: "L0" }),
        Object.freeze({ address_level_name: "State", address_name: city[1], address_level: "L1" }),
        Object.freeze({ address_level_name: "City", address_name: city[0], address_level: "L3" }),
      ]);
      districtCache.set(city, d);
    }
    return d;
  };
  const makePayment = (subtotal, original, sellerDiscount, shippingFee, tax, total) => ({
    currency: cur,
    sub_total: money(subtotal),
    original_total_product_price: money(original),
    seller_discount: money(sellerDiscount),
    platform_discount: "0.00",
    shipping_fee: money(shippingFee),
    original_shipping_fee: money(shippingFee),
    shipping_fee_seller_discount: "0.00",
    shipping_fee_platform_discount: "0.00",
    shipping_fee_cofunded_discount: "0.00",
    tax: money(tax),
    product_tax: money(tax),
    shipping_fee_tax: "0.00",
    total_amount: money(total),
  });
  const makeRecipientAddress = (first, last, street, city) => ({
    name: `${first} ${last}`,
    first_name: first,
    last_name: last,
    phone_number: "(+1)555***" + or.digits(4).slice(-4),
    address_line1: street,
    address_line2: "",
    address_detail: street,
    postal_code: city[3] + or.digits(2),
    region_code: def.region,
    full_address: `${street}, ${city[0]}, ${city[1]}, ${def.region}`,
    district_info: districtInfo(city),
  });
  const makeLineItem = (status) => {
    const product = or.pick(sellable);
    const sku = or.pick(product.skus);
    const discount = or.chance(0.25) ? Math.round(sku.priceCents * 0.1) : 0;
    return {
      id: idGen(or, "5766"),
      product_id: product.id,
      product_name: product.title,
      sku_id: sku.id,
      sku_name: sku.name,
      seller_sku: sku.seller_sku,
      sku_image: sku.image_url,
      sku_type: "NORMAL",
      currency: cur,
      original_price: money(sku.priceCents),
      sale_price: money(sku.priceCents - discount),
      seller_discount: money(discount),
      platform_discount: "0.00",
      display_status: status,
      is_gift: false,
      cancel_user: status === "CANCELLED" ? "BUYER" : "",
      cancel_reason: "",
      priceCents: sku.priceCents - discount,
      originalCents: sku.priceCents,
      discountCents: discount,
    };
  };
  const addPackage = packageMaker({ r: or, idGen, shop, def, salesWarehouse, rank, packages });
  const addCancellation = cancellationMaker({ r: or, idGen, cur, baseTime, cancellations });
  const addReturn = returnMaker({ r: or, idGen, cur, baseTime, returns });

  // One order (with its package, cancellation, return). Small functions of
  // their own, not the loop body of this long function: V8 optimizes them
  // quickly, which keeps a 5 000-order shop fast to build. The order of the
  // random draws is unchanged.
  const addOrder = (i) => {
    // the first 8 orders cover every status, the rest are weighted
    const status = i < ORDER_STATUSES.length ? ORDER_STATUSES[i] : or.weighted(WEIGHTS);
    const [minAge, maxAge] = AGES[status];
    const createTime = baseTime - or.int(minAge, maxAge);
    const orderId = idGen(or, "5766");
    const first = or.pick(FIRST_NAMES);
    const last = or.pick(LAST_NAMES);
    const city = or.pick(cityList);
    const street = `${or.int(10, 9999)} ${or.pick(STREETS)}`;
    const userId = idGen(or, "7494");
    const provider = or.pick(PROVIDERS);
    const nLines = or.weighted([[1, 60], [2, 28], [3, 12]]);
    const lineItems = [];
    for (let k = 0; k < nLines; k++) lineItems.push(makeLineItem(status));
    const subtotal = lineItems.reduce((a, l) => a + l.priceCents, 0);
    const original = lineItems.reduce((a, l) => a + l.originalCents, 0);
    const sellerDiscount = lineItems.reduce((a, l) => a + l.discountCents, 0);
    const shippingFee = subtotal >= 3500 ? 0 : 599;
    const tax = def.region === "US" ? Math.round(subtotal * 0.0725) : 0;
    const total = subtotal + shippingFee + tax;

    const paid = status !== "UNPAID" && !(status === "CANCELLED" && or.chance(0.3));
    const paidTime = paid ? createTime + or.int(30, 15 * 60) : 0;
    const shipped = rank[status] >= rank.AWAITING_COLLECTION && status !== "CANCELLED";
    const rtsTime = shipped ? Math.min(paidTime + or.int(6 * HOUR, 40 * HOUR), baseTime - 600) : 0;
    const collectionTime = rank[status] >= rank.IN_TRANSIT && status !== "CANCELLED" ? Math.min(rtsTime + or.int(2 * HOUR, 20 * HOUR), baseTime - 500) : 0;
    const deliveryTime = rank[status] >= rank.DELIVERED && status !== "CANCELLED" ? Math.min(collectionTime + or.int(DAY, 4 * DAY), baseTime - 400) : 0;
    const completeTime = status === "COMPLETED" ? Math.min(deliveryTime + or.int(2 * DAY, 8 * DAY), baseTime - 300) : 0;
    const cancelTime = status === "CANCELLED" ? Math.min(createTime + or.int(10 * 60, 2 * DAY), baseTime - 200) : 0;
    const updateTime = Math.max(createTime, paidTime, rtsTime, collectionTime, deliveryTime, completeTime, cancelTime) + (status === "UNPAID" ? 0 : or.int(1, 600));

    const order = {
      id: orderId,
      status,
      create_time: createTime,
      update_time: Math.min(updateTime, baseTime - 60),
      paid_time: paidTime || undefined,
      rts_time: rtsTime || undefined,
      collection_time: collectionTime || undefined,
      delivery_time: deliveryTime || undefined,
      cancel_time: cancelTime || undefined,
      cancel_reason: status === "CANCELLED" ? or.pick(CANCEL_REASONS) : "",
      cancellation_initiator: status === "CANCELLED" ? (paid ? "BUYER" : "SYSTEM") : "",
      user_id: userId,
      buyer_email: `${first.toLowerCase()}.${orderId.slice(-6)}@scs.tiktokw.invalid`,
      buyer_message: or.chance(0.1) ? "Please leave at the door" : "",
      seller_note: "",
      commerce_platform: "TIKTOK_SHOP",
      order_type: "NORMAL",
      shipping_type: "TIKTOK",
      delivery_type: "HOME_DELIVERY",
      fulfillment_type: "FULFILLMENT_BY_SELLER",
      delivery_option_id: "7091146663229654785",
      delivery_option_name: "Standard shipping",
      payment_method_name: paid ? or.pick(["Credit card", "PayPal", "Apple Pay"]) : "",
      is_cod: false,
      is_on_hold_order: status === "ON_HOLD",
      is_buyer_request_cancel: false,
      is_sample_order: false,
      is_replacement_order: false,
      is_exchange_order: false,
      has_updated_recipient_address: false,
      warehouse_id: salesWarehouse.id,
      shipping_provider: shipped ? provider[1] : "",
      shipping_provider_id: shipped ? provider[0] : "",
      tracking_number: shipped ? "9400" + or.digits(18) : "",
      split_or_combine_tag: "",
      need_upload_invoice: "NO_NEED",
      rts_sla_time: paidTime ? paidTime + 3 * DAY : undefined,
      tts_sla_time: paidTime ? paidTime + 5 * DAY : undefined,
      payment: makePayment(subtotal, original, sellerDiscount, shippingFee, tax, total),
      recipient_address: makeRecipientAddress(first, last, street, city),
      line_items: lineItems,
      packages: [],
      subtotalCents: subtotal,
      shippingCents: shippingFee,
      taxCents: tax,
      totalCents: total,
      paid,
    };
    for (const li of lineItems) {
      if (status === "CANCELLED") li.cancel_reason = order.cancel_reason;
    }

    const parts = { status, lineItems, orderId, order, paidTime, rtsTime, paid, total, subtotal, shippingFee, tax, cancelTime, deliveryTime };
    addPackage(parts);
    addCancellation(parts);
    addReturn(parts);
    orders.push(order);
  };
  for (let i = 0; i < count; i++) addOrder(i);
  return { orders, packages, cancellations, returns };
}
