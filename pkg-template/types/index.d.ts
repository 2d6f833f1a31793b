// Types of tiktok-shop-wasm. Operation parameters and response data are generated from
// TikTok's OpenAPI description into ./generated/operations.d.ts, and the error kinds from
// the core's table into ./generated/error-kinds.d.ts; this file holds the hand-written API.
//
// The package's root exports the client's API only; the generated names (thousands of
// them: every version's parameters, its reply and their parts) are grouped under
// `Operations`, and `OperationParams<"order.getOrderList">` / `OperationData<...>` name an
// operation's own by its name.

/// <reference lib="es2018.asynciterable" />

import type { GroupName, OperationMap, ShopGroups } from "./generated/operations.js";
import type { ErrorKind } from "./generated/error-kinds.js";

/**
 * Every generated declaration: each operation-version's parameters and reply data
 * (`Operations.OrderGetOrderList202309Params`, `Operations.OrderGetOrderList202309Data`),
 * the shapes they are made of, `ShopGroups` and `OperationMap`.
 */
export type * as Operations from "./generated/operations.js";
export type { ErrorKind } from "./generated/error-kinds.js";
export type { GroupName };

/** An operation by its full name: `"order.getOrderList"`. */
export type OperationName = keyof OperationMap;
/** The parameters of an operation's default (newest) version: `OperationParams<"order.getOrderList">`. */
export type OperationParams<N extends OperationName> = OperationMap[N]["params"];
/** The reply `data` of an operation's default (newest) version. */
export type OperationData<N extends OperationName> = OperationMap[N]["data"];
import type { WebhookEvent, WebhookTypeInfo } from "./generated/webhooks.js";
export type * from "./generated/webhooks.js";

export declare const ERROR_KINDS: readonly ErrorKind[];

export declare class TikTokShopError extends Error {
  readonly name: "TikTokShopError";
  readonly kind: ErrorKind;
  /** The API's business code, when the reply carried one. */
  readonly code: number | null;
  readonly requestId: string | null;
  readonly httpStatus: number | null;
  /** The option or parameter at fault (`config` and `invalid_request` errors). */
  readonly field: string | null;
  /** `group.method` of the failed call. */
  readonly operation: string | null;
  /** Seconds to wait, from a `Retry-After` header. */
  readonly retryAfter: number | null;
  /** How many attempts were made before this error surfaced. */
  readonly attempts: number;
  /** The runtime's error behind a `network` failure, with URLs and secrets scrubbed. */
  readonly cause?: unknown;
  toJSON(): Record<string, unknown>;
}

/** Options shared by the client and the token functions. */
export interface BaseOptions {
  /** App Key from the Partner Center. Required. */
  appKey: string;
  /** App Secret from the Partner Center. Required; never logged or shown. */
  appSecret: string;
  /** Business API host. Default `https://open-api.tiktokglobalshop.com`. */
  baseUrl?: string;
  /** Token host. Default `https://auth.tiktok-shops.com`. */
  authBaseUrl?: string;
  /**
   * Forward proxy, `http://[user:password@]host:port` or `https://...`. Node (undici's
   * ProxyAgent) and Deno (`Deno.createHttpClient`); a `config` error in Workers.
   */
  proxy?: string;
  /** Replacement for the host's `fetch` (instrumentation, custom transports). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per-attempt timeout in milliseconds, below 2^31. Default 30 000. */
  timeoutMs?: number;
  /** Replies larger than this are a `too_large` error, not read to the end. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Retries of a failed read (network, timeout, 429, 5xx, undecodable reply). Default 3. */
  retries?: number;
}

/** The token fields a client needs to refresh by itself (a `TokenSet` is one). */
export interface StoredTokens {
  access_token: string;
  access_token_expire_in?: number;
  refresh_token?: string;
  refresh_token_expire_in?: number;
  /**
   * The scopes the access token was granted (TikTok's `granted_scopes`). When given, a
   * call of an operation whose known scopes the token lacks is a `scope` error before
   * anything is sent; when left out, nothing is checked.
   */
  granted_scopes?: string[];
}

