// Retries, timeouts and typed failures against the sandbox's fault plan, over real HTTP:
// 5xx, 429 with Retry-After, slow, truncated and non-JSON replies, dropped connections.

import { deepEqual, equal, evidence, isApiError, ok, rejects } from "./assert.mjs";
import { helpers } from "./foundation.mjs";
import { secretsScan } from "./secrets.mjs";

async function withFaults(ctx, plan, fn) {
  const post = (body) => fetch(`${ctx.sandboxUrl}/__sandbox/faults`, { method: "POST", body: JSON.stringify(body) });
  const r = await post(plan);
  ok(r.ok, `fault plan accepted: ${await r.text()}`);
  try {
    return await fn();
  } finally {
    await post({});
  }
}

async function setup(ctx, extra = {}) {
  const { base, issueTokens, requests } = helpers(ctx);
  const t = await issueTokens();
  const summary = await (await fetch(`${ctx.sandboxUrl}/__sandbox/shop`)).json();
  const client = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, shopCipher: summary.shops[0].cipher, rateLimit: false, ...extra });
  const reset = () => fetch(`${ctx.sandboxUrl}/__sandbox/reset`, { method: "POST" });
  return { client, requests, reset, summary };
}

/** Runs `task(i)` for i < n with at most `limit` in flight. */
async function pool(n, limit, task) {
  const results = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < n) {
      const i = next++;
      results[i] = await task(i);
    }
  }));
  return results;
}

const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));

