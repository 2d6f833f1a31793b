// Finance reconciliation: for the statements of a date range, checks that each statement's
// settlement equals the sum of its transactions, and which orders those transactions
// settled, which orders of the period still wait for settlement, and which referred-to
// orders can't be found. Writes one CSV row per statement and prints a summary.
//
//   TIKTOK_SHOP_APP_KEY=... TIKTOK_SHOP_APP_SECRET=... TIKTOK_SHOP_ACCESS_TOKEN=... \
//   TIKTOK_SHOP_SHOP_CIPHER=... node finance-reconciliation.mjs --from 2025-05-01 --to 2025-05-31 --out may.csv
//
// --from / --to are UTC days, both included (statement time). TIKTOK_SHOP_BASE_URL /
// TIKTOK_SHOP_AUTH_BASE_URL point it at another host (the sandbox, a gateway).
// Exit code: 0 everything reconciles, 3 a statement does not add up or an order is
// missing, 1 an API error, 2 a usage error.
//
// Amounts are the API's decimal strings; every sum is done in integer cents, never in
// floating point.

import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { TikTokShop, TikTokShopError } from "tiktok-shop-wasm";

const DAY = 86400;
const ORDER_DETAIL_BATCH = 50; // getOrderDetail takes at most 50 ids
const CONCURRENCY = 4; // statements fetched in parallel

function usage(message) {
  console.error(`${message}\nusage: node finance-reconciliation.mjs --from YYYY-MM-DD --to YYYY-MM-DD [--out file.csv]`);
  process.exit(2);
}

