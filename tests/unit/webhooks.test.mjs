// Webhooks: the signature over the raw body in constant time, the typed event, and
// de-duplication by notification id.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { api } from "./package.mjs";

const { createWebhookDeduper, memoryDedupeStore, parseWebhook, parseWebhookRequest, verifyWebhook } = api;
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
  assert.deepEqual(parseWebhook({ ...app, body, signature }), { type: 1, type_name: "ORDER_STATUS_CHANGE", tts_notification_id: "n1", shop_id: "s1", timestamp: 1700000000, data: { order_id: "1" } });
  assert.throws(() => parseWebhook({ ...app, body, signature: "0".repeat(64) }), { kind: "signature" });
  const notJson = "not json";
  const sig = createHmac("sha256", app.appSecret).update(app.appKey + notJson).digest("hex");
  assert.throws(() => parseWebhook({ ...app, body: notJson, signature: sig }), { kind: "decode" });
  const request = new Request("http://app.example/webhooks", { method: "POST", body, headers: { authorization: signature } });
  assert.equal((await parseWebhookRequest(request, app)).tts_notification_id, "n1");
});

test("the deduper: one true per notification, also for concurrent deliveries", async () => {
  const deduper = createWebhookDeduper({ store: memoryDedupeStore() });
  const event = parseWebhook({ ...app, body, signature });
  const answers = await Promise.all(Array.from({ length: 10 }, () => deduper.isNew(event)));
  assert.equal(answers.filter(Boolean).length, 1);
  assert.equal(await deduper.isNew({ ...event, tts_notification_id: "n2" }), true);
});
