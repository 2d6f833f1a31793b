// Webhooks the sandbox sends: payloads built from the seeded shop, signed as
// TikTok signs them (checked with an independent node:crypto HMAC), delivered
// over real HTTP to a local node:http server, from JS and from the admin routes.

import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { startSandbox } from "../src/node.js";
import { createSandbox } from "../src/handler.js";
import { WEBHOOK_TYPES } from "../src/index.js";
import { loadVectors, nodeWebhookSign } from "./helpers.mjs";

/** A local receiver that records each delivery's method, headers and raw body. */
async function receiver(t, answer = () => [200, "ok"]) {
  const received = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      received.push({ method: req.method, url: req.url, headers: req.headers, raw, body: raw.toString("utf8") });
      const [status, text] = answer(received.length);
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(text);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }));
  return { url: `http://127.0.0.1:${server.address().port}/hooks/tiktok`, received };
}

function assertSigned(sandbox, { headers, body }) {
  const auth = headers.authorization;
  assert.match(auth, /^[0-9a-f]{64}$/, "lowercase hex, no Bearer");
  assert.equal(auth, nodeWebhookSign(sandbox.appKey, sandbox.appSecret, body));
}

test("webhook(): a signed ORDER_STATUS_CHANGE of a real order, shaped like TikTok's", async () => {
  const sandbox = createSandbox({ seed: 3 });
  const d = await sandbox.webhook();
  assert.deepEqual(Object.keys(d).sort(), ["body", "event", "headers"]);
  assert.equal(d.headers["content-type"], "application/json");
  assertSigned(sandbox, d);
  const ev = JSON.parse(d.body);
  assert.deepEqual(ev, d.event);
  assert.deepEqual(Object.keys(ev), ["type", "tts_notification_id", "shop_id", "timestamp", "data"]);
  assert.equal(ev.type, 1);
  assert.match(ev.tts_notification_id, /^\d{19}$/);
  assert.equal(ev.shop_id, sandbox.shop.shops[0].id);
  assert.ok(Math.abs(ev.timestamp - Date.now() / 1000) < 5);
  assert.deepEqual(Object.keys(ev.data), ["is_on_hold_order", "order_id", "order_status", "update_time"]);
  const order = sandbox.shop.data[0].byId.order.get(ev.data.order_id);
  assert.ok(order, "a seeded order");
  assert.equal(ev.data.order_status, order.status);
  assert.equal(ev.data.is_on_hold_order, order.status === "ON_HOLD");
  assert.equal(ev.data.update_time, order.update_time);

  // another delivery gets another notification id
  assert.notEqual((await sandbox.webhook()).event.tts_notification_id, ev.tts_notification_id);
});

/** The types the sandbox builds `data` for from the seeded shop. */
const SEEDED = [1, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 18, 33, 36, 37];

test("WEBHOOK_TYPES: every type of the generated table, by code", async () => {
  const table = JSON.parse(fs.readFileSync(new URL("../../spec/webhooks/webhooks.json", import.meta.url), "utf8")).types;
  assert.deepEqual(WEBHOOK_TYPES, Object.fromEntries(table.map((t) => [t.code, t.name])));
  assert.ok(Object.isFrozen(WEBHOOK_TYPES));
  for (const code of SEEDED) assert.ok(WEBHOOK_TYPES[code], `type ${code} named`);
  // A type without seeded data is delivered by name: every field of its documented
  // payload, the caller's over the invented ones, and the seller's id as its account.
  const sandbox = createSandbox();
  const d = await sandbox.webhook({ type: "SIZE_CHART_CHANGE", data: { size_chart_template_id: "7" } });
  assert.equal(d.event.type, 19);
  const documented = table.find((t) => t.code === 19).data.properties;
  assert.deepEqual(Object.keys(d.event.data).sort(), Object.keys(documented).sort());
  assert.equal(d.event.data.size_chart_template_id, "7");
  assert.equal(d.event.seller_open_id, sandbox.shop.openId);
  assert.equal("shop_id" in d.event, false, "a seller's type names the seller, not a shop");
  assertSigned(sandbox, d);
  // The same delivery twice is the same bytes (invented deterministically).
  const again = await sandbox.webhook({ type: 19, data: { size_chart_template_id: "7" }, notificationId: d.event.tts_notification_id, timestamp: d.event.timestamp });
  assert.equal(again.body, d.body);
  // A creator's type names the creator; type 3 goes without a notification id, as documented.
  const creator = await sandbox.webhook({ type: 20, creatorOpenId: "creator-7" });
  assert.equal(creator.event.creator_open_id, "creator-7");
  const address = await sandbox.webhook({ type: 3 });
  assert.equal("tts_notification_id" in address.event, false);
  assert.ok(address.event.shop_id);
});

