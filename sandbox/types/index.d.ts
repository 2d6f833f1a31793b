// Types of tiktok-shop-wasm-sandbox: the offline TikTok Shop for tests.

/**
 * A token set as the sandbox's token endpoints answer it (TikTok's `data` of a token reply).
 * The client's `TokenSet` (tiktok-shop-wasm) is this plus `expires_in`, which the client adds.
 */
export interface SandboxTokenSet {
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
  user_type: 0 | 1 | 3;
  granted_scopes: string[];
}

export interface SandboxOptions {
  /** Default "sandbox-app-key". */
  appKey?: string;
  /** Default "sandbox-app-secret". */
  appSecret?: string;
  /** The app's service id, which the seller and partner authorization pages take. Default "sandbox-service-id". */
  serviceId?: string;
  /** The app's registered redirect URL, used when an authorization page gets no `redirect_uri`. */
  redirectUri?: string;
  /** Seed of the generated shop data (deterministic). Default 1. */
  seed?: number | string;
  /** Clock in milliseconds. Default Date.now. */
  now?: () => number;
  /** Access token lifetime in seconds. Default 7 days. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 365 days. */
  refreshTokenTtl?: number;
  /** Number of shops (1..1000). Default 2. Shops 1 and 2 keep the default sandbox's identity. */
  shops?: number;
  /** Orders of shop 1 (1..100000). Default `ordersPerShop`, else 250. */
  orders?: number;
  /** Orders of every other shop (1..100000), and of shop 1 when `orders` is not given. Default 80. */
  ordersPerShop?: number;
  /**
   * Operation versions that answer 36009014, as "METHOD /path/template". Default: the two
   * finance transaction operations of version 202309 (see `DEFAULT_RETIRED_VERSIONS`).
   */
  retiredVersions?: string[];
  /** The fault plan to start with (see `setFaults`). */
  faults?: FaultPlan;
  /** Most request-log entries kept (oldest dropped first). Default 20000; 0 keeps none. */
  logLimit?: number;
}

/** The kinds of account: a seller (user_type 0), a creator (1), a partner such as an agency (3). */
export type AccountKind = "seller" | "creator" | "partner";

/** What a user grants: for `mintAuthCode`, `issueTokens` and their admin routes. */
export interface GrantOptions {
  /** Default "seller". */
  account?: AccountKind;
  /** Sellers only: shop indexes, ids or ciphers. Default every shop (creators and partners: none). */
  shops?: Array<number | string>;
  /**
   * Scopes as TikTok names them ("seller.order.info"), or group names standing for every
   * scope of that group's operations ("order"). Default every scope of the kind.
   */
  scopes?: string[];
}

/** The faults drawn at random by `failureRate`, by the `kinds` weights. */
export type FaultKind = "server" | "rateLimit" | "slow" | "truncated" | "nonJson" | "drop" | "gatewayTimeout";

/** Faults aimed at routes, tried before the others. */
export type TargetedFaultKind = "tokenHostError" | "redirect" | "hang" | "gzipBomb";

/** Where and how often a targeted fault applies. */
export interface TargetedFault {
  /** Probability (0..1) for each matching request. Default 1. */
  rate?: number;
  /**
   * "METHOD /path" or "/path" patterns ("*" matches anything), matched against the path
   * and the operation's path template. Default: every request.
   */
  routes?: string[] | null;
}

/**
 * Rate limits and injected failures. They apply to business calls once
 * authenticated (after the signature, token and shop_cipher checks) and to
 * token calls (after app_key/app_secret), never to `/__sandbox/` routes or the
 * authorization pages.
 */
