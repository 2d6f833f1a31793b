// Errors across Workers RPC. A Durable Object method that throws reaches its caller as a
// plain Error: every version of Workers RPC keeps its message (older ones prefix the name,
// "TikTokShopError: ..."), newer ones its own fields too, none its class. So a shop
// object's TikTokShopError leaves with its kind and field at the head of its message, and
// `reviveError` makes it a TikTokShopError again on the caller's side, whichever arrived.

import { TikTokShopError } from "../lib/errors.js";

const HEAD = /^(?:TikTokShopError: )?\[([a-z_]{1,32})(?: ([^\s\]]{1,200}))?\] ([\s\S]*)$/;
const FIELDS = ["code", "requestId", "httpStatus", "operation", "retryAfter", "attempts"];

/** What an object's RPC method throws for `error`: a plain Error that says its kind and field. */
export function rpcError(error) {
  if (!(error instanceof TikTokShopError)) return error;
  const out = new Error(`[${error.kind}${error.field ? ` ${error.field}` : ""}] ${error.message}`);
  out.name = "TikTokShopError";
  out.kind = error.kind;
  out.field = error.field;
  for (const key of FIELDS) out[key] = error[key];
  return out;
}

/**
 * The TikTokShopError a shop object's method threw, from what reached the caller over RPC
 * (`await stub.authorize(...)` rejected with it); anything else is returned as it is.
 */
export function reviveError(error) {
  let message;
  try {
    if (error instanceof TikTokShopError) return error;
    message = error?.message;
  } catch {
    return error; // a revoked Proxy, a throwing getter: not an error of ours
  }
  const head = typeof message === "string" ? HEAD.exec(message) : null;
  if (!head) return error;
  const fields = { kind: head[1], field: head[2] ?? null, message: head[3] };
  for (const key of FIELDS) {
    let value;
    try {
      value = error[key];
    } catch {}
    if (typeof value === "string" || typeof value === "number") fields[key] = value;
  }
  return new TikTokShopError(fields);
}
