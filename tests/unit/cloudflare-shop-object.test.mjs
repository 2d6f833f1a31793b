// The parts of a shop's Durable Object that need no Cloudflare runtime, with a fake clock
// and an in-memory state: the rate budget, the token vault's single refresh, and the
// resumable sync pass. Milliseconds to run; the end-to-end proof is
// tests/js/cloudflare-shops.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RateBudget } from "../../pkg-template/cloudflare/rate-budget.js";
import { TokenVault } from "../../pkg-template/cloudflare/token-vault.js";
import { reviveError, rpcError } from "../../pkg-template/cloudflare/rpc-errors.js";
import { syncPass } from "../../pkg-template/cloudflare/incremental-sync.js";
import { TikTokShopError } from "../../pkg-template/lib/errors.js";

const API = "POST /order/202309/orders/search";

function memoryState() {
  const map = new Map();
  return {
    get: (k) => (map.has(k) ? structuredClone(map.get(k)) : null),
    set: (k, v) => map.set(k, structuredClone(v)),
    delete: (k) => map.delete(k),
  };
}

test("rate budget: a burst at once, then one slot every 20 ms, per API", () => {
  let now = 1_000;
  const budget = new RateBudget({ requestsPerSecond: 50, burst: 10 }, () => now);
  const waits = Array.from({ length: 13 }, () => budget.reserve(API));
  assert.deepEqual(waits, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 20, 40, 60]);
  assert.equal(budget.reserve("GET /order/202507/orders"), 0, "another API has its own budget");
  now += 1_000;
  assert.equal(budget.reserve(API), 0, "refilled after a second");
});

test("rate budget: a slot beyond maxWaitMs is refused and not booked", () => {
  const budget = new RateBudget({ requestsPerSecond: 1, burst: 1, maxWaitMs: 1_500 }, () => 0);
  assert.equal(budget.reserve(API), 0);
  assert.equal(budget.reserve(API), 1_000);
  assert.equal(budget.reserve(API), null);
  assert.equal(budget.reserve(API), null, "the refused call booked nothing");
});

// Absolute Unix times, as TikTok sends them: the clock is at 1_700_000_000 s.
const NOW_MS = 1_700_000_000_000;
const SET = { access_token: "A1", access_token_expire_in: 1_700_010_000, refresh_token: "R1" };

test("token vault: concurrent refreshes from any number of callers make one request, stored before it is returned", async () => {
  const state = memoryState();
  const sent = [];
  let release;
  const vault = new TokenVault(
    state,
    (refreshToken) => {
      sent.push(refreshToken);
      return new Promise((resolve) => (release = () => resolve({ access_token: "A2", access_token_expire_in: 1_700_020_000, refresh_token: "R2" })));
    },
    () => NOW_MS,
  );
  vault.put(SET);
  const waiting = Array.from({ length: 5 }, () => vault.refresh({ access_token: "A1" }));
  release();
  const results = await Promise.all(waiting);
  assert.deepEqual(sent, ["R1"]);
  // Callers get the new access token; the refresh token stays in the object.
  assert.ok(results.every((t) => t.access_token === "A2" && t.refresh_token === undefined));
  assert.equal(state.get("tokens").refresh_token, "R2");
  assert.deepEqual(vault.get(), { access_token: "A2", access_token_expire_in: 1_700_020_000 }, "get() never gives the refresh token");
  // A caller still holding the old token gets the stored set, without another request.
  assert.equal((await vault.refresh({ access_token: "A1" })).access_token, "A2");
  assert.equal(sent.length, 1);
});

test("token vault: the granted scopes are stored with the set and handed to clients; a malformed list is refused, nothing stored", () => {
  const state = memoryState();
  const vault = new TokenVault(state, () => Promise.reject(new Error("no refresh here")), () => NOW_MS);
  vault.put({ ...SET, granted_scopes: ["seller.order.info"] });
  assert.deepEqual(vault.get(), { access_token: "A1", access_token_expire_in: 1_700_010_000, granted_scopes: ["seller.order.info"] });
  assert.throws(() => vault.put({ ...SET, access_token: "A9", granted_scopes: ["a\r\nb"] }), { kind: "config", field: "tokens.granted_scopes[0]" });
  assert.equal(vault.get().access_token, "A1");
});