export interface FaultPlan {
  /**
   * A token bucket per app_key + shop_cipher (or "-") + API (METHOD and path template),
   * as TikTok counts; `per: "shop"`: one bucket per app_key + shop for every API.
   * Over the limit: HTTP 429, code 36009002, `Retry-After` = seconds until a request
   * fits, rounded up (at least 1).
   */
  rateLimit?: { requestsPerSecond: number; burst?: number; per?: "api" | "shop" } | null;
  /** Probability (0..1) that an authenticated request gets a fault instead of its answer. Default 0. */
  failureRate?: number;
  /**
   * Weights of the fault kinds. Default `{ server: 1, rateLimit: 1, slow: 1,
   * truncated: 1, nonJson: 1, drop: 1, gatewayTimeout: 0 }`; a given table
   * replaces it (kinds left out weigh 0).
   * - server: HTTP 500 (JSON, code 36009999) or 502/503 (HTML)
   * - rateLimit: HTTP 429, code 36009002, Retry-After
   * - slow: the normal answer after `slowMs` (the operation runs)
   * - truncated: HTTP 200, the answer's JSON cut in half (the operation runs)
   * - nonJson: HTTP 200 or 502 with an HTML page
   * - drop: the connection closes without a reply
   * - gatewayTimeout: HTTP 200, code 36009007
   * Faults other than slow and truncated do not run the operation.
   */
  kinds?: Partial<Record<FaultKind, number>>;
  /** Delay of a `slow` fault in ms. Default 2000. */
  slowMs?: number;
  /** Seed of the faults' own PRNG (the same seed and requests replay the same faults). Default random. */
  seed?: number | string;
  /** Unix seconds (sandbox clock) from which every access token issued before then answers 105002. */
  expireTokensAt?: number | null;
  /** Lifetime in seconds of access tokens issued while the plan is set (overrides `accessTokenTtl`). */
  accessTokenTtl?: number | null;
  /** Answer with a redirect (default 302) to `location` (default: the same path and query on another host). */
  redirect?: true | (TargetedFault & { status?: 301 | 302 | 303 | 307 | 308; location?: string | null }) | null;
  /** Accept the request and never answer (until the client gives up). Token calls too. */
  hang?: true | TargetedFault | null;
  /** HTTP 200, `content-encoding: gzip`, a small body inflating to at least `size` bytes (default 1 GiB). */
  gzipBomb?: true | (TargetedFault & { size?: number }) | null;
  /** Token calls only: HTTP `status` (default 503; 500 is JSON, 502/503/504 an HTML page). */
  tokenHostError?: true | (TargetedFault & { status?: 500 | 502 | 503 | 504 }) | null;
}

/** A targeted fault with its defaults filled in. */
export interface NormalizedTargetedFault {
  rate: number;
  routes: string[] | null;
}

/** A plan with its defaults filled in, as `sandbox.faults` and `GET /__sandbox/faults` show it. */
export interface NormalizedFaultPlan {
  rateLimit: { requestsPerSecond: number; burst: number; per: "api" | "shop" } | null;
  failureRate: number;
  kinds: Record<FaultKind, number>;
  slowMs: number;
  seed: number | string;
  expireTokensAt: number | null;
  accessTokenTtl: number | null;
  redirect: (NormalizedTargetedFault & { status: 301 | 302 | 303 | 307 | 308; location: string | null }) | null;
  hang: NormalizedTargetedFault | null;
  gzipBomb: (NormalizedTargetedFault & { size: number }) | null;
  tokenHostError: (NormalizedTargetedFault & { status: 500 | 502 | 503 | 504 }) | null;
}

export interface FaultStats {
  /** Authenticated requests the plan has seen. */
  requests: number;
  /** Answered 429 by the rate limiter (not counting `rateLimit` faults). */
  rateLimited: number;
  /** Injected random faults by kind. */
  faults: Record<FaultKind, number>;
  /** Targeted faults by kind. */
  targeted: Record<TargetedFaultKind, number>;
}

/** Every documented webhook type by code: 1 ORDER_STATUS_CHANGE, 3 RECIPIENT_ADDRESS_UPDATE, ... */
export declare const WEBHOOK_TYPES: Readonly<Record<number, string>>;

/**
 * The JSON a webhook delivery carries: the id of the account its type names (`shop_id`,
 * `seller_open_id` or `creator_open_id`), and a notification id unless TikTok documents the
 * type without one (3).
 */
export interface WebhookEvent {
  type: number;
  tts_notification_id?: string;
  shop_id?: string;
  seller_open_id?: string;
  creator_open_id?: string;
  /** Unix seconds. */
  timestamp: number;
  data: Record<string, unknown>;
}

/** A signed webhook delivery, ready to POST. */
export interface WebhookDelivery {
  /** The exact body text (what was signed). */
  body: string;
  headers: { "content-type": "application/json"; authorization: string };
  event: WebhookEvent;
}

export interface WebhookOptions {
  /** A type number or name. Default 1 (ORDER_STATUS_CHANGE). */
  type?: number | string;
  /** Shop index, id or cipher. Default the first shop. */
  shop?: number | string;
  /**
   * Fields of `data`, over the defaults built from the shop (e.g. `order_id`
   * picks that order, with its real status).
   */
  data?: Record<string, unknown>;
  /** Default: a fresh 19-digit id (none for a type TikTok documents without one); null sends none. */
  notificationId?: string | null;
  /** The creator a creator's type (17, 20, 55, 59) names. Default the sandbox's creator. */
  creatorOpenId?: string;
  /** Unix seconds. Default the sandbox clock. */
  timestamp?: number;
}

