// The seed node, n8n-nodes-tiktokshop 1.0.1 (pinned in tests/support/n8n), against this
// package's node, both inside the same real n8n, on the same 28 API calls of the seed: the
// user's data the same (ids, payloads, codes), every other field left at each node's
// default. The seed calls TikTok's hosts only (it has no base URL setting): its Proxy field
// points at a proxy that ends the TLS of those hosts and hands every request unchanged to
// the sandbox, which says what it refuses and why. Ours calls the sandbox directly.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { listOperations } from "tiktok-shop-wasm";
import { ensureN8n, N8n, tools, workflow } from "./support/n8n.mjs";
import { packedNode } from "./support/packages.mjs";
import { startSandbox } from "../../tests/support/sandbox.mjs";
import { startTlsProxy } from "./support/tls-proxy.mjs";
import { fanOut, tiktokShop, webhook } from "./support/workflows.mjs";
import { randomUUID } from "node:crypto";

const HOSTS = ["open-api.tiktokglobalshop.com", "auth.tiktok-shops.com"];
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8ffbf1e0005fe02fea7d6a0000000000049454e44ae426082", "hex");

let sb;
let n8n;
let proxy;
const credential = { id: "tts-ours", name: "TikTok Shop (sandbox)" };

/**
 * The seed's 28 API calls: its group and operation with the user's data in its fields, and
 * the same call through this package's node (the project README's table "Coming from the
 * n8n TikTok Shop node"), with what our fields require.
 */
function calls(d, q) {
  const order = d.orders[0];
  const awaiting = d.orders.find((o) => o.status === "AWAITING_SHIPMENT");
  const pkg = d.packages[0];
  const product = {
    title: "Sandbox mug", description: "<p>A mug</p>", category_id: "600001", main_images: [{ uri: "tos-sandbox-image" }],
    skus: [{ price: { amount: "10", currency: "USD" }, inventory: [{ warehouse_id: d.warehouses[0].id, quantity: 5 }] }],
  };
  const reference = { id: order.id, external_order: { id: "EXT-1", platform: "SHOPIFY", line_items: [{ id: "L1", origin_id: order.line_items[0].id }] } };
  return [
    ["token", "accessToken", { refreshToken: q("refresh_token") }, "token", "refreshAccessToken", { refresh_token: q("refresh_token") }],
    ["token", "refreshToken", { authCode: q("code") }, "token", "getAccessToken", { auth_code: q("code") }],
    ["seller", "getActiveShops", {}, "seller", "getActiveShops", {}],
    ["seller", "getSellerPermissions", {}, "seller", "getSellerPermissions", {}],
    ["product", "searchProducts", {}, "product", "searchProducts", { returnAll: false, limit: 20 }],
    ["product", "createProduct", { productPayload: JSON.stringify(product) }, "product", "createProduct", { additionalParameters: Object.fromEntries(Object.entries(product).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])) }],
    ["product", "uploadProductImage", {}, "product", "uploadProductImage", { data: "data" }],
    ["product", "deleteProducts", { productIds: d.products[1].id }, "product", "deleteProducts", { additionalParameters: { product_ids: d.products[1].id } }],
    ["product", "getProductDetail", { productId: d.products[0].id }, "product", "getProduct", { product_id: d.products[0].id }],
    ["orders", "getOrderList", {}, "order", "getOrderList", { returnAll: false, limit: 20 }],
    ["orders", "getPriceDetail", { orderId: order.id }, "order", "getPriceDetail", { order_id: order.id }],
    ["orders", "addExternalOrderReferences", { references: JSON.stringify([reference]) }, "order", "addExternalOrderReferences", { additionalParameters: { orders: JSON.stringify([reference]) } }],
    ["orders", "getExternalOrderReferences", { orderId: order.id }, "order", "getExternalOrderReferences", { order_id: order.id, platform: "SHOPIFY" }],
    ["orders", "searchOrderByExternalReference", { platform: "SHOPIFY", externalOrderId: "EXT-1" }, "order", "searchOrderByExternalOrderReference", { platform: "SHOPIFY", external_order_id: "EXT-1" }],
    ["orders", "getOrderDetail", { orderIds: order.id }, "order", "getOrderDetail", { ids: order.id }],
    ["finances", "getStatements", {}, "finance", "getStatements", { sort_field: "statement_time", returnAll: false, limit: 20 }],
    ["finances", "getPayments", {}, "finance", "getPayments", { sort_field: "create_time", returnAll: false, limit: 20 }],
    ["finances", "getWithdrawals", {}, "finance", "getWithdrawals", { types: "WITHDRAW,SETTLE,TRANSFER,REVERSE", returnAll: false, limit: 20 }],
    ["finances", "getStatementTransactionsByOrder", { orderId: order.id }, "finance", "getTransactionsByOrder", { order_id: order.id }],
    ["finances", "getStatementTransactionsByStatement", { statementId: d.statements[0].id }, "finance", "getTransactionsByStatement", { statement_id: d.statements[0].id, sort_field: "order_create_time", returnAll: false, limit: 20 }],
    ["finances", "getUnsettledTransactions", {}, "finance", "getUnsettledTransactions", { sort_field: "order_create_time", returnAll: false, limit: 20 }],
    ["logistics", "listWarehouses", {}, "logistics", "getWarehouseList", {}],
    ["logistics", "listGlobalWarehouses", {}, "logistics", "getGlobalSellerWarehouse", {}],
    ["logistics", "listWarehouseDeliveryOptions", { warehouseId: d.warehouses[0].id }, "logistics", "getWarehouseDeliveryOptions", { warehouse_id: d.warehouses[0].id }],
    ["logistics", "listShippingProviders", { deliveryOptionId: pkg.delivery_option_id }, "logistics", "getShippingProviders", { delivery_option_id: pkg.delivery_option_id }],
    ["fulfillments", "createPackages", { packagePayload: JSON.stringify({ order_id: awaiting.id }) }, "fulfillment", "createPackages", { additionalParameters: { order_id: awaiting.id } }],
    ["fulfillments", "shipPackage", { packageId: pkg.id, shipmentPayload: JSON.stringify({ handover_method: "PICKUP" }) }, "fulfillment", "shipPackage", { package_id: pkg.id, additionalParameters: { handover_method: "PICKUP" } }],
    ["fulfillments", "getPackageShippingDocument", { packageId: pkg.id }, "fulfillment", "getPackageShippingDocument", { package_id: pkg.id, document_type: "SHIPPING_LABEL" }],
  ].map(([seedGroup, seedOperation, seedParams, group, operation, params]) => ({ seedGroup, seedOperation, seedParams, group, operation, params }));
}

