// The package in a real n8n (2.41.1 on Node 24, tests/support/n8n), installed as a
// community node from its tarball, headless: workflows imported and published with n8n's
// CLI, run by their webhooks against the sandbox over HTTP. N8N_TESTS_KEEP=1 keeps the
// user folder.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { ERROR_KINDS, listOperations, refreshAccessToken } from "tiktok-shop-wasm";
import { startProxy } from "../../tests/support/proxy.mjs";
import { ensureN8n, N8n, workflow } from "./support/n8n.mjs";
import { packedNode } from "./support/packages.mjs";
import { startSandbox } from "../../tests/support/sandbox.mjs";
import { chain, manualTrigger, NODE, post, splitOut, tiktokShop, trigger, webhook } from "./support/workflows.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let sb;
let n8n;
let collector;
const received = []; // what the trigger's workflow forwarded
const fig = {};
const shop = () => sb.sandbox.shop.shops[0];
const orders = () => sb.sandbox.shop.data[0].orders;
const apiLog = () => sb.sandbox.requests.filter((r) => !r.path.startsWith("/__sandbox/"));

const main = { id: "tts-main", name: "TikTok Shop (sandbox)" };
const fresh = { id: "tts-fresh", name: "TikTok Shop (refresh token only)" };
const proxied = { id: "tts-proxied", name: "TikTok Shop (through a proxy)" };
let forwardProxy;
const triggerNode = { node: null };

function credential(ref, tokens, extra = {}) {
  return {
    ...ref,
    type: "tiktokShopApi",
    data: {
      appKey: sb.appKey,
      appSecret: sb.appSecret,
      refreshToken: tokens.refresh_token,
      shopCipher: shop().cipher,
      baseUrl: sb.url,
      authBaseUrl: sb.url,
      proxy: "",
      ...extra,
    },
  };
}

function workflows() {
  const wf = [];
  const add = (id, nodes, connections = chain(nodes)) => wf.push(workflow(id, id, nodes, connections));
  {
    const hook = webhook("Code", "token");
    const exchange = tiktokShop("Exchange", main, "token", "getAccessToken", { auth_code: "={{ $json.body.auth_code }}" });
    const refresh = tiktokShop("Refresh", main, "token", "refreshAccessToken", { refresh_token: "={{ $json.refresh_token }}" });
    add("token", [hook, exchange, refresh]);
  }
  add("orders-all", [webhook("Orders", "orders-all"), tiktokShop("List", main, "order", "getOrderList", { returnAll: true })]);
  add("orders-limit", [
    webhook("Orders", "orders-limit"),
    tiktokShop("List", main, "order", "getOrderList", { returnAll: false, limit: 7, additionalParameters: { order_status: "={{ $json.body.status }}" } }),
  ]);
  add("upload", [
    webhook("Image", "upload", { binaryPropertyName: "photo" }),
    tiktokShop("Upload", main, "product", "uploadProductImage", { data: "photo", additionalParameters: { use_case: "MAIN_IMAGE" } }),
  ]);
  add("expire", [
    webhook("Start", "expire"),
    tiktokShop("Before", main, "seller", "getActiveShops"),
    post("Expire tokens", `${sb.url}/__sandbox/expire_tokens`, "{}"),
    tiktokShop("After", main, "authorization", "getAuthorizedShops"),
  ]);
  add("fresh", [webhook("Start", "fresh"), tiktokShop("Shops", fresh, "authorization", "getAuthorizedShops")]);
  add("per-item", [
    webhook("Items", "per-item"),
    splitOut("Each", "body.ids"),
    tiktokShop("Detail", main, "order", "getOrderDetail", { ids: "={{ $json['body.ids'] }}" }, { onError: "continueRegularOutput" }),
  ]);
  add("proxied", [webhook("Start", "proxied"), tiktokShop("Shops", proxied, "seller", "getActiveShops")]);
  add("bad-input", [
    webhook("Start", "bad-input"),
    splitOut("Each", "body.cases"),
    tiktokShop(
      "Package",
      main,
      "fulfillment",
      "createPackages",
      { additionalParameters: { order_id: "={{ $json.order_id }}", dimension: "={{ $json.dimension }}" } },
      { onError: "continueRegularOutput" },
    ),
  ]);
  add("fails", [webhook("Start", "fails"), tiktokShop("Detail", main, "order", "getPriceDetail", { order_id: "={{ $json.body.id }}" })]);
  add("fails-cli", [manualTrigger("Run"), tiktokShop("Price detail", main, "order", "getPriceDetail", { order_id: "0000" })]);
  {
    const t = trigger("TikTok Shop Trigger", main, { events: [1, 12] });
    triggerNode.node = t;
    add("trigger", [t, post("Forward", `${collector.url}/events`)]);
    const registered = trigger("Registered trigger", main, { events: [1, 12], register: true });
    triggerNode.registered = registered;
    add("trigger-registered", [registered, post("Forward", `${collector.url}/registered`)]);
  }
  return wf;
}

