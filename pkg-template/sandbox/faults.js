// The fault plan: rate limits and injected failures for testing a client's
// retries, backoff, timeouts and token refresh. Runtime-neutral (web APIs only).
//
// A plan applies to business calls (after the signature, access token and
// shop_cipher checks: a request counts once it is authenticated) and to token
// calls (after the app_key/app_secret check), never to /__sandbox/ routes.
// Per request, in order:
//   1. rate limit: a token bucket per (app_key, shop_cipher or "-");
//      empty -> 429 / 36009002 with Retry-After;
//   2. failureRate: with that probability the request gets a fault whose kind
//      is drawn from the `kinds` weights.
// Faults that replace the answer (server, rateLimit, nonJson, drop,
// gatewayTimeout) do not perform the operation; `slow` and `truncated` perform
// it and then lose or delay the reply.

import { rng } from "./shop/random.js";

export { DROP, isDropResponse } from "./fault-replies.js";

export const FAULT_KINDS = Object.freeze(["server", "rateLimit", "slow", "truncated", "nonJson", "drop", "gatewayTimeout"]);
export const DEFAULT_KINDS = Object.freeze({ server: 1, rateLimit: 1, slow: 1, truncated: 1, nonJson: 1, drop: 1, gatewayTimeout: 0 });
export const DEFAULT_SLOW_MS = 2000;

const PLAN_KEYS = new Set(["rateLimit", "failureRate", "kinds", "slowMs", "seed", "expireTokensAt", "accessTokenTtl"]);

function bad(message) {
  return new TypeError(`invalid fault plan: ${message}`);
}

const isNum = (v) => typeof v === "number" && Number.isFinite(v);

function randomSeed() {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * Validates a plan and fills in the defaults. `{}` (or null) is the empty
 * plan: no rate limit, no faults, no forced expiry.
 * @returns {{rateLimit: {requestsPerSecond: number, burst: number}|null, failureRate: number,
 *   kinds: Record<string, number>, slowMs: number, seed: number|string,
 *   expireTokensAt: number|null, accessTokenTtl: number|null}}
 */
export function normalizeFaultPlan(plan) {
  if (plan === undefined || plan === null) plan = {};
  if (typeof plan !== "object" || Array.isArray(plan)) throw bad("expected an object");
  for (const k of Object.keys(plan)) if (!PLAN_KEYS.has(k)) throw bad(`unknown field ${k} (known: ${[...PLAN_KEYS].join(", ")})`);
  let rateLimit = null;
  if (plan.rateLimit !== undefined && plan.rateLimit !== null) {
    const { requestsPerSecond, burst } = plan.rateLimit;
    if (!isNum(requestsPerSecond) || requestsPerSecond <= 0) throw bad("rateLimit.requestsPerSecond must be a number > 0");
    if (burst !== undefined && (!isNum(burst) || burst < 1)) throw bad("rateLimit.burst must be a number >= 1");
    rateLimit = { requestsPerSecond, burst: burst ?? Math.max(1, requestsPerSecond) };
  }
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
  return Object.freeze({
    rateLimit: rateLimit && Object.freeze(rateLimit),
    failureRate,
    kinds: Object.freeze(kinds),
    slowMs,
    seed,
    expireTokensAt,
    accessTokenTtl,
  });
}

/**
 * The state of one active plan: its PRNG, rate-limit buckets and tallies.
 * decide(key, nowMs) -> { kind, variant, retryAfter } | null
 */
export function createFaultEngine(input) {
  const plan = normalizeFaultPlan(input);
  const random = rng(`tts-sandbox-faults:${plan.seed}`).next;
  const buckets = new Map();
  const weighted = FAULT_KINDS.filter((k) => plan.kinds[k] > 0).map((k) => [k, plan.kinds[k]]);
  const totalWeight = weighted.reduce((a, [, w]) => a + w, 0);
  const stats = { requests: 0, rateLimited: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) };

  function takeToken(key, nowMs) {
    const { requestsPerSecond: rate, burst } = plan.rateLimit;
    let b = buckets.get(key);
    if (!b) {
      b = { tokens: burst, at: nowMs };
      buckets.set(key, b);
    }
    const elapsed = Math.max(0, nowMs - b.at) / 1000;
    b.tokens = Math.min(burst, b.tokens + elapsed * rate);
    b.at = Math.max(b.at, nowMs);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    // seconds until one token is back; HTTP wants whole seconds (at least 1)
    return Math.max(1, Math.ceil((1 - b.tokens) / rate));
  }

  function pickKind(x) {
    let v = x * totalWeight;
    for (const [k, w] of weighted) if ((v -= w) < 0) return k;
    return weighted[weighted.length - 1][0];
  }

  return {
    plan,
    stats,
    /** Whether anything applies per request (saves work when the plan is empty). */
    get active() {
      return plan.rateLimit !== null || plan.failureRate > 0;
    },
    /**
     * Decides the fate of one authenticated request.
     * @param {string} key rate-limit bucket key
     * @param {number} nowMs sandbox clock
     */
    decide(key, nowMs) {
      stats.requests++;
      if (plan.rateLimit) {
        const wait = takeToken(key, nowMs);
        if (wait > 0) {
          stats.rateLimited++;
          return { kind: "rateLimit", variant: 0, retryAfter: wait, limited: true };
        }
      }
      if (plan.failureRate <= 0) return null;
      // three draws per request whatever happens, so a seed replays exactly
      const hit = random();
      const which = random();
      const variant = random();
      if (hit >= plan.failureRate) return null;
      const kind = pickKind(which);
      stats.faults[kind]++;
      return { kind, variant, retryAfter: 1, limited: false };
    },
  };
}
