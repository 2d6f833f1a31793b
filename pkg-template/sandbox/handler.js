// The offline TikTok Shop: the whole server as one web-standard fetch handler
// (Request -> Promise<Response>), runnable unchanged in Node 20, Deno and
// Cloudflare Workers. Routing comes from the generated catalog (generated/catalog.js).
//
// A request goes through a pipeline of named stages; each either answers
// (returns a Response, or throws a SandboxError) or passes on:
//   admin -> count -> body -> oauth -> token -> route -> gateway ->
//   signature -> access -> shop -> faults -> params -> answer
// More stages can be inserted with sandbox.addStage(stage, { before: "answer" }).
//
// The fault plan (faults.js) acts in the "faults" stage for business calls and
// inside the "token" stage (after the app credentials) for token calls. The
// core handler never closes connections itself: a dropped connection is a
// Response marked with the DROP symbol that the server adapters act on
// (sandbox.handle returns it; sandbox.fetch turns it into a rejected fetch).

import * as defaultCatalog from "./generated/catalog.js";
import { signRequest, timingSafeEqual } from "./sign.js";
import { createShop } from "./shop.js";
import { createFabricator, SandboxError, paginate, parsePageSize } from "./data.js";
import { createAnswers, answerKey, ENTITY_PARAMS } from "./answers.js";
import { createFaultEngine, htmlResponse, dropResponse, truncateResponse, sleep, DROP, isDropResponse } from "./faults.js";
import { createWebhooks } from "./webhooks.js";

export { SandboxError, DROP, isDropResponse };

const DAY = 86400;
const TIMESTAMP_PAST_S = 300;
const TIMESTAMP_FUTURE_S = 30;
const AUTH_CODE_TTL_S = 30 * 60;
const FABRICATED_LIST_SIZE = 25;
const DEFAULT_LOG_LIMIT = 20000;
const TOKEN_PATHS = Object.freeze({ "/api/v2/token/get": "get", "/api/v2/token/refresh": "refresh" });

/** Error codes and messages the sandbox answers with (README: "Response envelope and errors"). */
export const ERRORS = Object.freeze({
  PATH_NOT_FOUND: [36009009, "Path not found", 404],
  METHOD_NOT_ALLOWED: [36009010, "Method not allowed", 405],
  INVALID_APP_KEY: [36009004, "Invalid app_key", 400],
  MISSING_SIGN: [36009004, "Missing required parameter: sign", 400],
  BAD_TIMESTAMP: [36009004, "Invalid timestamp: missing, not an integer, or out of the allowed window (server time -300 s to +30 s)", 400],
  INVALID_SIGN: [106001, "Invalid sign", 401],
  MISSING_ACCESS_TOKEN: [36009004, "Invalid access token: the x-tts-access-token header is missing", 401],
  INVALID_ACCESS_TOKEN: [36009004, "Invalid access token", 401],
  ACCESS_TOKEN_EXPIRED: [105002, "Access token is expired", 401],
  SHOP_CIPHER_REQUIRED: [106013, "shop_cipher is required for this API", 200],
  SHOP_CIPHER_FORBIDDEN: [36009004, "shop_cipher is not allowed for this API", 400],
  SHOP_CIPHER_MISMATCH: [101000, "shop_cipher does not match a shop authorized by this access token", 200],
  INVALID_BODY: [36009004, "Invalid request body", 400],
  MULTIPART_REQUIRED: [36009004, "Invalid Content-Type: multipart/form-data is required for this API", 400],
  JSON_REQUIRED: [36009004, "Invalid Content-Type: application/json is required for this API", 400],
  // token endpoints (host "auth"), all HTTP 200
  INVALID_APP_CREDENTIALS: [36009004, "Invalid app_key or app_secret", 200],
  INVALID_GRANT_TYPE: [36009004, "Invalid grant_type", 200],
  INVALID_AUTH_CODE: [36004004, "Invalid auth_code", 200],
  USED_AUTH_CODE: [36004004, "auth_code has already been used", 200],
  EXPIRED_AUTH_CODE: [36004004, "auth_code is expired", 200],
  INVALID_REFRESH_TOKEN: [36004004, "Invalid refresh_token", 200],
  EXPIRED_REFRESH_TOKEN: [36004004, "refresh_token is expired", 200],
  INTERNAL: [36009999, "Internal sandbox error", 500],
  // injected by the fault plan
  TOO_MANY_REQUESTS: [36009002, "Too many requests", 429],
  SERVER_ERROR: [36009999, "Internal server error", 500],
  GATEWAY_TIMEOUT: [36009007, "Gateway timeout", 200],
});