test("token vault: a refused refresh token fails every later caller at once, until the seller authorizes again", async () => {
  const state = memoryState();
  let calls = 0;
  const vault = new TokenVault(state, async () => {
    calls += 1;
    throw new TikTokShopError({ kind: "auth", code: 36004004, message: "invalid refresh token" });
  });
  vault.put(SET);
  await assert.rejects(vault.refresh({ access_token: "A1" }), { kind: "auth", code: 36004004 });
  await assert.rejects(vault.refresh({ access_token: "A1" }), { kind: "auth" });
  assert.equal(calls, 1);
  vault.put({ ...SET, access_token: "A9", refresh_token: "R9" });
  assert.equal(vault.failure, null);
});

test("token vault: a transient failure is not remembered; no tokens at all asks for authorization", async () => {
  const state = memoryState();
  let fail = true;
  const vault = new TokenVault(state, async () => {
    if (fail) throw new TikTokShopError({ kind: "server", message: "503" });
    return { access_token: "A2", access_token_expire_in: 1_700_020_000, refresh_token: "R2" };
  }, () => NOW_MS);
  await assert.rejects(vault.refresh({ access_token: "x" }), { kind: "reauthorize" });
  vault.put(SET);
  await assert.rejects(vault.refresh({ access_token: "A1" }), { kind: "server" });
  fail = false;
  assert.equal((await vault.refresh({ access_token: "A1" })).access_token, "A2");
});

/** A list of `n` items served 100 a page, with offset page tokens, counting its calls. */
function pagedList(n, { failAt } = {}) {
  const calls = [];
  const list = async ({ update_time_ge, page_token }) => {
    calls.push({ update_time_ge, page_token });
    const offset = page_token ? Number(page_token) : 0;
    if (failAt !== undefined && offset === failAt && !list.failed) {
      list.failed = true;
      throw new TikTokShopError({ kind: "network", message: "connection lost" });
    }
    const items = Array.from({ length: Math.min(100, n - offset) }, (_, i) => offset + i);
    return { items, next_page_token: offset + 100 < n ? String(offset + 100) : "" };
  };
  return { list, calls };
}

test("sync pass: the cursor moves only after each write; a failed pass resumes at its last committed page", async () => {
  const state = memoryState();
  let clock = 5_000_000;
  const written = [];
  const write = (page) => {
    written.push(...page.items);
    return page.items.length;
  };
  const source = pagedList(350, { failAt: 200 });
  await assert.rejects(syncPass(state, "orders", { list: source.list, write, now: () => clock }), { kind: "network" });
  assert.deepEqual(state.get("cursor:orders"), { since: 0, passStarted: 5_000, pageToken: "200" });
  clock += 60_000;
  const resumed = await syncPass(state, "orders", { list: source.list, write, now: () => clock });
  assert.deepEqual(resumed, { pages: 2, items: 150, resumed: true, since: 5_000 - 60 });
  assert.deepEqual(written, Array.from({ length: 350 }, (_, i) => i), "every item once: no page skipped or repeated");
  // The next pass reads what changed since the first pass began (less the overlap).
  await syncPass(state, "orders", { list: source.list, write, now: () => clock });
  assert.equal(source.calls.at(-1).update_time_ge, 4_940);
});

test("sync pass: a write that fails leaves the cursor on that page", async () => {
  const state = memoryState();
  const source = pagedList(250);
  let writes = 0;
  const write = () => {
    writes += 1;
    if (writes === 2) throw new Error("D1 unavailable");
  };
  await assert.rejects(syncPass(state, "orders", { list: source.list, write, now: () => 0 }), /D1 unavailable/);
  assert.equal(state.get("cursor:orders").pageToken, "100", "the page that failed to commit is read again");
  await syncPass(state, "orders", { list: source.list, write, now: () => 0 });
  assert.deepEqual(source.calls.map((c) => c.page_token), [undefined, "100", "100", "200"]);
});

test("sync pass: a stored page token the API refuses starts the pass over, once", async () => {
  const state = memoryState();
  state.set("cursor:orders", { since: 7, passStarted: 9, pageToken: "stale" });
  const calls = [];
  const list = async (params) => {
    calls.push(params.page_token);
    if (params.page_token === "stale") throw new TikTokShopError({ kind: "invalid_request", code: 36009004, message: "Invalid page_token" });
    return { items: [1], next_page_token: "" };
  };
  const result = await syncPass(state, "orders", { list, write: () => 1, now: () => 0 });
  assert.deepEqual(calls, ["stale", undefined]);
  assert.equal(result.items, 1);
});