const q = (name) => `={{ $json.query.${name} }}`;
let list;

function seedNode(call, i, tokens) {
  return {
    id: randomUUID(),
    name: `Seed ${i + 1} ${call.seedGroup} ${call.seedOperation}`,
    type: "n8n-nodes-tiktokshop.tiktokShop",
    typeVersion: 1,
    position: [400, i * 120],
    onError: "continueRegularOutput",
    parameters: {
      group: call.seedGroup,
      operation: call.seedOperation,
      appKey: sb.appKey,
      appSecret: sb.appSecret,
      proxy: proxy.url,
      accessToken: tokens.access_token,
      shopCipher: sb.sandbox.shop.shops[0].cipher,
      ...call.seedParams,
    },
  };
}

before(
  async () => {
    await ensureN8n();
    sb = await startSandbox();
    n8n = new N8n({ keep: Boolean(process.env.N8N_TESTS_KEEP) });
    proxy = await startTlsProxy({ target: sb.url, hosts: HOSTS, dir: n8n.dir });
    const node = await packedNode(n8n.dir);
    await n8n.install([node], [join(tools, "node_modules", "n8n-nodes-tiktokshop")]);
    const tokens = sb.sandbox.issueTokens();
    await n8n.importCredentials([
      {
        ...credential,
        type: "tiktokShopApi",
        data: {
          appKey: sb.appKey, appSecret: sb.appSecret, accessToken: tokens.access_token, accessTokenExpiresAt: tokens.access_token_expire_in,
          refreshToken: tokens.refresh_token, shopCipher: sb.sandbox.shop.shops[0].cipher, baseUrl: sb.url, authBaseUrl: sb.url,
        },
      },
    ]);
    list = calls(sb.sandbox.shop.data[0], q);
    const seedHook = webhook("Seed calls", "seed", { binaryPropertyName: "data" });
    const seedNodes = list.map((c, i) => seedNode(c, i, tokens));
    const oursHook = webhook("Our calls", "ours", { binaryPropertyName: "data" });
    const ourNodes = list.map((c, i) => ({
      ...tiktokShop(`Ours ${i + 1} ${c.group} ${c.operation}`, credential, c.group, c.operation, c.params, { onError: "continueRegularOutput" }),
      position: [400, i * 120],
    }));
    await n8n.importWorkflows([
      workflow("seed-calls", "seed calls", [seedHook, ...seedNodes], fanOut(seedHook, seedNodes)),
      workflow("our-calls", "our calls", [oursHook, ...ourNodes], fanOut(oursHook, ourNodes)),
    ]);
    await n8n.start({ env: { NODE_EXTRA_CA_CERTS: proxy.caFile } });
  },
  { timeout: 2_400_000 },
);

