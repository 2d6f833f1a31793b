// Type-checked (never run) by tests/js/types.test.mjs with `tsc --noEmit`: what a user's
// editor sees. Each @ts-expect-error line must fail to compile, or tsc reports it unused.

import {
  exchangeAuthCode,
  listOperations,
  refreshAccessToken,
  signRequest,
  TikTokShop,
  TikTokShopError,
  type ErrorKind,
  type TokenSet,
} from "tiktok-shop-wasm";
import { startSandbox } from "tiktok-shop-wasm/sandbox";

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

  const signed = signRequest({ appSecret: "s", path: "/p", query: { a: 1, ids: ["1", "2"] } });
  const hex: string = signed.sign;
  const text: string = signed.stringToSign;

  for (const op of listOperations()) {
    const where: "path" | "query" | "body" | "form" | "file" | undefined = op.params[0]?.in;
    const paths: string = op.paths[op.versions[0]];
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
  void [seconds, scopes, cipher, next, total, status, statementId, viaCallId, hex, text];
}
