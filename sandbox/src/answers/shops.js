// The authorized shops and their warehouses.

/** Adds this domain's answers to A. */
export function shopAnswers(A) {
  A["GET /authorization/*/shops"] = (ctx) => ({ shops: ctx.allowedShops.map((s) => ({ ...s })) });
  A["GET /seller/*/shops"] = (ctx) => ({ shops: ctx.allowedShops.map((s) => ({ id: s.id, region: s.region })) });

  A["GET /logistics/*/warehouses"] = (ctx) => ({ warehouses: ctx.shopData.warehouses });
}