before(
  async () => {
    fig.install = await ensureN8n();
    sb = await startSandbox();
    collector = await startCollector();
    forwardProxy = await startProxy();
    n8n = new N8n({ keep: Boolean(process.env.N8N_TESTS_KEEP) });
    const node = await packedNode(n8n.dir);
    const t0 = Date.now();
    await n8n.install([node]);
    fig.packageInstall = (Date.now() - t0) / 1000;
    await n8n.importCredentials([
      credential(main, sb.sandbox.issueTokens(), {}),
      credential(fresh, sb.sandbox.issueTokens()),
      credential(proxied, sb.sandbox.issueTokens(), { proxy: forwardProxy.url }),
    ]);
    await n8n.importWorkflows(workflows());
    const t1 = Date.now();
    await n8n.start();
    fig.start = (Date.now() - t1) / 1000;
    // Activation (and with it the trigger's registration) finishes shortly after start.
    const registrations = () => sb.sandbox.requests.filter((e) => e.op === "event.updateShopWebhook");
    for (let i = 0; i < 300 && registrations().length < 2; i++) await sleep(100);
    fig.registrations = registrations();
  },
  { timeout: 2_400_000 },
);

after(async () => {
  await n8n?.close();
  await sb?.close();
  await collector?.close();
  await forwardProxy?.close();
  if (fig.install !== undefined) {
    console.log(
      `# n8n 2.41.1 on Node 24: install ${fig.install ? `${fig.install.toFixed(0)} s` : "cached"}, packages into .n8n/nodes ${fig.packageInstall?.toFixed(1)} s, start ${fig.start?.toFixed(1)} s`,
    );
  }
});

function startCollector() {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(JSON.parse(body));
      res.end("{}");
    });
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () =>
      ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    ),
  );
}

