// The token endpoints on the auth host: GET /api/v2/token/get (an auth code)
// and GET /api/v2/token/refresh (a refresh token). Unsigned; the app proves
// itself with app_key and app_secret in the query. Every answer is HTTP 200.
// They work for every kind of account (seller, creator, partner).

import { ERRORS, fail } from "../errors.js";
import { envelope } from "../reply.js";
import { faultGate } from "./faults.js";

const TOKEN_PATHS = Object.freeze({ "/api/v2/token/get": "get", "/api/v2/token/refresh": "refresh" });

const CODE_ERRORS = { invalid: ERRORS.INVALID_AUTH_CODE, used: ERRORS.USED_AUTH_CODE, expired: ERRORS.EXPIRED_AUTH_CODE };
const REFRESH_ERRORS = { invalid: ERRORS.INVALID_REFRESH_TOKEN, revoked: ERRORS.REVOKED_REFRESH_TOKEN, expired: ERRORS.EXPIRED_REFRESH_TOKEN };

export const tokenStage = (s) => {
  const tokenOps = new Map(s.catalog.operations.filter((o) => TOKEN_PATHS[o.path]).map((o) => [o.path, o]));
  return async (ctx) => {
    const kind = TOKEN_PATHS[ctx.path];
    if (!kind) return;
    ctx.op = tokenOps.get(ctx.path) ?? { group: "token", operation: kind === "get" ? "getAccessToken" : "refreshAccessToken", version: "v2", response: null };
    if (ctx.method !== "GET") throw fail(ERRORS.METHOD_NOT_ALLOWED);
    const q = ctx.query;
    if (q.get("app_key") !== s.appKey || q.get("app_secret") !== s.appSecret) throw fail(ERRORS.INVALID_APP_CREDENTIALS);
    const faulted = await faultGate(s, ctx, null);
    if (faulted) return faulted;
    let result;
    if (kind === "get") {
      if (q.get("grant_type") !== "authorized_code") throw fail(ERRORS.INVALID_GRANT_TYPE);
      result = s.tokens.exchange(q.get("auth_code") ?? "");
      if (result.error) throw fail(CODE_ERRORS[result.error]);
    } else {
      if (q.get("grant_type") !== "refresh_token") throw fail(ERRORS.INVALID_GRANT_TYPE);
      result = s.tokens.refresh(q.get("refresh_token") ?? "");
      if (result.error) throw fail(REFRESH_ERRORS[result.error]);
    }
    const data = result.tokens;
    const schema = ctx.op.response && s.catalog.schemas[ctx.op.response] ? "#" + ctx.op.response : null;
    return envelope(ctx, 200, 0, "Success", schema ? s.fabricatorFor(0).shape(schema, data, "token", { entity: true }) : data);
  };
};
