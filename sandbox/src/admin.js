// The /__sandbox/ routes: unsigned helpers for tests and tools (request log,
// auth codes, tokens and revocations, the authorization pages' answer,
// retired versions, the shop's summary, the fault plan, webhooks). They are
// never logged, counted as business calls, or faulted.

import { json } from "./reply.js";

/** The request body as a JSON object ({} when empty), or a 400 Response. */
async function bodyObject(ctx) {
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

/** Runs fn(input) on the JSON body; a thrown error is a 400 with its message. */
const withBody = (fn) => async (ctx) => {
  const input = await bodyObject(ctx);
  if (input instanceof Response) return input;
  try {
    return await fn(input, ctx);
  } catch (err) {
    return json({ error: err.message }, 400);
  }
};

async function sendWebhooks(s, input) {
  let url;
  try {
    url = new URL(input.url);
  } catch {
    return json({ error: "url is required (an absolute http(s) URL)" }, 400);
  }
  const repeat = input.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) return json({ error: "repeat must be an integer from 1 to 1000" }, 400);
  const delivery = await s.webhooks.webhook(input);
  const deliveries = [];
  for (let i = 0; i < repeat; i++) {
    try {
      const res = await fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body, signal: AbortSignal.timeout(10_000) });
      deliveries.push({ status: res.status, body: await res.text() });
    } catch (err) {
      deliveries.push({ status: 0, body: "", error: String(err?.cause?.message ?? err?.message ?? err) });
    }
  }
  return json({ deliveries, event: delivery.event, delivery: { body: delivery.body, headers: delivery.headers } });
}

/** { account, shops, scopes } from the query (comma lists) and the JSON body (which wins). */
function grantTerms(ctx, input) {
  const q = ctx.query;
  const list = (name) => q.get(name)?.split(",").filter(Boolean);
  return { account: input.account ?? q.get("account") ?? undefined, shops: input.shops ?? list("shops"), scopes: input.scopes ?? list("scopes") };
}

export function adminRoutes(s) {
  const faultsView = () => json({ ...s.faults.plan, stats: s.faults.stats });
  const authCode = withBody((input, ctx) => json({ auth_code: s.tokens.mintAuthCode(grantTerms(ctx, input)) }));
  return {
    "GET /__sandbox/requests": () => json(s.log.requests),
    "POST /__sandbox/reset": () => {
      s.log.reset();
      return json({ ok: true });
    },
    "GET /__sandbox/counts": () => json(s.log.counts),
    "GET /__sandbox/auth_code": authCode,
    "POST /__sandbox/auth_code": authCode,
    "POST /__sandbox/tokens": withBody((input, ctx) => json(s.tokens.issueTokens(grantTerms(ctx, input)))),
    "POST /__sandbox/expire_tokens": () => json({ expired: s.tokens.expireAccessTokens() }),
    // the token travels in the body, never in a URL; the answer does not repeat it
    "POST /__sandbox/revoke": withBody((input) => json({ revoked: s.tokens.revokeAuthorization(input) })),
    "POST /__sandbox/deny_authorization": withBody((input) => json({ deny: s.denyAuthorization(input.deny ?? true) })),
    "GET /__sandbox/retired_versions": () => json({ retired: s.retired.list() }),
    "POST /__sandbox/retired_versions": withBody((input) => json({ retired: s.retired.set(input.retired ?? input.versions) })),
    "GET /__sandbox/shop": () => json(s.shop.summary()),
    "POST /__sandbox/update_order": withBody(async (input) => {
      const r = await s.updateOrder(input.shop ?? 0, input.order_id, { status: input.status, webhookUrl: input.webhook_url });
      return json({ ...r, delivery: { body: r.delivery.body, headers: r.delivery.headers } });
    }),
    "GET /__sandbox/faults": faultsView,
    "POST /__sandbox/faults": withBody((plan) => {
      s.setFaults(plan);
      return faultsView();
    }),
    "POST /__sandbox/webhooks/sign": withBody(async (input) => {
      if (input.body === undefined || input.body === null) return json({ error: "body is required (the exact JSON text to sign)" }, 400);
      const body = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
      return json({ authorization: await s.webhooks.sign(body), body });
    }),
    "POST /__sandbox/webhooks/send": withBody((input) => sendWebhooks(s, input)),
    // A signed delivery, not sent: for an app that receives it some other way (a test in a
    // runtime that cannot listen).
    "POST /__sandbox/webhooks/build": withBody(async (input) => json(await s.webhooks.webhook(input))),
  };
}

export const adminStage = (s) => {
  const routes = adminRoutes(s);
  return async (ctx) => {
    if (!ctx.path.startsWith("/__sandbox/")) return;
    ctx.log = false;
    const route = `${ctx.method} ${ctx.path}`;
    const run = routes[route];
    return run ? run(ctx) : json({ error: `no sandbox admin route ${route}` }, 404);
  };
};