/** Where a client keeps its tokens between runs or across isolates. */
export interface TokenStore {
  get(): StoredTokens | null | undefined | Promise<StoredTokens | null | undefined>;
  /** Receives the rotated tokens; awaited before the new access token is used. */
  set(tokens: TokenSet): void | Promise<void>;
  /**
   * Optional: the store refreshes instead of the client (once for every process or
   * isolate: a Durable Object does), given the tokens the client holds now; it then
   * keeps the result itself (`set` is not called).
   */
  refresh?(current: StoredTokens): TokenSet | Promise<TokenSet>;
}

/** One record per attempt, secrets never included. */
export interface LogRecord {
  operation: string | null;
  version: string | null;
  method: string | null;
  /** Path template of the operation version. */
  path: string | null;
  attempt: number;
  outcome: "ok" | "error";
  httpStatus: number | null;
  code: number | null;
  kind: ErrorKind | null;
  message: string | null;
  requestId: string | null;
  durationMs: number;
}

export interface RateLimitOptions {
  /** Default 50: TikTok allows 50 requests per second for each API, per app and shop. */
  requestsPerSecond?: number;
  /** Calls allowed at once before the rate applies. Default 10. */
  burst?: number;
  /** Calls that may wait for a slot; beyond it a call fails at once. Default 10 000. */
  maxQueue?: number;
}

/**
 * A rate limiter: `acquire` resolves when a request for this shop and API may go.
 * `createRateLimiter()` makes the built-in one; tiktok-shop-wasm/cloudflare has one that
 * every isolate of a shop shares.
 */
export interface RateLimiter {
  acquire(request: { shop: string; api: string; signal?: AbortSignal }): void | Promise<void>;
}

export declare function createRateLimiter(options?: RateLimitOptions): RateLimiter;

export interface ClientOptions extends BaseOptions {
  /** Access token of the seller (from `exchangeAuthCode` / `refreshAccessToken`). */
  accessToken?: string;
  /**
   * The access token's `granted_scopes` (from the same token set): a call of an operation
   * whose known scopes the token lacks is then a `scope` error before anything is sent.
   */
  grantedScopes?: string[];
  /** Default `shop_cipher` for shop-scoped operations (from `getAuthorizedShops`). */
  shopCipher?: string;
  /** Lets the client refresh by itself, before expiry and after a 105002 reply. */
  refreshToken?: string;
  /** When the access token expires: Unix seconds (`access_token_expire_in`) or a Date. */
  accessTokenExpiresAt?: number | Date;
  /** Refresh this many seconds before expiry. Default 300. */
  refreshSkewSeconds?: number;
  /** Receives rotated tokens after a refresh; awaited before they are used. */
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
  /** Reads tokens on the first call and stores rotated ones (instead of accessToken/refreshToken). */
  tokenStore?: TokenStore;
  /** Client-side rate limit per app, shop and API (settings, or a limiter), or false to turn it off. */
  rateLimit?: RateLimitOptions | RateLimiter | false;
  /** Receives one record per attempt. A function, or an object with debug/info/log. */
  logger?: ((record: LogRecord) => void) | { debug?(record: LogRecord): void; info?(record: LogRecord): void; log?(record: LogRecord): void };
}

export interface CallOptions {
  /** An older version the operation lists, e.g. `"202309"`. Default: the latest. */
  version?: string;
  /** `shop_cipher` for this call only. */
  shopCipher?: string;
  signal?: AbortSignal;
  /** Per-attempt timeout. Default 30 000 (120 000 for uploads). */
  timeoutMs?: number;
  /** Retries for this call. */
  retries?: number;
  /** Also retry this call if it is a write (it may then run twice). Default false. */
  retryWrites?: boolean;
}

/** The parameters of `.all()` / `.pages()`: the list's own, `page_size` optional, no `page_token`. */
export type ListParams<P> = Omit<P, "page_token" | "page_size"> & { page_size?: number };

/** Auto-pagination helpers on every paginated operation. */
export interface Paginated<P, D, I> {
  /** Every item across pages (follows `next_page_token`; the largest page size unless given). */
  all(params?: ListParams<P>, options?: CallOptions): AsyncIterable<I>;
  /** Whole pages, each with its `next_page_token` (and `total_count` where the API gives one). */
  pages(params?: ListParams<P>, options?: CallOptions): AsyncIterable<D>;
}

