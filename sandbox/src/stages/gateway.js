// What TikTok's gateway checks before anything else: the path and method
// (routing), whether that version is still served, then app_key, the
// presence of sign, and the timestamp window.

import { ERRORS, fail, retiredVersion } from "../errors.js";

const TIMESTAMP_PAST_S = 300;
const TIMESTAMP_FUTURE_S = 30;

export const routeStage = (s) => async (ctx) => {
  const m = s.router.match(ctx.method, ctx.path);
  if (!m) throw fail(ERRORS.PATH_NOT_FOUND);
  if (m.methodNotAllowed) throw fail(ERRORS.METHOD_NOT_ALLOWED);
  ctx.op = m.op;
  ctx.params = m.params;
};

export const versionStage = (s) => async (ctx) => {
  if (s.retired.has(ctx.op)) throw retiredVersion(s.retired.message(ctx.op));
};

export const gatewayStage = (s) => async (ctx) => {
  const q = ctx.query;
  if (q.get("app_key") !== s.appKey) throw fail(ERRORS.INVALID_APP_KEY);
  if (!q.get("sign")) throw fail(ERRORS.MISSING_SIGN);
  const ts = q.get("timestamp");
  if (ts === null || !/^-?\d{1,15}$/.test(ts)) throw fail(ERRORS.BAD_TIMESTAMP);
  const t = Number(ts);
  const n = Math.floor(ctx.nowMs / 1000);
  if (t < n - TIMESTAMP_PAST_S || t > n + TIMESTAMP_FUTURE_S) throw fail(ERRORS.BAD_TIMESTAMP);
};
