// Answers built from the seeded shop, keyed by "METHOD /group/*/rest" (the
// version segment replaced by "*", so every version of an operation shares
// one answer; the response schema of the version called then shapes it).
// Each answer returns the "real" data; the handler shapes it to the schema.
// The answers live in answers/, one module per domain.

import { orderAnswers } from "./answers/orders.js";
import { productAnswers } from "./answers/products.js";
import { fulfillmentAnswers } from "./answers/fulfillment.js";
import { financeAnswers } from "./answers/finance.js";
import { afterSaleAnswers } from "./answers/after-sales.js";
import { shopAnswers } from "./answers/shops.js";
import { serviceAnswers } from "./answers/service.js";
import { promotionAnswers } from "./answers/promotions.js";

/** Path parameters that name a seeded entity: [byId table, error code, message]. */
export const ENTITY_PARAMS = Object.freeze({
  order_id: ["order", 21011001, "order not found"],
  product_id: ["product", 12052001, "product not found"],
  sku_id: ["sku", 12052002, "sku not found"],
  package_id: ["package", 21001005, "package not found"],
  statement_id: ["statement", 22001001, "statement not found"],
  return_id: ["return", 25001001, "return not found"],
  cancel_id: ["cancellation", 25001002, "cancellation not found"],
  warehouse_id: ["warehouse", 29001001, "warehouse not found"],
  conversation_id: ["conversation", 26001001, "conversation not found"],
  activity_id: ["activity", 17000001, "activity not found"],
  coupon_id: ["coupon", 17000002, "coupon not found"],
});

/** "POST /order/202309/orders/search" -> "POST /order/* /orders/search" (without the space). */
export function answerKey(method, path) {
  const segs = path.split("/");
  if (segs.length > 2 && /^\d{6}$/.test(segs[2])) segs[2] = "*";
  return `${method} ${segs.join("/")}`;
}

/** Every answer, by answerKey. */
export function createAnswers() {
  const A = {};
  for (const add of [orderAnswers, productAnswers, fulfillmentAnswers, financeAnswers, afterSaleAnswers, shopAnswers, serviceAnswers, promotionAnswers]) add(A);
  return A;
}
