// Finance of one shop: completed orders settle 7 days after delivery onto
// daily statements (with an occasional adjustment); everything else paid is
// unsettled. Then, once the reconciliation mismatch is planted (shop.js),
// statement totals, weekly payments and withdrawals.

import { money } from "./money.js";
import { DAY } from "./vocabulary.js";

/** @returns {{statements: object[], unsettled: object[]}} */
export function settle({ orders, cur, baseTime, idGen, r: fr }) {
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
  return { statements, unsettled };
}

/**
 * The deliberate reconciliation mismatch: the fifth statement (or the last, if
 * fewer) reports a settlement 10.00 lower than the sum of its transactions.
 * @returns {object|null} what was planted (null: the shop has no statement)
 */
export function plantMismatch(d, shop) {
  const ms = d.statements[Math.min(4, d.statements.length - 1)];
  if (!ms) return null;
  const trueSum = ms.transactions.reduce((acc, t) => acc + t.settlementCents, 0);
  ms.reportedSettlementCents = trueSum - 1000;
  return {
    shop_id: shop.id,
    shop_cipher: shop.cipher,
    statement_id: ms.id,
    statement_time: ms.statement_time,
    transactions_sum: money(trueSum),
    reported_settlement_amount: money(ms.reportedSettlementCents),
  };
}

/** Statement totals, weekly payments and withdrawals (after the mismatch is planted). */
export function finishFinance(d, baseTime) {
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
