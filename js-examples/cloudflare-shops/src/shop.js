// The Durable Object of one shop (named by its shop id). TikTokShopObject gives it the
// shop's tokens, rate budget, webhook claims and cursors; this class adds what the app
// does for a shop: sync its orders into D1, and act on its webhooks.

import { TikTokShopObject } from "tiktok-shop-wasm/cloudflare";
import { saveOrders, storedUpdateTimes } from "./orders.js";
import { clientOptions, nowSeconds } from "./settings.js";

const DETAIL_IDS_MAX = 50; // order.getOrderDetail takes at most 50 ids
const ALARM_RETRY_SECONDS = [2, 5, 15, 60];

export class Shop extends TikTokShopObject {
  constructor(ctx, env) {
    super(ctx, env);
    // Orders named by webhooks and not fetched yet; the alarm fetches them.
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS pending_orders (id TEXT PRIMARY KEY, update_time INTEGER NOT NULL)");
    // After a restart, pick up what was pending even if its alarm was lost.
    ctx.blockConcurrencyWhile(() => this.#wake(0));
  }

  options(env) {
    return { ...clientOptions(env), objects: env.SHOPS };
  }

  /**
   * Queue consumer -> here: one incremental pass over the orders updated since the last
   * one. Resolves when every page is in D1 (the message may then be acknowledged); throws
   * on a transient failure (the message is retried and the pass resumes where it stopped).
   */
  async sync() {
    const shop = this.describe();
    if (!shop.authorized) return { shop: shop.id, status: shop.reauthorize ? "reauthorize" : "unauthorized" };
    const client = this.client();
    try {
      const pass = await this.syncUpdated("orders", {
        // Oldest first: a page token keeps its place when orders are added or updated meanwhile.
        list: (params) => client.order.getOrderList({ ...params, page_size: 100, sort_field: "create_time", sort_order: "ASC" }),
        write: (page) => saveOrders(this.env.DB, shop.id, page.orders ?? []),
      });
      await this.env.DB.prepare("UPDATE shops SET synced_at = ?, status = 'active' WHERE id = ?").bind(nowSeconds(), shop.id).run();
      return { shop: shop.id, status: "synced", ...pass };
    } catch (error) {
      if (error?.kind === "auth" || error?.kind === "reauthorize") {
        await this.#setStatus("reauthorize");
        return { shop: shop.id, status: "reauthorize" };
      }
      throw error;
    }
  }

  /**
   * A verified webhook for this shop (or its seller), acted on once per delivery (claimed by
   * its dedupe key: the notification id, or a digest where TikTok sends none). An order
   * change is recorded (with the claim, in one transaction) and fetched by the alarm: the
   * webhook is answered at once, and deliveries out of order all end in the latest state.
   */
  async notify(event) {
    if (!this.shop) return { ignored: "not an authorized shop" };
    if (event.type_name === "SELLER_DEAUTHORIZATION") {
      if (!this.claim(event)) return { duplicate: true };
      this.deauthorize();
      await this.#setStatus("deauthorized");
      return { deauthorized: true };
    }
    if (event.account === "seller") {
      // A change of the seller's (size charts, FBT inventory...): counted once per delivery,
      // where an app would act on it.
      if (!this.claim(event)) return { duplicate: true };
      const counts = this.state.get("seller_events") ?? {};
      counts[event.type_name] = (counts[event.type_name] ?? 0) + 1;
      this.state.set("seller_events", counts);
      return { noted: event.type_name };
    }
    if (event.type_name !== "ORDER_STATUS_CHANGE" || !event.data?.order_id) return { ignored: event.type_name ?? event.type };
    const isNew = this.ctx.storage.transactionSync(() => {
      if (!this.claim(event)) return false;
      this.ctx.storage.sql.exec(
        `INSERT INTO pending_orders (id, update_time) VALUES (?1, ?2)
         ON CONFLICT (id) DO UPDATE SET update_time = max(update_time, excluded.update_time)`,
        String(event.data.order_id),
        Number(event.data.update_time) || 0,
      );
      return true;
    });
    if (!isNew) return { duplicate: true };
    await this.#wake(0.1);
    return { queued: String(event.data.order_id) };
  }

  /** Fetches the orders webhooks named, 50 at a time, skipping those D1 already has as new. */
  async alarm() {
    const shop = this.describe();
    if (!shop.authorized) return;
    const sql = this.ctx.storage.sql;
    try {
      for (;;) {
        const pending = sql.exec("SELECT id, update_time FROM pending_orders ORDER BY id LIMIT ?", DETAIL_IDS_MAX).toArray();
        if (!pending.length) break;
        const stored = await storedUpdateTimes(this.env.DB, shop.id, pending.map((p) => p.id));
        const stale = pending.filter((p) => stored.get(p.id) >= p.update_time);
        const wanted = pending.filter((p) => !(stored.get(p.id) >= p.update_time));
        const fetched = new Map();
        if (wanted.length) {
          const { orders = [] } = await this.client().order.getOrderDetail({ ids: wanted.map((p) => p.id) });
          await saveOrders(this.env.DB, shop.id, orders);
          for (const o of orders) fetched.set(String(o.id), o.update_time);
        }
        // Done with an order once D1 has the state the webhook announced (or a newer one);
        // a notification that arrived meanwhile raised update_time and keeps its row.
        let done = stale.length;
        for (const p of wanted) {
          const got = fetched.get(p.id);
          if (got === undefined || got >= p.update_time) {
            sql.exec("DELETE FROM pending_orders WHERE id = ? AND update_time <= ?", p.id, Math.max(p.update_time, got ?? 0));
            done += 1;
          }
        }
        for (const p of stale) sql.exec("DELETE FROM pending_orders WHERE id = ? AND update_time <= ?", p.id, p.update_time);
        // The API has not caught up with its own webhook yet: try again shortly.
        if (done === 0) throw new Error("the fetched orders are older than their webhooks");
      }
      this.state.delete("alarm_failures");
    } catch (error) {
      const failures = (this.state.get("alarm_failures") ?? 0) + 1;
      console.error(`shop ${shop.id}: fetching webhook orders failed (${failures}): ${error?.message}`);
      if (failures > ALARM_RETRY_SECONDS.length) {
        // The next scheduled pass reads these orders anyway (their update_time is recent).
        sql.exec("DELETE FROM pending_orders");
        this.state.delete("alarm_failures");
        return;
      }
      this.state.set("alarm_failures", failures);
      await this.ctx.storage.setAlarm(Date.now() + ALARM_RETRY_SECONDS[failures - 1] * 1000);
    }
  }

  /** Sets the alarm if orders are pending and none is set. */
  async #wake(delaySeconds) {
    const [{ n }] = this.ctx.storage.sql.exec("SELECT count(*) AS n FROM pending_orders").toArray();
    if (n > 0 && (await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + delaySeconds * 1000);
  }

  async #setStatus(status) {
    await this.env.DB.prepare("UPDATE shops SET status = ? WHERE id = ?").bind(status, this.shop.id).run();
  }
}
