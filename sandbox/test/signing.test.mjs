import test from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { loadVectors, nodeSign, nodeWebhookSign } from "./helpers.mjs";
import {
  signRequest,
  stringToSign,
  verifyRequestSignature,
  signWebhook,
  verifyWebhook,
  canonicalQuery,
} from "../src/sign.js";

const vectors = loadVectors();

test("every request vector: string to sign and signature through sign.js", async (t) => {
  assert.ok(vectors.request_vectors.length >= 9);
  for (const v of vectors.request_vectors) {
    await t.test(v.id, async () => {
      const input = { appSecret: v.app_secret, path: v.path, query: v.query, body: v.body, contentType: v.content_type };
      assert.equal(stringToSign(input), v.string_to_sign);
      const sign = await signRequest(input);
      assert.equal(sign, v.expected_sign);
      assert.equal(await verifyRequestSignature(input, v.expected_sign), true);
      assert.equal(await verifyRequestSignature(input, v.expected_sign.toUpperCase()), false, "uppercase hex is rejected");
      // the independent node:crypto signer agrees
      const multipart = v.content_type.startsWith("multipart/");
      assert.equal(nodeSign(v.app_secret, v.path, v.query, multipart ? "" : v.body, multipart), v.expected_sign);
    });
  }
});

test("request vectors also sign from URLSearchParams and from raw bytes", async () => {
  for (const v of vectors.request_vectors) {
    const multipart = v.content_type.startsWith("multipart/");
    const sign = await signRequest({
      appSecret: v.app_secret,
      path: v.path,
      query: new URLSearchParams(v.query),
      body: multipart ? new Uint8Array([1, 2, 3]) : new TextEncoder().encode(v.body),
      contentType: v.content_type,
    });
    assert.equal(sign, v.expected_sign, v.id);
  }
});

test("every webhook vector through sign.js", async (t) => {
  assert.ok(vectors.webhook_vectors.length >= 2);
  for (const w of vectors.webhook_vectors) {
    await t.test(w.id, async () => {
      const sig = await signWebhook({ appKey: w.app_key, appSecret: w.app_secret, body: w.raw_body });
      assert.equal(sig, w.authorization_header);
      assert.equal(nodeWebhookSign(w.app_key, w.app_secret, w.raw_body), w.authorization_header);
      assert.equal(await verifyWebhook({ appKey: w.app_key, appSecret: w.app_secret, body: w.raw_body, signature: w.authorization_header }), true);
      assert.equal(await verifyWebhook({ appKey: w.app_key, appSecret: w.app_secret, body: w.raw_body, signature: w.authorization_header.toUpperCase() }), false);
      assert.equal(await verifyWebhook({ appKey: w.app_key, appSecret: w.app_secret, body: w.raw_body + " ", signature: w.authorization_header }), false);
    });
  }
});

test("sign.js and the node:crypto signer agree on random requests", async () => {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-. é€😀&=+%/";
  const rand = (n) => Array.from({ length: n }, () => alphabet[crypto.randomInt(alphabet.length)]).join("");
  for (let i = 0; i < 200; i++) {
    const query = {};
    for (let k = 0, n = crypto.randomInt(0, 7); k < n; k++) query[rand(crypto.randomInt(1, 8)).replace(/[^a-z_]/g, "x")] = rand(crypto.randomInt(0, 12));
    query.sign = "ignored";
    query.access_token = "ignored";
    const body = crypto.randomInt(3) === 0 ? "" : JSON.stringify({ v: rand(20), n: i });
    const secret = rand(16);
    const p = `/order/202309/orders/${crypto.randomInt(1e9)}`;
    assert.equal(await signRequest({ appSecret: secret, path: p, query, body }), nodeSign(secret, p, query, body));
  }
});

test("canonical query: sorted by key, sign and access_token excluded, no separators", () => {
  assert.equal(canonicalQuery({ b: "2", a: "1", sign: "x", access_token: "y", c: ["x", "y"] }), "a1b2cx,y");
});
