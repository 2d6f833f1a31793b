// A broken proxy and a hostile network (issue 10): redirects, a token host that never
// answers or answers 5xx, broken refresh replies, a gzip bomb, an endless page token, bad
// access tokens and base URLs, refused connections. The servers are the test file's own
// (tests/support/hostile/servers.mjs), reached over real HTTP; `ctx.faults` holds their URLs.
// Runs unchanged in Node, Deno and workerd (tests/js/network-faults.test.mjs).

import { equal, evidence, ok, secrets } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";

const QUERY = /[?&](app_key|app_secret|sign|auth_code|refresh_token|access_token|timestamp|shop_cipher|grant_type|leak)=/;

const safeJson = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return "";
  }
};

/** What of a secret or a query string an error (and the log records) show. */
function leaks(error, records = []) {
  const texts = [error?.message, error?.stack, safeJson(error), (() => { try { return String(error); } catch { return ""; } })(), ...records.map(safeJson)];
  const found = [];
  for (const s of secrets) if (s && texts.some((t) => typeof t === "string" && t.includes(s))) found.push(`secret ${s.slice(0, 12)}...`);
  const query = texts.find((t) => typeof t === "string" && QUERY.test(t));
  if (query) found.push(`a query string (${query.match(QUERY)[0]})`);
  return found;
}

/** `promise` settled within `ms`: `{ value }`, `{ error }` or `{ hung: true }`, with the time it took. */
async function within(promise, ms) {
  const started = Date.now();
  let timer;
  const bound = new Promise((resolve) => (timer = setTimeout(() => resolve({ hung: true }), ms)));
  try {
    const r = await Promise.race([promise.then((value) => ({ value }), (error) => ({ error })), bound]);
    if (r.error !== undefined) evidence.push(r.error);
    return { ...r, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

const describe = (e) => (e instanceof Error ? `${e.name}${e.kind ? `(${e.kind})` : ""}: ${String(e.message).slice(0, 140)}` : String(e));

function setup(ctx) {
  const f = ctx.faults;
  secrets.add(ctx.appSecret);
  const records = [];
  const logger = (r) => {
    records.push(r);
    evidence.push(r);
  };
  const base = { appKey: ctx.appKey, appSecret: ctx.appSecret, rateLimit: false, logger };
  const log = async () => (await fetch(`${f.control}/log`)).json();
  const reset = () => fetch(`${f.control}/reset`, { method: "POST" }).then((r) => r.text());
  const control = (what) => fetch(`${f.control}/${what}`, { method: "POST" }).then((r) => r.text());
  const secret = (label) => {
    const s = `${label}-SECRET-${Math.random().toString(36).slice(2, 10)}`;
    secrets.add(s);
    return s;
  };
  return { f, api: ctx.api, base, records, log, reset, control, secret };
}

function memorySampler(ctx) {
  const read = ctx.runtime === "node"
    ? () => globalThis.process.memoryUsage.rss()
    : ctx.runtime === "deno"
      ? () => globalThis.Deno.memoryUsage().rss
      : null;
  if (!read) return null;
  const baseline = read();
  let peak = baseline;
  const timer = setInterval(() => (peak = Math.max(peak, read())), 20);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, read());
      return { baseline, peak, grewMiB: (peak - baseline) / (1 << 20) };
    },
  };
}

const READ = (client) => client.seller.getActiveShops();
const WRITE = (client) => client.fulfillment.createPackages({ order_id: "576461413038785752", shipping_service_id: "7208502187360519982" });