/** `shop.request()`: an endpoint the operations table does not describe, signed and sent like the rest. */
export interface RawRequest {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path as TikTok documents it, e.g. `/product/202601/products/search`. */
  path: string;
  /** Query parameters (arrays are comma-joined); `app_key`, `timestamp`, `sign` are added. */
  query?: Record<string, string | number | boolean | bigint | Array<string | number | boolean> | null | undefined>;
  /** The JSON body, signed as sent. */
  body?: Record<string, unknown>;
  /** A shop cipher for this request, or `true` for the client's. */
  shopCipher?: string | boolean;
}

type OpKey<G extends GroupName, O> = `${G}.${O & string}`;
type ParamsOf<K> = K extends keyof OperationMap ? OperationMap[K]["params"] : never;
type DataOf<K> = K extends keyof OperationMap ? OperationMap[K]["data"] : never;

export interface TikTokShop extends ShopGroups {}

/**
 * What a call does, as the client decides it before anything is sent (`shop.plan()`): the
 * same plan every call follows. Frozen.
 */
export interface CallPlan {
  /** `group.method`; null for `shop.request()`. */
  readonly operation: string | null;
  /** The version called: the newest, or the one `options.version` asked for; null for `shop.request()`. */
  readonly version: string | null;
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path template, e.g. `/order/202309/orders/{order_id}/price_detail`. */
  readonly path: string;
  /** Which of the client's hosts: `api` (`baseUrl`), or `auth` (`authBaseUrl`) for the token calls. */
  readonly host: "api" | "auth";
  /** That host's name (and port), e.g. `open-api.tiktokglobalshop.com`. */
  readonly hostname: string;
  /**
   * The `shop_cipher` the request carries: the call's `shop_cipher` parameter, else its
   * `shopCipher` option, else the client's; null when the operation takes none.
   */
  readonly shop: string | null;
  /** The rate-limit bucket the call waits in: TikTok counts per shop (`""`: the app) and API. */
  readonly rateLimit: { readonly shop: string; readonly api: string; readonly key: string };
  /** Safe to retry (a GET, or a POST search that changes nothing). */
  readonly read: boolean;
  /** A multipart upload. */
  readonly upload: boolean;
  /** The per-attempt timeout: the call's `timeoutMs`, else the client's, else 30 000 (uploads 120 000). */
  readonly timeoutMs: number;
  readonly paginated: boolean;
  /** Where a page's items are (`pageItems()`): a field, or a dotted path. */
  readonly items?: string;
  /** The `page_size` `.all()` and `.pages()` ask for unless given. */
  readonly pageSize?: number;
  /** The largest `page_size` the documentation states: a larger one is refused. */
  readonly pageSizeMax?: number;
}

export declare class TikTokShop {
  constructor(options: ClientOptions);
  /** TikTok's business API host, the default of `baseUrl`. */
  static readonly DEFAULT_BASE_URL: string;
  /** TikTok's token host, the default of `authBaseUrl`. */
  static readonly DEFAULT_AUTH_BASE_URL: string;
  /** The per-attempt timeout of a call (ms), unless the client or the call sets one: 30 000. */
  static readonly DEFAULT_TIMEOUT_MS: number;
  /** The per-attempt timeout of an upload (ms), unless the client or the call sets one: 120 000. */
  static readonly DEFAULT_UPLOAD_TIMEOUT_MS: number;
  /**
   * What a call would do, without sending it: version, method, path, host, the shop it goes
   * to and the rate-limit bucket it waits in, read or write, upload or not, the timeout,
   * where a page's items are. Throws what the call would refuse for its version or shop.
   */
  plan<G extends GroupName, O extends keyof ShopGroups[G]>(
    group: G,
    operation: O,
    params?: ParamsOf<OpKey<G, O>> | Record<string, unknown> | null,
    options?: CallOptions,
  ): CallPlan;
  /** Calls any operation by group and method name. */
  call<G extends GroupName, O extends keyof ShopGroups[G]>(
    group: G,
    operation: O,
    params?: ParamsOf<OpKey<G, O>>,
    options?: CallOptions,
  ): Promise<DataOf<OpKey<G, O>>>;
  /** Signs and sends a request the operations table does not describe (only a GET is retried). */
  request<T = Record<string, unknown>>(request: RawRequest, options?: CallOptions): Promise<T>;
  /** Replaces the access token, with its `granted_scopes` when known (checked before each call). */
  setAccessToken(accessToken: string | null, grantedScopes?: string[]): void;
  /** Replaces the token set (e.g. after the seller authorized again). */
  setTokens(tokens: StoredTokens): void;
  /** The configuration without secrets. */
  toJSON(): {
    appKey: string;
    shopCipher: string | null;
    baseUrl: string | null;
    authBaseUrl: string | null;
    proxy: string | null;
    hasAccessToken: boolean;
    /** The access token's granted scopes, or null when not known (nothing is checked). */
    grantedScopes: string[] | null;
    canRefresh: boolean;
  };
}

