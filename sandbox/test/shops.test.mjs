// Many shops (for a sync over hundreds of shops): N shops with M orders each,
// created at once; tokens for any subset; order updates that bump update_time
// (found by update_time_ge in that shop only) and send their webhook.

import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startSandbox } from "../src/node.js";
import { createSandbox } from "../src/handler.js";
import { call, walk, nodeWebhookSign } from "./helpers.mjs";

test("createSandbox({ shops: 200, ordersPerShop: 300 }) starts at once; each shop is built on first use", (t) => {
  createSandbox({ shops: 200, ordersPerShop: 300, seed: 99 }).shop.summary(); // warm up
  let created = Infinity;
  let sandbox;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    sandbox = createSandbox({ shops: 200, ordersPerShop: 300, seed: 5 });
    created = Math.min(created, performance.now() - t0);
  }
  assert.ok(created < 100, `created in ${created.toFixed(1)} ms`);
  assert.equal(sandbox.shop.builtShops, 0);
  const t0 = performance.now();
  const summary = sandbox.shop.summary();
  const built = performance.now() - t0;
  t.diagnostic(`200 x 300: created in ${created.toFixed(1)} ms; all 200 shops built in ${built.toFixed(0)} ms`);
  assert.ok(built < 10000, `every shop built in ${built.toFixed(0)} ms`);
  assert.equal(sandbox.shop.builtShops, 200);
  assert.equal(summary.shops.length, 200);
  assert.ok(summary.shops.every((s) => s.counts.orders === 300));
  assert.equal(new Set(summary.shops.map((s) => s.id)).size, 200);
  assert.equal(new Set(summary.shops.map((s) => s.cipher)).size, 200);
  assert.deepEqual([...new Set(summary.shops.map((s) => s.region))].sort(), ["GB", "US"]);
  // orders spread over time in each shop
  for (const i of [0, 57, 199]) {
    const times = sandbox.shop.data[i].orders.map((o) => o.create_time);
    assert.ok(Math.max(...times) - Math.min(...times) > 30 * 86400, `shop ${i}: orders over more than 30 days`);
  }
});

test("the first two shops keep the default sandbox's identity; the default sandbox is unchanged", () => {
  const plain = createSandbox({ seed: 4 });
  const many = createSandbox({ seed: 4, shops: 30, ordersPerShop: 20 });
  assert.deepEqual(many.shop.shops.slice(0, 2), plain.shop.shops);
  const s = plain.shop.summary();
  assert.equal(s.shops.length, 2);
  assert.deepEqual(s.shops.map((x) => x.counts.orders), [250, 80]);
  assert.ok(plain.shop.mismatch, "the planted mismatch is there");
  assert.equal(plain.shop.mismatch.shop_id, plain.shop.shops[0].id);
  // a shop's data does not depend on which shops were built before it
  const a = createSandbox({ seed: 4, shops: 30, ordersPerShop: 20 });
  const b = createSandbox({ seed: 4, shops: 30, ordersPerShop: 20 });
  b.shop.data[7];
  b.shop.data[3];
  assert.deepEqual(JSON.stringify(a.shop.data[20].orders), JSON.stringify(b.shop.data[20].orders));
  assert.deepEqual(createSandbox({ ordersPerShop: 12 }).shop.summary().shops.map((x) => x.counts.orders), [12, 12]);
  assert.throws(() => createSandbox({ shops: 0 }), RangeError);
  assert.throws(() => createSandbox({ shops: 1001 }), RangeError);
  assert.throws(() => createSandbox({ shops: 3, ordersPerShop: 0 }), RangeError);
});