async function redirectCase(ctx, kind) {
  const { f, api, base, records, log, reset, secret } = setup(ctx);
  const failures = [];
  for (const status of [301, 302, 303, 307, 308]) {
    await reset();
    records.length = 0;
    const token = secret(`at-redirect-${status}`);
    secrets.add(`location-SECRET-${status}`);
    const client = new api.TikTokShop({ ...base, baseUrl: f.redirects[status], accessToken: token, shopCipher: "cipher-1", retries: 3 });
    const r = await within(kind === "read" ? READ(client) : WRITE(client), 10_000);
    const seen = await log();
    const origin = seen[`redirect${status}`] ?? [];
    const other = seen.sink ?? [];
    const problems = [];
    if (r.hung) problems.push("no answer in 10 s");
    else if (r.error === undefined) problems.push(`resolved (${safeJson(r.value)?.slice(0, 60)})`);
    else if (!(r.error instanceof api.TikTokShopError)) problems.push(`raw ${describe(r.error)}`);
    else {
      if (r.error.kind !== "redirect") problems.push(`kind ${r.error.kind}`);
      if (!String(r.error.message).includes(String(status))) problems.push("message lacks the status");
      if (!String(r.error.message).includes("127.0.0.2")) problems.push("message lacks the other host");
      const leaked = leaks(r.error, records);
      if (leaked.length) problems.push(`leaks ${leaked.join(", ")}`);
    }
    if (origin.length !== 1) problems.push(`origin got ${origin.length} requests (want 1: no retry)`);
    if (other.length) {
      problems.push(`the other host got ${other.length} request(s): ${other.map((x) => `${x.method} body ${x.bodyLength} B${x.accessTokenHeader ? " with the access token" : ""}`).join("; ")}`);
    }
    ctx.note(`${kind} ${status}: ${problems.length ? problems.join("; ") : "ok"}`);
    if (problems.length) failures.push(`${status}: ${problems.join("; ")}`);
  }
  ok(failures.length === 0, `redirects on a ${kind}:\n  ${failures.join("\n  ")}`);
}

