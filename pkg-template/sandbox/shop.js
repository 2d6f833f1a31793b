// The seeded shop: a deterministic, in-memory TikTok Shop seller with two
// authorized shops, products, orders, packages, finance, returns and more.
// Everything derives from `seed` (never from the wall clock), so the same seed
// always yields the same data. Amounts are kept in integer cents internally and
// rendered as decimal strings ("12.34"), as the API does.

const DAY = 86400;
const HOUR = 3600;

/** 32-bit FNV-1a hash of a string. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small deterministic PRNG (sfc32) seeded from a string. */
export function rng(label) {
  let a = hash32("a:" + label), b = hash32("b:" + label), c = hash32("c:" + label), d = hash32("d:" + label) | 1;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const r = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** `prefix` then n random digits, the first non-zero (one flat string). */
    digits: (n, prefix = "") => {
      const codes = new Array(prefix.length + n);
      let j = 0;
      for (; j < prefix.length; j++) codes[j] = prefix.charCodeAt(j);
      codes[j++] = 49 + Math.floor(next() * 9);
      for (let i = 1; i < n; i++) codes[j++] = 48 + Math.floor(next() * 10);
      return String.fromCharCode.apply(null, codes);
    },
    chars: (n, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") => {
      let s = "";
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = next() * total;
      for (const [v, w] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
  };
  return r;
}

/** Cents to the API's decimal string ("-1.50"). */
export function money(cents) {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(Math.round(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Decimal string to cents. */
export function cents(text) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text));
  if (!m) return NaN;
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? "0").padEnd(2, "0")));
}

export const ORDER_STATUSES = Object.freeze([
  "UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED",
]);

const CATEGORY_TREE = [
  ["600001", "0", "Home Supplies", false],
  ["600002", "600001", "Kitchenware", false],
  ["600003", "600002", "Cookware", true],
  ["600004", "600002", "Kitchen Utensils", true],
  ["600005", "0", "Womenswear & Underwear", false],
  ["600006", "600005", "Women's Tops", false],
  ["600007", "600006", "T-shirts", true],
  ["600008", "600006", "Hoodies & Sweatshirts", true],
  ["600009", "0", "Phones & Electronics", false],
  ["600010", "600009", "Phone Accessories", false],
  ["600011", "600010", "Phone Cases", true],
  ["600012", "600010", "Chargers & Cables", true],
];

const PRODUCT_WORDS = {
  "600003": ["Nonstick Frying Pan", "Cast Iron Skillet", "Stainless Saucepan", "Ceramic Wok", "Dutch Oven"],
  "600004": ["Silicone Spatula Set", "Bamboo Cutting Board", "Chef Knife", "Garlic Press", "Measuring Cups"],
  "600007": ["Oversized Cotton Tee", "Ribbed Crop Tee", "Graphic Print Tee", "V-Neck Basic Tee"],
  "600008": ["Fleece Hoodie", "Zip-Up Sweatshirt", "Cropped Hoodie", "Quarter-Zip Pullover"],
  "600011": ["Clear MagSafe Case", "Rugged Armor Case", "Leather Wallet Case", "Glitter Case"],
  "600012": ["USB-C Fast Charger", "Braided Lightning Cable", "Wireless Charging Pad", "Car Charger"],
};
const ADJECTIVES = ["Classic", "Premium", "Everyday", "Eco", "Pro", "Mini", "Deluxe", "Essential", "Urban", "Vintage"];
const VARIANTS = {
  "600003": ["Size", ["20cm", "24cm", "28cm"]],
  "600004": ["Color", ["Black", "Green", "Natural"]],
  "600007": ["Size", ["S", "M", "L", "XL"]],
  "600008": ["Color", ["Grey", "Black", "Sage", "Cream"]],
  "600011": ["Model", ["iPhone 15", "iPhone 15 Pro", "iPhone 16"]],
  "600012": ["Length", ["1m", "2m"]],
};
const BRANDS = [
  ["7082427311584347905", "Northwind Home"],
  ["7082427311584347906", "Lumen & Co"],
  ["7082427311584347907", "Tidewater"],
  ["7082427311584347908", "Kestrel Goods"],
  ["7082427311584347909", "Oakline"],
];
const FIRST_NAMES = ["Ava", "Liam", "Mia", "Noah", "Zoe", "Ethan", "Isla", "Lucas", "Emma", "Oliver", "Amara", "Mateo", "Priya", "Kenji", "Sofia"];
const LAST_NAMES = ["Smith", "Garcia", "Nguyen", "Patel", "Brown", "Kim", "Lopez", "Walker", "Chen", "Okafor", "Rossi", "Silva"];
const STREETS = ["Maple Ave", "Oak St", "Pine Rd", "Cedar Ln", "Elm St", "Lakeview Dr", "Sunset Blvd", "Harbor Way"];
const CITIES = {
  US: [["Los Angeles", "California", "CA", "900"], ["Austin", "Texas", "TX", "787"], ["Seattle", "Washington", "WA", "981"], ["Miami", "Florida", "FL", "331"]],
  GB: [["London", "England", "ENG", "SW1"], ["Manchester", "England", "ENG", "M1"], ["Leeds", "England", "ENG", "LS1"], ["Bristol", "England", "ENG", "BS1"]],
};
const PROVIDERS = [
  ["6617675021119438849", "USPS"],
  ["6617675021119438850", "UPS"],
  ["6617675021119438851", "FedEx"],
];
const PACKAGE_DIMENSION = Object.freeze({ length: "20", width: "15", height: "8", unit: "CM" });
const CANCEL_REASONS = ["No longer needed", "Ordered wrong item", "Better price elsewhere", "Payment overdue", "Out of stock"];
const RETURN_REASONS = ["Item damaged", "Wrong size", "Not as described", "Changed my mind", "Missing parts"];