export interface SendWebhookOptions extends WebhookOptions {
  /** Send this prepared delivery instead of building one. */
  delivery?: WebhookDelivery;
  /** How many times to POST the same delivery (TikTok repeats deliveries). Default 1. */
  repeat?: number;
  /** The fetch to use. Default globalThis.fetch. */
  fetch?: typeof fetch;
  /** How long each delivery waits for the app's answer, in ms. Default 10 000. */
  timeoutMs?: number;
}

export interface SendWebhookResult {
  /** Status and body text of the last reply. */
  status: number;
  body: string;
  delivery: WebhookDelivery;
  deliveries: Array<{ status: number; body: string }>;
}

/** One request the sandbox received (the access token is never recorded). */
export interface SandboxRequest {
  method: string;
  path: string;
  /** The query, without access_token; app_secret and refresh_token values are "[redacted]". */
  query: Record<string, string>;
  /** `group.method` when the path matched an operation. */
  op: string | null;
  version: string | null;
  shopCipher: string | null;
  signatureValid: boolean | null;
  bodyText: string | null;
  form: Record<string, string | { size: number; type: string; name: string }> | null;
  /** null for a dropped connection or a hang. */
  status: number | null;
  /** The envelope code, null when the reply had none (HTML, redirect, dropped). */
  code: number | null;
  requestId: string;
  /** The fault the plan injected into this request, if any. */
  fault: FaultKind | TargetedFaultKind | null;
  /** Sandbox clock, ms. */
  time: number;
}

/** One shop of the seeded seller. */
export interface SandboxShop {
  id: string;
  name: string;
  region: string;
  seller_type: string;
  cipher: string;
  code: string;
}

/** `sandbox.shop.summary()` and `GET /__sandbox/shop`. */
export interface ShopSummary {
  seed: number | string;
  base_time: number;
  open_id: string;
  seller_name: string;
  shops: Array<SandboxShop & { currency: string; counts: Record<string, number>; order_statuses: Record<string, number> }>;
  categories: number;
  brands: number;
  /** The planted reconciliation mismatch of shop 1 (null when it has no statement). */
  mismatch: {
    shop_id: string;
    shop_cipher: string;
    statement_id: string;
    statement_time: number;
    transactions_sum: string;
    reported_settlement_amount: string;
  } | null;
}

/** What `updateOrder` resolves to. */
export interface OrderUpdate {
  order: { shop_id: string; order_id: string; status: string; update_time: number };
  /** The signed ORDER_STATUS_CHANGE webhook of the change. */
  delivery: WebhookDelivery;
  /** When `webhookUrl` was given: the receiver's reply. */
  sent?: { status: number; body: string };
}

/** Beside a Request: the bytes of a body it cannot carry (a GET's). */
export interface RequestExtras {
  body?: Uint8Array | ArrayBuffer;
}

