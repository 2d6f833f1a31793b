// Validation of a fault plan (see faults.js for what each field does): every
// field checked, defaults filled in, the result frozen. `{}` or null is the
// empty plan.

export const FAULT_KINDS = Object.freeze(["server", "rateLimit", "slow", "truncated", "nonJson", "drop", "gatewayTimeout"]);
export const DEFAULT_KINDS = Object.freeze({ server: 1, rateLimit: 1, slow: 1, truncated: 1, nonJson: 1, drop: 1, gatewayTimeout: 0 });
export const DEFAULT_SLOW_MS = 2000;
/** Faults aimed at some routes (or all), each with its own rate, tried before the others. */
export const TARGETED_KINDS = Object.freeze(["tokenHostError", "redirect", "hang", "gzipBomb"]);
export const REDIRECT_STATUSES = Object.freeze([301, 302, 303, 307, 308]);
export const TOKEN_HOST_STATUSES = Object.freeze([500, 502, 503, 504]);
/** What a gzip bomb inflates to by default: 1 GiB. */
export const DEFAULT_GZIP_BOMB_SIZE = 2 ** 30;
const MAX_GZIP_BOMB_SIZE = 2 ** 40;

const PLAN_KEYS = new Set(["rateLimit", "failureRate", "kinds", "slowMs", "seed", "expireTokensAt", "accessTokenTtl", ...TARGETED_KINDS]);

function bad(message) {
  return new TypeError(`invalid fault plan: ${message}`);
}

const isNum = (v) => typeof v === "number" && Number.isFinite(v);

function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

function rateLimitOf(value) {
  if (value === undefined || value === null) return null;
  const { requestsPerSecond, burst, per = "api" } = value;
  if (!isNum(requestsPerSecond) || requestsPerSecond <= 0) throw bad("rateLimit.requestsPerSecond must be a number > 0");
  if (burst !== undefined && (!isNum(burst) || burst < 1)) throw bad("rateLimit.burst must be a number >= 1");
  if (per !== "api" && per !== "shop") throw bad('rateLimit.per must be "api" (TikTok\'s counting, the default) or "shop"');
  return Object.freeze({ requestsPerSecond, burst: burst ?? Math.max(1, requestsPerSecond), per });
}

