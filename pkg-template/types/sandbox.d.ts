// Types of tiktok-shop-wasm/sandbox: the offline TikTok Shop for tests.

import type { TokenSet } from "./index.js";

export interface SandboxOptions {
  /** Default "sandbox-app-key". */
  appKey?: string;
  /** Default "sandbox-app-secret". */
  appSecret?: string;
  /** Seed of the generated shop data (deterministic). Default 1. */
  seed?: number;
  /** Clock in milliseconds. Default Date.now. */
  now?: () => number;
  /** Access token lifetime in seconds. Default 7 days. */
  accessTokenTtl?: number;
  /** Refresh token lifetime in seconds. Default 365 days. */
  refreshTokenTtl?: number;
  /** Orders of shop 1 (1..100000). Default 250; shop 2 keeps 80. */
  orders?: number;
  /** The fault plan to start with (see `setFaults`). */
  faults?: FaultPlan;
  /** Most request-log entries kept (oldest dropped first). Default 20000; 0 keeps none. */
  logLimit?: number;
}

/** The kinds of injected faults. */
export type FaultKind = "server" | "rateLimit" | "slow" | "truncated" | "nonJson" | "drop" | "gatewayTimeout";

/**
 * Rate limits and injected failures. They apply to business calls once
 * authenticated (after the signature, token and shop_cipher checks) and to
 * token calls (after app_key/app_secret), never to `/__sandbox/` routes.
 */
export interface FaultPlan {
  /**
   * A token bucket per (app_key, shop_cipher or "-"). Over the limit: HTTP 429,
   * code 36009002, `Retry-After` = seconds until a request fits, rounded up (at least 1).
   */
  rateLimit?: { requestsPerSecond: number; burst?: number } | null;
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
}

/** A plan with its defaults filled in, as `sandbox.faults` and `GET /__sandbox/faults` show it. */
export interface NormalizedFaultPlan {
  rateLimit: { requestsPerSecond: number; burst: number } | null;
  failureRate: number;
  kinds: Record<FaultKind, number>;
  slowMs: number;
  seed: number | string;
  expireTokensAt: number | null;
  accessTokenTtl: number | null;
}

export interface FaultStats {
  /** Authenticated requests the plan has seen. */
  requests: number;
  /** Answered 429 by the rate limiter (not counting `rateLimit` faults). */
  rateLimited: number;
  /** Injected faults by kind. */
  faults: Record<FaultKind, number>;
}

/** Webhook types: 1 ORDER_STATUS_CHANGE, 3 RECIPIENT_ADDRESS_UPDATE, 4 PACKAGE_UPDATE, ... */
export declare const WEBHOOK_TYPES: Readonly<Record<number, string>>;

/** The JSON a webhook delivery carries. */
export interface WebhookEvent {
  type: number;
  tts_notification_id: string;
  shop_id: string;
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
  /** Shop index (0 or 1), id or cipher. Default the first shop. */
  shop?: number | string;
  /**
   * Fields of `data`, over the defaults built from the shop (e.g. `order_id`
   * picks that order, with its real status).
   */
  data?: Record<string, unknown>;
  /** Default: a fresh 19-digit id. */
  notificationId?: string;
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
  query: Record<string, string>;
  /** `group.method` when the path matched an operation. */
  op: string | null;
  version: string | null;
  shopCipher: string | null;
  signatureValid: boolean | null;
  bodyText?: string;
  form?: Record<string, string | { size: number; type: string; name: string }>;
  /** null for a dropped connection. */
  status: number | null;
  /** The envelope code, null when the reply had none (HTML, dropped). */
  code: number | null;
  requestId: string;
  /** The fault the plan injected into this request, if any. */
  fault: FaultKind | null;
  /** Sandbox clock, ms. */
  time: number;
}

export interface Sandbox {
  appKey: string;
  appSecret: string;
  /** The whole server as a fetch function (a `drop` fault rejects with a TypeError, as fetch does). */
  fetch(request: Request): Promise<Response>;
  /** For server adapters: a `drop` fault is a Response for which `isDropResponse` is true. */
  handle(request: Request): Promise<Response>;
  /** The seeded shop (shops, orders, products, statements...). */
  shop: { shops: Array<{ id: string; name: string; region: string; cipher: string }>; summary(): unknown; [key: string]: unknown };
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
  /** A fresh single-use authorization code (30 minutes). */
  mintAuthCode(): string;
  /** A token set without going through an auth code. */
  issueTokens(options?: { shops?: Array<number | string> }): TokenSet;
  /** Marks every issued access token as expired. */
  expireAccessTokens(): void;
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
/** Node: serves the sandbox with node:http (port 0 = any free port). */
export declare function startSandbox(options?: SandboxOptions & { port?: number; host?: string }): Promise<RunningSandbox>;
/** Deno: serves the sandbox with Deno.serve. */
export declare function serveSandbox(options?: SandboxOptions & { port?: number; hostname?: string }): RunningSandbox;

/** The sandbox's own WebCrypto signer (independent of the client's Rust one). */
export declare function signRequest(input: { appSecret: string; path: string; query?: Record<string, unknown>; body?: string | Uint8Array | ArrayBuffer | null; contentType?: string }): Promise<string>;
/** The `Authorization` header of a webhook delivery. */
export declare function signWebhook(input: { appKey: string; appSecret: string; body: string | Uint8Array | ArrayBuffer }): Promise<string>;
export declare function verifyWebhook(input: { appKey: string; appSecret: string; body: string | Uint8Array | ArrayBuffer; signature: string }): Promise<boolean>;
