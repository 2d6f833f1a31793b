import test from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../src/node.js";
import { createSandbox } from "../src/handler.js";
import { call, walk } from "./helpers.mjs";

const cents = (s) => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  assert.ok(m, `amount ${s}`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
};

test("createSandbox is cheap and deterministic", () => {
  createSandbox(); // warm up
  let ms = Infinity;
  let a;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    a = createSandbox({ seed: 7 });
    ms = Math.min(ms, performance.now() - t0);
  }
  assert.ok(ms < 100, `createSandbox took ${ms.toFixed(1)} ms`);
  const b = createSandbox({ seed: 7 });
  const c = createSandbox({ seed: 8 });
  assert.deepEqual(a.shop.summary(), b.shop.summary());
  assert.notEqual(a.shop.shops[0].cipher, c.shop.shops[0].cipher);
  const s = a.shop.summary();
  assert.equal(s.shops.length, 2);
  assert.equal(s.shops[0].counts.products, 60);
  assert.equal(s.shops[0].counts.orders, 250);
  for (const st of Object.values(s.shops[0].order_statuses)) assert.ok(st > 0);
  for (const sh of a.shop.shops) {
    assert.deepEqual(Object.keys(sh).sort(), ["cipher", "code", "id", "name", "region", "seller_type"]);
    assert.match(sh.cipher, /^ROW_/);
  }
});