/** A route pattern ("METHOD /path" or "/path", `*` any characters) as a RegExp. */
function routePattern(name, pattern) {
  if (typeof pattern !== "string" || !/^([A-Za-z]+ )?\//.test(pattern.trim())) throw bad(`${name}.routes: each is "METHOD /path" or "/path" ("*" matches anything), got ${JSON.stringify(pattern)}`);
  const text = pattern.trim();
  const [method, path] = text.includes(" ") ? text.split(/\s+/, 2) : [null, text];
  const body = path.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return Object.freeze({ method: method && method.toUpperCase(), path: new RegExp(`^${body}$`), text });
}

/** The common part of a targeted fault: `true`, or { rate = 1, routes }. */
function targetedOf(name, value, extra) {
  if (value === undefined || value === null || value === false) return null;
  const v = value === true ? {} : value;
  if (typeof v !== "object" || Array.isArray(v)) throw bad(`${name} must be true or an object`);
  const rate = v.rate ?? 1;
  if (!isNum(rate) || rate < 0 || rate > 1) throw bad(`${name}.rate must be a number from 0 to 1`);
  let routes = null;
  if (v.routes !== undefined && v.routes !== null) {
    if (!Array.isArray(v.routes) || !v.routes.length) throw bad(`${name}.routes must be a non-empty array`);
    routes = Object.freeze(v.routes.map((p) => routePattern(name, p)));
  }
  const known = new Set(["rate", "routes", ...Object.keys(extra)]);
  for (const k of Object.keys(v)) if (!known.has(k)) throw bad(`unknown field ${name}.${k}`);
  const out = { rate, routes: routes && routes.map((r) => r.text) };
  for (const [k, check] of Object.entries(extra)) out[k] = check(v[k]);
  Object.defineProperty(out, "matchers", { value: routes });
  return Object.freeze(out);
}

const TARGETED_FIELDS = {
  redirect: {
    status: (v = 302) => {
      if (!REDIRECT_STATUSES.includes(v)) throw bad(`redirect.status must be one of ${REDIRECT_STATUSES.join(", ")}`);
      return v;
    },
    location: (v = null) => {
      if (v === null) return null;
      try {
        return new URL(v).toString();
      } catch {
        throw bad("redirect.location must be an absolute URL");
      }
    },
  },
  hang: {},
  gzipBomb: {
    size: (v = DEFAULT_GZIP_BOMB_SIZE) => {
      if (!Number.isInteger(v) || v < 1 || v > MAX_GZIP_BOMB_SIZE) throw bad(`gzipBomb.size must be an integer from 1 to ${MAX_GZIP_BOMB_SIZE} (bytes)`);
      return v;
    },
  },
  tokenHostError: {
    status: (v = 503) => {
      if (!TOKEN_HOST_STATUSES.includes(v)) throw bad(`tokenHostError.status must be one of ${TOKEN_HOST_STATUSES.join(", ")}`);
      return v;
    },
  },
};

/**
 * Validates a plan and fills in the defaults. `{}` (or null) is the empty
 * plan: no rate limit, no faults, no forced expiry.
 */
export function normalizeFaultPlan(plan) {
  if (plan === undefined || plan === null) plan = {};
  if (typeof plan !== "object" || Array.isArray(plan)) throw bad("expected an object");
  for (const k of Object.keys(plan)) if (!PLAN_KEYS.has(k)) throw bad(`unknown field ${k} (known: ${[...PLAN_KEYS].join(", ")})`);
  const rateLimit = rateLimitOf(plan.rateLimit);
  const failureRate = plan.failureRate ?? 0;
  if (!isNum(failureRate) || failureRate < 0 || failureRate > 1) throw bad("failureRate must be a number from 0 to 1");
  let kinds = { ...DEFAULT_KINDS };
  if (plan.kinds !== undefined && plan.kinds !== null) {
    if (typeof plan.kinds !== "object" || Array.isArray(plan.kinds)) throw bad("kinds must be an object of weights");
    // a given table replaces the defaults: kinds left out weigh 0
    kinds = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
    for (const [k, w] of Object.entries(plan.kinds)) {
      if (!FAULT_KINDS.includes(k)) throw bad(`unknown fault kind ${k} (known: ${FAULT_KINDS.join(", ")})`);
      if (!isNum(w) || w < 0) throw bad(`kinds.${k} must be a number >= 0`);
      kinds[k] = w;
    }
  }
  if (failureRate > 0 && !FAULT_KINDS.some((k) => kinds[k] > 0)) throw bad("failureRate > 0 needs at least one kind with a weight > 0");
  const slowMs = plan.slowMs ?? DEFAULT_SLOW_MS;
  if (!isNum(slowMs) || slowMs < 0) throw bad("slowMs must be a number >= 0");
  const seed = plan.seed ?? randomSeed();
  if (!isNum(seed) && typeof seed !== "string") throw bad("seed must be a number or a string");
  const expireTokensAt = plan.expireTokensAt ?? null;
  if (expireTokensAt !== null && !isNum(expireTokensAt)) throw bad("expireTokensAt must be unix seconds");
  const accessTokenTtl = plan.accessTokenTtl ?? null;
  if (accessTokenTtl !== null && (!isNum(accessTokenTtl) || accessTokenTtl < 0)) throw bad("accessTokenTtl must be seconds >= 0");
  const targeted = Object.fromEntries(TARGETED_KINDS.map((k) => [k, targetedOf(k, plan[k], TARGETED_FIELDS[k])]));
  return Object.freeze({
    rateLimit,
    failureRate,
    kinds: Object.freeze(kinds),
    slowMs,
    seed,
    expireTokensAt,
    accessTokenTtl,
    ...targeted,
  });
}
