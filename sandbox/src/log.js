// The request log and per-route counts the tests read. Secrets never enter
// it: the access token is a header (not recorded), `access_token` in a query
// is dropped, and app_secret / refresh_token values are redacted.

const DEFAULT_LOG_LIMIT = 20000;

function redactedQuery(query) {
  const out = {};
  for (const [k, v] of query.entries()) {
    if (k === "access_token") continue;
    out[k] = k === "app_secret" || k === "refresh_token" ? "[redacted]" : v;
  }
  return out;
}

/** The fields of a multipart body: strings as sent, files as { size, type, name }. */
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

/** @param {{logLimit?: number}} options */
export function createRequestLog({ logLimit = DEFAULT_LOG_LIMIT } = {}) {
  if (!Number.isInteger(logLimit) || logLimit < 0) throw new RangeError("logLimit must be an integer >= 0");
  const requests = [];
  const counts = {};
  return {
    requests,
    counts,
    logLimit,
    /** Counts a request by "METHOD /path" (every request, logged or not). */
    count(ctx) {
      const key = `${ctx.method} ${ctx.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    },
    /** Adds a request to the log (oldest dropped beyond logLimit). */
    async record(ctx) {
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
        op: op ? `${op.group}.${op.operation}` : null,
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
    },
    reset() {
      requests.length = 0;
      for (const k of Object.keys(counts)) delete counts[k];
    },
  };
}