export const scenarios = [
  {
    name: "2,000 reads all succeed against 20% random faults (5xx, 429, slow, truncated, non-JSON, dropped)",
    async run(ctx) {
      const records = [];
      const { client } = await setup(ctx, {
        retries: 10, // 0.2^11: every call gets through
        timeoutMs: 500,
        logger: (r) => records.push(r),
      });
      const seller = await client.seller.getActiveShops();
      const outcomes = await withFaults(ctx, { failureRate: 0.2, slowMs: 1500, seed: 2026 }, () =>
        pool(2000, 32, () => settle(client.seller.getActiveShops())),
      );
      const failed = outcomes.filter((o) => o.error);
      deepEqual(failed.map((o) => `${o.error.kind}: ${o.error.message}`).slice(0, 3), [], "failed reads");
      ok(outcomes.every((o) => o.value?.shops?.length === seller.shops.length), "every reply complete");
      const retried = records.filter((r) => r.outcome === "error");
      const kinds = new Set(retried.map((r) => r.kind));
      for (const kind of ["server", "rate_limit", "timeout", "decode", "network"]) ok(kinds.has(kind), `saw ${kind} (${[...kinds]})`);
      const share = retried.length / records.length;
      ok(share > 0.15 && share < 0.25, `about 20% of attempts failed (${(share * 100).toFixed(1)}%)`);
      evidence.push(...retried.slice(0, 50));
    },
  },
  {
    name: "writes under faults are never sent twice",
    async run(ctx) {
      const { client, requests, reset } = await setup(ctx, { retries: 5, timeoutMs: 500 });
      await reset();
      const outcomes = await withFaults(ctx, { failureRate: 0.2, slowMs: 1500, seed: 11 }, () =>
        pool(300, 16, (i) => settle(client.event.updateShopWebhook({ event_type: "ORDER_STATUS_CHANGE", address: `https://hooks.example/${i}` }))),
      );
      const sent = (await requests()).filter((r) => r.path === "/event/202309/webhooks" && r.method === "PUT");
      const bodies = new Map();
      for (const r of sent) bodies.set(r.bodyText, (bodies.get(r.bodyText) ?? 0) + 1);
      equal(sent.length, 300, "one request per call");
      equal(bodies.size, 300, "no body twice");
      const failed = outcomes.filter((o) => o.error);
      ok(failed.length > 20, `some writes failed (${failed.length})`);
      ok(failed.every((o) => o.error.attempts === 1), "a failed write was not retried");
    },
  },
  {
    name: "a caller can opt a write into retries",
    async run(ctx) {
      const { client, requests, reset } = await setup(ctx);
      await reset();
      const e = await withFaults(ctx, { failureRate: 1, kinds: { server: 1 }, seed: 1 }, () =>
        rejects(client.event.updateShopWebhook({ event_type: "PACKAGE_UPDATE", address: "https://hooks.example/x" }, { retryWrites: true, retries: 2 })),
      );
      ok(["server", "decode"].includes(e.kind) && e.httpStatus >= 500, `kind ${e.kind}`);
      equal(e.attempts, 3, "attempts");
      equal((await requests()).filter((r) => r.method === "PUT").length, 3, "sent three times");
    },
  },
  {
    name: "the error that finally surfaces says how many attempts were made",
    async run(ctx) {
      const { client, requests, reset } = await setup(ctx, { retries: 2 });
      await reset();
      const e = await withFaults(ctx, { failureRate: 1, kinds: { server: 1 }, seed: 3 }, () => rejects(client.seller.getActiveShops()));
      // A 5xx with the JSON envelope is `server`; with an HTML page it is `decode` (both keep the status).
      ok(["server", "decode"].includes(e.kind), `kind ${e.kind}`);
      equal(e.attempts, 3, "attempts");
      ok(e.message.endsWith("(after 3 attempts)"), e.message);
      ok(e.httpStatus >= 500, `httpStatus ${e.httpStatus}`);
      equal((await requests()).filter((r) => r.path === "/seller/202309/shops").length, 3);
    },
  },
  {
    name: "Retry-After is honoured and each retry is signed afresh",
    async run(ctx) {
      const { client, requests, reset } = await setup(ctx, { retries: 1 });
      await reset();
      const started = Date.now();
      const e = await withFaults(ctx, { failureRate: 1, kinds: { rateLimit: 1 }, seed: 5 }, () => rejects(client.seller.getActiveShops()));
      const elapsed = Date.now() - started;
      isApiError(ctx.api, e, { kind: "rate_limit", code: 36009002, httpStatus: 429, attempts: 2 });
      ok(e.retryAfter >= 1, `retryAfter ${e.retryAfter}`);
      ok(elapsed >= 1000, `waited the Retry-After (${elapsed} ms)`);
      const sent = (await requests()).filter((r) => r.path === "/seller/202309/shops");
      equal(sent.length, 2);
      ok(sent.every((r) => r.signatureValid), "both signed correctly");
      ok(Number(sent[1].query.timestamp) > Number(sent[0].query.timestamp), "a fresh timestamp");
      ok(sent[1].query.sign !== sent[0].query.sign, "a fresh signature");
    },
  },
  {
    name: "a slow reply is a timeout error after the per-attempt timeout",
    async run(ctx) {
      const { client } = await setup(ctx, { retries: 1, timeoutMs: 200 });
      const started = Date.now();
      const e = await withFaults(ctx, { failureRate: 1, kinds: { slow: 1 }, slowMs: 3000, seed: 9 }, () => rejects(client.seller.getActiveShops()));
      isApiError(ctx.api, e, { kind: "timeout", attempts: 2 });
      ok(Date.now() - started < 2500, "did not wait for the slow reply");
    },
  },
  {
    name: "each kind of broken reply is a typed error",
    async run(ctx) {
      const { client } = await setup(ctx, { retries: 0 });
      const cases = [
        // 500 with the JSON envelope, or 502/503 with an HTML page: `server` by the status either way.
        ["server", (e) => e.kind === "server" && e.httpStatus >= 500],
        ["truncated", (e) => e.kind === "decode" && e.httpStatus === 200 && e.code === null],
        ["nonJson", (e) => (e.httpStatus === 200 && e.kind === "decode") || (e.httpStatus === 502 && e.kind === "server")],
        ["drop", (e) => e.kind === "network" && e.httpStatus === null],
        ["gatewayTimeout", (e) => e.kind === "server" && e.code === 36009007],
        ["rateLimit", (e) => e.kind === "rate_limit" && e.code === 36009002],
      ];
      for (const [kind, check] of cases) {
        const e = await withFaults(ctx, { failureRate: 1, kinds: { [kind]: 1 }, seed: 1 }, () => rejects(client.seller.getActiveShops()));
        ok(e instanceof ctx.api.TikTokShopError, `${kind}: ${e?.name} ${e?.message}`);
        ok(check(e), `${kind}: got ${JSON.stringify(e)}`);
      }
    },
  },
  secretsScan,
];