/** What the token endpoints return, plus `expires_in`. */
export interface TokenSet {
  access_token: string;
  /** Absolute Unix time (seconds) when the access token expires. */
  access_token_expire_in: number;
  refresh_token: string;
  /** Absolute Unix time (seconds) when the refresh token expires. */
  refresh_token_expire_in: number;
  open_id: string;
  seller_name: string;
  seller_base_region: string;
  /** 0 seller, 1 creator, 3 partner. */
  user_type: number;
  granted_scopes: string[];
  /** Seconds left until the access token expires (derived from the clock). */
  expires_in: number;
}

export type AccountKind = "seller" | "creator" | "partner";

/**
 * The page where an account authorizes the app: sellers and partners by `serviceId`,
 * creators by `appKey`; `region: "us"` for US accounts; `authorizeUrl` replaces the page.
 */
export declare function authorizationUrl(
  options:
    | { account?: "seller" | "partner"; serviceId: string; state?: string; region?: "global" | "us"; authorizeUrl?: string }
    | { account: "creator"; appKey: string; state?: string; region?: "global" | "us"; authorizeUrl?: string },
): string;

/**
 * Reads the redirect an account comes back with (a URL, URLSearchParams or the Request):
 * `{ code, state }`, or an `auth` error for a refusal (`error=auth_denied`) or, with
 * `options.state`, a state that does not match.
 */
export declare function parseAuthorizationRedirect(
  input: string | URL | URLSearchParams | Request,
  options?: { state?: string },
): { code: string; state: string | null };

export declare function exchangeAuthCode(options: BaseOptions & { authCode: string }): Promise<TokenSet>;
export declare function refreshAccessToken(options: BaseOptions & { refreshToken: string }): Promise<TokenSet>;

export interface SignRequestOptions {
  appSecret: string;
  /** Path without host or query, e.g. `/order/202309/orders/search`. */
  path: string;
  /** Decoded query parameters (arrays are comma-joined); `sign` and `access_token` are ignored. */
  query?: Record<string, string | number | boolean | Array<string | number> | null | undefined>;
  /** The exact body bytes sent, as text ("" for none and for multipart). */
  body?: string;
}

/** What the client signs, for comparing with a request TikTok rejected (106001). */
export declare function signRequest(options: SignRequestOptions): { sign: string; stringToSign: string };

export interface OperationParam {
  name: string;
  in: "path" | "query" | "body" | "form" | "file";
  required: boolean;
  type: "string" | "integer" | "number" | "boolean" | "array" | "object" | "binary";
}

/** `source` of an operation version in listOperations(). */
export type OperationSource = "tiktok-oas" | "docs-catalog" | "builtin";

/** One version of an operation. */
export interface OperationVersion {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path template, e.g. `/order/202309/orders/{order_id}/price_detail`. */
  path: string;
  /** `auth` for the two token calls (unsigned, on the token host). */
  host: "api" | "auth";
  params: OperationParam[];
  shopCipher: "required" | "optional" | "forbidden";
  /**
   * Where the version's definition comes from: TikTok's OpenAPI description, a catalog
   * derived from TikTok's documentation for what the description lacks, or (the two token
   * calls) the client itself. See the README's "Operations" for what each means for trust.
   */
  source: OperationSource;
  paginated: boolean;
  multipart: boolean;
  /** Safe to retry (GET, or a POST search that changes nothing). */
  read: boolean;
  /** Where a page's items are in `data`: a field, or a dotted path (`performance.intervals`). */
  items?: string;
  /** The largest `page_size` the documentation states (absent when it states none): a larger one is refused before sending. */
  pageSizeMax?: number;
  /** The `page_size` `.all()` and `.pages()` ask for unless given: `pageSizeMax`, else a size that is safe to send. */
  pageSize?: number;
  /** The file parts of an upload. */
  files?: string[];
  /**
   * The scopes TikTok's reference names for this version, any one of which lets a token
   * call it (a token known to hold none is refused before sending); null when no page
   * names them (the call is sent and TikTok judges it).
   */
  scopes: string[] | null;
  /** Where `scopes` comes from: the version's own reference page, or another version's of the same operation. */
  scopesSource: "docs" | "carried" | null;
}

