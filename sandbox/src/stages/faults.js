// Where the fault plan (../faults.js) acts: on business calls once they are
// authenticated, and inside the token stage once the app's credentials pass.

import { ERRORS } from "../errors.js";
import { envelope } from "../reply.js";
import { htmlResponse, dropResponse, redirectResponse, gzipBombResponse } from "../fault-replies.js";

/** A 5xx the way a gateway sends it: JSON for 500, an HTML page otherwise. */
function serverError(ctx, status) {
  if (status === 500) return envelope(ctx, 500, ERRORS.SERVER_ERROR[0], ERRORS.SERVER_ERROR[1]);
  ctx.status = status;
  ctx.code = null;
  return htmlResponse(status);
}

/**
 * Applies the plan to one request. Returns the Response that replaces the
 * answer, or undefined (the answer goes ahead; ctx.fault may say "slow" or
 * "truncated", applied to it by the pipeline). A "hang" returns a dropped
 * connection that the pipeline holds until the client gives up.
 */
export async function faultGate(s, ctx, shopKey) {
  const faults = s.faults;
  if (!faults.active) return undefined;
  const request = {
    app: ctx.query.get("app_key") ?? s.appKey,
    shop: shopKey || null,
    method: ctx.method,
    path: ctx.path,
    template: ctx.op?.path ?? ctx.path,
    tokenHost: ctx.op?.group === "token",
  };
  const f = faults.decide(request, ctx.nowMs);
  if (!f) return undefined;
  ctx.fault = f.kind;
  switch (f.kind) {
    case "rateLimit": {
      const [code, message, status] = ERRORS.TOO_MANY_REQUESTS;
      return envelope(ctx, status, code, message, null, { "retry-after": String(f.retryAfter) });
    }
    case "server":
      return serverError(ctx, [500, 502, 503][Math.min(2, Math.floor(f.variant * 3))]);
    case "tokenHostError":
      return serverError(ctx, f.fault.status);
    case "nonJson": {
      const status = f.variant < 0.5 ? 200 : 502;
      ctx.status = status;
      ctx.code = null;
      return htmlResponse(status);
    }
    case "gatewayTimeout":
      return envelope(ctx, ERRORS.GATEWAY_TIMEOUT[2], ERRORS.GATEWAY_TIMEOUT[0], ERRORS.GATEWAY_TIMEOUT[1]);
    case "redirect":
      ctx.status = f.fault.status;
      ctx.code = null;
      return redirectResponse(f.fault.status, f.fault.location, ctx.url);
    case "gzipBomb": {
      ctx.status = 200;
      ctx.code = null;
      return (await gzipBombResponse(f.fault.size)).response;
    }
    case "drop":
    case "hang":
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

export const faultsStage = (s) => async (ctx) => faultGate(s, ctx, ctx.query.get("shop_cipher"));