test("authorize's errors keep their kind and field over RPC, whichever way the runtime carries an error", () => {
  const thrown = new TikTokShopError({ kind: "config", field: "shop", message: "`shop` needs its `id` and `cipher`" });
  const sent = rpcError(thrown);
  // Older Workers RPC (wrangler 4.86's workerd): a plain Error, "name: message", no fields.
  const old = new Error(`${sent.name}: ${sent.message}`);
  // Newer ones: a plain Error with the own fields; and structuredClone's own way (message only).
  const newer = Object.assign(new Error(sent.message), { name: sent.name, kind: sent.kind, field: sent.field, attempts: 1 });
  for (const [label, received] of [["older RPC", old], ["newer RPC", newer], ["structuredClone", structuredClone(sent)]]) {
    assert.ok(!(received instanceof TikTokShopError), `${label}: what arrives is a plain Error`);
    const revived = reviveError(received);
    assert.ok(revived instanceof TikTokShopError, label);
    assert.equal(revived.kind, "config", label);
    assert.equal(revived.field, "shop", label);
    assert.equal(revived.message, thrown.message, label);
  }
  const other = new Error("something else");
  assert.equal(reviveError(other), other, "other errors pass through");
  // Whatever a caller catches, reviveError returns and never throws.
  const { proxy: revoked, revoke } = Proxy.revocable({}, {});
  revoke();
  const throwing = new Proxy({}, { get(_, key) { if (key === "message") return "[config shop] x"; throw new Error("trap"); } });
  for (const value of [null, undefined, 0, "text", Symbol("s"), 1n, revoked, throwing, { message: 5 }, { message: "[not-a-kind!] x" }]) {
    const revived = reviveError(value);
    assert.ok(revived === value || revived instanceof TikTokShopError, String(typeof value));
  }
  assert.equal(reviveError(throwing).kind, "config");
});

test("token vault: an expiry given as a duration is read once, as the client reads it: no rotation on every caller's refresh", async () => {
  // A gateway that converts access_token_expire_in to seconds left (7200): the client
  // (lib/token-set.js) reads it as two hours from now; so must the object, which used to
  // compare 7200 with the clock's 1.7e9 s and rotate for every caller that asked.
  const state = memoryState();
  let now = NOW_MS;
  const sent = [];
  const vault = new TokenVault(state, async (refreshToken) => {
    sent.push(refreshToken);
    return { access_token: `A${sent.length + 1}`, access_token_expire_in: 7200, refresh_token: `R${sent.length + 1}` };
  }, () => now);
  vault.put({ access_token: "A1", access_token_expire_in: 7200, refresh_token: "R1" });
  assert.equal(vault.get().access_token_expire_in, 1_700_007_200, "stored absolute");
  // Another isolate holds an older token and asks: the stored one is fresh, so it gets that.
  for (let i = 0; i < 5; i++) assert.equal((await vault.refresh({ access_token: "A0" })).access_token, "A1");
  assert.deepEqual(sent, [], "no rotation while the stored token is fresh");
  // Two hours later (less the 5-minute skew) it is due, and one refresh rotates it.
  now += (7200 - 299) * 1000;
  assert.equal((await vault.refresh({ access_token: "A0" })).access_token, "A2");
  assert.deepEqual(sent, ["R1"]);
});

test("token vault: a token set whose tokens hold CR, LF or NUL is refused, never stored", () => {
  const state = memoryState();
  const vault = new TokenVault(state, async () => assert.fail("no refresh"), () => NOW_MS);
  for (const bad of ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b", "a b"]) {
    for (const field of ["access_token", "refresh_token"]) {
      assert.throws(() => vault.put({ ...SET, [field]: bad }), (e) => e instanceof TikTokShopError && e.kind === "config" && e.field === `tokens.${field}`, `${field} ${JSON.stringify(bad)}`);
    }
  }
  assert.equal(state.get("tokens"), null, "nothing stored");
  vault.put(SET);
  assert.equal(vault.get().access_token, "A1");
});
