// The examples, run as users run them, against the sandbox: the Node quick start, the Deno
// automation (real `deno`) and the Cloudflare Worker (real `workerd`).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exchangeAuthCode } from "tiktok-shop-wasm";
import { startSandbox } from "../support/sandbox.mjs";
import { startWorker } from "../support/workerd.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const examples = join(root, "js-examples");

function exec(file, args, env) {
  return new Promise((resolve) =>
    execFile(file, args, { cwd: root, env: { ...process.env, NO_COLOR: "1", ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr }),
    ),
  );
}

let sb;
let credentials;
before(async () => {
  sb = await startSandbox();
  credentials = {
    TIKTOK_SHOP_APP_KEY: sb.appKey,
    TIKTOK_SHOP_APP_SECRET: sb.appSecret,
    TIKTOK_SHOP_BASE_URL: sb.url,
    TIKTOK_SHOP_AUTH_BASE_URL: sb.url,
  };
});
after(() => sb.close());

const shopData = () => sb.sandbox.shop.data[0];

describe("node quick start", () => {
  test("prints the shops and a summary of every order", async () => {
    const r = await exec(process.execPath, [join(examples, "node", "quickstart.mjs")], {
      ...credentials,
      TIKTOK_SHOP_AUTH_CODE: sb.sandbox.mintAuthCode(),
    });
    assert.equal(r.code, 0, r.stderr);
    for (const shop of sb.sandbox.shop.shops) assert.match(r.stdout, new RegExp(shop.name));
    const orders = shopData().orders;
    assert.match(r.stdout, new RegExp(`${orders.length} orders in ${Math.ceil(orders.length / 100)} pages`));
    const completed = orders.filter((o) => o.status === "COMPLETED").length;
    assert.match(r.stdout, new RegExp(`COMPLETED\\s+${completed}\\n`));
  });

  test("a spent auth code exits 1 with the error kind and request id", async () => {
    const code = sb.sandbox.mintAuthCode();
    await exchangeAuthCode({ appKey: sb.appKey, appSecret: sb.appSecret, authBaseUrl: sb.url, authCode: code });
    const r = await exec(process.execPath, [join(examples, "node", "quickstart.mjs")], { ...credentials, TIKTOK_SHOP_AUTH_CODE: code });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\(auth, code 36004004\)/);
    assert.match(r.stderr, /request id: \S+/);
  });
});

describe("deno daily orders", () => {
  let dir;
  before(() => (dir = mkdtempSync(join(tmpdir(), "daily-orders-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** The busiest day of the seeded shop, and its orders. */
  function busiestDay() {
    const byDay = new Map();
    for (const o of shopData().orders) {
      const day = new Date(o.create_time * 1000).toISOString().slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), o.id]);
    }
    return [...byDay].sort((a, b) => b[1].length - a[1].length)[0];
  }

  async function run(tokens, day) {
    const tokenFile = join(dir, "tokens.json");
    writeFileSync(tokenFile, JSON.stringify(tokens));
    const out = join(dir, `orders-${day}.ndjson`);
    const r = await exec(join(root, "node_modules", ".bin", "deno"),
      ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", join(examples, "deno", "daily-orders.ts"), "--date", day, "--out", out],
      { ...credentials, TIKTOK_SHOP_TOKEN_FILE: tokenFile, TIKTOK_SHOP_SHOP_CIPHER: sb.sandbox.shop.shops[0].cipher });
    return { ...r, tokenFile, out };
  }

  test("exports the day's orders to NDJSON", async () => {
    const tokens = sb.sandbox.issueTokens();
    const [day, ids] = busiestDay();
    const r = await run(tokens, day);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(r.out, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((o) => o.id).sort(), [...ids].sort());
    assert.match(r.stdout, new RegExp(`${ids.length} orders created on ${day}`));
    assert.doesNotMatch(r.stderr, /refreshed/);
  });

  test("refreshes an expiring token first and saves the rotated refresh token", async () => {
    const tokens = sb.sandbox.issueTokens();
    const [day, ids] = busiestDay();
    const r = await run({ ...tokens, access_token_expire_in: Math.floor(Date.now() / 1000) + 60 }, day);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /access token refreshed/);
    const saved = JSON.parse(readFileSync(r.tokenFile, "utf8"));
    assert.notEqual(saved.refresh_token, tokens.refresh_token);
    assert.notEqual(saved.access_token, tokens.access_token);
    assert.equal(readFileSync(r.out, "utf8").trim().split("\n").length, ids.length);
  });
});