after(async () => {
  await n8n?.close();
  await proxy?.close();
  await sb?.close();
});

/** Runs one side's 28 calls; what the sandbox answered to each, by the table's operation. */
async function runSide(path) {
  sb.sandbox.resetLog();
  const grant = sb.sandbox.issueTokens();
  const query = new URLSearchParams({ code: sb.sandbox.mintAuthCode(), refresh_token: grant.refresh_token });
  const r = await n8n.webhook(`${path}?${query}`, undefined, { raw: PNG, headers: { "content-type": "image/png" } });
  assert.equal(r.status, 200, JSON.stringify(r.body).slice(0, 500));
  const byOp = new Map();
  for (const e of sb.sandbox.requests.filter((e) => !e.path.startsWith("/__sandbox/"))) {
    if (!byOp.has(e.op)) byOp.set(e.op, []);
    byOp.get(e.op).push(e);
  }
  return byOp;
}

test("the seed's 28 calls: what the sandbox refuses, and the same calls through this node, all accepted", async () => {
  const seed = await runSide("seed");
  const said = (e) => proxy.replies.find((r) => r.method === e.method && r.path === e.path)?.message ?? "";
  assert.deepEqual([...new Set(proxy.tunnels)].sort(), [...HOSTS].sort(), "the seed called TikTok's two hosts, through its proxy");
  const ours = await runSide("ours");
  const rows = [];
  let seedRefused = 0;
  for (const c of list) {
    const op = `${c.group}.${c.operation}`;
    assert.ok(listOperations().some((o) => `${o.group}.${o.operation}` === op), `${op} is in the table`);
    const s = seed.get(op) ?? [];
    const o = ours.get(op) ?? [];
    const sLast = s.at(-1);
    const refused = !sLast || sLast.code !== 0;
    if (refused) seedRefused += 1;
    rows.push(
      `# ${c.seedGroup}/${c.seedOperation} -> ${op}: seed ${sLast ? `${sLast.method} ${sLast.path} ${sLast.code}${refused ? ` "${said(sLast)}"` : ""}` : "sent nothing"}; ours ${o.map((e) => e.code).join(",")}`,
    );
    assert.equal(o.length >= 1, true, `${op}: our node sent it`);
    assert.ok(o.every((e) => e.code === 0), `${op}: ours accepted (${o.map((e) => `${e.code}`).join(",")})`);
  }
  console.log(rows.join("\n"));
  console.log(`# the seed: ${seedRefused} of ${list.length} calls refused by the sandbox; this node: 0 of ${list.length}`);
  assert.equal(list.length, 28);
  // The seed sends `{}` as the body of these three searches without signing it.
  const unsigned = list.filter((c) => seed.get(`${c.group}.${c.operation}`)?.at(-1)?.code === 106001).map((c) => c.seedOperation);
  assert.deepEqual(unsigned, ["searchProducts", "getOrderList", "searchOrderByExternalReference"]);
  assert.ok(seedRefused > unsigned.length);
});
