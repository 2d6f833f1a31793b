// js-examples/node/finance-reconciliation.mjs, run as a user runs it, against the sandbox:
// its CSV and summary are checked against the seeded shop (statements, transactions,
// the planted mismatch, unsettled orders).

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../support/sandbox.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const example = join(root, "js-examples", "node", "finance-reconciliation.mjs");
const DAY = 86400;

let sb;
let dir;
before(async () => {
  sb = await startSandbox();
  dir = mkdtempSync(join(tmpdir(), "reconciliation-"));
});
after(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args, shopIndex = 0, extraEnv = {}) {
  const tokens = sb.sandbox.issueTokens();
  const env = { ...process.env, NO_COLOR: "1" };
  for (const k of Object.keys(env)) if (k.startsWith("TIKTOK_SHOP_")) delete env[k];
  Object.assign(env, {
    TIKTOK_SHOP_APP_KEY: sb.appKey,
    TIKTOK_SHOP_APP_SECRET: sb.appSecret,
    TIKTOK_SHOP_ACCESS_TOKEN: tokens.access_token,
    TIKTOK_SHOP_SHOP_CIPHER: sb.sandbox.shop.shops[shopIndex].cipher,
    TIKTOK_SHOP_BASE_URL: sb.url,
    TIKTOK_SHOP_AUTH_BASE_URL: sb.url,
    ...extraEnv,
  });
  return new Promise((resolve) =>
    execFile(process.execPath, [example, ...args], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }),
    ),
  );
}

const isoDay = (s) => new Date(s * 1000).toISOString().slice(0, 10);
const money = (cents) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

