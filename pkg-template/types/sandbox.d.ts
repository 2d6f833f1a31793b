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
  status: number;
  code: number;
  requestId: string;
}

export interface Sandbox {
  appKey: string;
  appSecret: string;
  /** The whole server as a fetch handler. */
  fetch(request: Request): Promise<Response>;
  /** The seeded shop (shops, orders, products, statements...). */
  shop: { shops: Array<{ id: string; name: string; region: string; cipher: string }>; summary(): unknown; [key: string]: unknown };
  requests: SandboxRequest[];
  /** Requests received per `METHOD /path`. */
  counts: Record<string, number>;
  resetLog(): void;
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
/** Node: serves the sandbox with node:http (port 0 = any free port). */
export declare function startSandbox(options?: SandboxOptions & { port?: number; host?: string }): Promise<RunningSandbox>;
/** Deno: serves the sandbox with Deno.serve. */
export declare function serveSandbox(options?: SandboxOptions & { port?: number; hostname?: string }): RunningSandbox;

/** The sandbox's own WebCrypto signer (independent of the client's Rust one). */
export declare function signRequest(input: { appSecret: string; path: string; query?: Record<string, unknown>; body?: string | Uint8Array | ArrayBuffer | null; contentType?: string }): Promise<string>;
/** The `Authorization` header of a webhook delivery. */
export declare function signWebhook(input: { appKey: string; appSecret: string; body: string | Uint8Array | ArrayBuffer }): Promise<string>;
export declare function verifyWebhook(input: { appKey: string; appSecret: string; body: string | Uint8Array | ArrayBuffer; signature: string }): Promise<boolean>;
