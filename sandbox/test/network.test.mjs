// The fault plan's per-API rate limit (TikTok's counting) and the faults for
// hostile-network tests, over real HTTP: redirects to another host,
// requests that never get an answer, gzip bombs and token-host 5xx.

import test from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import zlib from "node:zlib";
import { startSandbox } from "../src/node.js";
import { createSandbox } from "../src/handler.js";
import { call, nodeSign } from "./helpers.mjs";

const SHOPS = { path: "/authorization/202309/shops" };

async function setup(t, options) {
  const sb = await startSandbox(options);
  t.after(() => sb.close());
  const tokens = sb.sandbox.issueTokens();
  return { sb, tokens, token: tokens.access_token, cipher: sb.sandbox.shop.shops[0].cipher, cipher2: sb.sandbox.shop.shops[1].cipher };
}

function tokenUrl(sb, kind, params) {
  const u = new URL(`/api/v2/token/${kind}`, sb.url);
  u.search = new URLSearchParams({ app_key: sb.appKey, app_secret: sb.appSecret, ...params }).toString();
  return u;
}

/** A raw GET over node:http: status, headers and the body bytes as sent (no decoding). */
function rawGet(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

/** A signed business call's URL and headers (for clients other than fetch). */
function signedGet(sb, path, token, base = sb.url) {
  const q = { app_key: sb.appKey, timestamp: String(Math.floor(Date.now() / 1000)) };
  q.sign = nodeSign(sb.appSecret, path, q);
  return { url: `${base}${path}?${new URLSearchParams(q)}`, headers: { "x-tts-access-token": token } };
}

test("rate limit counts per app + shop + API (METHOD and path template) by default", async (t) => {
  const { sb, token, cipher, cipher2 } = await setup(t, { faults: { rateLimit: { requestsPerSecond: 0.5, burst: 2 } } });
  assert.equal(sb.sandbox.faults.rateLimit.per, "api");
  const orders = (shopCipher, id) => ({ path: `/order/202309/orders`, query: { ids: id }, token, shopCipher });
  const [o1, o2] = [sb.sandbox.shop.data[0].orders[0].id, sb.sandbox.shop.data[1].orders[0].id];
  // one API, one shop: the bucket of 2 empties (whichever order id: the template counts)
  assert.equal((await call(sb, orders(cipher, o1))).status, 200);
  assert.equal((await call(sb, orders(cipher, sb.sandbox.shop.data[0].orders[1].id))).status, 200);
  const limited = await call(sb, orders(cipher, o1));
  assert.equal(limited.status, 429);
  assert.equal(limited.json.code, 36009002);
  assert.equal(limited.headers.get("retry-after"), "2");
  // the same API for another shop has its own bucket
  assert.equal((await call(sb, orders(cipher2, o2))).status, 200);
  // another API of the same shop has its own bucket
  const search = await call(sb, { method: "POST", path: "/order/202309/orders/search", query: { page_size: 1 }, body: {}, token, shopCipher: cipher });
  assert.equal(search.status, 200, search.text);
  // APIs without a shop: one bucket each too
  for (let i = 0; i < 2; i++) assert.equal((await call(sb, { ...SHOPS, token })).status, 200);
  assert.equal((await call(sb, { ...SHOPS, token })).status, 429);
  assert.equal((await call(sb, { path: "/seller/202309/shops", token })).status, 200);
  // token calls: per token API
  const tokens = sb.sandbox.issueTokens();
  let rt = tokens.refresh_token;
  for (let i = 0; i < 2; i++) {
    const r = await (await fetch(tokenUrl(sb, "refresh", { refresh_token: rt, grant_type: "refresh_token" }))).json();
    assert.equal(r.code, 0);
    rt = r.data.refresh_token;
  }
  const third = await fetch(tokenUrl(sb, "refresh", { refresh_token: rt, grant_type: "refresh_token" }));
  assert.equal(third.status, 429);
  const get = await (await fetch(tokenUrl(sb, "get", { auth_code: sb.sandbox.mintAuthCode(), grant_type: "authorized_code" }))).json();
  assert.equal(get.code, 0, "token/get has its own bucket");
  assert.equal(sb.sandbox.faultStats.rateLimited, 3);
  assert.throws(() => sb.sandbox.setFaults({ rateLimit: { requestsPerSecond: 1, per: "app" } }), /rateLimit.per/);
});

test("redirect: 301/302/303/307/308 with a Location on another host, for matching routes or a fraction", async (t) => {
  const { sb, token, cipher } = await setup(t);
  for (const status of [301, 302, 303, 307, 308]) {
    sb.sandbox.setFaults({ redirect: { status, location: "https://evil.example/steal" } });
    const { url, headers } = signedGet(sb, SHOPS.path, token);
    const res = await fetch(url, { headers, redirect: "manual" });
    assert.equal(res.status, status);
    assert.equal(res.headers.get("location"), "https://evil.example/steal");
    assert.equal(sb.sandbox.requests.at(-1).fault, "redirect");
    assert.equal(sb.sandbox.requests.at(-1).status, status);
  }
  // default location: the same path and query on another host
  sb.sandbox.setFaults({ redirect: true });
  const { url, headers } = signedGet(sb, SHOPS.path, token);
  const res = await fetch(url, { headers, redirect: "manual" });
  assert.equal(res.status, 302);
  const loc = new URL(res.headers.get("location"));
  assert.notEqual(loc.host, new URL(sb.url).host);
  assert.equal(loc.pathname + loc.search, new URL(url).pathname + new URL(url).search);
  // a client that follows redirects ends up elsewhere (here: a name that does not resolve)
  await assert.rejects(fetch(url, { headers }), TypeError);

  // only matching routes
  sb.sandbox.setFaults({ redirect: { routes: ["POST /order/*/orders/search"] } });
  assert.equal((await call(sb, { ...SHOPS, token })).status, 200);
  const search = { method: "POST", path: "/order/202309/orders/search", query: { page_size: 1 }, body: {}, token, shopCipher: cipher };
  const q = { app_key: sb.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher, page_size: "1" };
  q.sign = nodeSign(sb.appSecret, search.path, q, "{}");
  const r = await fetch(`${sb.url}${search.path}?${new URLSearchParams(q)}`, { method: "POST", body: "{}", headers: { "content-type": "application/json", "x-tts-access-token": token }, redirect: "manual" });
  assert.equal(r.status, 302);

  // a fraction, replayable from the seed
  const run = () => {
    const sandbox = createSandbox();
    sandbox.setFaults({ redirect: { rate: 0.3 }, seed: 9 });
    return sandbox;
  };
  const seq = async (sandbox) => {
    const tk = sandbox.issueTokens().access_token;
    const out = [];
    for (let i = 0; i < 200; i++) {
      const { url: u, headers: h } = signedGet(sandbox, SHOPS.path, tk, "http://sandbox");
      out.push((await sandbox.fetch(new Request(u, { headers: h }))).status);
    }
    return out;
  };
  const a = await seq(run());
  const redirected = a.filter((x) => x === 302).length;
  assert.ok(redirected >= 35 && redirected <= 85, `${redirected} of 200 redirected`);
  assert.equal(a.filter((x) => x !== 302 && x !== 200).length, 0);
  assert.deepEqual(await seq(run()), a, "same seed, same redirects");
  assert.throws(() => sb.sandbox.setFaults({ redirect: { status: 304 } }), /redirect.status/);
  assert.throws(() => sb.sandbox.setFaults({ redirect: { routes: ["orders"] } }), /routes/);
});

test("hang: the request is accepted and never answered, business and token calls alike", async (t) => {
  const { sb, token, tokens } = await setup(t);
  sb.sandbox.setFaults({ hang: true });
  const t0 = Date.now();
  await assert.rejects(call(sb, { ...SHOPS, token, signal: AbortSignal.timeout(300) }), (e) => e.name === "TimeoutError");
  assert.ok(Date.now() - t0 >= 300);
  const entry = sb.sandbox.requests.at(-1);
  assert.equal(entry.fault, "hang", "logged on arrival");
  assert.equal(entry.status, null);
  // the token host too
  await assert.rejects(fetch(tokenUrl(sb, "refresh", { refresh_token: tokens.refresh_token, grant_type: "refresh_token" }), { signal: AbortSignal.timeout(200) }), (e) => e.name === "TimeoutError");
  assert.equal(sb.sandbox.requests.at(-1).path, "/api/v2/token/refresh");
  assert.equal(sb.sandbox.requests.at(-1).fault, "hang");
  // only the token host
  sb.sandbox.setFaults({ hang: { routes: ["/api/v2/token/*"] } });
  assert.equal((await call(sb, { ...SHOPS, token })).status, 200);
  await assert.rejects(fetch(tokenUrl(sb, "refresh", { refresh_token: tokens.refresh_token, grant_type: "refresh_token" }), { signal: AbortSignal.timeout(100) }));
  // in process: sandbox.fetch waits until the request's signal aborts, and rejects with its reason
  const { url, headers } = signedGet(sb, SHOPS.path, token);
  sb.sandbox.setFaults({ hang: true });
  await assert.rejects(sb.sandbox.fetch(new Request(url, { headers, signal: AbortSignal.timeout(100) })), (e) => e.name === "TimeoutError");
  // a hanging request does not keep the server from closing
  const pending = call(sb, { ...SHOPS, token }).then(() => "answered", () => "failed");
  await new Promise((r) => setTimeout(r, 100));
  await sb.close();
  assert.equal(await pending, "failed");
});

test("gzipBomb: a small gzip body that inflates to a very large size", async (t) => {
  const { sb, token } = await setup(t);
  const size = 64 * 2 ** 20;
  sb.sandbox.setFaults({ gzipBomb: { size, routes: ["GET /authorization/*/shops"] } });
  const { url, headers } = signedGet(sb, SHOPS.path, token);
  const raw = await rawGet(url, headers);
  assert.equal(raw.status, 200);
  assert.equal(raw.headers["content-encoding"], "gzip");
  assert.equal(Number(raw.headers["content-length"]), raw.body.length);
  assert.ok(raw.body.length < 200 * 1024, `${raw.body.length} bytes on the wire`);
  // inflate as a stream, counting
  let inflated = 0;
  let head = "";
  await new Promise((resolve, reject) => {
    const gunzip = zlib.createGunzip();
    gunzip.on("data", (c) => {
      if (head.length < 40) head += c.subarray(0, 40).toString("latin1");
      inflated += c.length;
    });
    gunzip.on("end", resolve);
    gunzip.on("error", reject);
    gunzip.end(raw.body);
  });
  assert.ok(inflated >= size && inflated < size + 17 * 2 ** 20, `${inflated} bytes inflated`);
  assert.ok(raw.body.length * 300 < inflated, "at least 300:1");
  assert.match(head, /^\{"code":0,"message":"Success"/, "it starts like an answer");
  assert.equal(sb.sandbox.requests.at(-1).fault, "gzipBomb");
  // fetch inflates it too: a client that reads it whole holds every byte
  const res = await fetch(url, { headers });
  let seen = 0;
  for await (const chunk of res.body) seen += chunk.length;
  assert.equal(seen, inflated);
  // other routes are answered normally; the default size is 1 GiB
  assert.equal((await call(sb, { path: "/seller/202309/shops", token })).json.code, 0);
  assert.equal(sb.sandbox.setFaults({ gzipBomb: true }).gzipBomb.size, 2 ** 30);
});

test("tokenHostError: token calls answer 5xx; business calls do not", async (t) => {
  const { sb, token, tokens } = await setup(t);
  for (const status of [500, 502, 503, 504]) {
    sb.sandbox.setFaults({ tokenHostError: { status } });
    const res = await fetch(tokenUrl(sb, "refresh", { refresh_token: tokens.refresh_token, grant_type: "refresh_token" }));
    assert.equal(res.status, status);
    const text = await res.text();
    if (status === 500) assert.equal(JSON.parse(text).code, 36009999);
    else assert.match(text, new RegExp(`^<html>[\\s\\S]*${status}`));
    assert.equal(sb.sandbox.requests.at(-1).fault, "tokenHostError");
    assert.equal((await call(sb, { ...SHOPS, token })).json.code, 0, "the API host is fine");
  }
  // the refresh token was not used by the failed calls
  sb.sandbox.setFaults({});
  assert.equal((await (await fetch(tokenUrl(sb, "refresh", { refresh_token: tokens.refresh_token, grant_type: "refresh_token" }))).json()).code, 0);
  // over HTTP, with a rate
  const plan = await (await fetch(`${sb.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify({ tokenHostError: { rate: 0.5 }, seed: 1 }) })).json();
  assert.deepEqual(plan.tokenHostError, { rate: 0.5, routes: null, status: 503 });
  const statuses = [];
  for (let i = 0; i < 40; i++) statuses.push((await fetch(tokenUrl(sb, "get", { auth_code: "x", grant_type: "authorized_code" }))).status);
  const failed = statuses.filter((x) => x === 503).length;
  assert.ok(failed > 8 && failed < 32, `${failed} of 40`);
  assert.equal(plan.stats.targeted.tokenHostError, 0);
  assert.equal(sb.sandbox.faultStats.targeted.tokenHostError, failed);
});