function readCsv(file) {
  const [header, ...rows] = readFileSync(file, "utf8").trimEnd().split("\r\n").map((l) => l.split(","));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** What the seeded shop says for statements with statement_time in [ge, lt). */
function expected(shopIndex, ge, lt) {
  const data = sb.sandbox.shop.data[shopIndex];
  const statements = data.statements.filter((s) => s.statement_time >= ge && s.statement_time < lt);
  const orderOf = (t) => t.order_id || t.adjustment_order_id;
  const orders = new Set(statements.flatMap((s) => s.transactions.map(orderOf)));
  const unsettled = new Set(data.unsettled.filter((t) => t.order_create_time >= ge && t.order_create_time < lt).map(orderOf));
  return { statements, orders, unsettled };
}

test("finds exactly the planted mismatch, with its difference, and reconciles every other statement", async () => {
  const { mismatch } = sb.sandbox.shop.summary();
  const all = sb.sandbox.shop.data[0].statements;
  const from = isoDay(all[0].statement_time);
  const to = isoDay(all[all.length - 1].statement_time);
  const out = join(dir, "all.csv");
  const r = await run(["--from", from, "--to", to, "--out", out]);
  assert.equal(r.code, 3, r.stderr); // 3: something does not reconcile

  const ge = Date.parse(`${from}T00:00:00Z`) / 1000;
  const want = expected(0, ge, Date.parse(`${to}T00:00:00Z`) / 1000 + DAY);
  const rows = readCsv(out);
  assert.equal(rows.length, want.statements.length);
  assert.equal(rows.length, all.length);

  const bad = rows.filter((row) => row.status === "MISMATCH");
  assert.equal(bad.length, 1);
  assert.equal(bad[0].statement_id, mismatch.statement_id);
  assert.equal(bad[0].settlement_amount, mismatch.reported_settlement_amount);
  assert.equal(bad[0].transactions_sum, mismatch.transactions_sum);
  const diff = Math.round(Number(mismatch.reported_settlement_amount) * 100) - Math.round(Number(mismatch.transactions_sum) * 100);
  assert.equal(bad[0].difference, money(diff));
  assert.equal(bad[0].difference, "-10.00");

  for (const st of want.statements) {
    const row = rows.find((x) => x.statement_id === st.id);
    assert.ok(row, st.id);
    assert.equal(row.statement_time, new Date(st.statement_time * 1000).toISOString());
    assert.equal(row.currency, "USD");
    assert.equal(row.transactions, String(st.transactions.length));
    assert.equal(row.transactions_sum, money(st.transactionsSumCents));
    assert.equal(row.settlement_amount, money(st.settlementCents));
    assert.deepEqual(new Set(row.orders.split(" ")), new Set(st.transactions.map((t) => t.order_id || t.adjustment_order_id)));
    assert.equal(row.missing_orders, "");
    if (st.id !== mismatch.statement_id) {
      assert.equal(row.status, "OK", st.id);
      assert.equal(row.difference, "0.00", st.id);
    }
  }
  // sorted by statement time
  assert.deepEqual(rows.map((x) => x.statement_time), [...rows.map((x) => x.statement_time)].sort());

  // the summary
  assert.match(r.stdout, new RegExp(`Statements from ${from} to ${to} \\(UTC\\): ${rows.length} in USD`));
  assert.match(r.stdout, new RegExp(`\\nOK\\s+${rows.length - 1}\\s`));
  assert.match(r.stdout, /\nMISMATCH\s+1\s+\S+\s+\S+\s+-10\.00\n/);
  assert.match(r.stdout, new RegExp(`${mismatch.statement_id}\\s+${isoDay(mismatch.statement_time)}\\s+${mismatch.reported_settlement_amount}\\s+${mismatch.transactions_sum}\\s+-10\\.00`));
  assert.match(r.stdout, new RegExp(`\\nsettled\\s+${want.orders.size}\\s`));
  assert.match(r.stdout, new RegExp(`\\nunsettled\\s+${want.unsettled.size}\\s`));
  assert.match(r.stdout, /\nmissing\s+0\s/);
  assert.match(r.stdout, new RegExp(`CSV: ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(${rows.length} rows\\)`));
});

test("a range without the mismatch reconciles (exit 0); the mismatch's day alone does not", async () => {
  const { mismatch } = sb.sandbox.shop.summary();
  const all = sb.sandbox.shop.data[0].statements;
  const after = all.filter((s) => s.statement_time > mismatch.statement_time);
  const from = isoDay(after[0].statement_time);
  const to = isoDay(after[after.length - 1].statement_time);
  const out = join(dir, "after.csv");
  const r = await run(["--from", from, "--to", to, "--out", out]);
  assert.equal(r.code, 0, r.stderr);
  const rows = readCsv(out);
  assert.equal(rows.length, after.length);
  assert.ok(rows.every((row) => row.status === "OK" && row.difference === "0.00"));
  assert.doesNotMatch(r.stdout, /do not add up/);

  const day = isoDay(mismatch.statement_time);
  const one = await run(["--from", day, "--to", day, "--out", join(dir, "day.csv")]);
  assert.equal(one.code, 3, one.stderr);
  const [row, ...rest] = readCsv(join(dir, "day.csv"));
  assert.equal(rest.length, 0);
  assert.equal(row.statement_id, mismatch.statement_id);
  assert.equal(row.status, "MISMATCH");
});

test("the second shop (GBP) reconciles", async () => {
  const all = sb.sandbox.shop.data[1].statements;
  const from = isoDay(all[0].statement_time);
  const to = isoDay(all[all.length - 1].statement_time);
  const r = await run(["--from", from, "--to", to, "--out", join(dir, "gb.csv")], 1);
  assert.equal(r.code, 0, r.stderr);
  const rows = readCsv(join(dir, "gb.csv"));
  assert.equal(rows.length, all.length);
  assert.ok(rows.every((row) => row.status === "OK" && row.currency === "GBP"));
  assert.match(r.stdout, new RegExp(`: ${all.length} in GBP`));
});

test("usage errors exit 2; API errors exit 1 with the code and request id", async () => {
  const missing = await run(["--from", "2025-01-01"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--from and --to are required/);
  const bad = await run(["--from", "2025-02-30", "--to", "2025-03-01"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a valid date/);
  const noCreds = await run(["--from", "2025-01-01", "--to", "2025-01-02"], 0, { TIKTOK_SHOP_ACCESS_TOKEN: "" });
  assert.equal(noCreds.code, 2);
  assert.match(noCreds.stderr, /set TIKTOK_SHOP_ACCESS_TOKEN/);
  const api = await run(["--from", "2025-01-01", "--to", "2025-01-02"], 0, { TIKTOK_SHOP_APP_SECRET: "wrong-secret" });
  assert.equal(api.code, 1);
  assert.match(api.stderr, /TikTok Shop error \(signature, code 106001\)/);
  assert.match(api.stderr, /request id: \S+/);
});