export interface OperationInfo extends Omit<OperationVersion, "path"> {
  group: GroupName;
  operation: string;
  /** Whose access token the operation takes (`any`: the token calls). */
  account: AccountKind | "any";
  /** Every version, newest (the default) first; the fields beside these describe it. */
  versions: string[];
  /** Path template of each version. */
  paths: Record<string, string>;
  /** Each version's own method, path, parameters and flags. */
  byVersion: Record<string, OperationVersion>;
}

/** The catalog: one entry per operation. */
export declare function listOperations(): readonly OperationInfo[];

/**
 * The version a call of an operation uses (`version`, else the newest), as the client
 * chooses it, described as in `listOperations()`; an `invalid_request` error when the
 * operation lists no such version. For tools that need it before there is a client.
 */
export declare function operationVersion(group: string, operation: string, version?: string): Readonly<OperationVersion & { version: string }>;

/** The items of a page, where its plan says they are (`CallPlan`, or a version of `listOperations()`); [] when none. */
export declare function pageItems<I = unknown>(page: unknown, plan: { readonly items?: string }): I[];

/**
 * The names in `candidates` that `name` is probably a typo of: at most 3, closest first, []
 * when none. The rule of every "did you mean" of the package (case, `-` and `_` ignored;
 * within a third of the name's length in edits).
 */
export declare function suggest(name: string, candidates: readonly string[]): string[];

/** A raw webhook body: the exact bytes received. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** Checks a delivery's `Authorization` header against its raw body, in constant time. */
export declare function verifyWebhook(options: { appKey: string; appSecret: string; body: WebhookBody; signature: string }): boolean;
/** Verifies (a `signature` error otherwise) and parses a delivery. */
export declare function parseWebhook(options: { appKey: string; appSecret: string; body: WebhookBody; signature: string }): WebhookEvent;
/** `parseWebhook` for an incoming `Request` (Workers, Deno, undici). */
export declare function parseWebhookRequest(request: Request, options: { appKey: string; appSecret: string }): Promise<WebhookEvent>;

/** A de-duplication store: an atomic `claim`, or `has` + `add`. */
export type DedupeStore =
  | { claim(id: string, ttlSeconds: number): boolean | Promise<boolean> }
  | { has(id: string): boolean | Promise<boolean>; add(id: string, ttlSeconds: number): void | Promise<void> };

/** What `webhookDedupeKey` reads of an event: its notification id, or else the rest. */
export interface DedupeInput {
  type?: number;
  tts_notification_id?: string | number | null;
  shop_id?: string | null;
  seller_open_id?: string | null;
  creator_open_id?: string | null;
  timestamp?: number | null;
  data?: unknown;
}

/**
 * The key a delivery is de-duplicated on (parsed events carry it as `dedupe_key`): its
 * `tts_notification_id`, else `sha256:` and a digest of its type, account id, timestamp and
 * payload (object keys sorted), so a repeat is recognised with or without an id.
 */
export declare function webhookDedupeKey(event: DedupeInput): string;

/** Every webhook type TikTok documents: code, name, and whose id its envelope carries. */
export declare function listWebhookTypes(): readonly WebhookTypeInfo[];

export declare function createWebhookDeduper(options?: { store?: DedupeStore; ttlSeconds?: number }): {
  /** True the first time a delivery's key (`webhookDedupeKey`) is seen, and records it. */
  isNew(event: DedupeInput): Promise<boolean>;
};
/** The default store: in memory, bounded (oldest dropped first). */
export declare function memoryDedupeStore(options?: { maxEntries?: number }): DedupeStore;
