// Many shops on Cloudflare: the example app (js-examples/cloudflare-shops) under wrangler
// (Miniflare on workerd: real Durable Objects, Queues and D1, persisted on disk) against
// the sandbox over HTTP on 127.0.0.1, with 200 shops of 300 orders each. The sandbox
// enforces 50 requests per second per API per app + shop and fails 10% of the requests;
// webhooks arrive twice and out of order; wrangler and workerd are killed halfway (the
// sandbox holds back the rest of the order pages until then) and started again on the same
// state; every access token expires while the run goes on. The run's figures (wall
// time against the rate limit's lower bound, requests per order) are test diagnostics.
// CLOUDFLARE_SHOPS_KEEP=1 keeps the project, its state and wrangler.log in the temp dir.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../support/sandbox.mjs";
import { ensureWrangler, LocalApp, lostByDevProxy, pinnedWrangler, sandboxVars } from "../support/cloudflare/local-app.mjs";
import { gateRoute } from "../support/cloudflare/route-gate.mjs";
import { followTokens } from "../support/cloudflare/token-ledger.mjs";

const SHOPS = 200;
const ORDERS_PER_SHOP = 300;
const TOTAL = SHOPS * ORDERS_PER_SHOP;
const LATE_SHOP = SHOPS; // one more shop, whose seller authorizes after the run
const RATE = 50; // TikTok's requests per second for each API, per app + shop
const ORDER_SEARCH = "/order/202309/orders/search"; // order.getOrderList: the sync's pages
// The error kinds a call may still end with after its retries when the network fails.
const TRANSIENT = ["network", "timeout", "rate_limit", "server", "decode"];
// One seller with two shops (one token set for both); every other seller has one shop.
const TWO_SHOP_SELLER = [SHOPS - 2, SHOPS - 1];
// 10% of requests fail. Not "truncated": a refresh whose reply is cut after the sandbox
// rotated the refresh token loses the grant for good (only the seller can authorize
// again), whoever the client is.
const FAULTS = {
  seed: 20261130,
  rateLimit: { requestsPerSecond: RATE },
  failureRate: 0.1,
  kinds: { server: 1, rateLimit: 1, nonJson: 1, drop: 1, gatewayTimeout: 1, slow: 1 },
  slowMs: 1000,
};
const root = fileURLToPath(new URL("../..", import.meta.url));
const APP_SECRET = `cf-shops-${randomBytes(12).toString("hex")}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => (ms / 1000).toFixed(1);

/** Polls `check` until it returns a truthy value, or fails after `timeoutMs` with `what()`. */
async function until(check, { timeoutMs, every = 250, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${await what()}`);
    await sleep(every);
  }
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

let sb;
let ledger;
let app;
let dir;
const cipherShop = new Map(); // shop cipher -> sandbox index
const authorizedCodes = new Set(); // the auth codes whose callback succeeded
const fig = {};

const shopOf = (i) => sb.sandbox.shop.shops[i];
const ordersOf = (i) => sb.sandbox.shop.data[i].orders;
const status = async () => (await app.request("/status")).body;
/** The sandbox's log of API calls (not its admin routes), between two Date.now() instants. */
const apiRequests = (from = 0, to = Infinity) =>
  sb.sandbox.requests.filter((r) => r.time >= from && r.time <= to && !r.path.startsWith("/__sandbox/") && r.path !== "/open/authorize");

before(
  async () => {
    await ensureWrangler();
    sb = await startSandbox({ shops: SHOPS + 1, ordersPerShop: ORDERS_PER_SHOP, appSecret: APP_SECRET, faults: FAULTS, logLimit: 500_000 });
    ledger = followTokens(sb.sandbox);
    for (let i = 0; i <= SHOPS; i++) cipherShop.set(shopOf(i).cipher, i);
    dir = mkdtempSync(join(tmpdir(), "cloudflare-shops-"));
    app = new LocalApp(dir, {
      ...sandboxVars(sb, APP_SECRET),
      // Onboarding 200 shops at once: their first sync is the scheduled run's, measured below.
      SYNC_ON_AUTHORIZE: "false",
    });
    await app.initDatabase();
    await app.start();
  },
  { timeout: 300_000 },
);

