// Everything one shop holds, built from its own random streams (products,
// orders, finance, misc), so a shop is the same whichever shops are built
// before it, or whether they are built at all.

import { rng, idMaker } from "./random.js";
import { CITIES } from "./vocabulary.js";
import { buildWarehouses } from "./warehouses.js";
import { buildProducts } from "./products.js";
import { buildOrders } from "./orders.js";
import { settle, finishFinance } from "./finance.js";
import { buildConversations } from "./conversations.js";
import { buildActivities, buildCoupons } from "./promotions.js";

/** Lookup tables by id, for path parameters (answers.js ENTITY_PARAMS). */
function indexById(d) {
  const by = (list, key = "id") => new Map(list.map((x) => [x[key], x]));
  return {
    order: by(d.orders),
    product: by(d.products),
    sku: by(d.skus),
    package: by(d.packages),
    statement: by(d.statements),
    return: by(d.returns, "return_id"),
    cancellation: by(d.cancellations, "cancel_id"),
    warehouse: by(d.warehouses),
    conversation: by(d.conversations),
    activity: by(d.activities),
    coupon: by(d.coupons),
  };
}

/**
 * @param {{root: string, index: number, shop: object, def: object, baseTime: number,
 *   catalogue: object, beforeFinish?: (d: object) => void}} input `beforeFinish` runs
 *   between settlement and the statement totals (where the mismatch is planted)
 */
export function buildShopData({ root, index, shop, def, baseTime, catalogue, beforeFinish }) {
  const cur = def.currency;
  const idGen = idMaker();
  const pr = rng(`${root}:products:${index}`);
  const or = rng(`${root}:orders:${index}`);
  const fr = rng(`${root}:finance:${index}`);
  const xr = rng(`${root}:misc:${index}`);
  const cityList = CITIES[def.region] ?? CITIES.US;

  const warehouses = buildWarehouses({ def, index, idGen, r: xr, cityList });
  const salesWarehouse = warehouses[0];
  const { products, skus, sellable } = buildProducts({ count: def.products, shop, def, baseTime, idGen, r: pr, ...catalogue, salesWarehouse });
  const { orders, packages, cancellations, returns } = buildOrders({ count: def.orders, shop, def, baseTime, idGen, r: or, sellable, salesWarehouse });
  const { statements, unsettled } = settle({ orders, cur, baseTime, idGen, r: fr });
  const conversations = buildConversations({ orders, shop, baseTime, idGen, r: xr });
  const activities = buildActivities({ sellable, cur, baseTime, idGen, r: xr });
  const coupons = buildCoupons({ cur, baseTime, idGen, r: xr });
  // Lists are newest last; finance and conversations above read orders in the order made.
  orders.sort((a, b) => a.create_time - b.create_time || (a.id < b.id ? -1 : 1));

  const d = {
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
  };
  d.byId = indexById(d);
  beforeFinish?.(d);
  finishFinance(d, baseTime);
  return d;
}