export const scenarios = [
  {
    name: "a redirect (301/302/303/307/308) on a read is a `redirect` error naming status and host: not followed, not retried",
    run: (ctx) => redirectCase(ctx, "read"),
  },
  {
    name: "a redirect on a write is not followed: the body is never re-sent and a write never becomes a GET that reports success",
    run: (ctx) => redirectCase(ctx, "write"),
  },
  {
    name: "a redirect on a token call is a `redirect` error without the app secret or the auth code",
    async run(ctx) {
      const { f, api, base, records, log, reset, secret } = setup(ctx);
      await reset();
      const authCode = secret("auth-code-redirect");
      const r = await within(api.exchangeAuthCode({ ...base, authBaseUrl: f.redirects[302], baseUrl: f.redirects[302], authCode }), 10_000);
      ok(!r.hung, "settled");
      ok(r.error instanceof api.TikTokShopError, `a TikTokShopError, got ${r.error ? describe(r.error) : "success"}`);
      equal(r.error.kind, "redirect", `kind (${r.error.message})`);
      const leaked = leaks(r.error, records);
      ok(leaked.length === 0, `leaks: ${leaked.join(", ")}`);
      equal(((await log()).sink ?? []).length, 0, "requests the other host received");
    },
  },
  {
    name: "a token host that never answers: 100 waiting calls with timeoutMs 500 all settle with `timeout`, and so do later calls",
    async run(ctx) {
      const { f, api, base, log, reset, control, secret } = setup(ctx);
      await control("hold-hung");
      await reset();
      try {
        const client = new api.TikTokShop({
          ...base, baseUrl: f.ok, authBaseUrl: f.hung, accessToken: secret("at-expired"), refreshToken: secret("rt-hung"),
          accessTokenExpiresAt: 1, timeoutMs: 500, retries: 0,
        });
        const started = Date.now();
        const wave = await Promise.all(Array.from({ length: 100 }, () => within(READ(client), 2500)));
        const settled = wave.filter((o) => !o.hung);
        const timeouts = settled.filter((o) => o.error instanceof api.TikTokShopError && o.error.kind === "timeout");
        const refreshes = ((await log()).hung ?? []).length;
        ctx.note(`first wave: ${settled.length}/100 settled within 2.5 s (${timeouts.length} as timeout, last after ${Math.max(0, ...settled.map((o) => o.ms))} ms); the hung host got ${refreshes} refresh request(s); ${Date.now() - started} ms`);
        const later = await Promise.all(Array.from({ length: 10 }, () => within(READ(client), 2000)));
        const laterSettled = later.filter((o) => !o.hung);
        ctx.note(`later calls: ${laterSettled.length}/10 settled within 2 s`);
        const other = settled.filter((o) => !(o.error instanceof api.TikTokShopError && o.error.kind === "timeout"));
        ok(settled.length === 100, `${100 - settled.length} of 100 waiting calls never settled (the caller's timeoutMs does not bound the refresh)`);
        ok(other.length === 0, `not a timeout error: ${other.slice(0, 3).map((o) => (o.error ? describe(o.error) : "success")).join("; ")}`);
        ok(laterSettled.length === 10, `${10 - laterSettled.length} of 10 later calls joined the dead refresh and never settled`);
      } finally {
        await control("release-hung");
      }
    },
  },
  {
    name: "a token host that never answers: aborting the caller's signal settles 100 waiting calls at once",
    async run(ctx) {
      const { f, api, base, reset, control, secret } = setup(ctx);
      await control("hold-hung");
      await reset();
      try {
        const client = new api.TikTokShop({
          ...base, baseUrl: f.ok, authBaseUrl: f.hung, accessToken: secret("at-expired"), refreshToken: secret("rt-hung"),
          accessTokenExpiresAt: 1, retries: 0,
        });
        const controller = new AbortController();
        const reason = new Error("caller gave up");
        const calls = Array.from({ length: 100 }, () => within(client.seller.getActiveShops(undefined, { signal: controller.signal }), 1500));
        setTimeout(() => controller.abort(reason), 300);
        const wave = await Promise.all(calls);
        const settled = wave.filter((o) => !o.hung);
        const byReason = settled.filter((o) => o.error === reason || (o.error instanceof api.TikTokShopError && o.error.kind !== "config"));
        ctx.note(`${settled.length}/100 settled within 1.5 s of a signal aborted at 300 ms (${byReason.length} with the signal's reason or a typed error)`);
        ok(settled.length === 100, `${100 - settled.length} of 100 calls ignored their aborted signal`);
        ok(byReason.length === 100, `rejected with something else: ${settled.filter((o) => !byReason.includes(o)).slice(0, 3).map((o) => (o.error ? describe(o.error) : "success")).join("; ")}`);
        const later = await within(client.seller.getActiveShops(undefined, { timeoutMs: 500 }), 2000);
        ctx.note(`a later call: ${later.hung ? "never settled" : later.error ? describe(later.error) : "succeeded"}`);
        ok(!later.hung, "a later call with timeoutMs 500 joined the dead refresh and never settled");
      } finally {
        await control("release-hung");
      }
    },
  },
  {
    name: "a token host answering 5xx: 100 waiting calls cause at most retries+1 refresh requests per wave",
    async run(ctx) {
      const { f, api, base, log, reset, secret } = setup(ctx);
      await reset();
      // The default retries (3): a refresh's own retries are bounded by them, whoever counts them.
      const retries = 3;
      const client = new api.TikTokShop({
        ...base, baseUrl: f.ok, authBaseUrl: f.fivexx, accessToken: secret("at-expired"), refreshToken: secret("rt-5xx"),
        accessTokenExpiresAt: 1, timeoutMs: 2000,
      });
      const counts = [];
      const problems = [];
      for (const wave of [1, 2]) {
        const before = ((await log()).fivexx ?? []).length;
        const outcomes = await Promise.all(Array.from({ length: 100 }, () => within(READ(client), 15_000)));
        const refreshes = ((await log()).fivexx ?? []).length - before;
        counts.push(refreshes);
        const hung = outcomes.filter((o) => o.hung).length;
        const untyped = outcomes.filter((o) => !o.hung && !(o.error instanceof api.TikTokShopError));
        ctx.note(`wave ${wave}: 100 waiting calls -> ${refreshes} refresh requests (bound ${retries + 1}); ${hung} unsettled; ${untyped.length} not a TikTokShopError`);
        if (hung) problems.push(`wave ${wave}: ${hung} calls unsettled after 15 s`);
        if (untyped.length) problems.push(`wave ${wave}: ${untyped.length} calls ended without a TikTokShopError (${untyped[0].error ? describe(untyped[0].error) : "success"})`);
        if (refreshes > retries + 1) problems.push(`wave ${wave}: ${refreshes} refresh requests for one wave (at most ${retries + 1})`);
      }
      ok(problems.length === 0, problems.join("; "));
    },
  },
  {
    name: "an access_token_expire_in that looks like a duration does not make every call refresh",
    async run(ctx) {
      const { f, api, base, log, reset } = setup(ctx);
      await reset();
      const seen = [];
      const client = new api.TikTokShop({
        ...base, baseUrl: f.tokensDuration, authBaseUrl: f.tokensDuration, accessToken: "at-duration-0", refreshToken: "rt-duration-0",
        accessTokenExpiresAt: 1, retries: 0, onTokens: (t) => seen.push(t),
      });
      const outcomes = [];
      for (let i = 0; i < 10; i++) outcomes.push(await within(READ(client), 5000));
      const refreshes = ((await log()).tokensDuration ?? []).filter((r) => r.token).length;
      const untyped = outcomes.filter((o) => o.hung || (o.error !== undefined && !(o.error instanceof api.TikTokShopError)));
      ctx.note(`10 sequential calls -> ${refreshes} refresh requests; onTokens called ${seen.length} time(s)`);
      ok(untyped.length === 0, `calls ended badly: ${untyped.map((o) => (o.hung ? "hung" : describe(o.error))).join("; ")}`);
      ok(refreshes <= 2, `${refreshes} refreshes for 10 calls`);
    },
  },
  {
    name: "a reply larger than maxResponseBytes is a `too_large` error, not retried",
    async run(ctx) {
      const { f, api, base, log, reset } = setup(ctx);
      await reset();
      const client = new api.TikTokShop({ ...base, baseUrl: f.big, accessToken: "at-big", retries: 2, maxResponseBytes: 1 << 20 });
      const r = await within(READ(client), 15_000);
      const requests = ((await log()).big ?? []).length;
      ctx.note(`5 MB reply with maxResponseBytes 1 MiB: ${r.hung ? "hung" : r.error ? describe(r.error) : "success"}; ${requests} request(s)`);
      ok(r.error instanceof api.TikTokShopError, `a TikTokShopError, got ${r.hung ? "no answer" : r.error ? describe(r.error) : "success"}`);
      equal(r.error.kind, "too_large", `kind (${r.error.message})`);
      equal(requests, 1, "requests");
    },
  },
  {
    name: "a repeated or cycling next_page_token ends .all() and .pages() with a typed error",
    async run(ctx) {
      const { f, api, base, log, reset } = setup(ctx);
      const problems = [];
      for (const server of ["pagerRepeat", "pagerCycle"]) {
        for (const kind of ["all", "pages"]) {
          await reset();
          const client = new api.TikTokShop({ ...base, baseUrl: f[server], accessToken: "at-pager", retries: 0 });
          let seen = 0;
          const r = await within((async () => {
            for await (const _ of client.order.getOrderList[kind]({ page_size: 1 })) {
              if (++seen >= 200) return "still going after 200";
            }
            return "ended without an error";
          })(), 15_000);
          const pages = ((await log())[server] ?? []).length;
          const outcome = r.hung ? "no end in 15 s" : r.error ? describe(r.error) : r.value;
          ctx.note(`${server} .${kind}(): ${outcome}; ${pages} page requests`);
          if (!(r.error instanceof api.TikTokShopError)) problems.push(`${server} .${kind}(): ${outcome}`);
          else if (pages > 5) problems.push(`${server} .${kind}(): ${pages} page requests before the error`);
        }
      }
      ok(problems.length === 0, problems.join("; "));
    },
  },
  {
    name: "an access token with CR, LF or NUL is a `config` error naming accessToken, without the token, and nothing is sent",
    async run(ctx) {
      const { f, api, base, records, log, reset, secret } = setup(ctx);
      const problems = [];
      for (const [label, make] of [["CR LF", (s) => `${s}\r\nX-Injected: 1`], ["LF", (s) => `${s}\nX`], ["CR", (s) => `${s}\rX`], ["NUL", (s) => `${s}\0X`]]) {
        for (const how of ["constructor", "setAccessToken"]) {
          await reset();
          records.length = 0;
          const token = make(secret(`at-${label.replace(" ", "")}`));
          let error;
          try {
            if (how === "constructor") {
              const client = new api.TikTokShop({ ...base, baseUrl: f.ok, accessToken: token, retries: 1 });
              const r = await within(READ(client), 10_000);
              error = r.hung ? new Error("no answer") : r.error;
            } else {
              const client = new api.TikTokShop({ ...base, baseUrl: f.ok, accessToken: "at-fine", retries: 1 });
              client.setAccessToken(token);
              const r = await within(READ(client), 10_000);
              error = r.hung ? new Error("no answer") : r.error;
            }
          } catch (e) {
            error = e;
            evidence.push(e);
          }
          const sent = ((await log()).ok ?? []).length;
          const p = [];
          if (!(error instanceof api.TikTokShopError)) p.push(error ? `raw ${describe(error)}` : "no error");
          else {
            if (error.kind !== "config") p.push(`kind ${error.kind}`);
            if (error.field !== "accessToken") p.push(`field ${error.field}`);
            if ((error.attempts ?? 1) > 1) p.push(`${error.attempts} attempts`);
          }
          if (sent) p.push(`${sent} request(s) sent`);
          const leaked = leaks(error, records);
          if (leaked.length) p.push(`leaks ${leaked.join(", ")}`);
          if (p.length) problems.push(`${label} via ${how}: ${p.join(", ")}`);
        }
      }
      ok(problems.length === 0, problems.join("\n  "));
    },
  },
  {
    name: "a base URL the client accepts but the URL parser rejects (http://999.1.1.1): a config or network error with no secret in message, stack, toJSON or log",
    run: (ctx) => unreachable(ctx, "http://999.1.1.1", ["config", "network"]),
  },
  {
    name: "a refused connection on the token host or the API host: a network error with no secret or query in message, stack, toJSON or log",
    run: (ctx) => unreachable(ctx, ctx.faults.closed, ["network"]),
  },
  {
    name: "a gzip bomb (1 MB on the wire, 1 GiB inflated) is a `too_large` error after one request, memory stays low",
    async run(ctx) {
      const { f, api, base, log, reset } = setup(ctx);
      await reset();
            // retries 1 and a 4 s attempt timeout bound the time a client that reads it whole takes.
      const client = new api.TikTokShop({ ...base, baseUrl: f.bomb, accessToken: "at-bomb", retries: 1, timeoutMs: 4000 });
      const memory = memorySampler(ctx);
      const r = await within(READ(client), 15_000);
      const mem = memory?.stop();
      const requests = ((await log()).bomb ?? []).length;
      ctx.note(`outcome: ${r.hung ? "no answer in 15 s" : r.error ? describe(r.error) : "success"} after ${r.ms} ms; ${requests} request(s)` +
        (mem ? `; RSS ${(mem.baseline / 2 ** 20).toFixed(0)} MiB -> peak ${(mem.peak / 2 ** 20).toFixed(0)} MiB (+${mem.grewMiB.toFixed(0)} MiB)` : "; (no memory figure in workerd)"));
      ok(!r.hung, "the call settled");
      ok(r.error instanceof api.TikTokShopError, `a TikTokShopError, got ${r.error ? describe(r.error) : "success"}`);
      equal(r.error.kind, "too_large", `kind (${r.error.message})`);
      equal(requests, 1, "requests (a too_large reply is not retried)");
      // The bound is 64 MiB of text; Deno's own streaming of it takes 100-150 MiB more (seen
      // reading the bomb with a bare reader). Reading it whole took 2.2 GiB.
      if (mem) ok(mem.grewMiB < 320, `RSS grew ${mem.grewMiB.toFixed(0)} MiB reading the bomb`);
    },
  },
  {
    name: "a gateway's HTML 502 / 503 is a `server` error, retried on a read and not on a write; its HTML 429 is `rate_limit`, retried after its Retry-After",
    async run(ctx) {
      const { f, api, base, log, reset, secret } = setup(ctx);
      const problems = [];
      const outcome = (r) => (r.hung ? "hung" : r.error ? describe(r.error) : "success");
      for (const status of [502, 503]) {
        await reset();
        const client = new api.TikTokShop({ ...base, baseUrl: f.gateways[status], accessToken: secret(`at-html-${status}`), shopCipher: "cipher-1", retries: 2 });
        const read = await within(READ(client), 15_000);
        const reads = ((await log())[`html${status}`] ?? []).length;
        await reset();
        const write = await within(WRITE(client), 15_000);
        const writes = ((await log())[`html${status}`] ?? []).length;
        ctx.note(`HTML ${status}: read -> ${outcome(read)} after ${reads} request(s); write -> ${outcome(write)} after ${writes} request(s)`);
        if (read.error?.kind !== "server" || read.error?.httpStatus !== status) problems.push(`HTML ${status} read: ${outcome(read)} (want server, httpStatus ${status})`);
        if (reads !== 3) problems.push(`HTML ${status} read: ${reads} requests (want 3: retries 2)`);
        if (write.error?.kind !== "server") problems.push(`HTML ${status} write: ${outcome(write)}`);
        if (writes !== 1) problems.push(`HTML ${status} write: ${writes} requests (a write is not retried)`);
      }
      // The token host behind the same gateway: token calls are retried on transient failures.
      await reset();
      const exchange = await within(api.exchangeAuthCode({ ...base, authBaseUrl: f.gateways[503], authCode: secret("code-html"), retries: 1 }), 15_000);
      const exchanges = ((await log()).html503 ?? []).length;
      ctx.note(`HTML 503 token host: exchangeAuthCode -> ${outcome(exchange)} after ${exchanges} request(s)`);
      if (exchange.error?.kind !== "server" || exchanges !== 2) problems.push(`token host HTML 503: ${outcome(exchange)}, ${exchanges} requests (want server, 2)`);
      // 429: retried no sooner than Retry-After (1 s), and the limiter holds the API back as long.
      await reset();
      const limited = new api.TikTokShop({ appKey: ctx.appKey, appSecret: ctx.appSecret, logger: base.logger, baseUrl: f.gateways[429], accessToken: secret("at-html-429"), shopCipher: "cipher-429", retries: 1 });
      const r429 = await within(READ(limited), 15_000);
      const seen = (await log()).html429 ?? [];
      const gap = seen.length === 2 ? seen[1].at - seen[0].at : NaN;
      ctx.note(`HTML 429 (Retry-After: 1): ${outcome(r429)} (retryAfter ${r429.error?.retryAfter}) after ${seen.length} request(s), ${gap} ms apart`);
      if (r429.error?.kind !== "rate_limit" || r429.error?.retryAfter !== 1) problems.push(`HTML 429: ${outcome(r429)}, retryAfter ${r429.error?.retryAfter}`);
      if (seen.length !== 2 || !(gap >= 950)) problems.push(`HTML 429: ${seen.length} requests, ${gap} ms apart (want 2, >= 1000 ms)`);
      await reset();
      const started = Date.now();
      const next = await within(limited.seller.getActiveShops(undefined, { retries: 0 }), 15_000);
      const nextAt = ((await log()).html429 ?? [])[0]?.at;
      ctx.note(`the next call to that API, right after: sent ${nextAt - started} ms later (${outcome(next)})`);
      if (!(nextAt - started >= 900)) problems.push(`after a 429 the limiter let the next call out ${nextAt - started} ms later (want ~1000)`);
      ok(problems.length === 0, problems.join("\n  "));
    },
  },
  {
    name: "a token host answering 503 (JSON or an HTML page), with the client's defaults (rate limiter on): a wave of 100 calls costs one refresh and its own retries (at most 4 requests)",
    async run(ctx) {
      const { f, api, log, reset, secret } = setup(ctx);
      const problems = [];
      for (const [label, host, key] of [["JSON 503", f.fivexx, "fivexx"], ["HTML 503", f.gateways[503], "html503"]]) {
        await reset();
        // The defaults: rateLimit (50/s per API, burst 10), retries 3, timeoutMs 30 s.
        const client = new api.TikTokShop({
          appKey: ctx.appKey, appSecret: ctx.appSecret, baseUrl: f.ok, authBaseUrl: host,
          accessToken: secret("at-wave"), refreshToken: secret("rt-wave"), accessTokenExpiresAt: 1,
        });
        const started = Date.now();
        const wave = await Promise.all(Array.from({ length: 100 }, () => within(READ(client), 20_000)));
        const first = ((await log())[key] ?? []).length;
        const again = await Promise.all(Array.from({ length: 100 }, () => within(READ(client), 20_000)));
        const second = ((await log())[key] ?? []).length - first;
        const untyped = [...wave, ...again].filter((o) => o.hung || !(o.error instanceof api.TikTokShopError));
        const kinds = [...new Set(wave.map((o) => o.error?.kind))];
        ctx.note(`${label}: 100 calls -> ${first} refresh request(s) in ${Date.now() - started} ms (kinds: ${kinds.join(", ")}); 100 more right after -> ${second} more`);
        if (first > 4) problems.push(`${label}: ${first} refresh requests for one wave of 100 (at most 4)`);
        if (second > 4) problems.push(`${label}: ${second} refresh requests for the next wave`);
        if (kinds.join() !== "server") problems.push(`${label}: kinds ${kinds.join(", ")} (want server)`);
        if (untyped.length) problems.push(`${label}: ${untyped.length} calls ended without a TikTokShopError`);
      }
      ok(problems.length === 0, problems.join("; "));
    },
  },
  {
    name: "an error reply that quotes the access token, the app secret, an auth code or a refresh token: none of them reaches the message, the request id or the log",
    async run(ctx) {
      const { f, api, base, records, secret } = setup(ctx);
      const problems = [];
      const tries = [
        ["a business call", () => new api.TikTokShop({ ...base, baseUrl: f.echo, accessToken: secret("at-echo+/="), shopCipher: "cipher-1", retries: 0 }).seller.getActiveShops()],
        ["exchangeAuthCode", () => api.exchangeAuthCode({ ...base, authBaseUrl: f.echo, authCode: secret("code-echo"), retries: 0 })],
        ["refreshAccessToken", () => api.refreshAccessToken({ ...base, authBaseUrl: f.echo, refreshToken: secret("rt-echo"), retries: 0 })],
        ["the client's own refresh", () => new api.TikTokShop({ ...base, baseUrl: f.ok, authBaseUrl: f.echo, accessToken: secret("at-old-echo"), refreshToken: secret("rt-own-echo"), accessTokenExpiresAt: 1, retries: 0 }).seller.getActiveShops()],
      ];
      for (const [label, fn] of tries) {
        records.length = 0;
        const r = await within(fn(), 10_000);
        const p = [];
        if (!(r.error instanceof api.TikTokShopError)) p.push(r.hung ? "hung" : r.error ? `raw ${describe(r.error)}` : "succeeded");
        else {
          const leaked = leaks(r.error, records);
          if (leaked.length) p.push(`leaks ${leaked.join(", ")}`);
          // The server's text did come through, with the secrets blanked.
          if (!/\[redacted\]/.test(r.error.message)) p.push(`no [redacted] in ${JSON.stringify(r.error.message.slice(0, 200))}`);
          // Nor the request's sign (64 hex digits) it quoted.
          if (/[0-9a-f]{64}/i.test(`${r.error.message} ${r.error.requestId}`)) p.push("the request's sign is in the message or request id");
        }
        ctx.note(`${label}: ${r.error ? describe(r.error) : "no error"}`);
        if (p.length) problems.push(`${label}: ${p.join(", ")}`);
      }
      ok(problems.length === 0, problems.join("\n  "));
    },
  },
  {
    name: "a timeout's message states the limit in ms",
    async run(ctx) {
      const { f, api, base, control } = setup(ctx);
      await control("hold-hung");
      try {
        const client = new api.TikTokShop({ ...base, baseUrl: f.hung, accessToken: "at-timeout", shopCipher: "c", timeoutMs: 300, retries: 0 });
        const r = await within(READ(client), 5000);
        ctx.note(r.error ? describe(r.error) : "no error");
        equal(r.error?.kind, "timeout", "kind");
        ok(/300 ms/.test(r.error.message), `the message names 300 ms: ${r.error.message}`);
      } finally {
        await control("release-hung");
      }
    },
  },
  {
    name: "parseWebhookRequest reads a 64 MiB streamed body without Content-Length only up to its 16 MB bound",
    async run(ctx) {
      const { api } = setup(ctx);
      const MiB = 1 << 20;
      let pulled = 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (pulled >= 64 * MiB) return controller.close();
          pulled += MiB;
          controller.enqueue(new Uint8Array(MiB).fill(0x20));
        },
      });
      const request = new Request("http://hooks.example/webhooks", { method: "POST", body: stream, duplex: "half", headers: { authorization: "0".repeat(64) } });
      ok(request.headers.get("content-length") === null, "no Content-Length");
      const memory = memorySampler(ctx);
      const r = await within(api.parseWebhookRequest(request, { appKey: ctx.appKey, appSecret: ctx.appSecret }), 20_000);
      const mem = memory?.stop();
      ctx.note(`${r.error ? describe(r.error) : "no error"}; pulled ${(pulled / MiB).toFixed(0)} MiB of 64` +
        (mem ? `; RSS ${(mem.baseline / MiB).toFixed(0)} MiB -> peak ${(mem.peak / MiB).toFixed(0)} MiB (+${mem.grewMiB.toFixed(0)} MiB)` : "; (RSS measured from outside: tests/js/webhook-stream.test.mjs)"));
      equal(r.error?.kind, "invalid_request", `kind (${r.error?.message})`);
      equal(r.error?.field, "body", "field");
      ok(pulled <= 18 * MiB, `${pulled / MiB} MiB read of a body refused at 16 MB`);
      if (mem) ok(mem.grewMiB < 96, `RSS grew ${mem.grewMiB.toFixed(0)} MiB`);
    },
  },
  // Last: in the current build a numeric access_token traps the wasm core.
  {
    name: "a refresh reply with data: null or a numeric access_token: onTokens never sees it, waiting calls fail with a TikTokShopError",
    async run(ctx) {
      const { f, api, base } = setup(ctx);
      const problems = [];
      for (const server of ["tokensNull", "tokensNumber"]) {
        const seen = [];
        const client = new api.TikTokShop({
          ...base, baseUrl: f[server], authBaseUrl: f[server], accessToken: `at-old-${server}`, refreshToken: `rt-${server}`,
          accessTokenExpiresAt: 1, retries: 0, onTokens: (t) => seen.push(t),
        });
        const outcomes = await Promise.all(Array.from({ length: 5 }, () => within(READ(client), 5000)));
        const bad = outcomes.filter((o) => o.hung || !(o.error instanceof api.TikTokShopError));
        const incomplete = seen.filter((t) => !t || typeof t.access_token !== "string" || !t.access_token || typeof t.refresh_token !== "string" || !Number.isFinite(t.access_token_expire_in));
        ctx.note(`${server}: onTokens got ${seen.length} set(s) (${incomplete.length} incomplete: ${incomplete.map(safeJson).join(", ").slice(0, 120)}); calls: ${outcomes.map((o) => (o.hung ? "hung" : o.error ? describe(o.error) : "success")).join(" | ").slice(0, 200)}`);
        if (incomplete.length) problems.push(`${server}: onTokens received ${incomplete.map(safeJson).join(", ").slice(0, 100)}`);
        if (bad.length) problems.push(`${server}: ${bad.length} call(s) did not fail with a TikTokShopError (${bad[0].hung ? "hung" : bad[0].error ? describe(bad[0].error) : "success"})`);
      }
      ok(problems.length === 0, problems.join("; "));
    },
  },
  secretsScan,
];

