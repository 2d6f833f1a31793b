// GET /logistics/202510/seller_templates may carry a JSON body, which the
// WHATWG fetch cannot send. Over real HTTP (a raw node:http request) the Node
// adapter reads the GET's body, the signature covers those bytes exactly as
// for a POST, and the handler parses them.

import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { startSandbox } from "../src/node.js";
import { signRequest } from "../src/sign.js";

const PATH = "/logistics/202510/seller_templates";

/** A GET with a body, over node:http (fetch refuses GET bodies). */
function rawGet(url, { headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function signedQuery(sb, { body, cipher }) {
  const query = new URLSearchParams({ app_key: sb.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher });
  query.set("sign", await signRequest({ appSecret: sb.appSecret, path: PATH, query, body, contentType: "application/json" }));
  return query;
}

test("GET with a JSON body: read by the Node adapter, signed over its bytes, parsed", async (t) => {
  const sb = await startSandbox();
  t.after(() => sb.close());
  const token = sb.sandbox.issueTokens().access_token;
  const cipher = sb.sandbox.shop.shops[0].cipher;
  const headers = { "content-type": "application/json", "x-tts-access-token": token };
  const body = JSON.stringify({ product_attribute: { weight: { value: "0.5", unit: "KILOGRAM" } } });

  const ok = await rawGet(`${sb.url}${PATH}?${await signedQuery(sb, { body, cipher })}`, { headers, body });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.code, 0);
  const entry = sb.sandbox.requests.at(-1);
  assert.equal(entry.method, "GET");
  assert.equal(entry.bodyText, body, "the body reached the handler byte for byte");
  assert.equal(entry.signatureValid, true);

  // signed without the body: the body is part of the string to sign, so this fails
  const unsigned = await rawGet(`${sb.url}${PATH}?${await signedQuery(sb, { body: "", cipher })}`, { headers, body });
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.json.code, 106001);
  // other bytes than the signed ones (one space more) fail too
  const other = await rawGet(`${sb.url}${PATH}?${await signedQuery(sb, { body, cipher })}`, { headers, body: body + " " });
  assert.equal(other.json.code, 106001);
  // the same GET without a body, signed without one, works
  const none = await rawGet(`${sb.url}${PATH}?${await signedQuery(sb, { body: "", cipher })}`, { headers, body: "" });
  assert.equal(none.json.code, 0);
  assert.equal(sb.sandbox.requests.at(-1).bodyText, null);
  // a signed body that is not a JSON object is refused like a POST's
  const bad = "[1,2]";
  const refused = await rawGet(`${sb.url}${PATH}?${await signedQuery(sb, { body: bad, cipher })}`, { headers, body: bad });
  assert.equal(refused.status, 400);
  assert.equal(refused.json.code, 36009004);
  assert.equal(refused.json.message, "Invalid request body");
});

test("in process, handle(request, { body }) takes a GET's body beside the Request", async () => {
  const { createSandbox } = await import("../src/handler.js");
  const sandbox = createSandbox();
  const token = sandbox.issueTokens().access_token;
  const body = new TextEncoder().encode('{"product_attribute":{}}');
  const query = await signedQuery(sandbox, { body, cipher: sandbox.shop.shops[0].cipher });
  const request = new Request(`http://sandbox${PATH}?${query}`, { headers: { "content-type": "application/json", "x-tts-access-token": token } });
  assert.equal((await (await sandbox.fetch(request, { body })).json()).code, 0);
  // without the bytes beside it, the signature (made over them) fails
  const again = new Request(`http://sandbox${PATH}?${query}`, { headers: { "content-type": "application/json", "x-tts-access-token": token } });
  assert.equal((await (await sandbox.handle(again)).json()).code, 106001);
});