describe("the TikTok Shop node in n8n", () => {
  test("the token group exchanges an authorization code, then refreshes (labels the right way round)", async () => {
    const code = sb.sandbox.mintAuthCode();
    const r = await n8n.webhook("token", { auth_code: code });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const [refreshed] = r.body;
    assert.ok(refreshed.access_token && refreshed.refresh_token && refreshed.expires_in > 0);
    const calls = apiLog().map((e) => `${e.method} ${e.path} ${e.code}`);
    assert.ok(calls.includes("GET /api/v2/token/get 0"), calls.join("\n"));
    assert.ok(calls.includes("GET /api/v2/token/refresh 0"), calls.join("\n"));
  });

  test("Return All lists every order of the shop once, through .all()", async () => {
    sb.sandbox.resetLog();
    const r = await n8n.webhook("orders-all", {});
    assert.equal(r.status, 200);
    const ids = r.body.map((o) => o.id);
    assert.equal(ids.length, orders().length);
    assert.equal(new Set(ids).size, ids.length, "no order twice");
    assert.deepEqual(new Set(ids), new Set(orders().map((o) => o.id)));
    const pages = apiLog().filter((e) => e.path === "/order/202309/orders/search");
    assert.equal(pages.length, Math.ceil(orders().length / 100), "pages of 100 (the operation's largest)");
    assert.ok(pages.every((p) => p.status === 200));
  });

  test("Limit stops after that many items, without a page more", async () => {
    sb.sandbox.resetLog();
    const r = await n8n.webhook("orders-limit", { status: "COMPLETED" });
    assert.equal(r.status, 200);
    assert.equal(r.body.length, Math.min(7, orders().filter((o) => o.status === "COMPLETED").length));
    assert.ok(r.body.every((o) => o.status === "COMPLETED"));
    const pages = apiLog().filter((e) => e.path === "/order/202309/orders/search");
    assert.equal(pages.length, 1);
    assert.equal(pages[0].query.page_size, "7");
  });

  test("an upload sends the item's binary property as the file part", async () => {
    sb.sandbox.resetLog();
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ffbf1e0005fe02fea7d6a0000000000049454e44ae426082", "hex");
    const r = await n8n.webhook("upload", undefined, { raw: png, headers: { "content-type": "image/png" } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body[0].uri, JSON.stringify(r.body));
    const [sent] = apiLog().filter((e) => e.path === "/product/202309/images/upload");
    assert.equal(sent.status, 200);
    assert.equal(sent.code, 0);
  });

  test("a token that expires mid-workflow is renewed by n8n and the call succeeds; the rotated refresh token is stored", async () => {
    for (let run = 1; run <= 2; run++) {
      sb.sandbox.resetLog();
      const r = await n8n.webhook("expire", {});
      assert.equal(r.status, 200, `run ${run}: ${JSON.stringify(r.body)}`);
      assert.ok(Array.isArray(r.body[0].shops) && r.body[0].shops.length > 0, `run ${run}`);
      const log = apiLog().map((e) => `${e.method} ${e.path} ${e.code}`);
      // The second run refreshes with the refresh token n8n stored after the first rotation
      // (the sandbox refuses a rotated one), so it proves the rotation was persisted.
      assert.deepEqual(log, [
        "GET /seller/202309/shops 0",
        "GET /authorization/202309/shops 105002",
        "GET /api/v2/token/refresh 0",
        "GET /authorization/202309/shops 0",
      ], `run ${run}`);
    }
  });

  test("a credential with only a refresh token gets its access token on the first call", async () => {
    sb.sandbox.resetLog();
    const r = await n8n.webhook("fresh", {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(apiLog().map((e) => `${e.method} ${e.path} ${e.code}`), ["GET /api/v2/token/refresh 0", "GET /authorization/202309/shops 0"]);
  });

  test("every input item is one call; Continue On Fail outputs the error's kind, code and request id per item", async () => {
    sb.sandbox.resetLog();
    const good = orders().slice(0, 2).map((o) => o.id);
    const r = await n8n.webhook("per-item", { ids: [good[0], "0000", good[1]] });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(apiLog().filter((e) => e.path === "/order/202507/orders").length, 3);
    assert.equal(r.body.length, 3);
    assert.equal(r.body[0].orders[0].id, good[0]);
    assert.equal(r.body[2].orders[0].id, good[1]);
    // The sandbox's answer for the unknown id, as the library classified it.
    const refused = apiLog().filter((e) => e.path === "/order/202507/orders")[1];
    const failed = r.body[1];
    assert.notEqual(refused.code, 0);
    assert.equal(typeof failed.error, "string");
    assert.ok(ERROR_KINDS.includes(failed.kind), failed.kind);
    assert.equal(failed.code, refused.code);
    assert.equal(failed.httpStatus, refused.status);
    assert.match(failed.requestId, /\S/);
    assert.equal(failed.operation, "order.getOrderDetail");
  });

  test("the credential test checks the app and the access token without refreshing", async () => {
    sb.sandbox.resetLog();
    const tokens = sb.sandbox.issueTokens();
    const data = credential(main, tokens, { accessToken: tokens.access_token, accessTokenExpiresAt: tokens.access_token_expire_in }).data;
    const test = (d) => n8n.rest("/credentials/test", { credentials: { id: "", name: "probe", type: "tiktokShopApi", data: d } });
    const ok = await test(data);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(ok.body.data, { status: "OK", message: "Connection successful" });
    const wrongSecret = await test({ ...data, appSecret: "not-the-secret" });
    assert.equal(wrongSecret.body.data.status, "Error");
    assert.match(wrongSecret.body.data.message, /app key and secret were not accepted/);
    const otherShop = await test({ ...data, shopCipher: "not-a-cipher" });
    assert.match(otherShop.body.data.message, /shop cipher is not one of the shops/);
    const calls = apiLog().map((e) => `${e.method} ${e.path}`);
    assert.ok(!calls.includes("GET /api/v2/token/refresh"), "nothing was refreshed");
    assert.ok(calls.includes("GET /api/v2/token/get") && calls.includes("GET /authorization/202309/shops"), calls.join("\n"));
  });

  test("the credential's proxy carries its requests", async () => {
    const r = await n8n.webhook("proxied", {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const host = new URL(sb.url).host;
    const through = forwardProxy.seen.filter((s) => s.url.includes(host));
    assert.ok(through.some((s) => s.url.includes("/api/v2/token/refresh")), JSON.stringify(forwardProxy.seen));
    assert.ok(through.some((s) => s.url.includes("/seller/202309/shops")), JSON.stringify(forwardProxy.seen));
  });

  test("bad input is the item's error, naming the field, and nothing is sent", async () => {
    sb.sandbox.resetLog();
    const r = await n8n.webhook("bad-input", {
      cases: [
        { order_id: "1", dimension: "{not json" },
        { order_id: "1", dimension: "[1, 2]" },
      ],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body[0].error, /`dimension` is not valid JSON/);
    assert.equal(r.body[1].kind, "invalid_request");
    assert.match(r.body[1].error, /dimension/);
    assert.equal(r.body[1].field, "dimension");
    assert.equal(r.body[1].code, null);
    assert.equal(apiLog().filter((e) => e.op === "fulfillment.createPackages").length, 0);
  });

  test("without Continue On Fail, the execution stops at the failing item", async () => {
    const r = await n8n.webhook("fails", { id: "0000" });
    assert.equal(r.status, 500);
    assert.deepEqual(r.body, { message: "Error in workflow" });
  });
});

describe("the TikTok Shop Trigger in n8n", () => {
  const url = () => `${n8n.url}/webhook/${triggerNode.node.webhookId}/webhook`;

  test("with Register on, activating the workflow registers its URL for the selected types with the shop", async () => {
    const address = `${n8n.url}/webhook/${triggerNode.registered.webhookId}/webhook`;
    const sent = fig.registrations.map((e) => JSON.parse(e.bodyText)).sort((a, b) => a.event_type.localeCompare(b.event_type));
    assert.deepEqual(sent, [
      { address, event_type: "ORDER_STATUS_CHANGE" },
      { address, event_type: "RETURN_STATUS_CHANGE" },
    ]);
    assert.ok(fig.registrations.every((e) => e.code === 0 && e.method === "PUT"));
  });

  const waitFor = async (check) => {
    for (let i = 0; i < 100 && !check(); i++) await sleep(100);
    return check();
  };

  test("a signed delivery starts the workflow with the parsed event; a repeat does not", async () => {
    const result = await sb.sandbox.sendWebhook(url(), { type: 1, repeat: 2 });
    const statuses = result.deliveries.map((d) => d.status);
    assert.deepEqual(statuses, [200, 200]);
    assert.ok(await waitFor(() => received.length >= 1));
    await sleep(1000);
    assert.equal(received.length, 1, "the repeat started nothing");
    assert.equal(received[0].type, 1);
    assert.equal(received[0].type_name, "ORDER_STATUS_CHANGE");
    assert.equal(received[0].shop_id, shop().id);
    assert.equal(received[0].tts_notification_id, result.event?.tts_notification_id ?? received[0].tts_notification_id);
    assert.ok(received[0].data.order_id);
    assert.match(String(result.deliveries[1].body), /repeat/);
  });

  test("a forged delivery is refused with 401 and starts nothing", async () => {
    const before = received.length;
    const { body } = await sb.sandbox.webhook({ type: 1 });
    const response = await fetch(url(), { method: "POST", headers: { "content-type": "application/json", authorization: "0".repeat(64) }, body });
    assert.equal(response.status, 401);
    const unsigned = await fetch(url(), { method: "POST", headers: { "content-type": "application/json" }, body });
    assert.equal(unsigned.status, 401);
    await sleep(1000);
    assert.equal(received.length, before);
  });

  test("types outside the filter are answered and ignored", async () => {
    const before = received.length;
    const ignored = await sb.sandbox.sendWebhook(url(), { type: 4 });
    assert.equal(ignored.status, 200);
    assert.match(String(ignored.body), /not selected/);
    await sb.sandbox.sendWebhook(url(), { type: 12 });
    assert.ok(await waitFor(() => received.length === before + 1));
    assert.equal(received.at(-1).type_name, "RETURN_STATUS_CHANGE");
  });
});

describe("what n8n stored", () => {
  test("the credential holds the rotated refresh token, and it is the live one", async () => {
    await n8n.stop();
    const stored = await n8n.exportCredentials();
    const data = stored.find((c) => c.id === main.id).data;
    assert.ok(data.accessToken && data.accessTokenExpiresAt > Date.now() / 1000);
    const again = await refreshAccessToken({ appKey: sb.appKey, appSecret: sb.appSecret, authBaseUrl: sb.url, refreshToken: data.refreshToken });
    assert.ok(again.access_token);
    const log = n8n.output;
    assert.ok(!log.includes(data.refreshToken) && !log.includes(sb.appSecret), "no secret in n8n's output");
  });

  test("`n8n execute` runs a workflow headless; a failure carries the library's message, kind, code and request id", async () => {
    const r = await n8n.cli(["execute", "--id=fails-cli", "--rawOutput"]).catch((error) => ({ stdout: error.message }));
    const out = r.stdout;
    assert.match(out, /kind: (not_found|invalid_request)/);
    assert.match(out, /code: \d+/);
    assert.match(out, /request id: \S+/);
    const [refused] = apiLog().filter((e) => e.path.endsWith("/price_detail")).slice(-1);
    assert.ok(out.includes(`code: ${refused.code}`), out);
  });

  test("n8n lists every operation of the library's table in the node", async () => {
    const file = join(n8n.dir, "nodes.json");
    await n8n.cli(["export:nodes", `--output=${file}`]);
    const types = JSON.parse(readFileSync(file, "utf8"));
    const described = types.find((t) => t.name === NODE);
    const ops = described.properties.filter((p) => p.name === "operation");
    // n8n adds its own "Custom API Call" entry to each group (the credential's authenticate).
    const listed = new Set(ops.flatMap((p) => p.options.filter((o) => o.value !== "__CUSTOM_API_CALL__").map((o) => `${p.displayOptions.show.group[0]}.${o.value}`)));
    const table = listOperations().map((o) => `${o.group}.${o.operation}`);
    assert.deepEqual([...listed].sort(), [...table].sort());
    const versions = described.properties.filter((p) => p.name === "apiVersion");
    assert.equal(versions.reduce((n, p) => n + p.options.length, 0), listOperations().reduce((n, o) => n + o.versions.length, 0));
  });
});
