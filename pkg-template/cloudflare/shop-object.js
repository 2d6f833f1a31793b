// The Durable Object of one shop: the single owner of everything TikTok counts or rotates
// per shop. Its tokens (it alone refreshes them), its rate budget (TikTok counts per app +
// shop + API), its webhook claims and its sync cursors. Extend it, name one object per
// shop id, and add what your app does for a shop (see js-examples/cloudflare-shops):
//
//   export class Shop extends TikTokShopObject {
//     options(env) {
//       return { appKey: env.APP_KEY, appSecret: env.APP_SECRET, objects: env.SHOPS };
//     }
//     async sync() {
//       const client = this.client();
//       return this.syncUpdated("orders", { list: (p) => client.order.getOrderList({ ...p, page_size: 100 }), write: save });
//     }
//   }
//
// A seller's token set may cover several shops; it is kept by one of them (the token
// holder), and the others ask it, so a rotated refresh token never exists in two copies.

import { DurableObject } from "cloudflare:workers";
import { TikTokShop, TikTokShopError, webhookDedupeKey } from "../workerd.js";
import { NotificationClaims } from "./claims.js";
import { syncPass } from "./incremental-sync.js";
import { RateBudget } from "./rate-budget.js";
import { APP_OBJECT, budgetLimiter, errorFields, objectNamed, settle, shopTokenStore } from "./remote.js";
import { rpcError } from "./rpc-errors.js";
import { ObjectState } from "./state.js";
import { TokenVault } from "./token-vault.js";

export class TikTokShopObject extends DurableObject {
  #state;
  #claims;
  #vault;
  #settings = null;
  #budget = null;
  #client = null;
  #tokenClient = null;
  #passes = new Map();

  constructor(ctx, env) {
    super(ctx, env);
    this.#state = new ObjectState(ctx.storage.sql);
    this.#claims = new NotificationClaims(ctx.storage.sql);
    this.#vault = new TokenVault(this.#state, (refreshToken) => this.#refreshRequest(refreshToken));
  }

  /**
   * Override: the app's settings. `objects` (required) is the namespace binding of this
   * class; `rateLimit` is `{ requestsPerSecond, burst, maxWaitMs }` (TikTok's 50 per
   * second by default); every other field is a client option (`appKey`, `appSecret`,
   * `baseUrl`, `authBaseUrl`, `timeoutMs`, `retries`, `logger`...).
   */
  options(_env) {
    throw new TikTokShopError({ kind: "config", field: "options", message: "a TikTokShopObject subclass must define options(env)" });
  }

  // --- Authorization (from the OAuth callback and the deauthorization webhook) ---

  /**
   * Records the shop and its tokens: `{ shop: { id, cipher, name?, region? }, tokens }`,
   * or `tokenHolder` (the id of the shop whose object keeps the seller's tokens) instead
   * of `tokens` when the seller's token set covers several shops.
   */
  authorize(grant) {
    try {
      return this.#authorize(grant ?? {});
    } catch (error) {
      // Over RPC only the message is sure to arrive: it says the kind (reviveError reads it).
      throw rpcError(error);
    }
  }

