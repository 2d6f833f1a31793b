// The offline TikTok Shop: the whole server as one web-standard fetch handler
// (Request -> Promise<Response>), runnable unchanged in Node 20, Deno and
// Cloudflare Workers. Routing comes from the generated catalog (generated/catalog.js).
//
// A request goes through a pipeline of named stages (stages/*.js); each either
// answers (returns a Response, or throws a SandboxError) or passes on:
//   admin -> count -> body -> oauth -> token -> route -> version ->
//   gateway -> signature -> access -> shop -> faults -> params -> answer
// More stages can be inserted with sandbox.addStage(stage, { before: "answer" }).
//
// The fault plan (faults.js) acts in the "faults" stage for business calls and
// inside the "token" stage (after the app credentials) for token calls. The
// core handler never closes connections itself: a dropped connection is a
// Response marked with the DROP symbol that the server adapters act on
// (sandbox.handle returns it; sandbox.fetch turns it into a rejected fetch).

import * as defaultCatalog from "./generated/catalog.js";
import { SandboxError, ERRORS } from "./errors.js";
import { buildRouter } from "./router.js";
import { createShop } from "./shop.js";
import { createFabricator } from "./data.js";
import { createAnswers } from "./answers.js";
import { createFaultEngine } from "./faults.js";
import { DROP, isDropResponse } from "./fault-replies.js";
import { createWebhooks } from "./webhooks.js";
import { createRequestLog } from "./log.js";
import { createTokenStore } from "./tokens.js";
import { createRetiredVersions } from "./retired.js";
import { createPipeline } from "./pipeline.js";
import { adminStage } from "./admin.js";
import { countStage, bodyStage } from "./stages/intake.js";
import { authorizeStage } from "./stages/authorize.js";
import { tokenStage } from "./stages/token.js";
import { routeStage, versionStage, gatewayStage } from "./stages/gateway.js";
import { signatureStage } from "./stages/signature.js";
import { accessStage } from "./stages/access.js";
import { shopStage } from "./stages/shop.js";
import { faultsStage } from "./stages/faults.js";
import { paramsStage } from "./stages/params.js";
import { answerStage } from "./stages/answer.js";

export { SandboxError, ERRORS, DROP, isDropResponse, buildRouter };

const DAY = 86400;

/** The stages in pipeline order: [name, factory(state)]. */
const STAGES = [
  ["admin", adminStage],
  ["count", countStage],
  ["body", bodyStage],
  ["oauth", authorizeStage],
  ["token", tokenStage],
  ["route", routeStage],
  ["version", versionStage],
  ["gateway", gatewayStage],
  ["signature", signatureStage],
  ["access", accessStage],
  ["shop", shopStage],
  ["faults", faultsStage],
  ["params", paramsStage],
  ["answer", answerStage],
];

/**
 * Creates an offline TikTok Shop.
 * @param {{appKey?: string, appSecret?: string, seed?: number|string, now?: () => number,
 *          accessTokenTtl?: number, refreshTokenTtl?: number, serviceId?: string,
 *          redirectUri?: string, retiredVersions?: string[],
 *          orders?: number, shops?: number, ordersPerShop?: number, faults?: object, logLimit?: number,
 *          catalog?: {operations: object[], schemas: object}}} [options]
 */