export const GRANTED_SCOPES = Object.freeze([
  "seller.authorization.info",
  "seller.shop.info",
  "seller.order.info",
  "seller.product.basic",
  "seller.product.write",
  "seller.fulfillment.basic",
  "seller.logistics",
  "seller.finance.info",
  "seller.return_refund.basic",
  "seller.promotion.info",
  "seller.customer_service",
  "seller.data_analytics",
]);

/** Orders of shop 1 unless `orders` says otherwise. */
export const DEFAULT_ORDERS = 250;
/** Largest `orders` accepted (creation stays well under a second). */
export const MAX_ORDERS = 100000;

/**
 * Builds the whole seeded shop.
 * @param {{seed?: number|string, orders?: number}} [options] `orders`: number of
 *   orders of shop 1 (default 250; 1..100000). Shop 2 keeps its 80.
 */
export function createShop({ seed = 1, orders = DEFAULT_ORDERS } = {}) {
  if (!Number.isInteger(orders) || orders < 1 || orders > MAX_ORDERS) {
    throw new RangeError(`orders must be an integer from 1 to ${MAX_ORDERS}`);
  }
  const root = `tts-sandbox:${seed}`;
  const r = rng(root);
  // Fixed base date derived from the seed: 2025-06-01T00:00:00Z plus 0..96 days.
  const baseTime = Date.UTC(2025, 5, 1) / 1000 + (hash32(String(seed)) % 97) * DAY;
  const usedIds = new Set();
  const idGen = (rr, prefix, len = 19) => {
    for (;;) {
      const id = rr.digits(len - prefix.length, prefix);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };

  const categories = CATEGORY_TREE.map(([id, parent_id, local_name, is_leaf]) => ({
    id, parent_id, local_name, is_leaf, permission_statuses: ["AVAILABLE"],
  }));
  const categoriesById = new Map(categories.map((c) => [c.id, c]));
  const leafCategories = categories.filter((c) => c.is_leaf);
  const categoryChain = (id) => {
    const chain = [];
    for (let c = categoriesById.get(id); c; c = categoriesById.get(c.parent_id)) chain.unshift(c);
    return chain;
  };
  const brands = BRANDS.map(([id, name], i) => ({
    id, name, brand_status: "AVAILABLE", authorized_status: i < 3 ? "AUTHORIZED" : "UNAUTHORIZED", is_t1_brand: i === 0,
  }));

  const openId = "sandbox-" + r.chars(20, "abcdefghijklmnopqrstuvwxyz0123456789");
  const sellerName = r.pick(["Harbor & Pine", "Juniper Lane", "Bright Basin"]) + " Trading";
  const shopDefs = [
    { region: "US", currency: "USD", seller_type: "LOCAL", products: 60, orders, name: sellerName + " US" },
    { region: "GB", currency: "GBP", seller_type: "LOCAL", products: 24, orders: 80, name: sellerName + " UK" },
  ];

  const shops = [];
  const data = [];
  for (let s = 0; s < shopDefs.length; s++) {
    const def = shopDefs[s];
    const sr = rng(`${root}:shop:${s}`);
    const shop = {
      id: idGen(sr, "749"),
      name: def.name,
      region: def.region,
      seller_type: def.seller_type,
      cipher: "ROW_" + sr.chars(27),
      code: def.region + "LC" + sr.chars(6, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"),
    };
    shops.push(shop);
    data.push(buildShopData({ root, index: s, shop, def, baseTime, idGen, leafCategories, categoryChain, brands }));
  }

  // The deliberate reconciliation mismatch: shop 1's fifth statement reports a
  // settlement 10.00 lower than the sum of its transactions.
  // (With very few orders shop 1 may have no statement: then there is none.)
  const mismatchShop = data[0];
  const ms = mismatchShop.statements[Math.min(4, mismatchShop.statements.length - 1)];
  let mismatch = null;
  if (ms) {
    const trueSum = ms.transactions.reduce((acc, t) => acc + t.settlementCents, 0);
    ms.reportedSettlementCents = trueSum - 1000;
    mismatch = {
      shop_id: shops[0].id,
      shop_cipher: shops[0].cipher,
      statement_id: ms.id,
      statement_time: ms.statement_time,
      transactions_sum: money(trueSum),
      reported_settlement_amount: money(ms.reportedSettlementCents),
    };
  }
  for (const d of data) finishFinance(d, baseTime);

  return {
    seed,
    baseTime,
    openId,
    sellerName,
    sellerBaseRegion: shops[0].region,
    grantedScopes: [...GRANTED_SCOPES],
    shops,
    data,
    categories,
    brands,
    mismatch,
    shopByCipher(cipher) {
      const i = shops.findIndex((x) => x.cipher === cipher);
      return i < 0 ? -1 : i;
    },
    summary() {
      return {
        seed,
        base_time: baseTime,
        open_id: openId,
        seller_name: sellerName,
        shops: shops.map((sh, i) => ({
          ...sh,
          currency: data[i].currency,
          counts: {
            products: data[i].products.length,
            orders: data[i].orders.length,
            packages: data[i].packages.length,
            statements: data[i].statements.length,
            settled_transactions: data[i].statements.reduce((a, st) => a + st.transactions.length, 0),
            unsettled_transactions: data[i].unsettled.length,
            payments: data[i].payments.length,
            withdrawals: data[i].withdrawals.length,
            returns: data[i].returns.length,
            cancellations: data[i].cancellations.length,
            warehouses: data[i].warehouses.length,
            conversations: data[i].conversations.length,
            activities: data[i].activities.length,
            coupons: data[i].coupons.length,
          },
          order_statuses: Object.fromEntries(ORDER_STATUSES.map((st) => [st, data[i].orders.filter((o) => o.status === st).length])),
        })),
        categories: categories.length,
        brands: brands.length,
        mismatch,
      };
    },
  };
}

function buildShopData({ root, index, shop, def, baseTime, idGen, leafCategories, categoryChain, brands }) {
  const cur = def.currency;
  const pr = rng(`${root}:products:${index}`);
  const or = rng(`${root}:orders:${index}`);
  const fr = rng(`${root}:finance:${index}`);
  const xr = rng(`${root}:misc:${index}`);
  const cityList = CITIES[def.region] ?? CITIES.US;

  const warehouseAddress = (city) => ({
    region: def.region,
    region_code: def.region,
    state: city[1],
    city: city[0],
    postal_code: city[3] + "01",
    address_line1: `${100 + index} Commerce Park`,
    address_line2: "",
    contact_person: "Warehouse Desk",
    phone_number: "(+1)555000" + String(1000 + index).slice(-4),
    full_address: `${100 + index} Commerce Park, ${city[0]}, ${city[1]}`,
  });
  const warehouses = [
    { id: idGen(xr, "730"), name: "Main warehouse", type: "SALES_WAREHOUSE", sub_type: "DOMESTIC_WAREHOUSE", effect_status: "ENABLED", is_default: true, address: warehouseAddress(cityList[0]) },
    { id: idGen(xr, "730"), name: "Returns centre", type: "RETURN_WAREHOUSE", sub_type: "DOMESTIC_WAREHOUSE", effect_status: "ENABLED", is_default: true, address: warehouseAddress(cityList[1]) },
  ];
  const salesWarehouse = warehouses[0];

  // Products and SKUs
  const products = [];
  const skus = [];
  for (let i = 0; i < def.products; i++) {
    const cat = leafCategories[i % leafCategories.length];
    const [attrName, values] = VARIANTS[cat.id];
    const title = `${pr.pick(ADJECTIVES)} ${pr.pick(PRODUCT_WORDS[cat.id])}`;
    const createTime = baseTime - pr.int(100 * DAY, 400 * DAY);
    const status = pr.weighted([["ACTIVATE", 80], ["SELLER_DEACTIVATED", 6], ["DRAFT", 5], ["PENDING", 5], ["FAILED", 4]]);
    const productId = idGen(pr, "17295");
    const basePrice = pr.int(8, 90) * 100 - 1;
    const nSkus = pr.int(1, Math.min(3, values.length));
    const brand = brands[i % brands.length];
    const product = {
      id: productId,
      title,
      status,
      create_time: createTime,
      update_time: createTime + pr.int(DAY, 90 * DAY),
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
        id: idGen(pr, "17295"),
        product_id: productId,
        seller_sku: `${shop.code}-${String(i + 1).padStart(3, "0")}-${k + 1}`,
        name: values[k],
        price: { currency: cur, sale_price: money(price), tax_exclusive_price: money(price) },
        priceCents: price,
        inventory: [{ warehouse_id: salesWarehouse.id, quantity: pr.int(0, 400) }],
        sales_attributes: [{ id: String(100000 + k), name: attrName, value_id: String(200000 + k), value_name: values[k] }],
        image_url: product.main_images[0].urls[0],
      };
      product.skus.push(sku);
      skus.push(sku);
    }
    products.push(product);
  }
  const sellable = products.filter((p) => p.status === "ACTIVATE");

  // Orders, packages, returns, cancellations
  const orders = [];
  const packages = [];
  const returns = [];
  const cancellations = [];
  const ages = {
    UNPAID: [10 * 60, 20 * HOUR],
    ON_HOLD: [5 * 60, 1 * HOUR],
    AWAITING_SHIPMENT: [2 * HOUR, 3 * DAY],
    AWAITING_COLLECTION: [1 * DAY, 4 * DAY],
    IN_TRANSIT: [2 * DAY, 8 * DAY],
    DELIVERED: [5 * DAY, 18 * DAY],
    COMPLETED: [16 * DAY, 89 * DAY],
    CANCELLED: [1 * HOUR, 89 * DAY],
  };
  const weights = [["UNPAID", 4], ["ON_HOLD", 3], ["AWAITING_SHIPMENT", 12], ["AWAITING_COLLECTION", 6], ["IN_TRANSIT", 8], ["DELIVERED", 12], ["COMPLETED", 45], ["CANCELLED", 10]];
  const rank = Object.fromEntries(ORDER_STATUSES.map((s, i) => [s, i]));
  // Read-only parts shared by many orders and packages (nothing mutates seeded entities).
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
  const senderAddress = Object.freeze({ name: shop.name, full_address: salesWarehouse.address.full_address, address_line1: salesWarehouse.address.address_line1, phone_number: salesWarehouse.address.phone_number, postal_code: salesWarehouse.address.postal_code, region_code: def.region });
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

  const addPackage = ({ status, lineItems, orderId, order, paidTime, rtsTime }) => {
    // Packages exist once the order is awaiting shipment.
    if (rank[status] >= rank.AWAITING_SHIPMENT && status !== "CANCELLED") {
      const pkgStatus = status === "AWAITING_SHIPMENT" ? "PROCESSING" : status === "DELIVERED" || status === "COMPLETED" ? "COMPLETED" : "FULFILLING";
      const skuCounts = new Map();
      for (const li of lineItems) {
        const e = skuCounts.get(li.sku_id) ?? { id: li.sku_id, name: li.sku_name, image_url: li.sku_image, quantity: 0 };
        e.quantity += 1;
        skuCounts.set(li.sku_id, e);
      }
      const pkg = {
        id: idGen(or, "1153"),
        order_id: orderId,
        status: pkgStatus,
        package_status: pkgStatus,
        create_time: paidTime + or.int(60, 3600),
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
    }
  };

  const addCancellation = ({ status, lineItems, orderId, order, paidTime, paid, total, subtotal, shippingFee, tax, cancelTime }) => {
    // Cancellations: every cancelled order; a few pending buyer requests.
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

  const addReturn = ({ status, lineItems, orderId, deliveryTime }) => {
    // Returns: some delivered or completed orders.
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
        return_reason: "ecom_order_delivered_refund_and_return_reason_" + (hashIndex(orderId) % 5),
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

  // One order (with its package, cancellation, return). Small functions of
  // their own, not the loop body of this long function: V8 optimizes them
  // quickly, which keeps a 5 000-order shop fast to build. The order of the
  // random draws is unchanged.
  const addOrder = (i) => {
    // the first 8 orders cover every status, the rest are weighted
    const status = i < ORDER_STATUSES.length ? ORDER_STATUSES[i] : or.weighted(weights);
    const [minAge, maxAge] = ages[status];
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
  for (let i = 0; i < def.orders; i++) addOrder(i);

  // Finance: completed orders settle 7 days after delivery, on daily statements.
  const byDay = new Map();
  const unsettled = [];
  const feesOf = (o) => {
    const revenue = o.subtotalCents;
    const fee = -(Math.round(revenue * 0.06) + 30);
    const shipping = -(o.shippingCents > 0 ? o.shippingCents : 450);
    return { revenue, fee, shipping, settlement: revenue + fee + shipping };
  };
  const txBase = (o, f) => ({
    order_id: o.id,
    order_create_time: o.create_time,
    currency: cur,
    revenueCents: f.revenue,
    feeCents: f.fee,
    shippingCents: f.shipping,
    adjustmentCents: 0,
    settlementCents: f.settlement,
  });
  for (const o of orders) {
    if (!o.paid || o.status === "CANCELLED" || o.status === "UNPAID") continue;
    const f = feesOf(o);
    const settleTime = o.delivery_time ? o.delivery_time + 7 * DAY : 0;
    if (o.status === "COMPLETED" && settleTime && settleTime < baseTime - DAY) {
      const day = Math.floor(settleTime / DAY) * DAY;
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push({ id: idGen(fr, "7362"), type: "ORDER", ...txBase(o, f) });
      o.settled = true;
    } else {
      unsettled.push({
        id: idGen(fr, "7362"),
        type: "ORDER",
        status: "UNSETTLED",
        unsettled_reason: o.delivery_time ? "NOT_YET_REACHED_SETTLEMENT_TIME" : "NOT_DELIVERED",
        estimated_settlement: o.delivery_time ? String(Math.floor(o.delivery_time / DAY) * DAY + 8 * DAY) : "",
        order_delivery_time: o.delivery_time ?? 0,
        ...txBase(o, f),
      });
    }
  }
  // occasional adjustments referring to settled orders
  const days = [...byDay.keys()].sort((a, b) => a - b);
  days.forEach((day, i) => {
    if (i % 6 !== 3) return;
    const list = byDay.get(day);
    const ref = list[0];
    const amount = fr.int(100, 900);
    list.push({
      id: idGen(fr, "7362"),
      type: "LOGISTICS_REIMBURSEMENT",
      order_id: "",
      adjustment_id: idGen(fr, "7362"),
      adjustment_order_id: ref.order_id,
      order_create_time: ref.order_create_time,
      currency: cur,
      revenueCents: 0,
      feeCents: 0,
      shippingCents: 0,
      adjustmentCents: amount,
      settlementCents: amount,
    });
  });
  const statements = days.map((day) => ({
    id: idGen(fr, "7362"),
    statement_time: day,
    currency: cur,
    transactions: byDay.get(day).map((t) => ({ ...t, statement_time: day })),
    reportedSettlementCents: null,
  }));
  for (const st of statements) for (const t of st.transactions) t.statement_id = st.id;

  // Conversations, promotions
  const conversations = [];
  for (let i = 0; i < 6; i++) {
    const o = orders[(i * 37) % orders.length];
    const buyer = { im_user_id: idGen(xr, "7310"), user_id: o.user_id, nickname: o.recipient_address.first_name, role: "BUYER", avatar: "", buyer_platform: "TIKTOK_SHOP" };
    const agent = { im_user_id: idGen(xr, "7310"), user_id: "", nickname: shop.name, role: "SHOP", avatar: "", buyer_platform: "" };
    const created = o.create_time + xr.int(HOUR, DAY);
    const messages = [];
    const n = xr.int(2, 6);
    for (let k = 0; k < n; k++) {
      const sender = k % 2 === 0 ? buyer : agent;
      messages.push({
        id: idGen(xr, "7311"),
        index: String(k + 1),
        type: "TEXT",
        content: JSON.stringify({ content: k % 2 === 0 ? `Hi, about order ${o.id}: when will it ship?` : "Thanks for reaching out! It ships within 2 days." }),
        create_time: Math.min(created + k * 600, baseTime - 30),
        is_visible: true,
        sender: { im_user_id: sender.im_user_id, nickname: sender.nickname, role: sender.role, avatar: "" },
      });
    }
    conversations.push({
      id: idGen(xr, "7312"),
      create_time: created,
      participant_count: 2,
      participants: [buyer, agent],
      can_send_message: true,
      unread_count: i % 3 === 0 ? 1 : 0,
      latest_message: messages[messages.length - 1],
      messages,
    });
  }
  const activities = ["FIXED_PRICE", "DIRECT_DISCOUNT", "FLASHSALE"].map((type, i) => ({
    id: idGen(xr, "7321"),
    title: ["Summer sale", "Weekend deal", "Flash hour"][i],
    activity_type: type,
    status: ["ONGOING", "NOT_START", "EXPIRED"][i],
    product_level: "PRODUCT",
    begin_time: baseTime + (i - 1) * 7 * DAY,
    end_time: baseTime + (i - 1) * 7 * DAY + 14 * DAY,
    create_time: baseTime - 20 * DAY + i * DAY,
    update_time: baseTime - 10 * DAY + i * DAY,
    products: sellable.slice(i * 3, i * 3 + 3).map((p) => ({ id: p.id, activity_price_amount: p.skus[0].price.sale_price, quantity_limit: -1, quantity_per_user: -1, skus: p.skus.map((s) => ({ id: s.id, activity_price: { amount: s.price.sale_price, currency: cur } })) })),
  }));
  const coupons = [0, 1, 2, 3].map((i) => ({
    id: idGen(xr, "7322"),
    title: ["10% off", "5 off 30", "Free shipping", "New buyer 15%"][i],
    status: ["ONGOING", "ONGOING", "EXPIRED", "NOT_START"][i],
    display_type: i === 3 ? "ONLY_IN_SHOP_PAGE" : "REGULAR",
    product_scope: "ALL_PRODUCTS",
    target_buyer_segment: i === 3 ? "NEW_BUYERS" : "ALL_BUYERS",
    creation_source: "SELLER_CENTER",
    promo_code: i === 1 ? "SAVE5" : "",
    create_time: baseTime - (30 - i) * DAY,
    update_time: baseTime - (20 - i) * DAY,
    claim_duration: { start_time: baseTime - 10 * DAY, end_time: baseTime + 20 * DAY },
    redemption_duration: { type: "FIXED_TIME", start_time: baseTime - 10 * DAY, end_time: baseTime + 30 * DAY, relative_time: 0 },
    discount: { type: i === 1 ? "FIXED_AMOUNT" : "PERCENTAGE", percentage: i === 1 ? "" : i === 3 ? "15" : "10", reduction_amount: { amount: i === 1 ? "5.00" : "0.00", currency: cur }, max_discount: { amount: "20.00", currency: cur } },
    threshold: { type: "MIN_SPEND", min_spend: { amount: i === 1 ? "30.00" : "0.00", currency: cur } },
    usage_limits: { total_claim_limit: 1000, single_buyer_claim_limit: 1, redemption_limit: 1000 },
  }));

  orders.sort((a, b) => a.create_time - b.create_time || (a.id < b.id ? -1 : 1));
  return {
    index,
    currency: cur,
    region: def.region,
    warehouses,
    products,
    skus,
    orders,
    packages,
    returns,
    cancellations,
    statements,
    unsettled,
    payments: [],
    withdrawals: [],
    conversations,
    activities,
    coupons,
    rng: fr,
    idGen,
    byId: {
      order: new Map(orders.map((o) => [o.id, o])),
      product: new Map(products.map((p) => [p.id, p])),
      sku: new Map(skus.map((s) => [s.id, s])),
      package: new Map(packages.map((p) => [p.id, p])),
      statement: new Map(statements.map((s) => [s.id, s])),
      return: new Map(returns.map((x) => [x.return_id, x])),
      cancellation: new Map(cancellations.map((x) => [x.cancel_id, x])),
      warehouse: new Map(warehouses.map((w) => [w.id, w])),
      conversation: new Map(conversations.map((c) => [c.id, c])),
      activity: new Map(activities.map((a) => [a.id, a])),
      coupon: new Map(coupons.map((c) => [c.id, c])),
    },
  };
}

function hashIndex(text) {
  return hash32(text);
}

/** Statement totals, weekly payments and withdrawals (after the mismatch is planted). */
function finishFinance(d, baseTime) {
  const byOrder = new Map();
  for (const st of d.statements) {
    const sum = (k) => st.transactions.reduce((a, t) => a + t[k], 0);
    st.revenueCents = sum("revenueCents");
    st.feeCents = sum("feeCents");
    st.shippingCents = sum("shippingCents");
    st.adjustmentCents = sum("adjustmentCents");
    st.transactionsSumCents = sum("settlementCents");
    st.settlementCents = st.reportedSettlementCents ?? st.transactionsSumCents;
    for (const t of st.transactions) {
      const oid = t.order_id || t.adjustment_order_id;
      if (!byOrder.has(oid)) byOrder.set(oid, []);
      byOrder.get(oid).push(t);
    }
  }
  d.transactionsByOrder = byOrder;
  // weekly payments, counted from the base date backwards
  const weeks = new Map();
  for (const st of d.statements) {
    const w = Math.floor((baseTime - st.statement_time - 1) / (7 * DAY));
    if (!weeks.has(w)) weeks.set(w, []);
    weeks.get(w).push(st);
  }
  const payments = [];
  for (const [w, list] of [...weeks.entries()].sort((a, b) => b[0] - a[0])) {
    const create = baseTime - w * 7 * DAY - DAY;
    const status = w >= 1 ? "PAID" : "PROCESSING";
    const amount = list.reduce((a, st) => a + st.settlementCents, 0);
    const p = {
      id: d.idGen(d.rng, "7363"),
      create_time: create,
      paid_time: status === "PAID" ? create + 2 * DAY : 0,
      status,
      amountCents: amount,
      amount: { value: money(amount), currency: d.currency },
      settlement_amount: { value: money(amount), currency: d.currency },
      reserve_amount: { value: "0.00", currency: d.currency },
      payment_amount_before_exchange: { value: money(amount), currency: d.currency },
      exchange_rate: "1",
      bank_account: "**** " + d.rng.digits(4),
    };
    for (const st of list) {
      st.payment_id = p.id;
      st.payment_status = status;
    }
    payments.push(p);
  }
  d.payments = payments;
  const withdrawals = [];
  for (const st of d.statements) {
    withdrawals.push({ id: d.idGen(d.rng, "7364"), type: "SETTLE", status: "SUCCESS", amount: money(st.settlementCents), currency: d.currency, create_time: st.statement_time + 3600 });
  }
  for (const p of payments) {
    if (p.status !== "PAID") continue;
    withdrawals.push({ id: d.idGen(d.rng, "7364"), type: "WITHDRAW", status: "SUCCESS", amount: money(-p.amountCents), currency: d.currency, create_time: p.paid_time });
  }
  withdrawals.push({ id: d.idGen(d.rng, "7364"), type: "TRANSFER", status: "SUCCESS", amount: "25.00", currency: d.currency, create_time: baseTime - 40 * DAY });
  withdrawals.push({ id: d.idGen(d.rng, "7364"), type: "REVERSE", status: "FAILED", amount: "-25.00", currency: d.currency, create_time: baseTime - 39 * DAY });
  withdrawals.sort((a, b) => a.create_time - b.create_time);
  d.withdrawals = withdrawals;
  d.byId.payment = new Map(payments.map((p) => [p.id, p]));
}