  #authorize({ shop, tokens, tokenHolder }) {
    if (typeof shop?.id !== "string" || typeof shop?.cipher !== "string" || !shop.id || !shop.cipher) {
      throw new TikTokShopError({ kind: "config", field: "shop", message: "`shop` needs its `id` and `cipher`" });
    }
    if (tokenHolder !== undefined && tokenHolder !== null && String(tokenHolder) !== shop.id) {
      this.#vault.clear();
      this.#state.set("token_holder", String(tokenHolder));
    } else {
      this.#vault.put(tokens); // checks the set first: a bad one changes nothing
      this.#state.delete("token_holder");
    }
    this.#state.set("shop", { id: shop.id, cipher: shop.cipher, name: shop.name ?? null, region: shop.region ?? null });
    this.#client = null;
    return this.describe();
  }

  /** Forgets the tokens: the seller deauthorized the app (the shop and its cursors stay). */
  deauthorize() {
    this.#vault.clear();
    this.#state.delete("token_holder");
    this.#client = null;
    return this.describe();
  }

  /** The shop and the state of its authorization; never a token. */
  describe() {
    const shop = this.#state.get("shop");
    const holder = this.#state.get("token_holder");
    const failure = holder ? null : this.#vault.failure;
    return {
      id: shop?.id ?? null,
      cipher: shop?.cipher ?? null,
      name: shop?.name ?? null,
      region: shop?.region ?? null,
      authorized: Boolean(shop) && (holder !== null || this.#vault.held) && !failure,
      tokenHolder: holder ?? shop?.id ?? null,
      reauthorize: failure ? failure.message : null,
    };
  }

  // --- Tokens: the tokenStore of clients in other isolates (shopTokenStore) ---

  tokens() {
    const holder = this.#holder();
    return holder ? holder.tokens() : this.#vault.get();
  }

  async refreshTokens(current) {
    try {
      const holder = this.#holder();
      return { tokens: holder ? settle(await holder.refreshTokens(current)) : await this.#vault.refresh(current) };
    } catch (error) {
      return { error: errorFields(error) };
    }
  }

  storeTokens(tokens) {
    const holder = this.#holder();
    if (holder) return holder.storeTokens(tokens);
    this.#vault.put(tokens);
  }

  // --- Rate budget: one schedule per API for this shop, shared by every isolate ---

  /** Books the next slot of `api`: ms to wait (0 now), or null when too far ahead. */
  reserve(api) {
    this.#budget ??= new RateBudget(this.#options().rateLimit);
    return this.#budget.reserve(String(api));
  }

  // --- Webhooks ---

  /**
   * True the first time a delivery is claimed within `ttlSeconds`: a parsed event (claimed
   * by its `webhookDedupeKey`, the key createWebhookDeduper uses, with or without a
   * notification id) or a key itself (shopDedupeStore).
   */
  claim(eventOrKey, ttlSeconds = 7 * 86400) {
    const key = eventOrKey !== null && typeof eventOrKey === "object" ? webhookDedupeKey(eventOrKey) : String(eventOrKey);
    return this.#claims.claim(key, Number(ttlSeconds));
  }

  // --- For subclasses ---

  /** The shop recorded by `authorize` (`{ id, cipher, name, region }`), or null. */
  get shop() {
    return this.#state.get("shop");
  }

  /** The object's own small JSON state (ObjectState): `get(key)`, `set(key, value)`, `delete(key)`. */
  get state() {
    return this.#state;
  }

  /**
   * A client for this shop, made once per object instance: the tokens from this object
   * (or its token holder), the rate budget of this object, token calls on the app's.
   */
  client() {
    if (this.#client) return this.#client;
    const shop = this.#state.get("shop");
    if (!shop) throw new TikTokShopError({ kind: "reauthorize", message: "this shop has not authorized the app" });
    const holder = this.#holder();
    const vault = this.#vault;
    const { objects: _, rateLimit: __, ...options } = this.#options();
    this.#client = new TikTokShop({
      ...options,
      shopCipher: shop.cipher,
      tokenStore: holder
        ? shopTokenStore(holder)
        : { get: () => vault.get(), set: (tokens) => vault.put(tokens), refresh: (current) => vault.refresh(current) },
      rateLimit: this.#limiter(shop.cipher),
    });
    return this.#client;
  }

  /**
   * One incremental pass of a resource (see incremental-sync.js): `list(params)` fetches
   * a page for `{ update_time_ge, page_token }`, `write(page)` commits it. A pass already
   * running for `name` is joined rather than started twice.
   */
  syncUpdated(name, options) {
    let pass = this.#passes.get(name);
    if (!pass) {
      pass = syncPass(this.#state, name, options).finally(() => this.#passes.delete(name));
      this.#passes.set(name, pass);
    }
    return pass;
  }

  // --- Internals ---

  #options() {
    if (!this.#settings) {
      const o = this.options(this.env);
      if (!o || typeof o !== "object" || typeof o.objects?.idFromName !== "function") {
        throw new TikTokShopError({ kind: "config", field: "objects", message: "options(env) must return `objects`, this class's namespace binding" });
      }
      this.#settings = o;
    }
    return this.#settings;
  }

  #holder() {
    const holder = this.#state.get("token_holder");
    return holder ? objectNamed(this.#options().objects, holder) : null;
  }

  /** This shop's calls on this object's budget; calls made for no shop on the app object's. */
  #limiter(cipher) {
    let app = null;
    return budgetLimiter((shop) => {
      if (shop === cipher) return this;
      if (!shop) return (app ??= objectNamed(this.#options().objects, APP_OBJECT));
      throw new TikTokShopError({ kind: "config", field: "shopCipher", message: "a shop object's client calls for its own shop only" });
    });
  }

  /**
   * One refresh, on the app's budget for the token endpoint. A refresh is not a read, but
   * it is retried on transient failures: one the server never acted on (a 5xx, a 429, a
   * refused connection) succeeds on the next try; one whose reply was lost after the
   * server rotated the refresh token is lost whatever happens next.
   */
  #refreshRequest(refreshToken) {
    if (!this.#tokenClient) {
      const { objects: _, rateLimit: __, ...options } = this.#options();
      this.#tokenClient = new TikTokShop({ ...options, rateLimit: this.#limiter(null) });
    }
    return this.#tokenClient.token.refreshAccessToken({ refresh_token: refreshToken }, { retryWrites: true });
  }
}
