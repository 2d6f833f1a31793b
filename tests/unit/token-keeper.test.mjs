// Single-flight refresh with a refresh function of the test's own: one request per wave,
// rotated tokens persisted before use, bounded waits, complete token sets only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TokenKeeper } from "../../pkg-template/lib/token-keeper.js";
import { TikTokShopError } from "../../pkg-template/lib/errors.js";

const NOW = 1_700_000_000_000;
const fresh = (n) => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  access_token_expire_in: NOW / 1000 + 7 * 86400,
  refresh_token_expire_in: NOW / 1000 + 365 * 86400,
});

function keeper(options, refresh, now = () => NOW) {
  const applied = [];
  const calls = { refresh: 0 };
  const k = new TokenKeeper(
    { accessToken: "access-0", refreshToken: "refresh-0", ...options },
    {
      apply: (token) => applied.push(token),
      refresh: async (refreshToken) => {
        calls.refresh++;
        return refresh(refreshToken, calls.refresh);
      },
      now,
    },
  );
  return { k, applied, calls };
}

test("100 calls that find the token expiring share one refresh, and get the new token", async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const { k, applied, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 + 10 }, async () => {
    await gate;
    return fresh(1);
  });
  const waits = Array.from({ length: 100 }, () => k.ready({ timeoutMs: 5000 }));
  release();
  await Promise.all(waits);
  assert.equal(calls.refresh, 1);
  assert.equal(applied.at(-1), "access-1");
  assert.equal(k.ready({ timeoutMs: 5000 }), undefined, "fresh now: the fast path");
});

test("the rotated tokens are persisted (onTokens, then the store) before they are used", async () => {
  const order = [];
  const { k } = keeper(
    {
      accessTokenExpiresAt: NOW / 1000,
      onTokens: async (t) => order.push(`onTokens ${t.refresh_token}`),
      tokenStore: { get: async () => null, set: async (t) => order.push(`store ${t.refresh_token}`) },
    },
    async () => fresh(2),
  );
  k.setAccessToken("access-0"); // a store without a token would be read first
  await k.refresh(k.generation, { timeoutMs: 1000 });
  order.push("used");
  assert.deepEqual(order, ["onTokens refresh-2", "store refresh-2", "used"]);
});

test("a refresh that fails fails its whole wave once; calls within its backoff share the failure, later ones try again", async () => {
  let now = NOW;
  const { k, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 }, async (_, n) => {
    if (n === 1) throw new TikTokShopError({ kind: "server", message: "boom", httpStatus: 503, attempts: 4 });
    return fresh(3);
  }, () => now);
  const wave = await Promise.allSettled(Array.from({ length: 50 }, () => k.ready({ timeoutMs: 1000 })));
  assert.equal(calls.refresh, 1);
  assert.ok(wave.every((r) => r.status === "rejected" && r.reason.kind === "server" && /refreshing the access token failed/.test(r.reason.message)));
  // The refresh made 4 attempts: the next would have waited 200 ms * 2^4 = 3.2 s.
  for (const at of [0, 1000, 3199]) {
    now = NOW + at;
    await assert.rejects(k.ready({ timeoutMs: 1000 }), (e) => e.kind === "server" && /3200 ms/.test(e.message));
    await assert.rejects(k.refresh(k.generation, { timeoutMs: 1000 }), (e) => e.kind === "server");
  }
  assert.equal(calls.refresh, 1, "calls within the backoff started no refresh");
  now = NOW + 3200;
  await k.ready({ timeoutMs: 1000 });
  assert.equal(calls.refresh, 2);
});

test("calls arriving spread over time (as the rate limiter releases them) cost one refresh per wave", async () => {
  let now = NOW;
  const { k, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 }, async () => {
    throw new TikTokShopError({ kind: "server", message: "unavailable", httpStatus: 503, attempts: 4 });
  }, () => now);
  // 100 calls, 10 at once then one every 20 ms (50 per second): 1.8 s in all.
  const outcomes = [];
  for (let i = 0; i < 100; i++) {
    now = NOW + Math.max(0, i - 9) * 20;
    outcomes.push(await k.ready({ timeoutMs: 1000 })?.then(() => "ok", (e) => e.kind));
  }
  assert.equal(calls.refresh, 1);
  assert.deepEqual(new Set(outcomes), new Set(["server"]));
  // Failures in a row hold longer: 3.2 s, then 6.4 s.
  now += 3200;
  await assert.rejects(k.ready({ timeoutMs: 1000 }));
  assert.equal(calls.refresh, 2);
  now += 6399;
  await assert.rejects(k.ready({ timeoutMs: 1000 }), /6400 ms/);
  assert.equal(calls.refresh, 2);
});

