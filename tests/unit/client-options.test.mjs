// The options of `new TikTokShop()`, checked and normalized when the client is made.
import { test } from "node:test";
import assert from "node:assert/strict";
import { appCredentials, clientOptions } from "../../pkg-template/lib/client-options.js";
import { DEFAULT_RATE_LIMIT } from "../../pkg-template/lib/rate-limit.js";

const base = { appKey: "k", appSecret: "s" };

test("app key and secret are required; the rest have their defaults", () => {
  assert.throws(() => clientOptions(undefined), { kind: "config", field: "options" });
  assert.throws(() => clientOptions({ appSecret: "s" }), { field: "appKey" });
  assert.throws(() => clientOptions({ appKey: "k" }), { field: "appSecret" });
  const o = clientOptions(base);
  assert.equal(o.maxResponseBytes, 64 * 1024 * 1024);
  assert.deepEqual(o.rateLimit, { settings: DEFAULT_RATE_LIMIT });
  assert.equal(o.tokenStore, null);
  assert.equal(o.logger, null);
  assert.equal(o.accessTokenExpiresAt, null);
});

test("an unknown option is refused with a suggestion", () => {
  assert.throws(() => clientOptions({ ...base, shopCiper: "x" }), { kind: "config", field: "shopCiper", message: /did you mean `shopCipher`/ });
});

test("rateLimit: off, a limiter of the caller's, or checked settings", () => {
  assert.equal(clientOptions({ ...base, rateLimit: false }).rateLimit, null);
  const limiter = { acquire() {} };
  assert.equal(clientOptions({ ...base, rateLimit: limiter }).rateLimit.limiter, limiter);
  assert.deepEqual(clientOptions({ ...base, rateLimit: { requestsPerSecond: 5 } }).rateLimit.settings, { requestsPerSecond: 5, burst: 10, maxQueue: 10_000 });
  for (const [rateLimit, field] of [[true, "rateLimit"], [{ acquire: 1 }, "rateLimit.acquire"], [{ burst: 0 }, "rateLimit.burst"], [{ requestsPerSecond: 1e-9 }, "rateLimit.requestsPerSecond"]]) {
    assert.throws(() => clientOptions({ ...base, rateLimit }), { field });
  }
});

test("tokenStore and logger: their shapes, bound to the caller's object", async () => {
  const store = { saved: null, get() { return this.saved; }, set(t) { this.saved = t; } };
  const o = clientOptions({ ...base, tokenStore: store });
  await o.tokenStore.set({ access_token: "a" });
  assert.deepEqual(await o.tokenStore.get(), { access_token: "a" });
  assert.equal(o.tokenStore.refresh, undefined);
  assert.throws(() => clientOptions({ ...base, tokenStore: { get() {} } }), { field: "tokenStore" });
  const seen = [];
  const logger = { prefix: "x", info(record) { seen.push([this.prefix, record]); } };
  clientOptions({ ...base, logger }).logger({ n: 1 });
  assert.deepEqual(seen, [["x", { n: 1 }]]);
  assert.throws(() => clientOptions({ ...base, logger: {} }), { field: "logger" });
});

test("the credentials of the helpers", () => {
  assert.deepEqual(appCredentials({ appKey: "k", appSecret: "s" }), { appKey: "k", appSecret: "s" });
  assert.deepEqual(appCredentials({ appSecret: "s" }, { key: false }), { appKey: undefined, appSecret: "s" });
  assert.throws(() => appCredentials({ appKey: "k" }), { field: "appSecret" });
});
