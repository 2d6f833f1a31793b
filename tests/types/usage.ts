// Type-checked (never run) by tests/js/types.test.mjs with `tsc --noEmit`: what a user's
// editor sees. Each @ts-expect-error line must fail to compile, or tsc reports it unused.

import {
  authorizationUrl,
  createWebhookDeduper,
  exchangeAuthCode,
  parseWebhook,
  listOperations,
  listWebhookTypes,
  webhookDedupeKey,
  type WebhookEvent,
  type WebhookTypeInfo,
  type WebhookTypeName,
  refreshAccessToken,
  signRequest,
  TikTokShop,
  TikTokShopError,
  type ErrorKind,
  type TokenSet,
} from "tiktok-shop-wasm";
import { startSandbox } from "tiktok-shop-wasm-sandbox";

export async function usage(): Promise<void> {
  const sandbox = await startSandbox({ seed: 2 });
  const base = { appKey: sandbox.appKey, appSecret: sandbox.appSecret, baseUrl: sandbox.url, authBaseUrl: sandbox.url };

  const tokens: TokenSet = await exchangeAuthCode({ ...base, authCode: sandbox.sandbox.mintAuthCode() });
  const seconds: number = tokens.expires_in;
  const again = await refreshAccessToken({ ...base, refreshToken: tokens.refresh_token });
  const scopes: string[] = again.granted_scopes;

  const shop = new TikTokShop({ ...base, accessToken: tokens.access_token });
  const { shops } = await shop.authorization.getAuthorizedShops();
  const cipher: string | undefined = shops?.[0]?.cipher;

  // Params and the fields of the reply autocomplete.
  const page = await shop.order.getOrderList({ page_size: 20, order_status: "AWAITING_SHIPMENT" });
  const id: string | undefined = page.orders?.[0]?.id;
  const next: string | undefined = page.next_page_token;
  const total: number | undefined = page.total_count;
  const detail = await shop.order.getOrderDetail({ ids: [id ?? ""] });
  const status: string | undefined = detail.orders?.[0]?.status;
  // An older version, selected per call.
  await shop.order.getOrderDetail({ ids: ["1"] }, { version: "202309" });
  // Versions and operations from the docs catalog are typed the same way: the newest is
  // the default (202602 here), TikTok's description's 202309 with { version }.
  const returns = await shop.returnRefund.searchReturns({ page_size: "10", return_status: ["AWAITING_BUYER_SHIP"] });
  const returnId: string | undefined = returns.return_orders?.[0]?.return_id;
  const quick: boolean | undefined = returns.return_orders?.[0]?.is_quick_refund;
  await shop.returnRefund.searchReturns({ page_size: "10" }, { version: "202309" });
  const upload = await shop.open.uploadFileInit({ file_name: "a.pdf", file_type: "PDF", file_size: 3, total_chunk_count: 1, target_path: "x" });
  const uploadKeys: string[] = Object.keys(upload);
  // @ts-expect-error file_size is a number
  await shop.open.uploadFileInit({ file_name: "a.pdf", file_type: "PDF", file_size: "3", total_chunk_count: 1, target_path: "x" });
  // @ts-expect-error 202602 takes no such parameter
  await shop.returnRefund.searchReturns({ pageSize: "10" });
  const statements = await shop.finance.getStatements({ sort_field: "statement_time", page_size: 10 });
  const statementId: string | undefined = statements.statements?.[0]?.id;

  // The generic entry is typed too.
  const viaCall = await shop.call("order", "getOrderList", { page_size: 5 });
  const viaCallId: string | undefined = viaCall.orders?.[0]?.id;

  // @ts-expect-error page_size is required
  await shop.order.getOrderList({});
  // @ts-expect-error not a parameter of getOrderList
  await shop.order.getOrderList({ page_size: 1, pageSize: 1 });
  // @ts-expect-error page_size is a number
  await shop.order.getOrderList({ page_size: "20" });
  // @ts-expect-error no such version
  await shop.order.getOrderDetail({ ids: ["1"] }, { version: "202001" });
  // @ts-expect-error no such operation
  await shop.order.getOrders({});
  // @ts-expect-error no such group
  shop.orders;
  // @ts-expect-error appSecret is required
  new TikTokShop({ appKey: "k" });

  // Pagination: items and pages are typed.
  for await (const order of shop.order.getOrderList.all({ page_size: 100, order_status: "COMPLETED" })) {
    const orderId: string | undefined = order.id;
    void orderId;
  }
  for await (const p of shop.order.getOrderList.pages({ page_size: 10 })) {
    const count: number | undefined = p.total_count;
    void count;
  }
  // @ts-expect-error getOrderDetail is not paginated
  shop.order.getOrderDetail.all;

  // A self-refreshing client.
  const refreshing = new TikTokShop({
    ...base,
    tokenStore: { get: async () => tokens, set: async (t) => void t.refresh_token },
    rateLimit: { requestsPerSecond: 20 },
    retries: 5,
    logger: (record) => void record.requestId,
    onTokens: (t) => void t.expires_in,
  });
  await refreshing.seller.getActiveShops(undefined, { retries: 0, timeoutMs: 5000, retryWrites: false });
  // @ts-expect-error rateLimit is an object or false
  new TikTokShop({ ...base, rateLimit: true });

  const url: string = authorizationUrl({ serviceId: "1", state: "s", region: "us" });
  const event = parseWebhook({ appKey: "k", appSecret: "s", body: "{}", signature: "x" });
  const typeName: string | null = event.type_name;
  const dedupe = createWebhookDeduper({ store: { claim: async () => true } });
  const fresh: boolean = await dedupe.isNew(event);
  // The union narrows on the type's name: each type's data and account id are typed.
  if (event.type_name === "SIZE_CHART_CHANGE") {
    const seller: string = event.seller_open_id;
    const template: string | undefined = event.data?.size_chart_template_id;
    const code: 19 = event.type;
    // @ts-expect-error a seller's type names no shop
    const shop: string = event.shop_id;
  }
  if (event.type_name === "ORDER_STATUS_CHANGE") {
    const shopId: string = event.shop_id;
    const status: string | undefined = event.data?.order_status;
    // @ts-expect-error not a field of ORDER_STATUS_CHANGE
    event.data?.size_chart_template_id;
  }
  if (event.type_name === "CREATOR_DEAUTHORIZATION") {
    const creator: string = event.creator_open_id;
  }
  if (event.type_name === null) {
    // An unknown type: every raw field is there to read.
    const extra: unknown = event["region"];
    const account: null = event.account;
  }
  const key: string = event.dedupe_key;
  const same: string = webhookDedupeKey({ type: 3, shop_id: "1", timestamp: 1, data: {} });
  const types: readonly WebhookTypeInfo[] = listWebhookTypes();
  const name: WebhookTypeName = types[0].name;
  // @ts-expect-error not a webhook type name
  const wrong: WebhookTypeName = "ORDER_STATUS_CHANGED";
  const byType: WebhookEvent["type"] = 999;

  const signed = signRequest({ appSecret: "s", path: "/p", query: { a: 1, ids: ["1", "2"] } });
  const hex: string = signed.sign;
  const text: string = signed.stringToSign;

  for (const op of listOperations()) {
    const where: "path" | "query" | "body" | "form" | "file" | undefined = op.params[0]?.in;
    const paths: string = op.paths[op.versions[0]];
    const source: "tiktok-oas" | "docs-catalog" | "builtin" = op.byVersion[op.versions[0]].source;
    // @ts-expect-error no such source
    const unknown: typeof op.source = "swagger";
  }

  try {
    await shop.seller.getActiveShops();
  } catch (error) {
    if (error instanceof TikTokShopError) {
      const kind: ErrorKind = error.kind;
      const code: number | null = error.code;
      const requestId: string | null = error.requestId;
    }
  }
  await sandbox.close();
  void [url, typeName, fresh];
  void [seconds, scopes, cipher, next, total, status, statementId, viaCallId, hex, text, returnId, quick, uploadKeys];
}
