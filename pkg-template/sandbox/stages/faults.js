// Where the fault plan (../faults.js) acts: on business calls once they are
// authenticated, and inside the token stage once the app's credentials pass.

import { ERRORS } from "../errors.js";
import { envelope } from "../reply.js";
import { htmlResponse, dropResponse } from "../fault-replies.js";

/**
 * Applies the plan to one request. Returns the Response that replaces the
 * answer, or undefined (the answer goes ahead; ctx.fault may say "slow" or
 * "truncated", applied to it by the pipeline).
 */
export function faultGate(s, ctx, shopKey) {
  const faults = s.faults;
  if (!faults.active) return undefined;
  const f = faults.decide(`${ctx.query.get("app_key") ?? s.appKey}|${shopKey || "-"}`, ctx.nowMs);
  if (!f) return undefined;
  ctx.fault = f.kind;
  switch (f.kind) {
    case "rateLimit": {
      const [code, message, status] = ERRORS.TOO_MANY_REQUESTS;
      return envelope(ctx, status, code, message, null, { "retry-after": String(f.retryAfter) });
    }
    case "server": {
      const status = [500, 502, 503][Math.min(2, Math.floor(f.variant * 3))];
      if (status === 500) return envelope(ctx, 500, ERRORS.SERVER_ERROR[0], ERRORS.SERVER_ERROR[1]);
      ctx.status = status;
      ctx.code = null;
      return htmlResponse(status);
    }
    case "nonJson": {
      const status = f.variant < 0.5 ? 200 : 502;
      ctx.status = status;
      ctx.code = null;
      return htmlResponse(status);
    }
    case "gatewayTimeout":
      return envelope(ctx, ERRORS.GATEWAY_TIMEOUT[2], ERRORS.GATEWAY_TIMEOUT[0], ERRORS.GATEWAY_TIMEOUT[1]);
    case "drop":
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
