// Replies: TikTok's JSON envelope for API answers, plain JSON for the
// /__sandbox/ admin routes.

/** A request id like TikTok's: the UTC time to the second, then 12 random hex digits. */
export function newRequestId(nowMs) {
  const hex = [...crypto.getRandomValues(new Uint8Array(6))].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  return new Date(nowMs).toISOString().replace(/\D/g, "").slice(0, 14) + hex;
}

/**
 * The envelope { code, message, request_id, data }; records status and code on
 * ctx for the request log.
 */
export function envelope(ctx, status, code, message, data = null, extraHeaders = undefined) {
  ctx.status = status;
  ctx.code = code;
  const body = JSON.stringify({ code, message, request_id: ctx.requestId, data });
  return new Response(body, { status, headers: { "content-type": "application/json", "x-tt-logid": ctx.requestId, ...extraHeaders } });
}

/** Plain JSON (admin routes). */
export function json(value, status = 200) {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });
}