export function createSandbox(options = {}) {
  const now = options.now ?? (() => Date.now());
  const seed = options.seed ?? 1;
  const shop = createShop({ seed, orders: options.orders, shops: options.shops, ordersPerShop: options.ordersPerShop });
  const catalog = options.catalog ?? defaultCatalog;
  const log = createRequestLog({ logLimit: options.logLimit });

  // The state every stage reads (stages/*.js, admin.js).
  const s = {
    appKey: options.appKey ?? "sandbox-app-key",
    appSecret: options.appSecret ?? "sandbox-app-secret",
    serviceId: options.serviceId ?? "sandbox-service-id",
    redirectUri: options.redirectUri ?? null,
    authorizationDenied: false,
    denyAuthorization(deny = true) {
      s.authorizationDenied = Boolean(deny);
      return s.authorizationDenied;
    },
    now,
    nowS: () => Math.floor(now() / 1000),
    shop,
    catalog,
    router: buildRouter(catalog.operations),
    answers: createAnswers(),
    retired: createRetiredVersions(catalog, options.retiredVersions),
    log,
    faults: createFaultEngine(options.faults),
    setFaults(plan) {
      s.faults = createFaultEngine(plan);
      return s.faults.plan;
    },
  };
  const fabricators = new Map();
  s.fabricatorFor = (shopIndex) => {
    let f = fabricators.get(shopIndex);
    if (!f) {
      f = createFabricator(catalog.schemas, { baseTime: shop.baseTime, currency: shop.data[shopIndex]?.currency ?? "USD" });
      fabricators.set(shopIndex, f);
    }
    return f;
  };
  s.tokens = createTokenStore({
    shop,
    catalog,
    now,
    accessTokenTtl: options.accessTokenTtl ?? 7 * DAY,
    refreshTokenTtl: options.refreshTokenTtl ?? 365 * DAY,
    planTtl: () => s.faults.plan.accessTokenTtl,
  });
  s.webhooks = createWebhooks({ appKey: s.appKey, appSecret: s.appSecret, shop, nowS: s.nowS, seed });

  /**
   * Changes an order (shop index, id or cipher; order id) and builds its
   * ORDER_STATUS_CHANGE webhook, sent to `webhookUrl` when given.
   */
  s.updateOrder = async (shopRef, orderId, { status, webhookUrl } = {}) => {
    const { shopIndex, order } = shop.updateOrder(shopRef, orderId, { status }, s.nowS());
    const delivery = await s.webhooks.webhook({ type: 1, shop: shopIndex, data: { order_id: order.id }, timestamp: order.update_time });
    const result = { order: { shop_id: shop.shops[shopIndex].id, order_id: order.id, status: order.status, update_time: order.update_time }, delivery };
    if (webhookUrl) {
      const sent = await s.webhooks.sendWebhook(webhookUrl, { delivery });
      result.sent = { status: sent.status, body: sent.body };
    }
    return result;
  };

  const stages = STAGES.map(([name, make]) => ({ name, run: make(s) }));
  const handle = createPipeline(stages, { now, log });

  /** handle(), with a dropped connection turned into what fetch does then: a rejection. */
  async function fetchLike(request, extras) {
    const response = await handle(request, extras);
    // a request that hung until its caller aborted it rejects as fetch does then
    if (request.signal?.aborted) throw request.signal.reason;
    if (isDropResponse(response)) {
      throw new TypeError("fetch failed", { cause: new Error("sandbox fault: the connection was closed without a reply") });
    }
    return response;
  }

  return {
    appKey: s.appKey,
    appSecret: s.appSecret,
    serviceId: s.serviceId,
    seed,
    shop,
    catalog,
    requests: log.requests,
    counts: log.counts,
    logLimit: log.logLimit,
    /**
     * The whole server as a fetch function: a "drop" fault rejects with a
     * TypeError, as fetch does when the connection closes without a reply.
     * `extras.body` as for handle().
     */
    fetch: (request, extras) => fetchLike(request, extras),
    /**
     * The whole server as a handler for server adapters: a "drop" fault is a
     * Response marked with DROP (see isDropResponse) that the adapter must turn
     * into a closed connection. `extras.body`: the bytes of a body the
     * Request cannot carry (a GET's).
     */
    handle: (request, extras) => handle(request, extras),
    /** Replaces the fault plan ({} or null clears it); returns the normalized plan. */
    setFaults: (plan) => s.setFaults(plan),
    /** The active fault plan, normalized (with the seed in use). */
    get faults() {
      return s.faults.plan;
    },
    /** Tallies of the active plan: requests seen, rate-limited, faults by kind. */
    get faultStats() {
      return s.faults.stats;
    },
    /** A signed webhook delivery { body, headers, event } (async). */
    webhook: (opts) => s.webhooks.webhook(opts),
    /** POSTs a signed delivery to url; resolves { status, body, delivery, deliveries }. */
    sendWebhook: (url, opts) => s.webhooks.sendWebhook(url, opts),
    /** The Authorization header for a webhook body (exact text). */
    signWebhook: (body) => s.webhooks.sign(body),
    /** A single-use auth code for { account, shops, scopes } (default: a seller, every shop and scope). */
    mintAuthCode: (opts) => s.tokens.mintAuthCode(opts),
    /** A token set for { account, shops, scopes } without an auth code. */
    issueTokens: (opts) => s.tokens.issueTokens(opts),
    /** Every scope a kind of account can be granted (TikTok's names, from the operations' table). */
    scopes: (account) => s.tokens.scopes(account),
    expireAccessTokens: () => s.tokens.expireAccessTokens(),
    /** Revokes the authorization of { token } or every one of { shop }: their tokens answer 36004005. */
    revokeAuthorization: (opts) => s.tokens.revokeAuthorization(opts),
    /** While on, the authorization pages refuse (redirect with error=auth_denied). */
    denyAuthorization: (deny) => s.denyAuthorization(deny),
    /** "METHOD /path/template" of the versions that answer 36009014. */
    get retiredVersions() {
      return s.retired.list();
    },
    /** Replaces the retired versions; returns the list. */
    setRetiredVersions: (list) => s.retired.set(list),
    /**
     * Sets an order's status, moving its update_time to the sandbox clock;
     * resolves { order, delivery } (the signed ORDER_STATUS_CHANGE webhook),
     * plus `sent` when `webhookUrl` is given (it is POSTed there).
     */
    updateOrder: (shopRef, orderId, change) => s.updateOrder(shopRef, orderId, change),
    /** Clears the request log and the per-route counts. */
    resetLog: () => log.reset(),
    /** Names of the pipeline stages, in order. */
    get stages() {
      return stages.map((x) => x.name);
    },
    /**
     * Inserts a pipeline stage ({name, run(ctx) -> Response|undefined}) before
     * another (default: before "answer", after every check).
     */
    addStage(stage, { before = "answer" } = {}) {
      const i = stages.findIndex((x) => x.name === before);
      if (i < 0) throw new Error(`no stage named ${before}`);
      stages.splice(i, 0, stage);
    },
  };
}