async function unreachable(ctx, url, kinds) {
  const { f, api, base, records, secret } = setup(ctx);
  const problems = [];
  const tries = [
    ["exchangeAuthCode on the token host", () => api.exchangeAuthCode({ ...base, authBaseUrl: url, baseUrl: url, authCode: secret("auth-code"), retries: 0 })],
    ["refreshAccessToken on the token host", () => api.refreshAccessToken({ ...base, authBaseUrl: url, baseUrl: url, refreshToken: secret("rt"), retries: 0 })],
    ["a business call on the API host (signed URL)", () => new api.TikTokShop({ ...base, baseUrl: url, authBaseUrl: url, accessToken: secret("at"), shopCipher: "cipher-1", retries: 1 }).order.getOrderList({ page_size: 1 })],
    ["a client's own refresh on the token host", () => new api.TikTokShop({ ...base, baseUrl: f.ok, authBaseUrl: url, accessToken: secret("at-old"), refreshToken: secret("rt-own"), accessTokenExpiresAt: 1, retries: 0 }).seller.getActiveShops()],
  ];
  for (const [label, fn] of tries) {
    records.length = 0;
    let r;
    try {
      r = await within(fn(), 15_000);
    } catch (error) {
      evidence.push(error);
      r = { error };
    }
    const p = [];
    if (r.hung) p.push("no answer in 15 s");
    else if (!(r.error instanceof api.TikTokShopError)) p.push(r.error ? `raw ${describe(r.error)}` : "succeeded");
    else if (!kinds.includes(r.error.kind)) p.push(`kind ${r.error.kind}`);
    const leaked = r.hung ? [] : leaks(r.error, records);
    if (leaked.length) p.push(`leaks ${leaked.join(", ")}`);
    ctx.note(`${label}: ${r.hung ? "hung" : r.error ? describe(r.error) : "success"}${leaked.length ? ` [LEAKS ${leaked.join(", ")}]` : ""}`);
    if (p.length) problems.push(`${label}: ${p.join(", ")}`);
  }
  ok(problems.length === 0, problems.join("\n  "));
}