test("many shops over HTTP: tokens for any subset; updateOrder bumps update_time and sends the webhook", async (t) => {
  let clock = Date.UTC(2026, 0, 10, 9, 0, 0);
  const sb = await startSandbox({ shops: 40, ordersPerShop: 60, now: () => clock });
  t.after(() => sb.close());
  const clk = () => clock;
  const { shops } = sb.sandbox.shop;
  const summary = await (await fetch(`${sb.url}/__sandbox/shop`)).json();
  assert.equal(summary.shops.length, 40);

  // a token for shops 3, 17 and 38 lists those and no other
  const subset = [shops[3], shops[17], shops[38]];
  const tokens = sb.sandbox.issueTokens({ shops: subset.map((s) => s.id) });
  const listed = await call(sb, { path: "/authorization/202309/shops", token: tokens.access_token, clock: clk });
  assert.deepEqual(listed.json.data.shops.map((s) => s.cipher), subset.map((s) => s.cipher));
  const other = await call(sb, { method: "POST", path: "/order/202309/orders/search", query: { page_size: 5 }, body: {}, token: tokens.access_token, shopCipher: shops[4].cipher, clock: clk });
  assert.equal(other.json.code, 101000);
  const viaHttp = await (await fetch(`${sb.url}/__sandbox/tokens?shops=${shops[5].cipher},${shops[6].id}`, { method: "POST" })).json();
  const listed2 = await call(sb, { path: "/authorization/202309/shops", token: viaHttp.access_token, clock: clk });
  assert.deepEqual(listed2.json.data.shops.map((s) => s.id), [shops[5].id, shops[6].id]);

  // a receiver for the webhooks
  const received = [];
  const rx = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), authorization: req.headers.authorization });
      res.end("ok");
    });
  });
  await new Promise((resolve) => rx.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => { rx.close(resolve); rx.closeAllConnections(); }));
  const hook = `http://127.0.0.1:${rx.address().port}/hook`;

  const all = sb.sandbox.issueTokens().access_token;
  const since = Math.floor(clock / 1000);
  const changedSince = (shop, ge) => walk(sb, { method: "POST", path: "/order/202309/orders/search", body: { update_time_ge: ge }, token: all, shopCipher: shop.cipher, clock: clk }, "orders", 50);
  // nothing changed yet: the seeded orders are older than the sandbox clock
  assert.equal((await changedSince(shops[17], since)).all.length, 0);

  clock += 60_000;
  const target = sb.sandbox.shop.data[17].orders.find((o) => o.status === "AWAITING_SHIPMENT");
  const before = target.update_time;
  const res = await fetch(`${sb.url}/__sandbox/update_order`, { method: "POST", body: JSON.stringify({ shop: shops[17].cipher, order_id: target.id, status: "AWAITING_COLLECTION", webhook_url: hook }) });
  assert.equal(res.status, 200);
  const updated = await res.json();
  assert.deepEqual(updated.order, { shop_id: shops[17].id, order_id: target.id, status: "AWAITING_COLLECTION", update_time: since + 60 });
  assert.ok(updated.order.update_time > before);
  assert.deepEqual(updated.sent, { status: 200, body: "ok" });

  // the webhook: signed, the order's new status and update_time, in its shop
  assert.equal(received.length, 1);
  const event = JSON.parse(received[0].body);
  assert.equal(received[0].authorization, nodeWebhookSign(sb.appKey, sb.appSecret, received[0].body));
  assert.equal(event.type, 1);
  assert.equal(event.shop_id, shops[17].id);
  assert.deepEqual(event.data, { is_on_hold_order: false, order_id: target.id, order_status: "AWAITING_COLLECTION", update_time: since + 60 });

  // update_time_ge finds exactly that order, in that shop only
  const found = await changedSince(shops[17], since);
  assert.deepEqual(found.all.map((o) => [o.id, o.status, o.update_time]), [[target.id, "AWAITING_COLLECTION", since + 60]]);
  assert.equal(found.all[0].rts_time, since + 60, "the step's timestamp is set");
  assert.equal((await changedSince(shops[16], since)).all.length, 0);
  const detail = await call(sb, { path: "/order/202309/orders", query: { ids: target.id }, token: all, shopCipher: shops[17].cipher, clock: clk });
  assert.equal(detail.json.data.orders[0].status, "AWAITING_COLLECTION");

  // in JS, twice in the same second: update_time still moves forward
  const again = await sb.sandbox.updateOrder(17, target.id, { status: "IN_TRANSIT" });
  const third = await sb.sandbox.updateOrder(shops[17].id, target.id, { status: "DELIVERED" });
  assert.equal(third.order.update_time, again.order.update_time + 1);
  assert.equal(JSON.parse(third.delivery.body).data.order_status, "DELIVERED");
  assert.equal(received.length, 1, "no URL, nothing sent");
  await assert.rejects(sb.sandbox.updateOrder(16, target.id, { status: "COMPLETED" }), /is not an order of shop/);
  await assert.rejects(sb.sandbox.updateOrder(17, target.id, { status: "SHIPPED" }), /status must be one of/);
  const bad = await fetch(`${sb.url}/__sandbox/update_order`, { method: "POST", body: JSON.stringify({ shop: "nope", order_id: target.id }) });
  assert.equal(bad.status, 400);
});