after(async () => {
  await app?.stop();
  await sb?.close();
  if (dir && process.env.CLOUDFLARE_SHOPS_KEEP) writeFileSync(join(dir, "wrangler.log"), app?.output ?? "");
  else if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One seller's visit: /oauth/start, TikTok's page (a code for these shops), /oauth/callback. */
async function visit(shops, { state } = {}) {
  const start = await app.request("/oauth/start");
  assert.equal(start.status, 302);
  const page = new URL(start.headers.get("location"));
  assert.equal(`${page.origin}${page.pathname}`, `${sb.url}/open/authorize`);
  assert.equal(page.searchParams.get("service_id"), sb.sandbox.serviceId);
  const callback = new URL(page.searchParams.get("redirect_uri"));
  // The sandbox's page grants every shop; a seller here grants only theirs.
  const code = sb.sandbox.mintAuthCode({ shops });
  ledger.grantFor(code, shops);
  callback.searchParams.set("code", code);
  callback.searchParams.set("state", state ?? page.searchParams.get("state"));
  const r = await app.request(`${callback.pathname}${callback.search}`);
  if (r.status === 200) authorizedCodes.add(code);
  return { ...r, state: page.searchParams.get("state") };
}

/** A seller authorizes; one whose callback failed (a lookup failed through every retry) tries again. */
async function authorize(shops) {
  for (let attempt = 1; ; attempt++) {
    const r = await visit(shops);
    if (r.status === 200) return r;
    fig.authorizationRetries = (fig.authorizationRetries ?? 0) + 1;
    if (attempt === 3) assert.fail(`authorization of shops ${shops} failed 3 times: ${r.status} ${r.text}`);
  }
}

describe("many shops on Cloudflare: Durable Objects, Queues and D1 under wrangler", { timeout: 600_000 }, () => {
  test("the example pins the wrangler release the tests run (the last for Node 20)", () => {
    const { tools, app: pinned } = pinnedWrangler();
    assert.equal(pinned, tools);
    assert.match(pinned, /^\d+\.\d+\.\d+$/);
  });

  test("the types of tiktok-shop-wasm/cloudflare compile against a typed usage file", { timeout: 120_000 }, async () => {
    const tsc = join(root, "node_modules", ".bin", "tsc");
    const r = await new Promise((resolve) =>
      execFile(tsc, ["-p", join(root, "tests", "support", "cloudflare", "types", "tsconfig.json")], { cwd: root }, (error, stdout, stderr) =>
        resolve({ code: error ? error.code : 0, out: stdout + stderr }),
      ),
    );
    assert.equal(r.code, 0, r.out);
  });

  test("199 sellers authorize 200 shops: state checked once, tokens to each shop's object", { timeout: 120_000 }, async () => {
    const started = performance.now();
    // A state works once: the first seller's callback is replayed, and one is forged.
    const first = await authorize([0]);
    assert.equal((await visit([0], { state: first.state })).status, 400);
    assert.equal((await visit([0], { state: "forged" })).status, 400);

    const sellers = [...Array.from({ length: SHOPS - 3 }, (_, i) => [i + 1]), TWO_SHOP_SELLER];
    const results = [first, ...(await pool(sellers, 16, authorize))];
    fig.authorization = performance.now() - started;
    for (const [k, shops] of [[0], ...sellers].entries()) {
      assert.deepEqual(
        results[k].body.shops.map((s) => s.id),
        shops.map((i) => shopOf(i).id),
      );
    }
    assert.deepEqual(await status(), { shops: { active: SHOPS }, orders: 0, syncedSince: 0 });
  });

  test(
    "the sync: 50 rps per API per shop, 10% faults, webhooks mid-run, a crash halfway, tokens expiring mid-run",
    { timeout: 300_000 },
    async (t) => {
      const pages = TOTAL / 100;
      const served = () => sb.sandbox.counts[`POST ${ORDER_SEARCH}`] ?? 0;
      const cron = async () => assert.equal((await app.request("/__scheduled?cron=*/15+*+*+*+*")).status, 200);

      // Phase 1: the scheduled run queues every shop. The sandbox lets half of the requests
      // the sync needs for its order pages through, then holds every later one (a gate
      // ahead of its pipeline), so the run stops halfway however fast or loaded the machine
      // is. When a fifth went through, orders change and their webhooks arrive; once they
      // were answered and D1 holds orders, wrangler and workerd are killed, order page
      // requests waiting at the gate. (Progress is read from the sandbox, in this process.)
      const gate = gateRoute(sb.sandbox, { method: "POST", path: ORDER_SEARCH, admit: pages / 2 });
      fig.syncFrom = Date.now();
      const started = performance.now();
      await cron();
      const progress = () => `${gate.admitted} of ${pages} order page requests through, ${gate.held} held`;
      await until(() => gate.admitted >= pages * 0.2, { timeoutMs: 180_000, every: 10, what: progress });
      const webhooks = midRunWebhooks();
      await until(() => gate.admitted >= pages / 2, { timeoutMs: 180_000, every: 10, what: progress });
      const halted = performance.now();
      const mid = await webhooks;
      assert.equal(mid.recognised, mid.repeats, "every repeated delivery was recognised");
      assert.deepEqual(mid.misread, [], "no first delivery was taken for a repeat");
      await until(async () => (await status()).orders > 0, { timeoutMs: 60_000, what: async () => `orders in D1 (${JSON.stringify(await status())})` });
      const killed = performance.now();
      const heldAtKill = gate.held;
      await app.kill();
      gate.open();

      // Phase 2: a new process on the same state directory. Miniflare keeps queue messages
      // in memory (Queues keep them), so the next scheduled run queues every shop again.
      // From now on a new seller's shops sync at once (the last test).
      app.setVars({ SYNC_ON_AUTHORIZE: "true" });
      await app.start();
      const restarted = performance.now();
      const { orders: atCrash } = await status(); // what D1 held at the crash
      assert.ok(atCrash > 0 && atCrash < TOTAL, `killed during the sync (${atCrash} of ${TOTAL} orders in D1; ${progress()})`);
      const since = Math.floor(Date.now() / 1000);
      const before = served();
      await cron();
      // Every access token expires once the restarted run is under way: each shop's next
      // call answers 105002 and its object refreshes the seller's tokens (rotating the
      // refresh token), with 200 shops syncing at once and faults on the token endpoint.
      // (Not before the crash: a crash between TikTok rotating a refresh token and the
      // object storing the new one loses that grant whoever the client is.)
      await until(() => served() >= before + 10, { timeoutMs: 60_000, every: 10, what: () => "the restarted run's first pages" });
      sb.sandbox.expireAccessTokens();
      // Meanwhile clients in the Worker (not in the objects) call for some shops, 8 at once
      // each: their refreshes meet the objects' own in the objects, which refresh once.
      const liveShops = [5, 66, 133, TWO_SHOP_SELLER[0], TWO_SHOP_SELLER[1]];
      const live = await pool(
        liveShops.flatMap((i) => Array(8).fill(i)),
        40,
        async (i) => ({ shop: i, ...(await app.request(`/shops/${shopOf(i).id}/live-orders`)) }),
      );
      // Each call has 4 attempts, and 10% of requests fail: now and then a call meets a
      // failure on every attempt and answers 502 with a transient kind, as it would in
      // production. Never anything else (a token or refresh error).
      const unlucky = live.filter((r) => r.status === 502 && TRANSIENT.includes(r.body?.error));
      assert.deepEqual(live.filter((r) => r.status !== 200 && !unlucky.includes(r)).map((r) => `${r.status} ${r.text}`), []);
      assert.deepEqual(liveShops.filter((i) => !live.some((r) => r.shop === i && r.status === 200)), [], "every shop answered live");
      await until(
        async () => {
          const s = await status();
          return s.orders === TOTAL && s.syncedSince === SHOPS;
        },
        { timeoutMs: 180_000, what: async () => `every shop synced after the restart (${JSON.stringify(await status())})` },
      );
      const done = performance.now();
      fig.syncTo = Date.now();
      fig.midRunWebhooks = mid;
      fig.running = halted - started + (done - restarted);
      t.diagnostic(
        `sync of ${SHOPS} shops x ${ORDERS_PER_SHOP} orders: ${seconds(fig.running)} s running ` +
          `(${seconds(done - started)} s wall with the crash; ${seconds(killed - halted)} s halted at the gate, ` +
          `${seconds(restarted - killed)} s to restart, ` +
          `${seconds(done - restarted)} s to finish after it); killed with ${atCrash} orders in D1 and ${heldAtKill} order page ` +
          `requests held, ${mid.redelivered} webhook deliveries sent again after the dev proxy lost them; ` +
          `${unlucky.length} of ${live.length} live calls failed on every attempt`,
      );
    },
  );

  test("D1 holds every order exactly once, in the sandbox's latest state", { timeout: 120_000 }, async () => {
    const wrong = [];
    await pool([...Array(SHOPS).keys()], 8, async (i) => {
      const r = await app.request(`/shops/${shopOf(i).id}/orders?limit=1000`);
      assert.equal(r.status, 200);
      const rows = r.body.orders;
      const ids = rows.map((o) => o.id);
      assert.equal(new Set(ids).size, ids.length, `shop ${i}: an order twice`);
      const expected = new Map(ordersOf(i).map((o) => [o.id, o]));
      assert.equal(rows.length, expected.size, `shop ${i}: ${rows.length} orders in D1, ${expected.size} in the sandbox`);
      for (const row of rows) {
        const o = expected.get(row.id);
        if (!o) wrong.push(`shop ${i}: unknown order ${row.id}`);
        else if (o.status !== row.status || o.update_time !== row.update_time) {
          wrong.push(`shop ${i}: ${row.id} is ${row.status}@${row.update_time}, latest ${o.status}@${o.update_time}`);
        }
      }
    });
    assert.deepEqual(wrong, []);
    assert.ok(fig.midRunWebhooks.updated > 0, "orders changed during the run");
  });

  test("webhooks after the sync, some twice and out of order, leave each order in its latest state", { timeout: 120_000 }, async (t) => {
    const from = Date.now();
    const late = await sendWebhooks({ shops: [3, 57, 111, 150, 199], perShop: 8, offset: 3 });
    assert.equal(late.recognised, late.repeats, "every repeated delivery was recognised");
    assert.deepEqual(late.misread, [], "no first delivery was taken for a repeat");
    await until(() => inLatestState(late.byShop), { timeoutMs: 60_000, what: () => "the webhooks' orders in their latest state in D1" });
    // Each changed order was fetched once at most: a stale delivery fetches nothing.
    const details = apiRequests(from).filter((r) => r.path.startsWith("/order/") && r.method === "GET" && r.code === 0);
    const fetched = details.flatMap((r) => String(r.query.ids).split(","));
    assert.equal(new Set(fetched).size, fetched.length, "an order fetched twice");
    t.diagnostic(
      `${late.deliveries} late webhook deliveries (${late.repeats} repeats, ${late.reordered} out of order) for ` +
        `${late.updated} changed orders: ${details.length} detail requests for ${fetched.length} orders`,
    );
  });

  test("tokens: refreshed exactly once per grant whose token expired mid-run, by the shop's object", (t) => {
    const sellers = ledger.grants.filter((g) => authorizedCodes.has(g.code));
    assert.equal(sellers.length, SHOPS - 1, "one grant per seller (the two-shop seller has one)");
    // A grant's token expired when one of its shops was told so (105002).
    const told = new Set(apiRequests().filter((r) => r.code === 105002).map((r) => cipherShop.get(r.shopCipher)));
    const expired = sellers.filter((g) => g.shops.some((i) => told.has(i)));
    assert.ok(expired.length >= SHOPS / 2, `most grants' tokens expired mid-run (${expired.length})`);
    assert.deepEqual(
      sellers.map((g) => (g.refreshes === (expired.includes(g) ? 1 : 0) ? null : `shops ${g.shops}: ${g.refreshes} refreshes`)).filter(Boolean),
      [],
    );
    // Grants whose callback failed never reached an object: never refreshed.
    assert.deepEqual(ledger.grants.filter((g) => !authorizedCodes.has(g.code) && g.refreshes > 0), []);
    // The sandbox's own log agrees: one successful refresh per expired grant; every other
    // refresh request met an injected fault before the sandbox acted on it.
    const refreshes = apiRequests().filter((r) => r.path === "/api/v2/token/refresh");
    assert.equal(refreshes.filter((r) => r.code === 0).length, expired.length);
    assert.deepEqual(refreshes.filter((r) => r.code !== 0 && r.fault === null).map((r) => r.code), []);
    const twoShops = sellers.find((g) => g.shops.length === 2);
    t.diagnostic(
      `${expired.length} of ${sellers.length} grants' tokens expired mid-run: ${expired.length} refreshes performed ` +
        `(${refreshes.length} refresh requests, the rest refused by injected faults); the two-shop seller's grant: ${twoShops.refreshes}`,
    );
  });

  test("rate: the sandbox refused no request for exceeding 50 per second per API per shop", (t) => {
    const stats = sb.sandbox.faultStats;
    assert.equal(stats.rateLimited, 0);
    assert.ok(stats.faults.drop > 0 && stats.faults.server > 0 && stats.faults.rateLimit > 0, "faults were injected");

    // The lower bound the rate limit sets on the sync: for each app + shop + API, the
    // requests beyond the bucket's 50 go at 50 per second.
    const requests = apiRequests(fig.syncFrom, fig.syncTo);
    const perBucket = new Map();
    for (const r of requests) {
      const key = `${r.shopCipher ?? "app"} ${r.method} ${r.path}`;
      perBucket.set(key, (perBucket.get(key) ?? 0) + 1);
    }
    const bound = (n) => Math.max(0, (n - RATE) / RATE);
    const [busiest, most] = [...perBucket].sort((a, b) => b[1] - a[1])[0];
    const shopMost = Math.max(...[...perBucket].filter(([k]) => !k.startsWith("app ")).map(([, n]) => n));
    const synced = TOTAL + fig.midRunWebhooks.updated;
    const count = (f) => requests.filter(f).length;
    t.diagnostic(
      `lower bound from the rate limit: ${bound(most).toFixed(1)} s (busiest bucket: ${busiest}, ${most} requests); ` +
        `a shop's busiest API: ${shopMost} requests, ${bound(shopMost).toFixed(1)} s. Measured: ${seconds(fig.running)} s running ` +
        `(${Math.round(synced / (fig.running / 1000))} orders/s)`,
    );
    t.diagnostic(
      `requests during the sync: ${requests.length} for ${synced} order states = ${(requests.length / synced).toFixed(4)} per order: ` +
        `${count((r) => r.path === ORDER_SEARCH && r.fault === null && r.code === 0)} order pages, ` +
        `${count((r) => r.path.startsWith("/order/") && r.method === "GET")} detail requests, ` +
        `${count((r) => r.path === "/api/v2/token/refresh")} refresh requests, ${count((r) => r.code === 105002)} answered 105002, ` +
        `${count((r) => r.fault !== null)} met an injected fault (${JSON.stringify(stats.faults)})`,
    );
    t.diagnostic(
      `authorization: ${seconds(fig.authorization)} s for ${SHOPS - 1} sellers, ${apiRequests(0, fig.syncFrom).length} requests, ` +
        `${fig.authorizationRetries ?? 0} sellers tried twice`,
    );
  });

  test("a seller who authorizes now has their shop synced at once, without a scheduled run", { timeout: 60_000 }, async () => {
    const r = await authorize([LATE_SHOP]);
    assert.deepEqual(r.body.shops.map((s) => s.id), [shopOf(LATE_SHOP).id]);
    await until(
      async () => {
        const s = await app.request(`/shops/${shopOf(LATE_SHOP).id}/orders?limit=1000`);
        return s.body.orders.length === ordersOf(LATE_SHOP).length;
      },
      { timeoutMs: 45_000, what: () => "the new shop's orders in D1" },
    );
    // A client in the Worker itself (not in the object): tokens and budget from the object.
    const live = await app.request(`/shops/${shopOf(LATE_SHOP).id}/live-orders?status=COMPLETED`);
    assert.equal(live.status, 200);
    assert.equal(live.body.total, ordersOf(LATE_SHOP).filter((o) => o.status === "COMPLETED").length);
  });

  test("no secret in wrangler's output, the Worker's replies or D1; the tokens are in the shops' objects", async () => {
    // The files are read once nothing writes them: a running object may remove its
    // SQLite -wal and -shm files (moving their pages into the database) between the
    // listing and the read.
    await app.stop();
    const secrets = ledger.secrets;
    assert.ok(secrets.size > 2 * SHOPS, `tokens collected (${secrets.size})`);
    const TOKEN = /ROW_[A-Za-z0-9_-]{20,}/g;
    const leaks = (text, where) => {
      const found = [];
      if (text.includes(APP_SECRET)) found.push(`${where}: the app secret`);
      for (const m of text.matchAll(TOKEN)) if (secrets.has(m[0])) found.push(`${where}: a token or auth code`);
      return found;
    };
    const files = (d) => readdirSync(d, { recursive: true }).map((f) => join(d, f)).filter((f) => statSync(f).isFile());
    const d1 = files(join(app.persist, "v3", "d1"));
    const objects = files(join(app.persist, "v3", "do"));
    assert.ok(d1.some((f) => f.endsWith(".sqlite")) && objects.some((f) => f.endsWith(".sqlite")));
    const found = [
      ...leaks(app.output, "wrangler output"),
      ...app.replies.flatMap((r) => leaks(r, "a Worker reply")),
      ...d1.flatMap((f) => leaks(readFileSync(f, "latin1"), `D1 ${f.split("/").pop()}`)),
    ];
    assert.deepEqual([...new Set(found)], []);
    // The same scan finds the tokens where they belong: the objects' storage.
    const stored = objects.flatMap((f) => [...readFileSync(f, "latin1").matchAll(TOKEN)].map((m) => m[0])).filter((x) => secrets.has(x));
    assert.ok(stored.length >= SHOPS - 1, `tokens in the shops' objects (${stored.length})`);
  });
});

/** Whether D1 has each order of `byShop` (shop index -> order ids) in the sandbox's state. */
async function inLatestState(byShop) {
  for (const [i, ids] of byShop) {
    const r = await app.request(`/shops/${shopOf(i).id}/orders?limit=1000`);
    const rows = new Map(r.body.orders.map((o) => [o.id, o]));
    for (const id of ids) {
      const o = sb.sandbox.shop.data[i].byId.order.get(id);
      if (rows.get(id)?.status !== o.status || rows.get(id)?.update_time !== o.update_time) return false;
    }
  }
  return true;
}

/** Orders of some shops change while the sync runs, and their webhooks arrive (below). */
function midRunWebhooks() {
  return sendWebhooks({ shops: [0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 198], perShop: 6, offset: 0 });
}

/**
 * Changes `perShop` orders of each shop (every other one twice) and posts the signed
 * deliveries to /webhooks, each order's in sequence, 8 orders at a time. An order changed
 * twice gets the newer delivery first, then the older one twice; of the others, every
 * third gets its delivery twice.
 */
async function sendWebhooks({ shops, perShop, offset }) {
  const statuses = ["AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED"];
  const sequences = [];
  const byShop = new Map();
  let updated = 0;
  let repeats = 0;
  let reordered = 0;
  for (const i of shops) {
    const orders = ordersOf(i);
    const step = Math.floor(orders.length / perShop);
    const picked = Array.from({ length: perShop }, (_, k) => orders[k * step + offset]);
    byShop.set(i, picked.map((o) => o.id));
    for (const [k, o] of picked.entries()) {
      const first = await sb.sandbox.updateOrder(i, o.id, { status: statuses[k % statuses.length] });
      updated += 1;
      if (k % 2 === 0) {
        const second = await sb.sandbox.updateOrder(i, o.id, { status: statuses[(k + 2) % statuses.length] });
        sequences.push([second.delivery, first.delivery, first.delivery]);
        repeats += 1;
        reordered += 1;
      } else if (k % 3 === 1) {
        sequences.push([first.delivery, first.delivery]);
        repeats += 1;
      } else {
        sequences.push([first.delivery]);
      }
    }
  }
  let recognised = 0; // repeats answered as such
  let redelivered = 0;
  const misread = []; // first deliveries answered as repeats
  await pool(sequences, 8, async (sequence) => {
    for (const [k, d] of sequence.entries()) {
      const { body, attempts } = await deliver(d);
      redelivered += attempts - 1;
      if (sequence.indexOf(d) < k) recognised += body.duplicate ? 1 : 0;
      // A first delivery is news to the Worker, unless an attempt the dev proxy lost reached it.
      else if (body.duplicate && attempts === 1) misread.push(d.event.tts_notification_id);
    }
  });
  const deliveries = sequences.reduce((n, q) => n + q.length, 0);
  return { deliveries, updated, repeats, reordered, recognised, misread, redelivered, byShop };
}

/**
 * POSTs one delivery to /webhooks until the Worker answers it. TikTok delivers a webhook
 * again when it was not answered 200; here that happens only when wrangler's dev proxy
 * lost the request on its way to the Worker (lostByDevProxy: a deployed Worker sees none
 * of these), at most twice. Anything else than 200 from the Worker fails the test.
 */
async function deliver(d) {
  for (let attempts = 1; ; attempts++) {
    const r = await app.request("/webhooks", { method: "POST", headers: d.headers, body: d.body });
    if (attempts < 3 && lostByDevProxy(r)) continue;
    assert.equal(r.status, 200, r.text);
    return { body: r.body, attempts };
  }
}