describe("deno daily orders, token expired at the server", () => {
  test("a 105002 reply makes the client refresh, save the rotated tokens and finish the export", async () => {
    const dir = mkdtempSync(join(tmpdir(), "daily-orders-"));
    try {
      const tokens = sb.sandbox.issueTokens();
      sb.sandbox.expireAccessTokens(); // the saved expiry still says 7 days
      const tokenFile = join(dir, "tokens.json");
      writeFileSync(tokenFile, JSON.stringify(tokens));
      const day = new Date(shopData().orders[0].create_time * 1000).toISOString().slice(0, 10);
      const out = join(dir, "out.ndjson");
      const r = await exec(join(root, "node_modules", ".bin", "deno"),
        ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-write", join(examples, "deno", "daily-orders.ts"), "--date", day, "--out", out],
        { ...credentials, TIKTOK_SHOP_TOKEN_FILE: tokenFile, TIKTOK_SHOP_SHOP_CIPHER: sb.sandbox.shop.shops[0].cipher });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /access token refreshed/);
      const saved = JSON.parse(readFileSync(tokenFile, "utf8"));
      assert.notEqual(saved.refresh_token, tokens.refresh_token);
      const expected = shopData().orders.filter((o) => new Date(o.create_time * 1000).toISOString().slice(0, 10) === day).length;
      assert.equal(readFileSync(out, "utf8").trim().split("\n").length, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("cloudflare worker", () => {
  let worker;
  let dir;
  const admin = async (path, body) =>
    (await fetch(`${sb.url}/__sandbox/${path}`, { method: "POST", body: body && JSON.stringify(body) })).json();
  const status = async () => (await fetch(`${worker.url}/status`)).json();

  before(async () => {
    // The Worker as deployed, plus the `/__scheduled` route wrangler's --test-scheduled adds.
    dir = mkdtempSync(join(examples, "cloudflare-worker", ".test-"));
    const main = join(dir, "harness.js");
    writeFileSync(main, `import app from "../src/index.js";
export { ShopState } from "../src/index.js";
export default {
  async fetch(request, env, ctx) {
    if (new URL(request.url).pathname !== "/__scheduled") return app.fetch(request, env, ctx);
    await app.scheduled({ cron: "*/10 * * * *", scheduledTime: Date.now() }, env, ctx);
    return new Response("ran");
  },
};
`);
    worker = await startWorker({
      main,
      bindings: {
        ...credentials,
        TIKTOK_SHOP_SERVICE_ID: sb.sandbox.serviceId ?? "sandbox-service-id",
        TIKTOK_SHOP_AUTHORIZE_URL: `${sb.url}/open/authorize`,
      },
      durableObjects: { SHOP_STATE: "ShopState" },
    });
  });
  after(async () => {
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a deploy without its app secret answers every route with a 500 JSON error naming it, no stack", async () => {
    const bare = await startWorker({
      main: join(dir, "harness.js"),
      bindings: { ...credentials, TIKTOK_SHOP_APP_SECRET: "", TIKTOK_SHOP_SERVICE_ID: "sandbox-service-id" },
      durableObjects: { SHOP_STATE: "ShopState" },
    });
    try {
      for (const path of ["/orders", "/oauth/start", "/status", "/webhooks"]) {
        const r = await fetch(`${bare.url}${path}`, { method: path === "/webhooks" ? "POST" : "GET", redirect: "manual" });
        const text = await r.text();
        assert.equal(r.status, 500, `${path}: ${text}`);
        assert.match(r.headers.get("content-type") ?? "", /application\/json/);
        const body = JSON.parse(text);
        assert.equal(body.error, "config", path);
        assert.match(body.message, /TIKTOK_SHOP_APP_SECRET is not set/);
        assert.doesNotMatch(text, /\bat [\w.<>]+ \(|\.js:\d+/, `${path}: no stack in the reply`);
      }
    } finally {
      await bare.stop();
    }
  });

  test("orders before any authorization is a 409", async () => {
    assert.equal((await fetch(`${worker.url}/orders`)).status, 409);
  });

  test("OAuth: /oauth/start -> the authorization page -> /oauth/callback stores the tokens", async () => {
    const start = await fetch(`${worker.url}/oauth/start`, { redirect: "manual" });
    assert.equal(start.status, 302);
    const page = new URL(start.headers.get("location"));
    assert.equal(page.origin + page.pathname, `${sb.url}/open/authorize`);
    assert.ok(page.searchParams.get("state"));
    const back = await fetch(page, { redirect: "manual" });
    assert.equal(back.status, 302);
    const callback = new URL(back.headers.get("location"));
    assert.equal(callback.pathname, "/oauth/callback");
    const r = await fetch(callback);
    assert.equal(r.status, 200, await r.clone().text());
    const body = await r.json();
    assert.deepEqual(body.shops, sb.sandbox.shop.shops.map((s) => s.name));
    assert.ok(!JSON.stringify(body).includes("token"), "no token in the reply");
    assert.equal((await status()).authorized, true);
    // A replayed callback (state already used) is refused.
    assert.equal((await fetch(callback)).status, 400);
  });

  test("/orders uses the stored token", async () => {
    const list = await (await fetch(`${worker.url}/orders?status=AWAITING_SHIPMENT`)).json();
    const expected = shopData().orders.filter((o) => o.status === "AWAITING_SHIPMENT");
    assert.equal(list.total, expected.length);
    assert.ok(list.orders.length > 0 && list.orders.every((o) => o.status === "AWAITING_SHIPMENT"));
  });

  test("an expired token is refreshed once and the rotated one saved in the Durable Object", async () => {
    const before = sb.sandbox.counts["GET /api/v2/token/refresh"] ?? 0;
    await admin("expire_tokens");
    const r = await fetch(`${worker.url}/orders`);
    assert.equal(r.status, 200, await r.clone().text());
    assert.equal((sb.sandbox.counts["GET /api/v2/token/refresh"] ?? 0) - before, 1);
    // The next request reads the saved token: no second refresh.
    assert.equal((await fetch(`${worker.url}/orders`)).status, 200);
    assert.equal((sb.sandbox.counts["GET /api/v2/token/refresh"] ?? 0) - before, 1);
  });

  test("webhooks: verified, de-duplicated across repeated deliveries, acted on", async () => {
    const sent = await admin("webhooks/send", { url: `${worker.url}/webhooks`, type: 1, repeat: 3 });
    assert.deepEqual(sent.deliveries.map((d) => d.status), [200, 200, 200]);
    assert.deepEqual(sent.deliveries.map((d) => JSON.parse(d.body)), [
      { processed: "ORDER_STATUS_CHANGE" }, { duplicate: true }, { duplicate: true },
    ]);
    const s = await status();
    assert.equal(s.webhooksProcessed, 1);
    assert.equal(s.orderStatuses[sent.event.data.order_id], sent.event.data.order_status);
  });

  test("a webhook with a bad signature is refused with 401", async () => {
    const r = await fetch(`${worker.url}/webhooks`, {
      method: "POST",
      headers: { authorization: "0".repeat(64), "content-type": "application/json" },
      body: JSON.stringify({ type: 1, tts_notification_id: "1", shop_id: "1", timestamp: 1, data: {} }),
    });
    assert.equal(r.status, 401);
    assert.equal((await r.json()).error, "signature");
  });

  test("the scheduled handler syncs every order updated since the last run", async () => {
    assert.equal(await (await fetch(`${worker.url}/__scheduled`)).text(), "ran");
    const s = await status();
    assert.ok(s.lastSync > 0);
    assert.equal(s.orders, shopData().orders.length);
  });

  test("a deauthorization webhook removes the tokens", async () => {
    const sent = await admin("webhooks/send", { url: `${worker.url}/webhooks`, type: 6 });
    assert.equal(sent.deliveries[0].status, 200);
    assert.equal((await status()).authorized, false);
    assert.equal((await fetch(`${worker.url}/orders`)).status, 409);
  });
});