/** "12.34" / "-1.5" / "7" -> integer cents. */
function toCents(text) {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(text ?? "").trim());
  if (!m) throw new Error(`not an amount in cents: ${JSON.stringify(text)}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? "0").padEnd(2, "0"));
  return m[1] && cents !== 0 ? -cents : cents;
}

/** Integer cents -> "-1.50". */
function formatCents(cents) {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function day(text, flag) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text ?? "")) usage(`--${flag} must be a date YYYY-MM-DD`);
  const t = Date.parse(`${text}T00:00:00Z`);
  if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== text) usage(`--${flag} is not a valid date: ${text}`);
  return t / 1000;
}

const isoDay = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);

function csvField(value) {
  const text = String(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Runs `fn` over `items`, at most `limit` at a time, keeping the order of results. */
async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function collect(iterable) {
  const out = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The order a transaction belongs to (adjustments refer to theirs through adjustment_order_id). */
const orderOf = (t) => t.order_id || t.adjustment_order_id || "";

async function reconcile(shop, { ge, lt }) {
  const statements = await collect(
    shop.finance.getStatements.all({ statement_time_ge: ge, statement_time_lt: lt, sort_field: "statement_time", sort_order: "ASC" }),
  );

  const rows = await mapLimit(statements, CONCURRENCY, async (st) => {
    const transactions = await collect(
      shop.finance.getTransactionsByStatement.all({ statement_id: st.id, sort_field: "order_create_time", sort_order: "ASC" }),
    );
    const settlement = toCents(st.settlement_amount);
    const sum = transactions.reduce((acc, t) => acc + toCents(t.settlement_amount), 0);
    const orders = [...new Set(transactions.map(orderOf).filter(Boolean))];
    return {
      id: st.id,
      time: st.statement_time,
      currency: st.currency ?? "",
      settlement,
      sum,
      difference: settlement - sum,
      status: settlement === sum ? "OK" : "MISMATCH",
      transactions: transactions.length,
      orders,
      missing: [],
    };
  });

  // The orders the transactions refer to, 50 ids a request.
  const referred = [...new Set(rows.flatMap((r) => r.orders))];
  const found = new Map();
  for (let i = 0; i < referred.length; i += ORDER_DETAIL_BATCH) {
    const ids = referred.slice(i, i + ORDER_DETAIL_BATCH);
    try {
      const { orders = [] } = (await shop.order.getOrderDetail({ ids })) ?? {};
      for (const o of orders) found.set(o.id, o);
    } catch (error) {
      // 21011001: none of these ids is an order of the shop; they are all missing.
      if (!(error instanceof TikTokShopError && error.code === 21011001)) throw error;
    }
  }
  const missing = referred.filter((id) => !found.has(id));
  const missingSet = new Set(missing);
  for (const row of rows) row.missing = row.orders.filter((id) => missingSet.has(id));

  // Orders created in the period that are still waiting for settlement.
  const unsettled = await collect(
    shop.finance.getUnsettledTransactions.all({ sort_field: "order_create_time", search_time_ge: ge, search_time_lt: lt }),
  );
  const unsettledOrders = new Map();
  for (const t of unsettled) {
    const id = orderOf(t);
    if (!id) continue;
    const amount = toCents(t.est_settlement_amount ?? t.settlement_amount ?? "0");
    unsettledOrders.set(id, (unsettledOrders.get(id) ?? 0) + amount);
  }
  const settled = referred.filter((id) => found.has(id));
  // An order both settled and awaiting settlement would be counted twice in the books.
  const both = settled.filter((id) => unsettledOrders.has(id));

  return { rows, settled, missing, unsettledOrders, both };
}

function writeCsv(file, rows) {
  const header = ["statement_id", "statement_time", "currency", "settlement_amount", "transactions_sum", "difference", "status", "transactions", "orders", "missing_orders"];
  const lines = [header.join(",")];
  for (const r of rows) {
    lines.push([
      r.id,
      new Date(r.time * 1000).toISOString(),
      r.currency,
      formatCents(r.settlement),
      formatCents(r.sum),
      formatCents(r.difference),
      r.status,
      r.transactions,
      r.orders.join(" "),
      r.missing.join(" "),
    ].map(csvField).join(","));
  }
  writeFileSync(file, lines.join("\r\n") + "\r\n");
}

function table(rows, right) {
  const widths = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows
    .map((row) => row.map((c, i) => (right.includes(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ").trimEnd())
    .join("\n");
}

function printSummary({ rows, settled, missing, unsettledOrders, both }, { from, to, out }) {
  const currencies = [...new Set(rows.map((r) => r.currency))];
  const cur = currencies.length === 1 ? currencies[0] : currencies.length ? "mixed" : "";
  console.log(`Statements from ${from} to ${to} (UTC): ${rows.length}${cur ? ` in ${cur}` : ""}\n`);
  const totals = (list) => list.reduce((a, r) => ({ n: a.n + 1, s: a.s + r.settlement, t: a.t + r.sum, d: a.d + r.difference }), { n: 0, s: 0, t: 0, d: 0 });
  const byStatus = [["status", "statements", "settlement", "transactions", "difference"]];
  for (const [label, list] of [["OK", rows.filter((r) => r.status === "OK")], ["MISMATCH", rows.filter((r) => r.status === "MISMATCH")], ["total", rows]]) {
    const t = totals(list);
    byStatus.push([label, t.n, formatCents(t.s), formatCents(t.t), formatCents(t.d)]);
  }
  console.log(table(byStatus, [1, 2, 3, 4]));

  const mismatched = rows.filter((r) => r.status === "MISMATCH");
  if (mismatched.length) {
    console.log("\nStatements that do not add up:");
    console.log(table([
      ["statement", "date", "settlement", "transactions", "difference"],
      ...mismatched.map((r) => [r.id, isoDay(r.time), formatCents(r.settlement), formatCents(r.sum), formatCents(r.difference)]),
    ], [2, 3, 4]).replace(/^/gm, "  "));
  }

  const unsettledSum = [...unsettledOrders.values()].reduce((a, b) => a + b, 0);
  const settledSum = rows.reduce((a, r) => a + r.sum, 0);
  console.log("\n" + table([
    ["orders", "count", "amount", ""],
    ["settled", settled.length, formatCents(settledSum), "in the statements above"],
    ["unsettled", unsettledOrders.size, formatCents(unsettledSum), "created in the period, awaiting settlement (estimated)"],
    ["missing", missing.length, "", "referred to by a transaction, not returned by getOrderDetail"],
  ], [1, 2]));
  if (missing.length) console.log(`\nMissing orders: ${missing.join(" ")}`);
  if (both.length) console.log(`\nSettled and still listed as unsettled: ${both.join(" ")}`);
  console.log(`\nCSV: ${out} (${rows.length} rows)`);
}

async function main() {
  let args;
  try {
    ({ values: args } = parseArgs({ options: { from: { type: "string" }, to: { type: "string" }, out: { type: "string" } } }));
  } catch (error) {
    usage(error.message);
  }
  if (!args.from || !args.to) usage("--from and --to are required");
  const ge = day(args.from, "from");
  const lt = day(args.to, "to") + DAY;
  if (lt <= ge) usage("--to is before --from");
  const out = args.out ?? `reconciliation-${args.from}-${args.to}.csv`;

  const env = process.env;
  for (const name of ["TIKTOK_SHOP_APP_KEY", "TIKTOK_SHOP_APP_SECRET", "TIKTOK_SHOP_ACCESS_TOKEN", "TIKTOK_SHOP_SHOP_CIPHER"]) {
    if (!env[name]) usage(`set ${name}`);
  }
  const shop = new TikTokShop({
    appKey: env.TIKTOK_SHOP_APP_KEY,
    appSecret: env.TIKTOK_SHOP_APP_SECRET,
    accessToken: env.TIKTOK_SHOP_ACCESS_TOKEN,
    shopCipher: env.TIKTOK_SHOP_SHOP_CIPHER,
    baseUrl: env.TIKTOK_SHOP_BASE_URL,
    authBaseUrl: env.TIKTOK_SHOP_AUTH_BASE_URL,
  });

  const result = await reconcile(shop, { ge, lt });
  writeCsv(out, result.rows);
  printSummary(result, { from: args.from, to: args.to, out });
  const clean = result.rows.every((r) => r.status === "OK") && result.missing.length === 0 && result.both.length === 0;
  process.exitCode = clean ? 0 : 3;
}

try {
  await main();
} catch (error) {
  if (!(error instanceof TikTokShopError)) throw error;
  console.error(`TikTok Shop error (${error.kind}${error.code ? `, code ${error.code}` : ""}): ${error.message}`);
  if (error.requestId) console.error(`request id: ${error.requestId}`);
  process.exitCode = 1;
}
