// Webhooks: the signature over the raw body in constant time, the typed event with its
// account, and de-duplication by its key (the notification id, else a digest).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { api } from "./package.mjs";

const { createWebhookDeduper, listWebhookTypes, memoryDedupeStore, parseWebhook, parseWebhookRequest, verifyWebhook, webhookDedupeKey } = api;
const app = { appKey: "unit-key", appSecret: "unit-secret" };
const body = JSON.stringify({ type: 1, tts_notification_id: "n1", shop_id: "s1", timestamp: 1700000000, data: { order_id: "1" } });
const signature = createHmac("sha256", app.appSecret).update(app.appKey + body).digest("hex");

test("a signature is checked over the raw body: string, Uint8Array or ArrayBuffer alike", () => {
  assert.equal(verifyWebhook({ ...app, body, signature }), true);
  assert.equal(verifyWebhook({ ...app, body: new TextEncoder().encode(body), signature }), true);
  assert.equal(verifyWebhook({ ...app, body: new TextEncoder().encode(body).buffer, signature }), true);
  assert.equal(verifyWebhook({ ...app, body: body + " ", signature }), false);
  assert.equal(verifyWebhook({ ...app, body, signature: signature.toUpperCase() }), false);
  assert.throws(() => verifyWebhook({ ...app, body: 5, signature }), { field: "body" });
});

test("parseWebhook: the typed event, or a signature / decode error", async () => {
  assert.deepEqual(parseWebhook({ ...app, body, signature }), {
    type: 1, type_name: "ORDER_STATUS_CHANGE", account: "shop", tts_notification_id: "n1",
    shop_id: "s1", seller_open_id: null, creator_open_id: null, timestamp: 1700000000, data: { order_id: "1" }, dedupe_key: "n1",
  });
  // A seller's type keeps the seller's id outside data; an unknown type every raw field.
  const signed = (text) => ({ ...app, body: text, signature: createHmac("sha256", app.appSecret).update(app.appKey + text).digest("hex") });
  const seller = parseWebhook(signed('{"type":19,"tts_notification_id":"n9","seller_open_id":"so-1","timestamp":1,"data":{}}'));
  assert.deepEqual([seller.type_name, seller.account, seller.seller_open_id, seller.shop_id], ["SIZE_CHART_CHANGE", "seller", "so-1", null]);
  const unknown = parseWebhook(signed('{"type":999,"shop_id":"s","extra":[1],"__proto__":{"x":1},"data":{}}'));
  assert.deepEqual([unknown.type_name, unknown.account, unknown.extra], [null, null, [1]]);
  assert.deepEqual(Object.getOwnPropertyDescriptor(unknown, "__proto__")?.value, { x: 1 }, "a __proto__ field is a field");
  assert.equal(Object.getPrototypeOf(unknown), Object.prototype);
  assert.throws(() => parseWebhook(signed('{"type":1,"shop_id":{},"data":{}}')), { kind: "decode", field: "shop_id" });
  assert.throws(() => parseWebhook(signed('{"type":1,"timestamp":"x","data":{}}')), { kind: "decode", field: "timestamp" });
  assert.throws(() => parseWebhook({ ...app, body, signature: "0".repeat(64) }), { kind: "signature" });
  const notJson = "not json";
  const sig = createHmac("sha256", app.appSecret).update(app.appKey + notJson).digest("hex");
  assert.throws(() => parseWebhook({ ...app, body: notJson, signature: sig }), { kind: "decode" });
  const request = new Request("http://app.example/webhooks", { method: "POST", body, headers: { authorization: signature } });
  assert.equal((await parseWebhookRequest(request, app)).tts_notification_id, "n1");
});

test("webhookDedupeKey: the id, else a digest of type, account, timestamp and payload", () => {
  assert.equal(webhookDedupeKey({ tts_notification_id: 7301 }), "7301");
  const base = { type: 3, shop_id: "s1", timestamp: 5, data: { a: 1, b: [1, 2] } };
  const key = webhookDedupeKey(base);
  assert.match(key, /^sha256:[0-9a-f]{32}$/);
  assert.equal(webhookDedupeKey({ ...base, data: { b: [1, 2], a: 1 } }), key, "key order");
  for (const change of [{ type: 4 }, { shop_id: "s2" }, { timestamp: 6 }, { data: { a: 2, b: [1, 2] } }, { shop_id: null, seller_open_id: "s1", type: 3 }]) {
    const other = webhookDedupeKey({ ...base, ...change });
    if ("seller_open_id" in change) assert.equal(other, key, "the account id, whichever field carries it");
    else assert.notEqual(other, key, JSON.stringify(change));
  }
  assert.throws(() => webhookDedupeKey({ shop_id: "s" }), { kind: "invalid_request", field: "type" });
  assert.equal(listWebhookTypes().length, 45);
});

test("the deduper: one true per notification, also for concurrent deliveries", async () => {
  const deduper = createWebhookDeduper({ store: memoryDedupeStore() });
  const event = parseWebhook({ ...app, body, signature });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deduper.isNew(event)));
  assert.equal(answers.filter(Boolean).length, 1);
  assert.equal(await deduper.isNew({ ...event, tts_notification_id: "n2" }), true);
});
