// The package of an order, once the order is awaiting shipment (one package
// per order, holding every line item).

import { PACKAGE_DIMENSION } from "./vocabulary.js";

/** Makes addPackage(parts) for one shop; it draws from the orders' random stream. */
export function packageMaker({ r, idGen, shop, def, salesWarehouse, rank, packages }) {
  const senderAddress = Object.freeze({ name: shop.name, full_address: salesWarehouse.address.full_address, address_line1: salesWarehouse.address.address_line1, phone_number: salesWarehouse.address.phone_number, postal_code: salesWarehouse.address.postal_code, region_code: def.region });
  return ({ status, lineItems, orderId, order, paidTime, rtsTime }) => {
    if (rank[status] < rank.AWAITING_SHIPMENT || status === "CANCELLED") return;
    const pkgStatus = status === "AWAITING_SHIPMENT" ? "PROCESSING" : status === "DELIVERED" || status === "COMPLETED" ? "COMPLETED" : "FULFILLING";
    const skuCounts = new Map();
    for (const li of lineItems) {
      const e = skuCounts.get(li.sku_id) ?? { id: li.sku_id, name: li.sku_name, image_url: li.sku_image, quantity: 0 };
      e.quantity += 1;
      skuCounts.set(li.sku_id, e);
    }
    const pkg = {
      id: idGen(r, "1153"),
      order_id: orderId,
      status: pkgStatus,
      package_status: pkgStatus,
      create_time: paidTime + r.int(60, 3600),
      update_time: order.update_time,
      order_line_item_ids: lineItems.map((l) => l.id),
      orders: [{ id: orderId, skus: [...skuCounts.values()] }],
      shipping_provider_id: order.shipping_provider_id,
      shipping_provider_name: order.shipping_provider,
      tracking_number: order.tracking_number,
      last_mile_tracking_number: order.tracking_number,
      shipping_type: "TIKTOK",
      handover_method: "PICKUP",
      delivery_option_id: order.delivery_option_id,
      delivery_option_name: order.delivery_option_name,
      has_multi_skus: skuCounts.size > 1,
      split_and_combine_tag: "",
      note_tag: "",
      recipient_address: order.recipient_address,
      sender_address: senderAddress,
      weight: { value: String(200 * lineItems.length), unit: "GRAM" },
      dimension: PACKAGE_DIMENSION,
    };
    packages.push(pkg);
    order.packages.push({ id: pkg.id });
    for (const li of lineItems) {
      li.package_id = pkg.id;
      li.package_status = pkgStatus === "PROCESSING" ? "TO_FULFILL" : pkgStatus === "FULFILLING" ? "PROCESSING" : "DELIVERED";
      li.tracking_number = order.tracking_number;
      li.shipping_provider_id = order.shipping_provider_id;
      li.shipping_provider_name = order.shipping_provider;
      li.rts_time = rtsTime || undefined;
    }
  };
}
