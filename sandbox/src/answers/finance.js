// Finance: statements, their transactions, transactions by order,
// unsettled transactions, payments and withdrawals.

import { SandboxError } from "../errors.js";
import { money } from "../shop/money.js";
import { asInt, asList, sortBy, timeFilter } from "./filters.js";
import { skuSplit, statementView, txView, unsettledView } from "./views.js";

/** Adds this domain's answers to A. */
export function financeAnswers(A) {
  A["GET /finance/*/statements"] = (ctx) => {
    let items = ctx.shopData.statements;
    const ps = ctx.arg("payment_status");
    if (ps) items = items.filter((s) => s.payment_status === ps);
    items = timeFilter(items, "statement_time", asInt(ctx.arg("statement_time_ge")), asInt(ctx.arg("statement_time_lt")));
    items = sortBy(items, ctx, { fields: ["statement_time"], required: true });
    return ctx.page(items.map(statementView));
  };

  A["GET /finance/*/statements/{statement_id}/statement_transactions"] = (ctx) => {
    const st = ctx.entity.statement;
    const cur = ctx.shopData.currency;
    let items = st.transactions;
    items = sortBy(items, ctx, { fields: ["order_create_time"], required: true });
    return { ...statementView(st), ...ctx.page(items.map((t) => txView(t, cur))) };
  };

  A["GET /finance/*/orders/{order_id}/statement_transactions"] = (ctx) => {
    const o = ctx.entity.order;
    const cur = ctx.shopData.currency;
    const txs = (ctx.shopData.transactionsByOrder.get(o.id) ?? []).filter((t) => t.order_id === o.id);
    const sum = (k) => txs.reduce((a, t) => a + t[k], 0);
    const skuTx = txs.flatMap((t) => skuSplit(o, t, cur));
    return {
      order_id: o.id,
      order_create_time: o.create_time,
      currency: cur,
      revenue_amount: money(sum("revenueCents")),
      fee_and_tax_amount: money(sum("feeCents")),
      shipping_cost_amount: money(sum("shippingCents")),
      settlement_amount: money(sum("settlementCents")),
      statement_transactions: txs.map((t) => ({ ...txView(t, cur), status: "SETTLED", sku_statement_transactions: skuSplit(o, t, cur) })),
      sku_transactions: skuTx,
      total_count: skuTx.length,
    };
  };

  A["GET /finance/*/orders/unsettled"] = (ctx) => {
    const cur = ctx.shopData.currency;
    let items = ctx.shopData.unsettled;
    items = timeFilter(items, "order_create_time", asInt(ctx.arg("search_time_ge")), asInt(ctx.arg("search_time_lt")));
    items = sortBy(items, ctx, { fields: ["order_create_time"], required: true });
    const sum = (k) => money(items.reduce((a, t) => a + t[k], 0));
    return {
      ...ctx.page(items.map((t) => unsettledView(t, cur))),
      sum_est_revenue_amount: sum("revenueCents"),
      sum_est_fee_amount: sum("feeCents"),
      sum_est_adjustment_amount: sum("adjustmentCents"),
      sum_est_settlement_amount: sum("settlementCents"),
    };
  };

  A["GET /finance/*/payments"] = (ctx) => {
    let items = ctx.shopData.payments;
    items = timeFilter(items, "create_time", asInt(ctx.arg("create_time_ge")), asInt(ctx.arg("create_time_lt")));
    items = sortBy(items, ctx, { fields: ["create_time"], required: true });
    return ctx.page(items);
  };

  A["GET /finance/*/withdrawals"] = (ctx) => {
    const types = asList(ctx.arg("types")).map((t) => t.toUpperCase());
    const known = ["WITHDRAW", "SETTLE", "TRANSFER", "REVERSE"];
    if (types.some((t) => !known.includes(t))) throw new SandboxError(36009004, `Invalid types: expected some of ${known.join(", ")}`, 400);
    let items = ctx.shopData.withdrawals.filter((w) => types.includes(w.type));
    items = timeFilter(items, "create_time", asInt(ctx.arg("create_time_ge")), asInt(ctx.arg("create_time_lt")));
    items = [...items].sort((a, b) => b.create_time - a.create_time || (a.id < b.id ? -1 : 1));
    return ctx.page(items);
  };

}
