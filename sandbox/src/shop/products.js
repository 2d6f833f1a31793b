// Products and their SKUs (one to three variants each), with inventory in the
// shop's sales warehouse.

import { money } from "./money.js";
import { ADJECTIVES, DAY, PRODUCT_WORDS, VARIANTS } from "./vocabulary.js";

/**
 * @returns {{products: object[], skus: object[], sellable: object[]}} `sellable`:
 *   the active products, the ones orders are made of.
 */
export function buildProducts({ count, shop, def, baseTime, idGen, r, leafCategories, categoryChain, brands, salesWarehouse }) {
  const cur = def.currency;
  const products = [];
  const skus = [];
  for (let i = 0; i < count; i++) {
    const cat = leafCategories[i % leafCategories.length];
    const [attrName, values] = VARIANTS[cat.id];
    const title = `${r.pick(ADJECTIVES)} ${r.pick(PRODUCT_WORDS[cat.id])}`;
    const createTime = baseTime - r.int(100 * DAY, 400 * DAY);
    const status = r.weighted([["ACTIVATE", 80], ["SELLER_DEACTIVATED", 6], ["DRAFT", 5], ["PENDING", 5], ["FAILED", 4]]);
    const productId = idGen(r, "17295");
    const basePrice = r.int(8, 90) * 100 - 1;
    const nSkus = r.int(1, Math.min(3, values.length));
    const brand = brands[i % brands.length];
    const product = {
      id: productId,
      title,
      status,
      create_time: createTime,
      update_time: createTime + r.int(DAY, 90 * DAY),
      description: `<p>${title}. Sandbox product ${i + 1}.</p>`,
      category_id: cat.id,
      category_chains: categoryChain(cat.id),
      recommended_categories: [{ id: cat.id, local_name: cat.local_name }],
      brand: { id: brand.id, name: brand.name },
      sales_regions: [def.region],
      is_cod_allowed: false,
      main_images: [{ uri: `tos-sandbox/${productId}-1`, urls: [`https://sandbox.tiktokshop.invalid/img/${productId}-1.jpg`], thumb_urls: [`https://sandbox.tiktokshop.invalid/img/${productId}-1-thumb.jpg`], width: 800, height: 800 }],
      audit: { status: status === "ACTIVATE" ? "APPROVED" : status === "FAILED" ? "REJECTED" : "AUDITING" },
      skus: [],
      product_sync_fail_reasons: [],
      listing_quality_tier: "GOOD",
    };
    for (let k = 0; k < nSkus; k++) {
      const price = basePrice + k * 200;
      const sku = {
        id: idGen(r, "17295"),
        product_id: productId,
        seller_sku: `${shop.code}-${String(i + 1).padStart(3, "0")}-${k + 1}`,
        name: values[k],
        price: { currency: cur, sale_price: money(price), tax_exclusive_price: money(price) },
        priceCents: price,
        inventory: [{ warehouse_id: salesWarehouse.id, quantity: r.int(0, 400) }],
        sales_attributes: [{ id: String(100000 + k), name: attrName, value_id: String(200000 + k), value_name: values[k] }],
        image_url: product.main_images[0].urls[0],
      };
      product.skus.push(sku);
      skus.push(sku);
    }
    products.push(product);
  }
  return { products, skus, sellable: products.filter((p) => p.status === "ACTIVATE") };
}
