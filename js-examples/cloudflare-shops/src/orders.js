// Orders in D1: one row per order, written idempotently. A write is an upsert by id that
// only replaces a row with the same or a newer `update_time`, so a page read twice (a
// retried message, a resumed pass) or a stale webhook fetch never duplicates a row nor
// brings back an older state.

const UPSERT = `
  INSERT INTO orders (shop_id, id, status, create_time, update_time, total_amount, currency, buyer_user_id, line_items)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
  ON CONFLICT (shop_id, id) DO UPDATE SET
    status = excluded.status, update_time = excluded.update_time, total_amount = excluded.total_amount,
    currency = excluded.currency, buyer_user_id = excluded.buyer_user_id, line_items = excluded.line_items
  WHERE excluded.update_time >= orders.update_time`;

/** Writes orders in one D1 batch (one transaction); resolves once it is committed. */
export async function saveOrders(db, shopId, orders) {
  if (!orders.length) return 0;
  const upsert = db.prepare(UPSERT);
  await db.batch(
    orders.map((o) =>
      upsert.bind(
        shopId,
        String(o.id),
        String(o.status),
        o.create_time,
        o.update_time,
        o.payment?.total_amount ?? null,
        o.payment?.currency ?? null,
        o.user_id ?? null,
        Array.isArray(o.line_items) ? o.line_items.length : null,
      ),
    ),
  );
  return orders.length;
}

/** The stored `update_time` of some orders of a shop: Map(id -> update_time). */
export async function storedUpdateTimes(db, shopId, ids) {
  if (!ids.length) return new Map();
  const { results } = await db
    .prepare(`SELECT id, update_time FROM orders WHERE shop_id = ? AND id IN (SELECT value FROM json_each(?))`)
    .bind(shopId, JSON.stringify(ids))
    .all();
  return new Map(results.map((r) => [r.id, r.update_time]));
}

/** A page of a shop's stored orders, by id (`after` is the last id of the previous page). */
export async function listOrders(db, shopId, { status, after = "", limit = 100 }) {
  const { results } = await db
    .prepare(
      `SELECT id, status, create_time, update_time, total_amount, currency, line_items FROM orders
       WHERE shop_id = ?1 AND id > ?2 AND (?3 IS NULL OR status = ?3) ORDER BY id LIMIT ?4`,
    )
    .bind(shopId, after, status ?? null, limit)
    .all();
  return { orders: results, next: results.length === limit ? results[results.length - 1].id : null };
}