const fail = ([code, message, status]) => new SandboxError(code, message, status);
const missingParam = (name) => new SandboxError(36009004, `Missing required parameter: ${name}`, 400);

function randomBase64Url(n) {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomHex(n) {
  return [...crypto.getRandomValues(new Uint8Array(n))].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
}

/** Builds a router over the catalog's path templates ({param} segments); literal segments win. */
export function buildRouter(operations) {
  const byTemplate = new Map();
  for (const op of operations) {
    let r = byTemplate.get(op.path);
    if (!r) {
      const segs = op.path.split("/").slice(1).map((s) => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { lit: s }));
      r = { template: op.path, segs, literals: segs.filter((s) => s.lit !== undefined).length, methods: new Map() };
      byTemplate.set(op.path, r);
    }
    if (!r.methods.has(op.method)) r.methods.set(op.method, op);
  }
  const buckets = new Map();
  for (const r of byTemplate.values()) {
    const n = r.segs.length;
    if (!buckets.has(n)) buckets.set(n, []);
    buckets.get(n).push(r);
  }
  for (const list of buckets.values()) list.sort((a, b) => b.literals - a.literals);
  return {
    /** @returns {{op, params} | {methodNotAllowed: true, allowed: string[]} | null} */
    match(method, pathname) {
      const parts = pathname.split("/").slice(1);
      const candidates = buckets.get(parts.length) ?? [];
      const allowed = new Set();
      for (const r of candidates) {
        const params = {};
        let ok = true;
        for (let i = 0; i < parts.length && ok; i++) {
          const s = r.segs[i];
          if (s.lit !== undefined) ok = parts[i] === s.lit;
          else if (parts[i] === "") ok = false;
          else {
            try {
              params[s.param] = decodeURIComponent(parts[i]);
            } catch {
              ok = false;
            }
          }
        }
        if (!ok) continue;
        const op = r.methods.get(method);
        if (op) return { op, params };
        for (const m of r.methods.keys()) allowed.add(m);
      }
      return allowed.size ? { methodNotAllowed: true, allowed: [...allowed] } : null;
    },
    operations,
  };
}

/**
 * Creates an offline TikTok Shop.
 * @param {{appKey?: string, appSecret?: string, seed?: number|string, now?: () => number,
 *          accessTokenTtl?: number, refreshTokenTtl?: number, serviceId?: string,
 *          orders?: number, faults?: object, logLimit?: number,
 *          catalog?: {operations: object[], schemas: object}}} [options]
 */
