// Products: search, detail, inventory, brands and categories.

import { asInt, asList, timeFilter } from "./filters.js";
import { productView } from "./views.js";

/** Adds this domain's answers to A. */
export function productAnswers(A) {
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

}
