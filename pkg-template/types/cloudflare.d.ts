// Types of tiktok-shop-wasm/cloudflare: many shops on Cloudflare, one Durable Object per
// shop. Structural types stand in for Cloudflare's (DurableObjectState, a namespace, a
// stub), so this file needs no @cloudflare/workers-types; those types fit these.

import type { BaseOptions, ClientOptions, DedupeInput, RateLimiter, StoredTokens, TikTokShop, TikTokShopError, TokenSet, TokenStore } from "./index.js";

/** The part of a Durable Object's `ctx` the object uses (SQLite-backed storage). */
export interface ShopObjectState {
  storage: {
    sql: { exec(query: string, ...bindings: unknown[]): { toArray(): Record<string, unknown>[] } };
    transactionSync<T>(fn: () => T): T;
    getAlarm(): Promise<number | null>;
    setAlarm(time: number | Date): Promise<void>;
  };
  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
}

/** The RPC methods every shop object answers (what the helpers below call). */
export interface ShopObjectRpc {
  authorize(request: ShopAuthorization): ShopDescription | Promise<ShopDescription>;
  deauthorize(): ShopDescription | Promise<ShopDescription>;
  describe(): ShopDescription | Promise<ShopDescription>;
  tokens(): AccessTokenView | null | Promise<AccessTokenView | null>;
  refreshTokens(current: StoredTokens): Promise<{ tokens: TokenSet } | { error: Record<string, unknown> }>;
  storeTokens(tokens: GrantTokens): void | Promise<void>;
  reserve(api: string): number | null | Promise<number | null>;
  claim(eventOrKey: DedupeInput | string, ttlSeconds?: number): boolean | Promise<boolean>;
}

/** A namespace binding of a TikTokShopObject subclass (`env.SHOPS`). */
export interface ShopObjectNamespace<Stub = ShopObjectRpc> {
  idFromName(name: string): unknown;
  get(id: any): Stub;
}

/** A shop as `getAuthorizedShops` returns it (`id` and `cipher` are required). */
export interface ShopRecord {
  id: string;
  cipher: string;
  name?: string | null;
  region?: string | null;
}

/**
 * A seller's token set as the token calls return it: the fields the object keeps. The
 * generated reply types mark every field optional; a set missing one is a `config` error.
 */
export interface GrantTokens {
  access_token: string;
  /** Absolute Unix time in seconds. */
  access_token_expire_in: number;
  refresh_token: string;
  refresh_token_expire_in?: number;
}

export type ShopAuthorization =
  | { shop: ShopRecord; tokens: Partial<GrantTokens>; tokenHolder?: undefined }
  /** The seller's token set covers several shops: the object of `tokenHolder` (a shop id) keeps it. */
  | { shop: ShopRecord; tokenHolder: string; tokens?: undefined };

/** The shop and the state of its authorization; never a token. */
export interface ShopDescription {
  id: string | null;
  cipher: string | null;
  name: string | null;
  region: string | null;
  /** Tokens are held (here or by the token holder) and were not refused. */
  authorized: boolean;
  /** The id of the shop whose object keeps the seller's tokens. */
  tokenHolder: string | null;
  /** Why the seller must authorize the app again, when a refresh was refused for good. */
  reauthorize: string | null;
}

/** What `tokens()` gives a client: never the refresh token. */
export interface AccessTokenView {
  access_token: string;
  access_token_expire_in: number;
}

/** The object's budget per API: TikTok's 50 per second by default. */
export interface RateBudgetSettings {
  requestsPerSecond?: number;
  /** Requests that may go at once. Default 10. */
  burst?: number;
  /** A slot further ahead than this is refused (a `rate_limit` error). Default 60 000. */
  maxWaitMs?: number;
}

/** What `options(env)` returns: the client options, this class's namespace and its budget. */
export type ShopObjectOptions = Omit<ClientOptions, "shopCipher" | "accessToken" | "refreshToken" | "tokenStore" | "onTokens" | "rateLimit"> & {
  objects: ShopObjectNamespace<any>;
  rateLimit?: RateBudgetSettings;
};