test("a 429 from the token host holds the next refresh for its Retry-After", async () => {
  let now = NOW;
  const { k, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 }, async () => {
    throw new TikTokShopError({ kind: "rate_limit", message: "slow down", httpStatus: 429, retryAfter: 30 });
  }, () => now);
  await assert.rejects(k.ready({ timeoutMs: 1000 }), (e) => e.kind === "rate_limit");
  now += 29_999;
  await assert.rejects(k.ready({ timeoutMs: 1000 }), /30000 ms/);
  assert.equal(calls.refresh, 1);
  now += 1;
  await assert.rejects(k.ready({ timeoutMs: 1000 }));
  assert.equal(calls.refresh, 2);
});

test("new tokens set by hand end a remembered failure at once", async () => {
  const { k, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 }, async () => {
    throw new TikTokShopError({ kind: "network", message: "reset" });
  });
  await assert.rejects(k.ready({ timeoutMs: 1000 }), (e) => e.kind === "network");
  k.set(fresh(8));
  assert.equal(k.ready({ timeoutMs: 1000 }), undefined);
  assert.equal(calls.refresh, 1);
});

test("a refused refresh token (auth, reauthorize) is not tried again until new tokens are set", async () => {
  const { k, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 }, async () => {
    throw new TikTokShopError({ kind: "reauthorize", code: 36004005, message: "no authorization record" });
  });
  await assert.rejects(k.ready({ timeoutMs: 1000 }), (e) => e.kind === "reauthorize");
  await assert.rejects(k.ready({ timeoutMs: 1000 }), (e) => e.kind === "reauthorize");
  assert.equal(calls.refresh, 1);
  k.set(fresh(9));
  assert.equal(k.ready({ timeoutMs: 1000 }), undefined);
});

test("a waiting call leaves at its own deadline or abort while the refresh hangs", async () => {
  const { k, calls } = keeper({ accessTokenExpiresAt: NOW / 1000 }, () => new Promise(() => {}));
  const started = Date.now();
  await assert.rejects(k.ready({ timeoutMs: 50 }), (e) => e.kind === "timeout");
  assert.ok(Date.now() - started < 1000);
  const controller = new AbortController();
  const waiting = k.ready({ signal: controller.signal, timeoutMs: 60_000 });
  controller.abort(new Error("caller gave up"));
  await assert.rejects(waiting, /caller gave up/);
  assert.equal(calls.refresh, 1, "later calls join the refresh in flight, each with its own bound");
});

test("an incomplete token reply never reaches onTokens", async () => {
  const seen = [];
  for (const bad of [null, { access_token: 5 }, { access_token: "a" }, { ...fresh(4), refresh_token: "" }, { ...fresh(4), access_token: "a\r\nb" }]) {
    const { k } = keeper({ accessTokenExpiresAt: NOW / 1000, onTokens: (t) => seen.push(t) }, async () => bad);
    await assert.rejects(k.ready({ timeoutMs: 1000 }), (e) => e.kind === "decode");
  }
  assert.deepEqual(seen, []);
});

test("a store that refreshes is asked instead of the token host", async () => {
  const asked = [];
  const { k, calls, applied } = keeper(
    {
      accessTokenExpiresAt: NOW / 1000,
      // The store keeps the refresh token itself: its answer may leave it out.
      tokenStore: { get: async () => null, set: async () => assert.fail("set"), refresh: async (current) => (asked.push(current.refresh_token), { ...fresh(5), refresh_token: undefined }) },
    },
    async () => assert.fail("the client refreshed"),
  );
  await k.ready({ timeoutMs: 1000 });
  assert.equal(calls.refresh, 0);
  assert.deepEqual(asked, ["refresh-0"]);
  assert.equal(applied.at(-1), "access-5");
});

test("the granted scopes go to the core with every token: the option, a set, a refresh reply, setAccessToken; left out means not known", async () => {
  const given = [];
  const k = new TokenKeeper(
    { accessToken: "access-0", grantedScopes: ["seller.order.info"], refreshToken: "refresh-0" },
    { apply: (token, scopes) => given.push([token, scopes]), refresh: async () => ({ ...fresh(1), granted_scopes: ["seller.finance.info"] }), now: () => NOW },
  );
  k.set({ access_token: "access-s", granted_scopes: ["seller.product.basic"] });
  await k.refresh(k.generation, { timeoutMs: 5000 });
  k.setAccessToken("access-h", ["a.b"]);
  k.setAccessToken("access-u");
  k.set({ access_token: "access-n" });
  assert.deepEqual(given, [
    ["access-0", ["seller.order.info"]],
    ["access-s", ["seller.product.basic"]],
    ["access-1", ["seller.finance.info"]],
    ["access-h", ["a.b"]],
    ["access-u", null],
    ["access-n", null],
  ]);
  assert.equal(k.grantedScopes, null);
});