export interface Sandbox {
  appKey: string;
  appSecret: string;
  /** The service id the seller and partner authorization pages take. */
  serviceId: string;
  seed: number | string;
  /** The whole server as a fetch function (a `drop` fault rejects with a TypeError, as fetch does). */
  fetch(request: Request, extras?: RequestExtras): Promise<Response>;
  /** For server adapters: a `drop` fault is a Response for which `isDropResponse` is true. */
  handle(request: Request, extras?: RequestExtras): Promise<Response>;
  /** The seeded seller (shops, orders, products, statements...); a shop's data is built on first use. */
  shop: {
    shops: SandboxShop[];
    summary(): ShopSummary;
    readonly mismatch: ShopSummary["mismatch"];
    /** How many shops' data has been built so far. */
    readonly builtShops: number;
    [key: string]: unknown;
  };
  /** The newest `logLimit` requests, oldest first. */
  requests: SandboxRequest[];
  readonly logLimit: number;
  /** Requests received per `METHOD /path`. */
  counts: Record<string, number>;
  resetLog(): void;
  /** Replaces the fault plan (`{}` or null clears it); also `POST /__sandbox/faults`. */
  setFaults(plan: FaultPlan | null): NormalizedFaultPlan;
  /** The active plan; also `GET /__sandbox/faults`. */
  readonly faults: NormalizedFaultPlan;
  readonly faultStats: FaultStats;
  /** Builds a signed webhook delivery for a seeded shop. */
  webhook(options?: WebhookOptions): Promise<WebhookDelivery>;
  /** POSTs a signed delivery to `url` (`repeat` times); rejects if the URL cannot be reached. */
  sendWebhook(url: string | URL, options?: SendWebhookOptions): Promise<SendWebhookResult>;
  /** The `Authorization` header for a webhook body (exact text). */
  signWebhook(body: string): Promise<string>;
  /** A fresh single-use authorization code (30 minutes); also `POST /__sandbox/auth_code`. */
  mintAuthCode(options?: GrantOptions): string;
  /** A token set without going through an auth code; also `POST /__sandbox/tokens`. */
  issueTokens(options?: GrantOptions): SandboxTokenSet;
  /** Every scope a kind of account can be granted (the operations' group names). */
  scopes(account?: AccountKind): string[];
  /** Marks every issued access token as expired (105002); returns how many. */
  expireAccessTokens(): number;
  /**
   * Revokes the authorization a token (access or refresh) belongs to, or every
   * authorization of a shop: their tokens answer 36004005. Returns how many were revoked.
   * Also `POST /__sandbox/revoke`.
   */
  revokeAuthorization(target: { token: string } | { shop: number | string }): number;
  /** While on (default `true`), the authorization pages redirect with `error=auth_denied`. */
  denyAuthorization(deny?: boolean): boolean;
  /** "METHOD /path/template" of the versions answering 36009014. */
  readonly retiredVersions: string[];
  /** Replaces the retired versions; also `POST /__sandbox/retired_versions`. */
  setRetiredVersions(list: string[]): string[];
  /**
   * Sets an order's status and moves its update_time to the sandbox clock; builds the
   * ORDER_STATUS_CHANGE webhook and POSTs it to `webhookUrl` when given.
   * Also `POST /__sandbox/update_order`.
   */
  updateOrder(shop: number | string, orderId: string, change: { status?: string; webhookUrl?: string }): Promise<OrderUpdate>;
  /** Names of the pipeline stages, in order. */
  readonly stages: string[];
  /** Inserts a pipeline stage before another (default "answer"). */
  addStage(stage: { name: string; run(ctx: Record<string, unknown>): Promise<Response | undefined> | Response | undefined }, options?: { before?: string }): void;
}

export interface RunningSandbox {
  /** e.g. "http://127.0.0.1:43123": use it as `baseUrl` and `authBaseUrl`. */
  url: string;
  port: number;
  appKey: string;
  appSecret: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

export declare function createSandbox(options?: SandboxOptions): Sandbox;
/** True for the Response by which `sandbox.handle` asks a server adapter to drop the connection. */
export declare function isDropResponse(response: Response): boolean;
/** Validates a fault plan and fills in its defaults (throws a TypeError when invalid). */
export declare function normalizeFaultPlan(plan: FaultPlan | null | undefined): NormalizedFaultPlan;
/** The versions retired by default: TikTok shut off the 202309 finance transactions after 2025-12-31. */
export declare const DEFAULT_RETIRED_VERSIONS: readonly string[];
/** user_type of each kind of account. */
export declare const ACCOUNTS: Readonly<Record<AccountKind, { userType: 0 | 1 | 3 }>>;
/**
 * Node and Deno (not Workers, which cannot listen): serves the sandbox over HTTP (port 0 =
 * any free port) with node:http or Deno.serve, resolving once it listens. In Node a GET's
 * body is read and passed beside the Request. `hostname` is Deno's name for `host`.
 */
export declare function startSandbox(options?: SandboxOptions & { port?: number; host?: string; hostname?: string }): Promise<RunningSandbox & { server: unknown }>;
/** Deno only: `startSandbox` without the promise (Deno.serve listens at once). */
export declare function serveSandbox(options?: SandboxOptions & { port?: number; hostname?: string }): RunningSandbox & { server: unknown };

/** The sandbox's own WebCrypto signer (independent of the client's Rust one). */
export declare function signRequest(input: { appSecret: string; path: string; query?: Record<string, unknown> | URLSearchParams; body?: string | Uint8Array | ArrayBuffer | null; contentType?: string }): Promise<string>;
/** The `Authorization` header of a webhook delivery. */
export declare function signWebhook(input: { appKey: string; appSecret: string; body: string | Uint8Array | ArrayBuffer }): Promise<string>;
export declare function verifyWebhook(input: { appKey: string; appSecret: string; body: string | Uint8Array | ArrayBuffer; signature: string }): Promise<boolean>;