/** A small JSON state in the object's own storage. */
export interface ObjectStateStore {
  get<T = unknown>(key: string): T | null;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface SyncPassOptions<Page extends { next_page_token?: string }> {
  /** Fetches one page for `{ update_time_ge, page_token }`. */
  list(params: { update_time_ge: number; page_token?: string }): Promise<Page>;
  /** Commits a page where the app keeps it (an upsert); may return how many items it held. */
  write(page: Page): Promise<number | void> | number | void;
  /** `update_time_ge` of the very first pass (Unix seconds). Default 0: everything. */
  start?: number;
  /** How far the next pass reaches back before this one's start. Default 60 s. */
  overlapSeconds?: number;
  now?: () => number;
}

export interface SyncPassResult {
  pages: number;
  items: number;
  /** This call went on with a pass an earlier one left unfinished. */
  resumed: boolean;
  /** The cursor after the pass: the next one reads what changed from then on. */
  since: number;
}

/**
 * The Durable Object of one shop (name one per shop id): it keeps the shop's tokens and
 * alone refreshes them (storing a rotated refresh token before it is used), its rate
 * budget per API, its webhook claims and its sync cursors. Extend it and define `options`.
 */
export declare abstract class TikTokShopObject<Env = unknown> implements ShopObjectRpc {
  constructor(ctx: ShopObjectState, env: Env);
  protected readonly ctx: ShopObjectState;
  protected readonly env: Env;
  /** The app's settings: client options, `objects` (this class's namespace) and `rateLimit`. */
  abstract options(env: Env): ShopObjectOptions;

  authorize(request: ShopAuthorization): ShopDescription;
  deauthorize(): ShopDescription;
  describe(): ShopDescription;
  tokens(): AccessTokenView | null | Promise<AccessTokenView | null>;
  refreshTokens(current: StoredTokens): Promise<{ tokens: TokenSet } | { error: Record<string, unknown> }>;
  storeTokens(tokens: GrantTokens): void | Promise<void>;
  /** Books the next slot of `api` ("METHOD /path/template"): ms to wait, or null when too far ahead. */
  reserve(api: string): number | null;
  /**
   * True the first time a delivery is claimed within `ttlSeconds` (default 7 days): a parsed
   * event, by its `webhookDedupeKey` (with or without a notification id), or a key.
   */
  claim(eventOrKey: DedupeInput | string, ttlSeconds?: number): boolean;

  /** The shop recorded by `authorize`, or null. */
  get shop(): ShopRecord | null;
  /** The object's own small JSON state. */
  get state(): ObjectStateStore;
  /** A client for this shop: tokens and budget from this object, token calls on the app's budget. */
  client(): TikTokShop;
  /** One incremental pass of a resource, resumable page by page; a running pass of `name` is joined. */
  syncUpdated<Page extends { next_page_token?: string }>(name: string, options: SyncPassOptions<Page>): Promise<SyncPassResult>;
}

/** The name of the object that keeps the budget of calls made for no shop. */
export declare const APP_OBJECT: "app";

/** The stub of the object named `name`. */
export declare function objectNamed<Stub>(objects: ShopObjectNamespace<Stub>, name: string): Stub;

/** A `tokenStore` backed by a shop's object: it refreshes once for every isolate. */
export declare function shopTokenStore(stub: ShopObjectRpc): TokenStore;

/**
 * A `rateLimit` for clients of one shop (`{ shopId, shopCipher }`): its calls on the shop
 * object's budget, calls made for no shop on the app object's. Without a shop: the latter only.
 */
export declare function shopRateLimiter(
  objects: ShopObjectNamespace<any>,
  shop?: { shopId: string; shopCipher: string },
): RateLimiter;

/** A limiter over budgets: `budgetFor(shopCipher)` picks the one that books the slot. */
export declare function budgetLimiter(
  budgetFor: (shopCipher: string) => { reserve(api: string): number | null | Promise<number | null> },
): RateLimiter;

/** A de-duplication store for `createWebhookDeduper`: the shop object's atomic claim. */
export declare function shopDedupeStore(stub: ShopObjectRpc): { claim(id: string, ttlSeconds: number): Promise<boolean> | boolean };

/** A client for one shop in any isolate: cipher, tokens and budget from its object. */
export declare function shopClient(objects: ShopObjectNamespace<any>, shopId: string, options: BaseOptions & Omit<ClientOptions, "shopCipher" | "tokenStore" | "rateLimit">): Promise<TikTokShop>;

/** A client for calls made for no shop (token exchange, authorized shops), on the app object's budget. */
export declare function appClient(objects: ShopObjectNamespace<any>, options: Omit<ClientOptions, "rateLimit">): TikTokShop;

/**
 * The TikTokShopError a shop object's method threw, from the error its caller got over RPC
 * (which keeps only the message in older runtimes): `await stub.authorize(grant).catch((e) => { throw reviveError(e); })`.
 * Anything else is returned unchanged.
 */
export declare function reviveError(error: unknown): TikTokShopError | unknown;

/** GCRA reservations per API: what a shop object keeps. */
export declare class RateBudget {
  constructor(settings?: RateBudgetSettings, now?: () => number);
  reserve(api: string): number | null;
}

/** One incremental pass over `state`'s cursor `name` (what `syncUpdated` runs). */
export declare function syncPass<Page extends { next_page_token?: string }>(
  state: ObjectStateStore,
  name: string,
  options: SyncPassOptions<Page>,
): Promise<SyncPassResult>;