export function createSandbox(options = {}) {
  const appKey = options.appKey ?? "sandbox-app-key";
  const appSecret = options.appSecret ?? "sandbox-app-secret";
  const seed = options.seed ?? 1;
  const now = options.now ?? (() => Date.now());
  const accessTokenTtl = options.accessTokenTtl ?? 7 * DAY;
  const refreshTokenTtl = options.refreshTokenTtl ?? 365 * DAY;
  const serviceId = options.serviceId ?? "sandbox-service-id";
  const catalog = options.catalog ?? defaultCatalog;
  const logLimit = options.logLimit ?? DEFAULT_LOG_LIMIT;
  if (!Number.isInteger(logLimit) || logLimit < 0) throw new RangeError("logLimit must be an integer >= 0");

  const shop = createShop({ seed, orders: options.orders });
  const router = buildRouter(catalog.operations);
  const tokenOps = new Map(catalog.operations.filter((o) => TOKEN_PATHS[o.path]).map((o) => [o.path, o]));
  const fabricators = new Map();
  const fabricatorFor = (shopIndex) => {
    let f = fabricators.get(shopIndex);
    if (!f) {
      f = createFabricator(catalog.schemas, { baseTime: shop.baseTime, currency: shop.data[shopIndex]?.currency ?? "USD" });
      fabricators.set(shopIndex, f);
    }
    return f;
  };
  const answers = createAnswers();

  const requests = [];
  const counts = {};
  const nowS = () => Math.floor(now() / 1000);
  let faults = createFaultEngine(options.faults);
  const webhooks = createWebhooks({ appKey, appSecret, shop, nowS, seed });

  // ---- tokens and auth codes ----
  const accessTokens = new Map();
  const refreshTokens = new Map();
  const authCodes = new Map();

  function resolveShops(list) {
    if (list === undefined || list === null) return shop.shops.map((_, i) => i);
    const out = [];
    for (const x of Array.isArray(list) ? list : [list]) {
      const i = typeof x === "number" ? x : shop.shops.findIndex((s) => s.id === String(x) || s.cipher === String(x));
      if (i < 0 || i >= shop.shops.length) throw new Error(`unknown shop: ${x}`);
      if (!out.includes(i)) out.push(i);
    }
    if (!out.length) throw new Error("at least one shop is required");
    return out;
  }

  function grant(shops) {
    const ms = now();
    const t = Math.floor(ms / 1000);
    const access = "ROW_" + randomBase64Url(33);
    const refresh = "ROW_" + randomBase64Url(33);
    const accessExp = t + (faults.plan.accessTokenTtl ?? accessTokenTtl);
    const refreshExp = t + refreshTokenTtl;
    accessTokens.set(access, { shops, expireAt: accessExp, expired: false, issuedAtMs: ms });
    refreshTokens.set(refresh, { shops, expireAt: refreshExp });
    return {
      access_token: access,
      access_token_expire_in: accessExp,
      refresh_token: refresh,
      refresh_token_expire_in: refreshExp,
      open_id: shop.openId,
      seller_name: shop.sellerName,
      seller_base_region: shop.sellerBaseRegion,
      user_type: 0,
      granted_scopes: [...shop.grantedScopes],
    };
  }

  function mintAuthCode({ shops } = {}) {
    const code = "ROW_" + randomBase64Url(24);
    authCodes.set(code, { createdAt: nowS(), used: false, shops: resolveShops(shops) });
    return code;
  }

  function issueTokens({ shops } = {}) {
    return grant(resolveShops(shops));
  }

  function expireAccessTokens() {
    for (const t of accessTokens.values()) t.expired = true;
    return accessTokens.size;
  }

  // ---- replies and the request log ----
  function reply(ctx, status, code, message, data = null, extraHeaders = undefined) {
    ctx.status = status;
    ctx.code = code;
    const body = JSON.stringify({ code, message, request_id: ctx.requestId, data });
    return new Response(body, { status, headers: { "content-type": "application/json", "x-tt-logid": ctx.requestId, ...extraHeaders } });
  }

  function json(value, status = 200) {
    return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
  }

  function redactedQuery(query) {
    const out = {};
    for (const [k, v] of query.entries()) {
      if (k === "access_token") continue;
      out[k] = k === "app_secret" || k === "refresh_token" ? "[redacted]" : v;
    }
    return out;
  }

  async function formRecord(ctx) {
    if (ctx.form === undefined) {
      try {
        ctx.form = await new Response(ctx.bodyBytes, { headers: { "content-type": ctx.contentType } }).formData();
      } catch {
        ctx.form = null;
      }
    }
    if (!ctx.form) return null;
    const out = {};
    for (const [k, v] of ctx.form.entries()) {
      out[k] = typeof v === "string" ? v : { size: v.size, type: v.type, name: v.name ?? "" };
    }
    return out;
  }

  async function record(ctx) {
    const op = ctx.op;
    let bodyText = null;
    let form = null;
    if (ctx.bodyBytes && ctx.bodyBytes.byteLength) {
      if (ctx.isMultipart) form = await formRecord(ctx);
      else bodyText = new TextDecoder().decode(ctx.bodyBytes);
    }
    if (logLimit === 0) return;
    requests.push({
      time: ctx.nowMs,
      method: ctx.method,
      path: ctx.path,
      query: redactedQuery(ctx.query),
      op: op ? `${op.group}.${op.name}` : null,
      version: op?.version ?? null,
      shopCipher: ctx.query.get("shop_cipher"),
      signatureValid: ctx.signatureValid ?? null,
      bodyText,
      form,
      status: ctx.status ?? null,
      code: ctx.code ?? null,
      requestId: ctx.requestId,
      fault: ctx.fault ?? null,
    });
    if (requests.length > logLimit) requests.splice(0, requests.length - logLimit);
  }

  // ---- the fault plan ----
  function setFaults(plan) {
    faults = createFaultEngine(plan);
    return faults.plan;
  }

  /**
   * Applies the plan to one authenticated request. Returns the Response that
   * replaces the answer, or undefined (the answer goes ahead; ctx.fault may say
   * "slow" or "truncated", applied to it in handle()).
   */
  function faultGate(ctx, shopKey) {
    if (!faults.active) return undefined;
    const f = faults.decide(`${ctx.query.get("app_key") ?? appKey}|${shopKey || "-"}`, ctx.nowMs);
    if (!f) return undefined;
    ctx.fault = f.kind;
    switch (f.kind) {
      case "rateLimit": {
        const [code, message, status] = ERRORS.TOO_MANY_REQUESTS;
        return reply(ctx, status, code, message, null, { "retry-after": String(f.retryAfter) });
      }
      case "server": {
        const status = [500, 502, 503][Math.min(2, Math.floor(f.variant * 3))];
        if (status === 500) return reply(ctx, 500, ERRORS.SERVER_ERROR[0], ERRORS.SERVER_ERROR[1]);
        ctx.status = status;
        ctx.code = null;
        return htmlResponse(status);
      }
      case "nonJson": {
        const status = f.variant < 0.5 ? 200 : 502;
        ctx.status = status;
        ctx.code = null;
        return htmlResponse(status);
      }
      case "gatewayTimeout":
        return reply(ctx, ERRORS.GATEWAY_TIMEOUT[2], ERRORS.GATEWAY_TIMEOUT[0], ERRORS.GATEWAY_TIMEOUT[1]);
      case "drop":
        ctx.status = null;
        ctx.code = null;
        return dropResponse();
      case "slow":
        ctx.slowMs = faults.plan.slowMs;
        return undefined;
      default: // truncated
        return undefined;
    }
  }

  const arg = (ctx, name) => {
    const q = ctx.query.get(name);
    if (q !== null) return q;
    const b = ctx.body?.[name];
    return b === undefined || b === null ? undefined : b;
  };

  // ---- stages ----
  const adminStage = async (ctx) => {
    if (!ctx.path.startsWith("/__sandbox/")) return;
    ctx.log = false;
    const route = `${ctx.method} ${ctx.path}`;
    switch (route) {
      case "GET /__sandbox/requests":
        return json(requests);
      case "POST /__sandbox/reset":
        sandbox.resetLog();
        return json({ ok: true });
      case "GET /__sandbox/counts":
        return json(counts);
      case "GET /__sandbox/auth_code":
      case "POST /__sandbox/auth_code":
        return json({ auth_code: mintAuthCode({ shops: ctx.query.get("shops")?.split(",") }) });
      case "POST /__sandbox/tokens":
        return json(issueTokens({ shops: ctx.query.get("shops")?.split(",") }));
      case "POST /__sandbox/expire_tokens":
        return json({ expired: expireAccessTokens() });
      case "GET /__sandbox/shop":
        return json(shop.summary());
      case "GET /__sandbox/faults":
        return json({ ...faults.plan, stats: faults.stats });
      case "POST /__sandbox/faults": {
        const plan = await adminJson(ctx);
        if (plan instanceof Response) return plan;
        try {
          setFaults(plan);
        } catch (err) {
          return json({ error: err.message }, 400);
        }
        return json({ ...faults.plan, stats: faults.stats });
      }
      case "POST /__sandbox/webhooks/sign": {
        const input = await adminJson(ctx);
        if (input instanceof Response) return input;
        if (input.body === undefined || input.body === null) return json({ error: "body is required (the exact JSON text to sign)" }, 400);
        const body = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
        return json({ authorization: await webhooks.sign(body), body });
      }
      case "POST /__sandbox/webhooks/send": {
        const input = await adminJson(ctx);
        if (input instanceof Response) return input;
        return adminSendWebhook(input);
      }
      default:
        return json({ error: `no sandbox admin route ${route}` }, 404);
    }
  };

  async function adminJson(ctx) {
    const text = await ctx.request.text();
    if (text.trim() === "") return {};
    try {
      const v = JSON.parse(text);
      if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not an object");
      return v;
    } catch {
      return json({ error: "the body must be a JSON object" }, 400);
    }
  }

  async function adminSendWebhook(input) {
    let url;
    try {
      url = new URL(input.url);
    } catch {
      return json({ error: "url is required (an absolute http(s) URL)" }, 400);
    }
    const repeat = input.repeat ?? 1;
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) return json({ error: "repeat must be an integer from 1 to 1000" }, 400);
    let delivery;
    try {
      delivery = await webhooks.webhook(input);
    } catch (err) {
      return json({ error: err.message }, 400);
    }
    const deliveries = [];
    for (let i = 0; i < repeat; i++) {
      try {
        const res = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
        deliveries.push({ status: res.status, body: await res.text() });
      } catch (err) {
        deliveries.push({ status: 0, body: "", error: String(err?.cause?.message ?? err?.message ?? err) });
      }
    }
    return json({ deliveries, event: delivery.event, delivery: { body: delivery.body, headers: delivery.headers } });
  }

  const countStage = async (ctx) => {
    const key = `${ctx.method} ${ctx.path}`;
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const bodyStage = async (ctx) => {
    ctx.bodyBytes = new Uint8Array(await ctx.request.arrayBuffer());
    ctx.contentType = ctx.request.headers.get("content-type") ?? "";
    ctx.isMultipart = ctx.contentType.trim().toLowerCase().startsWith("multipart/form-data");
  };

  const oauthStage = async (ctx) => {
    if (ctx.path !== "/oauth/authorize" && ctx.path !== "/open/authorize") return;
    if (ctx.method !== "GET") throw fail(ERRORS.METHOD_NOT_ALLOWED);
    const key = ctx.query.get("app_key");
    const sid = ctx.query.get("service_id");
    if (key !== appKey && !(key === null && sid === serviceId)) throw fail(ERRORS.INVALID_APP_KEY);
    const redirect = ctx.query.get("redirect_uri");
    if (!redirect) throw missingParam("redirect_uri");
    let target;
    try {
      target = new URL(redirect);
    } catch {
      throw new SandboxError(36009004, "Invalid redirect_uri", 400);
    }
    target.searchParams.set("code", mintAuthCode());
    const state = ctx.query.get("state");
    if (state !== null) target.searchParams.set("state", state);
    ctx.status = 302;
    return new Response(null, { status: 302, headers: { location: target.toString() } });
  };

  const tokenStage = async (ctx) => {
    const kind = TOKEN_PATHS[ctx.path];
    if (!kind) return;
    ctx.op = tokenOps.get(ctx.path) ?? { group: "token", name: kind === "get" ? "getAccessToken" : "refreshAccessToken", version: "v2", response: null };
    if (ctx.method !== "GET") throw fail(ERRORS.METHOD_NOT_ALLOWED);
    const q = ctx.query;
    if (q.get("app_key") !== appKey || q.get("app_secret") !== appSecret) throw fail(ERRORS.INVALID_APP_CREDENTIALS);
    const faulted = faultGate(ctx, "-");
    if (faulted) return faulted;
    let data;
    if (kind === "get") {
      if (q.get("grant_type") !== "authorized_code") throw fail(ERRORS.INVALID_GRANT_TYPE);
      const entry = authCodes.get(q.get("auth_code") ?? "");
      if (!entry) throw fail(ERRORS.INVALID_AUTH_CODE);
      if (entry.used) throw fail(ERRORS.USED_AUTH_CODE);
      if (nowS() - entry.createdAt >= AUTH_CODE_TTL_S) throw fail(ERRORS.EXPIRED_AUTH_CODE);
      entry.used = true;
      data = grant(entry.shops);
    } else {
      if (q.get("grant_type") !== "refresh_token") throw fail(ERRORS.INVALID_GRANT_TYPE);
      const token = q.get("refresh_token") ?? "";
      const entry = refreshTokens.get(token);
      if (!entry) throw fail(ERRORS.INVALID_REFRESH_TOKEN);
      if (nowS() >= entry.expireAt) throw fail(ERRORS.EXPIRED_REFRESH_TOKEN);
      refreshTokens.delete(token); // rotation: the old refresh token stops working
      data = grant(entry.shops);
    }
    const schema = ctx.op.response && catalog.schemas[ctx.op.response] ? "#" + ctx.op.response : null;
    return reply(ctx, 200, 0, "Success", schema ? fabricatorFor(0).shape(schema, data, "token", { entity: true }) : data);
  };

  const routeStage = async (ctx) => {
    const m = router.match(ctx.method, ctx.path);
    if (!m) throw fail(ERRORS.PATH_NOT_FOUND);
    if (m.methodNotAllowed) throw fail(ERRORS.METHOD_NOT_ALLOWED);
    ctx.op = m.op;
    ctx.params = m.params;
  };

  const gatewayStage = async (ctx) => {
    const q = ctx.query;
    if (q.get("app_key") !== appKey) throw fail(ERRORS.INVALID_APP_KEY);
    if (!q.get("sign")) throw fail(ERRORS.MISSING_SIGN);
    const ts = q.get("timestamp");
    if (ts === null || !/^-?\d{1,15}$/.test(ts)) throw fail(ERRORS.BAD_TIMESTAMP);
    const t = Number(ts);
    const n = Math.floor(ctx.nowMs / 1000);
    if (t < n - TIMESTAMP_PAST_S || t > n + TIMESTAMP_FUTURE_S) throw fail(ERRORS.BAD_TIMESTAMP);
  };

  const signatureStage = async (ctx) => {
    const expected = await signRequest({ appSecret, path: ctx.path, query: ctx.query, body: ctx.bodyBytes, contentType: ctx.contentType });
    ctx.signatureValid = timingSafeEqual(expected, ctx.query.get("sign") ?? "");
    if (!ctx.signatureValid) throw fail(ERRORS.INVALID_SIGN);
  };

  const accessStage = async (ctx) => {
    const token = ctx.request.headers.get("x-tts-access-token");
    if (!token) throw fail(ERRORS.MISSING_ACCESS_TOKEN);
    const entry = accessTokens.get(token);
    if (!entry) throw fail(ERRORS.INVALID_ACCESS_TOKEN);
    if (entry.expired || nowS() >= entry.expireAt) throw fail(ERRORS.ACCESS_TOKEN_EXPIRED);
    const cutoff = faults.plan.expireTokensAt;
    if (cutoff !== null && ctx.nowMs >= cutoff * 1000 && entry.issuedAtMs < cutoff * 1000) throw fail(ERRORS.ACCESS_TOKEN_EXPIRED);
    ctx.token = entry;
  };

  const shopStage = async (ctx) => {
    const rule = ctx.op.shopCipher;
    const present = ctx.query.has("shop_cipher");
    const cipher = ctx.query.get("shop_cipher") ?? "";
    if (rule === "forbidden" && present) throw fail(ERRORS.SHOP_CIPHER_FORBIDDEN);
    if (rule === "required" && !cipher) throw fail(ERRORS.SHOP_CIPHER_REQUIRED);
    let index = ctx.token.shops[0];
    if (cipher) {
      index = shop.shopByCipher(cipher);
      if (index < 0 || !ctx.token.shops.includes(index)) throw fail(ERRORS.SHOP_CIPHER_MISMATCH);
    }
    ctx.shopIndex = index;
    ctx.shopData = shop.data[index];
    ctx.allowedShops = ctx.token.shops.map((i) => shop.shops[i]);
  };

  const faultsStage = async (ctx) => faultGate(ctx, ctx.query.get("shop_cipher"));

  const paramsStage = async (ctx) => {
    const op = ctx.op;
    const params = op.params ?? [];
    for (const [name, loc, required] of params) {
      if (required && loc === "query" && !ctx.query.get(name)) throw missingParam(name);
    }
    ctx.body = {};
    if (op.multipart) {
      if (!ctx.isMultipart) throw fail(ERRORS.MULTIPART_REQUIRED);
      try {
        ctx.form = await new Response(ctx.bodyBytes, { headers: { "content-type": ctx.contentType } }).formData();
      } catch {
        ctx.form = null;
        throw fail(ERRORS.INVALID_BODY);
      }
      for (const [name, loc, required] of params) {
        if (!required || (loc !== "form" && loc !== "file")) continue;
        const v = ctx.form.get(name);
        if (v === null || v === "" || (loc === "file" && typeof v === "string")) throw missingParam(name);
      }
    } else if (op.jsonBody) {
      if (ctx.isMultipart) throw fail(ERRORS.JSON_REQUIRED);
      const text = new TextDecoder().decode(ctx.bodyBytes);
      if (text.trim() !== "") {
        let parsed;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw fail(ERRORS.INVALID_BODY);
        }
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw fail(ERRORS.INVALID_BODY);
        ctx.body = parsed;
      }
      for (const [name, loc, required] of params) {
        if (required && loc === "body" && (ctx.body[name] === undefined || ctx.body[name] === null)) throw missingParam(name);
      }
    }
    if (op.paginated) ctx.pageSize = parsePageSize(arg(ctx, "page_size"), op.pageSizeMax ?? 100);
  };

  const answerStage = async (ctx) => {
    const op = ctx.op;
    const fab = fabricatorFor(ctx.shopIndex);
    ctx.entity = {};
    for (const [name, value] of Object.entries(ctx.params)) {
      const spec = ENTITY_PARAMS[name];
      if (!spec) continue;
      const e = ctx.shopData.byId[spec[0]]?.get(value);
      if (!e) throw new SandboxError(spec[1], spec[2], 200);
      ctx.entity[spec[0]] = e;
    }
    const listField = op.items ?? (op.paginated ? fab.firstListField(op.response) : undefined);
    const scope = `${op.method} ${op.path}|${ctx.shopIndex}`;
    ctx.page = (items) => {
      const field = listField ?? "items";
      if (!op.paginated) return { [field]: items, next_page_token: "", total_count: items.length };
      const { page, next_page_token, total_count } = paginate(items, { pageSize: ctx.pageSize, pageToken: arg(ctx, "page_token"), scope });
      return { [field]: page, next_page_token, total_count };
    };
    ctx.arg = (name) => arg(ctx, name);
    ctx.sandboxShop = shop;

    const answer = answers[answerKey(op.method, op.path)];
    const hasSchema = op.response && catalog.schemas[op.response];
    let real;
    if (answer) {
      real = await answer(ctx);
    } else if (op.paginated && listField && hasSchema) {
      const t = fab.itemType(op.response, listField);
      const all = [];
      for (let i = 0; i < FABRICATED_LIST_SIZE; i++) all.push(fab.shape(t, undefined, `${scope}#${i}`));
      real = ctx.page(all);
    }
    const data = hasSchema ? fab.shape("#" + op.response, real, scope, { entity: Boolean(answer) }) : real ?? {};
    return reply(ctx, 200, 0, "Success", data);
  };

  const stages = [
    { name: "admin", run: adminStage },
    { name: "count", run: countStage },
    { name: "body", run: bodyStage },
    { name: "oauth", run: oauthStage },
    { name: "token", run: tokenStage },
    { name: "route", run: routeStage },
    { name: "gateway", run: gatewayStage },
    { name: "signature", run: signatureStage },
    { name: "access", run: accessStage },
    { name: "shop", run: shopStage },
    { name: "faults", run: faultsStage },
    { name: "params", run: paramsStage },
    { name: "answer", run: answerStage },
  ];

  async function handle(request) {
    const url = new URL(request.url);
    const ctx = {
      request,
      url,
      method: request.method.toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      nowMs: now(),
      log: true,
      params: {},
      reply: (status, code, message, data) => reply(ctx, status, code, message, data),
    };
    ctx.requestId = new Date(ctx.nowMs).toISOString().replace(/\D/g, "").slice(0, 14) + randomHex(6);
    let response;
    try {
      for (const stage of stages) {
        response = await stage.run(ctx);
        if (response) break;
      }
      if (!response) throw new Error("no stage answered");
    } catch (err) {
      if (err instanceof SandboxError) response = reply(ctx, err.status, err.code, err.message, null);
      else response = reply(ctx, 500, ERRORS.INTERNAL[0], `${ERRORS.INTERNAL[1]}: ${err?.message ?? err}`, null);
    }
    if (ctx.fault === "truncated") {
      // the operation ran; its reply arrives cut in half
      if (ctx.status === undefined) ctx.status = response.status;
      response = await truncateResponse(response);
      ctx.status = 200;
    }
    if (ctx.log) {
      if (ctx.status === undefined) ctx.status = response.status;
      await record(ctx);
    }
    // the operation ran (and is logged); its reply comes late
    if (ctx.fault === "slow") await sleep(ctx.slowMs, request.signal);
    return response;
  }

  /** handle(), with a dropped connection turned into what fetch does then: a rejection. */
  async function fetchLike(request) {
    const response = await handle(request);
    if (isDropResponse(response)) {
      throw new TypeError("fetch failed", { cause: new Error("sandbox fault: the connection was closed without a reply") });
    }
    return response;
  }

  const sandbox = {
    appKey,
    appSecret,
    seed,
    shop,
    catalog,
    requests,
    counts,
    logLimit,
    /**
     * The whole server as a fetch function: a "drop" fault rejects with a
     * TypeError, as fetch does when the connection closes without a reply.
     */
    fetch: (request) => fetchLike(request),
    /**
     * The whole server as a handler for server adapters: a "drop" fault is a
     * Response marked with DROP (see isDropResponse) that the adapter must turn
     * into a closed connection.
     */
    handle: (request) => handle(request),
    /** Replaces the fault plan ({} or null clears it); returns the normalized plan. */
    setFaults,
    /** The active fault plan, normalized (with the seed in use). */
    get faults() {
      return faults.plan;
    },
    /** Tallies of the active plan: requests seen, rate-limited, faults by kind. */
    get faultStats() {
      return faults.stats;
    },
    /** A signed webhook delivery { body, headers, event } (async). */
    webhook: (options) => webhooks.webhook(options),
    /** POSTs a signed delivery to url; resolves { status, body, delivery, deliveries }. */
    sendWebhook: (url, options) => webhooks.sendWebhook(url, options),
    /** The Authorization header for a webhook body (exact text). */
    signWebhook: (body) => webhooks.sign(body),
    mintAuthCode,
    issueTokens,
    expireAccessTokens,
    /** Clears the request log and the per-route counts. */
    resetLog() {
      requests.length = 0;
      for (const k of Object.keys(counts)) delete counts[k];
    },
    /** Names of the pipeline stages, in order. */
    get stages() {
      return stages.map((s) => s.name);
    },
    /**
     * Inserts a pipeline stage ({name, run(ctx) -> Response|undefined}) before
     * another (default: before "answer", after every check).
     */
    addStage(stage, { before = "answer" } = {}) {
      const i = stages.findIndex((s) => s.name === before);
      if (i < 0) throw new Error(`no stage named ${before}`);
      stages.splice(i, 0, stage);
    },
  };
  return sandbox;
}