test("webhook(): every type with seeded data, for either shop, with the caller's overrides", async () => {
  const sandbox = createSandbox();
  const d2 = sandbox.shop.data[1];
  for (const type of SEEDED) {
    const d = await sandbox.webhook({ type, shop: sandbox.shop.shops[1].cipher });
    assertSigned(sandbox, d);
    assert.equal(d.event.type, type);
    assert.equal(d.event.shop_id, sandbox.shop.shops[1].id);
    const data = d.event.data;
    assert.ok(Object.keys(data).length > 0, `data of type ${type}`);
    if ("order_id" in data && type !== 4) assert.ok(d2.byId.order.has(data.order_id), `type ${type}: order of shop 2`);
    if ("product_id" in data) assert.ok(d2.byId.product.has(data.product_id), `type ${type}: product of shop 2`);
    if ("package_id" in data) assert.ok(d2.byId.package.has(data.package_id), `type ${type}: package of shop 2`);
    if ("return_id" in data) assert.ok(d2.byId.return.has(data.return_id), `type ${type}: return of shop 2`);
    if ("cancel_id" in data) assert.ok(d2.byId.cancellation.has(data.cancel_id), `type ${type}: cancellation of shop 2`);
    if ("conversation_id" in data) assert.ok(d2.byId.conversation.has(data.conversation_id), `type ${type}: conversation of shop 2`);
  }
  // by name, a named order with its real status, an explicit notification id and extra data
  const order = sandbox.shop.data[0].orders.find((o) => o.status === "ON_HOLD");
  const d = await sandbox.webhook({ type: "ORDER_STATUS_CHANGE", data: { order_id: order.id }, notificationId: "7380066284010030890" });
  assert.equal(d.event.tts_notification_id, "7380066284010030890");
  assert.deepEqual(d.event.data, { is_on_hold_order: true, order_id: order.id, order_status: "ON_HOLD", update_time: order.update_time });
  const forced = await sandbox.webhook({ data: { order_id: order.id, order_status: "CANCELLED" } });
  assert.equal(forced.event.data.order_status, "CANCELLED");
  // unknown types pass through with the caller's data
  const unknown = await sandbox.webhook({ type: 99, data: { anything: 1 } });
  assert.deepEqual(unknown.event.data, { anything: 1 });
  await assert.rejects(sandbox.webhook({ type: "NOT_A_TYPE" }), TypeError);
  await assert.rejects(sandbox.webhook({ shop: "nope" }), /unknown shop/);
});

test("signWebhook matches the published vectors", async () => {
  for (const w of loadVectors().webhook_vectors) {
    const sandbox = createSandbox({ appKey: w.app_key, appSecret: w.app_secret });
    assert.match(w.authorization_header, /^[0-9a-f]{64}$/);
    assert.equal(await sandbox.signWebhook(w.raw_body), w.authorization_header, w.id);
    assert.equal(nodeWebhookSign(w.app_key, w.app_secret, w.raw_body), w.authorization_header, w.id);
  }
});

