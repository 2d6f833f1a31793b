// The access token (header x-tts-access-token): known, authorization not
// revoked, not expired, of the kind of account the operation needs, and
// granted one of the operation's scopes (where they are known).

import { ERRORS, fail, missingScope, wrongAccount } from "../errors.js";
import { holdsScope } from "../accounts.js";

export const accessStage = (s) => async (ctx) => {
  const token = ctx.request.headers.get("x-tts-access-token");
  if (!token) throw fail(ERRORS.MISSING_ACCESS_TOKEN);
  const entry = s.tokens.access(token);
  if (!entry) throw fail(ERRORS.INVALID_ACCESS_TOKEN);
  if (entry.auth.revoked) throw fail(ERRORS.NO_AUTHORIZATION);
  if (entry.expired || s.nowS() >= entry.expireAt) throw fail(ERRORS.ACCESS_TOKEN_EXPIRED);
  const cutoff = s.faults.plan.expireTokensAt;
  if (cutoff !== null && ctx.nowMs >= cutoff * 1000 && entry.issuedAtMs < cutoff * 1000) throw fail(ERRORS.ACCESS_TOKEN_EXPIRED);
  const needed = ctx.op.account ?? "seller";
  if (needed !== "any" && needed !== entry.auth.account) throw wrongAccount(needed, entry.auth.account);
  if (!holdsScope(ctx.op, entry.auth.scopes)) throw missingScope(ctx.op.scopes);
  ctx.token = entry;
};
