// The access token (header x-tts-access-token): known and not expired.

import { ERRORS, fail } from "../errors.js";

export const accessStage = (s) => async (ctx) => {
  const token = ctx.request.headers.get("x-tts-access-token");
  if (!token) throw fail(ERRORS.MISSING_ACCESS_TOKEN);
  const entry = s.tokens.access(token);
  if (!entry) throw fail(ERRORS.INVALID_ACCESS_TOKEN);
  if (entry.expired || s.nowS() >= entry.expireAt) throw fail(ERRORS.ACCESS_TOKEN_EXPIRED);
  const cutoff = s.faults.plan.expireTokensAt;
  if (cutoff !== null && ctx.nowMs >= cutoff * 1000 && entry.issuedAtMs < cutoff * 1000) throw fail(ERRORS.ACCESS_TOKEN_EXPIRED);
  ctx.token = entry;
};