test("sendWebhook: POSTs the exact body with the Authorization header; repeat sends identical deliveries", async (t) => {
  const sandbox = createSandbox({ appKey: "hook-key", appSecret: "hook-secret" });
  const rx = await receiver(t, (n) => [n === 1 ? 200 : 204, n === 1 ? "first" : ""]);
  const r = await sandbox.sendWebhook(rx.url, { type: 12 });
  assert.equal(r.status, 200);
  assert.equal(r.body, "first");
  assert.equal(rx.received.length, 1);
  const got = rx.received[0];
  assert.equal(got.method, "POST");
  assert.equal(got.url, "/hooks/tiktok");
  assert.equal(got.headers["content-type"], "application/json");
  assert.equal(got.body, r.delivery.body, "byte-exact body");
  assert.equal(got.headers.authorization, nodeWebhookSign("hook-key", "hook-secret", got.raw));
  assert.equal(got.headers.authorization, r.delivery.headers.authorization);
  assert.equal(JSON.parse(got.body).type, 12);

  const rep = await sandbox.sendWebhook(rx.url, { repeat: 3 });
  assert.equal(rep.deliveries.length, 3);
  assert.deepEqual(rep.deliveries.map((x) => x.status), [204, 204, 204]);
  const three = rx.received.slice(1);
  assert.equal(three.length, 3);
  for (const x of three) {
    assert.equal(x.body, rep.delivery.body);
    assert.equal(x.headers.authorization, rep.delivery.headers.authorization);
  }
  assert.equal(new Set(three.map((x) => JSON.parse(x.body).tts_notification_id)).size, 1, "the same notification, repeated");

  // a prepared delivery can be sent again later (out of order is the caller's business)
  const early = await sandbox.webhook({ type: 1 });
  const late = await sandbox.webhook({ type: 1 });
  await sandbox.sendWebhook(rx.url, { delivery: late });
  await sandbox.sendWebhook(rx.url, { delivery: early });
  assert.deepEqual(rx.received.slice(-2).map((x) => x.body), [late.body, early.body]);
  await assert.rejects(sandbox.sendWebhook("http://127.0.0.1:1/none"), TypeError);
});

test("admin routes: POST /__sandbox/webhooks/send and /__sandbox/webhooks/sign", async (t) => {
  const sb = await startSandbox({ appKey: "adm-key", appSecret: "adm-secret" });
  t.after(() => sb.close());
  const rx = await receiver(t, () => [202, "accepted"]);
  const post = async (path, body) => {
    const res = await fetch(`${sb.url}/__sandbox/webhooks/${path}`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };

  const sent = await post("send", { url: rx.url, type: 4, shop: 1, repeat: 2, notificationId: "123456789" });
  assert.equal(sent.status, 200);
  assert.deepEqual(sent.json.deliveries, [{ status: 202, body: "accepted" }, { status: 202, body: "accepted" }]);
  assert.equal(sent.json.event.type, 4);
  assert.equal(sent.json.event.tts_notification_id, "123456789");
  assert.equal(sent.json.event.shop_id, sb.sandbox.shop.shops[1].id);
  assert.equal(rx.received.length, 2);
  for (const x of rx.received) {
    assert.deepEqual(JSON.parse(x.body), sent.json.event);
    assert.equal(x.headers.authorization, nodeWebhookSign("adm-key", "adm-secret", x.raw));
  }
  assert.equal(rx.received[0].body, rx.received[1].body);

  const body = '{"type":1,"tts_notification_id":"1","shop_id":"2","timestamp":3,"data":{}}';
  const signed = await post("sign", { body });
  assert.equal(signed.status, 200);
  assert.equal(signed.json.authorization, nodeWebhookSign("adm-key", "adm-secret", body));

  // an unreachable URL is reported per delivery; bad input is a 400
  const down = await post("send", { url: "http://127.0.0.1:1/none" });
  assert.equal(down.status, 200);
  assert.equal(down.json.deliveries[0].status, 0);
  assert.ok(down.json.deliveries[0].error);
  assert.equal((await post("send", { type: 1 })).status, 400, "url is required");
  assert.equal((await post("send", { url: rx.url, type: "NOPE" })).status, 400);
  assert.equal((await post("send", { url: rx.url, repeat: 0 })).status, 400);
  assert.equal((await post("sign", {})).status, 400);
  assert.equal((await post("sign", "not json")).status, 400);
  // admin calls are not business requests: nothing logged
  assert.equal(sb.sandbox.requests.length, 0);
});