test("seeded shop over HTTP", async (t) => {
  // retiredVersions: []: the 202309 transactions TikTok switched off are served
  // here, to check that both versions report the same statements
  const sb = await startSandbox({ seed: 1, retiredVersions: [] });
  t.after(() => sb.close());
  const token = sb.sandbox.issueTokens().access_token;
  const [shop1, shop2] = sb.sandbox.shop.shops;
  const base = { token, shopCipher: shop1.cipher };
  const summary = sb.sandbox.shop.summary();
  const orderList = (query = {}, body = {}, extra = {}) => ({ ...base, method: "POST", path: "/order/202309/orders/search", query, body, ...extra });
  const getOrders = async (ids, cipher = shop1.cipher) => {
    const out = [];
    for (let i = 0; i < ids.length; i += 50) {
      const r = await call(sb, { ...base, shopCipher: cipher, path: "/order/202309/orders", query: { ids: ids.slice(i, i + 50) } });
      assert.equal(r.json.code, 0, r.text);
      out.push(...r.json.data.orders);
    }
    return out;
  };

  await t.test("shops: authorization and seller", async () => {
    const a = await call(sb, { token, path: "/authorization/202309/shops" });
    assert.deepEqual(a.json.data.shops, sb.sandbox.shop.shops.map((s) => ({ cipher: s.cipher, code: s.code, id: s.id, name: s.name, region: s.region, seller_type: s.seller_type })));
    const s = await call(sb, { token, path: "/seller/202309/shops" });
    assert.deepEqual(s.json.data.shops.map((x) => x.id), [shop1.id, shop2.id]);
  });

  let allOrders;
  await t.test("order list: walking every page (no duplicates, stable total_count, sorted)", async () => {
    const { all, pages } = await walk(sb, orderList(), "orders", 37);
    assert.equal(all.length, 250);
    assert.equal(pages.length, Math.ceil(250 / 37));
    assert.equal(new Set(all.map((o) => o.id)).size, 250);
    for (const p of pages) assert.equal(p.total_count, 250);
    assert.equal(pages.at(-1).next_page_token, "");
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].create_time >= all[i].create_time, "DESC by create_time");
    allOrders = all;
    // the statuses the seeded shop claims
    const byStatus = {};
    for (const o of all) byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    assert.deepEqual(byStatus, Object.fromEntries(Object.entries(summary.shops[0].order_statuses).filter(([, n]) => n > 0)));
    // the same walk in ascending update_time order gives the same set
    const asc = await walk(sb, orderList({ sort_field: "update_time", sort_order: "ASC" }), "orders", 100);
    assert.deepEqual(new Set(asc.all.map((o) => o.id)), new Set(all.map((o) => o.id)));
    for (let i = 1; i < asc.all.length; i++) assert.ok(asc.all[i - 1].update_time <= asc.all[i].update_time);
  });

  await t.test("order list filters", async () => {
    const completed = await walk(sb, orderList({}, { order_status: "COMPLETED" }), "orders", 50);
    assert.equal(completed.all.length, summary.shops[0].order_statuses.COMPLETED);
    assert.ok(completed.all.every((o) => o.status === "COMPLETED"));
    const times = allOrders.map((o) => o.create_time).sort((a, b) => a - b);
    const ge = times[50];
    const lt = times[150];
    const ranged = await walk(sb, orderList({}, { create_time_ge: ge, create_time_lt: lt }), "orders", 100);
    assert.equal(ranged.all.length, allOrders.filter((o) => o.create_time >= ge && o.create_time < lt).length);
    const u = await walk(sb, orderList({}, { update_time_ge: ge }), "orders", 100);
    assert.ok(u.all.every((o) => o.update_time >= ge));
    // shop 2 has its own orders
    const other = await walk(sb, orderList({}, {}, { shopCipher: shop2.cipher }), "orders", 100);
    assert.equal(other.all.length, summary.shops[1].counts.orders);
    assert.ok(other.all.every((o) => o.payment.currency === "GBP"));
    // without shop_cipher (optional): shop 1
    const none = await call(sb, { ...orderList({ page_size: 1 }), shopCipher: undefined });
    assert.equal(none.json.data.total_count, 250);
  });

  await t.test("order detail: the same objects the list shows", async () => {
    const pick = [0, 1, 17, 100, 249].map((i) => allOrders[i]);
    const detail = await getOrders(pick.map((o) => o.id));
    assert.deepEqual(detail.map((o) => o.id), pick.map((o) => o.id));
    for (let i = 0; i < pick.length; i++) {
      const listed = pick[i];
      const d = detail[i];
      for (const k of Object.keys(listed)) {
        if (!(k in d)) continue;
        if (k === "line_items") {
          assert.equal(d.line_items.length, listed.line_items.length);
          d.line_items.forEach((li, j) => {
            for (const f of Object.keys(listed.line_items[j])) if (f in li) assert.deepEqual(li[f], listed.line_items[j][f], `${k}.${f}`);
          });
        } else if (typeof listed[k] === "object" && !Array.isArray(listed[k])) {
          for (const f of Object.keys(listed[k])) if (f in d[k]) assert.deepEqual(d[k][f], listed[k][f], `${k}.${f}`);
        } else assert.deepEqual(d[k], listed[k], k);
      }
      // line items refer to real products and add up
      const sum = d.line_items.reduce((a, li) => a + cents(li.sale_price), 0);
      assert.equal(sum, cents(d.payment.sub_total));
      assert.equal(cents(d.payment.sub_total) + cents(d.payment.shipping_fee) + cents(d.payment.tax), cents(d.payment.total_amount));
    }
    const again = await getOrders(pick.map((o) => o.id));
    assert.deepEqual(again, detail, "stable across calls");
  });

  await t.test("products: search and detail agree; line items refer to real products", async () => {
    const { all } = await walk(sb, { ...base, method: "POST", path: "/product/202309/products/search", body: {} }, "products", 25);
    assert.equal(all.length, 60);
    assert.equal(new Set(all.map((p) => p.id)).size, 60);
    const ids = new Set(all.map((p) => p.id));
    const skuIds = new Set(all.flatMap((p) => p.skus.map((s) => s.id)));
    for (const o of allOrders) for (const li of o.line_items) {
      assert.ok(ids.has(li.product_id), "line item product exists");
      assert.ok(skuIds.has(li.sku_id), "line item sku exists");
    }
    for (const p of all.slice(0, 5)) {
      const r = await call(sb, { ...base, path: `/product/202309/products/${p.id}` });
      assert.equal(r.json.code, 0);
      assert.equal(r.json.data.id, p.id);
      assert.equal(r.json.data.title, p.title);
      assert.deepEqual(r.json.data.skus.map((s) => s.id), p.skus.map((s) => s.id));
      assert.deepEqual(r.json.data.skus.map((s) => s.price.sale_price), p.skus.map((s) => s.price.sale_price));
    }
    const active = await walk(sb, { ...base, method: "POST", path: "/product/202502/products/search", body: { status: "ACTIVATE" } }, "products", 100);
    assert.ok(active.all.length > 0 && active.all.length < 60 && active.all.every((p) => p.status === "ACTIVATE"));
  });

  await t.test("packages refer to orders, both ways", async () => {
    const { all, pages } = await walk(sb, { ...base, method: "POST", path: "/fulfillment/202309/packages/search", body: {} }, "packages", 50);
    assert.equal(all.length, summary.shops[0].counts.packages);
    assert.equal(pages[0].total_count, all.length);
    const byId = new Map(allOrders.map((o) => [o.id, o]));
    for (const p of all) {
      assert.equal(p.orders.length, 1);
      const o = byId.get(p.orders[0].id);
      assert.ok(o, "package order exists");
      assert.ok(o.packages.some((x) => x.id === p.id));
      assert.deepEqual(p.order_line_item_ids, o.line_items.map((l) => l.id));
    }
    const d = await call(sb, { ...base, path: `/fulfillment/202309/packages/${all[0].id}` });
    assert.equal(d.json.data.package_id, all[0].id);
    assert.equal(d.json.data.orders[0].id, all[0].orders[0].id);
    assert.equal(d.json.data.tracking_number, all[0].tracking_number);
  });

  let statements;
  await t.test("finance: statements, transactions referring to real orders, one deliberate mismatch", async () => {
    const q = { sort_field: "statement_time", sort_order: "ASC" };
    const r = await walk(sb, { ...base, path: "/finance/202309/statements", query: q }, "statements", 20);
    statements = r.all;
    assert.equal(statements.length, summary.shops[0].counts.statements);
    for (let i = 1; i < statements.length; i++) assert.ok(statements[i - 1].statement_time < statements[i].statement_time);
    const orderById = new Map(allOrders.map((o) => [o.id, o]));
    const mismatched = [];
    const settledOrders = new Set();
    for (const st of statements) {
      const { all: txs } = await walk(sb, { ...base, path: `/finance/202309/statements/${st.id}/statement_transactions`, query: { sort_field: "order_create_time" } }, "statement_transactions", 100);
      assert.ok(txs.length > 0);
      for (const tx of txs) {
        const ref = tx.order_id || tx.adjustment_order_id;
        const o = orderById.get(ref);
        assert.ok(o, `transaction ${tx.id} refers to a real order`);
        assert.equal(tx.order_create_time, o.create_time);
        if (tx.type === "ORDER") {
          assert.equal(o.status, "COMPLETED");
          assert.equal(cents(tx.revenue_amount), cents(o.payment.sub_total));
          settledOrders.add(o.id);
        }
        assert.equal(cents(tx.revenue_amount) + cents(tx.fee_amount) + cents(tx.shipping_cost_amount) + cents(tx.adjustment_amount), cents(tx.settlement_amount));
      }
      const sum = txs.reduce((a, tx) => a + cents(tx.settlement_amount), 0);
      if (sum !== cents(st.settlement_amount)) mismatched.push({ id: st.id, sum, reported: cents(st.settlement_amount) });
      // the 202501 version reports the same statement
      const v2 = await walk(sb, { ...base, path: `/finance/202501/statements/${st.id}/statement_transactions`, query: { sort_field: "order_create_time" } }, "transactions", 100);
      assert.equal(v2.all.length, txs.length);
      assert.equal(v2.pages[0].total_settlement_amount, st.settlement_amount);
      assert.equal(v2.all.reduce((a, tx) => a + cents(tx.settlement_amount), 0), sum);
    }
    const m = sb.sandbox.shop.mismatch;
    assert.deepEqual(mismatched, [{ id: m.statement_id, sum: cents(m.transactions_sum), reported: cents(m.reported_settlement_amount) }]);

    // transactions by order agree with the statements
    const settledId = [...settledOrders][0];
    const byOrder = await call(sb, { ...base, path: `/finance/202501/orders/${settledId}/statement_transactions` });
    assert.equal(byOrder.json.code, 0);
    assert.equal(byOrder.json.data.order_id, settledId);
    const skuSum = byOrder.json.data.sku_transactions.reduce((a, s) => a + cents(s.settlement_amount), 0);
    assert.equal(skuSum, cents(byOrder.json.data.settlement_amount));
    const old = await call(sb, { ...base, path: `/finance/202309/orders/${settledId}/statement_transactions` });
    assert.equal(old.json.data.statement_transactions.length, 1);
    assert.equal(old.json.data.statement_transactions[0].settlement_amount, byOrder.json.data.settlement_amount);

    // unsettled transactions: real orders, never settled
    const un = await walk(sb, { ...base, path: "/finance/202507/orders/unsettled", query: { sort_field: "order_create_time" } }, "transactions", 100);
    assert.equal(un.all.length, summary.shops[0].counts.unsettled_transactions);
    assert.ok(un.all.length > 0);
    for (const tx of un.all) {
      const o = orderById.get(tx.order_id);
      assert.ok(o, "unsettled transaction refers to a real order");
      assert.ok(!settledOrders.has(o.id));
      assert.ok(!["UNPAID", "CANCELLED"].includes(o.status));
    }
    assert.equal(cents(un.pages[0].sum_est_settlement_amount), un.all.reduce((a, tx) => a + cents(tx.est_settlement_amount), 0));

    // statement time filters
    const mid = statements[Math.floor(statements.length / 2)].statement_time;
    const later = await walk(sb, { ...base, path: "/finance/202309/statements", query: { ...q, statement_time_ge: mid } }, "statements", 100);
    assert.equal(later.all.length, statements.filter((s) => s.statement_time >= mid).length);
    const earlier = await walk(sb, { ...base, path: "/finance/202309/statements", query: { ...q, statement_time_lt: mid } }, "statements", 100);
    assert.equal(earlier.all.length + later.all.length, statements.length);
  });

  await t.test("finance: payments cover statements; withdrawals by type", async () => {
    const p = await walk(sb, { ...base, path: "/finance/202309/payments", query: { sort_field: "create_time" } }, "payments", 100);
    assert.ok(p.all.length > 0);
    for (const pay of p.all) {
      const covered = statements.filter((s) => s.payment_id === pay.id);
      assert.ok(covered.length > 0);
      assert.equal(cents(pay.amount.value), covered.reduce((a, s) => a + cents(s.settlement_amount), 0));
    }
    const w = await walk(sb, { ...base, path: "/finance/202309/withdrawals", query: { types: "SETTLE" } }, "withdrawals", 100);
    assert.equal(w.all.length, statements.length);
    assert.ok(w.all.every((x) => x.type === "SETTLE"));
    const both = await walk(sb, { ...base, path: "/finance/202309/withdrawals", query: { types: ["WITHDRAW", "TRANSFER"] } }, "withdrawals", 100);
    assert.ok(both.all.length > 0 && both.all.every((x) => x.type === "WITHDRAW" || x.type === "TRANSFER"));
  });

  await t.test("returns and cancellations refer to orders", async () => {
    const byId = new Map(allOrders.map((o) => [o.id, o]));
    const rets = await walk(sb, { ...base, method: "POST", path: "/return_refund/202309/returns/search", body: {} }, "return_orders", 10);
    assert.equal(rets.all.length, summary.shops[0].counts.returns);
    for (const r of rets.all) {
      const o = byId.get(r.order_id);
      assert.ok(o && ["DELIVERED", "COMPLETED"].includes(o.status));
      assert.ok(o.line_items.some((l) => l.id === r.return_line_items[0].order_line_item_id));
    }
    const one = await call(sb, { ...base, method: "POST", path: "/return_refund/202309/returns/search", query: { page_size: 10 }, body: { order_ids: [rets.all[0].order_id] } });
    assert.ok(one.json.data.return_orders.every((r) => r.order_id === rets.all[0].order_id));
    const canc = await walk(sb, { ...base, method: "POST", path: "/return_refund/202309/cancellations/search", body: {} }, "cancellations", 50);
    assert.equal(canc.all.length, summary.shops[0].counts.cancellations);
    for (const c of canc.all) {
      const o = byId.get(c.order_id);
      assert.ok(o && (o.status === "CANCELLED" || o.is_buyer_request_cancel));
    }
    assert.ok(allOrders.filter((o) => o.status === "CANCELLED").every((o) => canc.all.some((c) => c.order_id === o.id)));
  });

  await t.test("warehouses, conversations, promotions", async () => {
    const w = await call(sb, { ...base, path: "/logistics/202309/warehouses" });
    assert.equal(w.json.data.warehouses.length, 2);
    assert.ok(allOrders.every((o) => o.warehouse_id === w.json.data.warehouses[0].id));
    const conv = await walk(sb, { ...base, path: "/customer_service/202309/conversations" }, "conversations", 4);
    assert.equal(conv.all.length, 6);
    const msgs = await call(sb, { ...base, path: `/customer_service/202309/conversations/${conv.all[0].id}/messages`, query: { page_size: 10 } });
    assert.equal(msgs.json.code, 0);
    assert.ok(msgs.json.data.messages.length >= 2);
    const coupons = await call(sb, { ...base, method: "POST", path: "/promotion/202406/coupons/search", query: { page_size: 10 }, body: {} });
    assert.equal(coupons.json.data.coupons.length, 4);
    const c = await call(sb, { ...base, path: `/promotion/202406/coupons/${coupons.json.data.coupons[0].id}` });
    assert.equal(c.json.data.coupon.id, coupons.json.data.coupons[0].id);
  });
});
