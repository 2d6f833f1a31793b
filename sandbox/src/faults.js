// The fault plan: rate limits and injected failures for testing a client's
// retries, backoff, timeouts, token refresh and defences against a hostile
// network. Runtime-neutral (web APIs only); fault-plan.js validates plans.
//
// A plan applies to business calls (after the signature, access token and
// shop_cipher checks: a request counts once it is authenticated) and to token
// calls (after the app_key/app_secret check), never to /__sandbox/ routes or
// the authorization pages. Per request, in order:
//   1. targeted faults (tokenHostError, redirect, hang, gzipBomb): the first
//      whose routes match, drawn with its own rate;
//   2. rate limit: a token bucket per app_key + shop_cipher (or "-") + API
//      (METHOD and path template), as TikTok counts; with `per: "shop"`, one
//      bucket per app_key + shop for every API. Empty -> 429 / 36009002 with
//      Retry-After;
//   3. failureRate: with that probability the request gets a fault whose kind
//      is drawn from the `kinds` weights.
// Faults that replace the answer do not perform the operation; `slow` and
// `truncated` perform it and then lose or delay the reply.

import { rng } from "./shop/random.js";
import { normalizeFaultPlan, FAULT_KINDS, TARGETED_KINDS } from "./fault-plan.js";

export { normalizeFaultPlan, FAULT_KINDS, DEFAULT_KINDS, DEFAULT_SLOW_MS, TARGETED_KINDS } from "./fault-plan.js";
export { DROP, isDropResponse } from "./fault-replies.js";

/** Whether a targeted fault aims at this request (no routes: every request). */
function aims(fault, { method, path, template }) {
  if (!fault.matchers) return true;
  return fault.matchers.some((m) => (!m.method || m.method === method) && (m.path.test(path) || m.path.test(template)));
}

/**
 * The state of one active plan: its PRNGs, rate-limit buckets and tallies.
 * decide(request, nowMs) -> { kind, variant, retryAfter, fault? } | null
 */
export function createFaultEngine(input) {
  const plan = normalizeFaultPlan(input);
  const random = rng(`tts-sandbox-faults:${plan.seed}`).next;
  // targeted faults draw from their own stream: adding one never changes
  // which requests the random faults of the same seed hit
  const aimed = rng(`tts-sandbox-targeted-faults:${plan.seed}`).next;
  const targeted = TARGETED_KINDS.filter((k) => plan[k]);
  const buckets = new Map();
  const weighted = FAULT_KINDS.filter((k) => plan.kinds[k] > 0).map((k) => [k, plan.kinds[k]]);
  const totalWeight = weighted.reduce((a, [, w]) => a + w, 0);
  const stats = {
    requests: 0,
    rateLimited: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])),
    targeted: Object.fromEntries(TARGETED_KINDS.map((k) => [k, 0])),
  };

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

  function pickTargeted(request) {
    for (const kind of targeted) {
      const fault = plan[kind];
      if (kind === "tokenHostError" && !request.tokenHost) continue;
      if (!aims(fault, request)) continue;
      if (fault.rate < 1 && aimed() >= fault.rate) continue;
      stats.targeted[kind]++;
      return { kind, variant: 0, retryAfter: 1, limited: false, fault };
    }
    return null;
  }

  return {
    plan,
    stats,
    /** Whether anything applies per request (saves work when the plan is empty). */
    get active() {
      return plan.rateLimit !== null || plan.failureRate > 0 || targeted.length > 0;
    },
    /**
     * Decides the fate of one authenticated request.
     * @param {{app: string, shop: string|null, method: string, path: string, template: string,
     *   tokenHost: boolean}} request `template`: the operation's path template
     * @param {number} nowMs sandbox clock
     */
    decide(request, nowMs) {
      stats.requests++;
      const hit = targeted.length ? pickTargeted(request) : null;
      if (hit) return hit;
      if (plan.rateLimit) {
        const api = plan.rateLimit.per === "api" ? `|${request.method} ${request.template}` : "";
        const wait = takeToken(`${request.app}|${request.shop || "-"}${api}`, nowMs);
        if (wait > 0) {
          stats.rateLimited++;
          return { kind: "rateLimit", variant: 0, retryAfter: wait, limited: true };
        }
      }
      if (plan.failureRate <= 0) return null;
      // three draws per request whatever happens, so a seed replays exactly
      const hitRandom = random();
      const which = random();
      const variant = random();
      if (hitRandom >= plan.failureRate) return null;
      const kind = pickKind(which);
      stats.faults[kind]++;
      return { kind, variant, retryAfter: 1, limited: false };
    },
  };
}
