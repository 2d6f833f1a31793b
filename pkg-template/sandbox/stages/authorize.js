// The authorization page: the seller approves the app and is sent back to the
// app's redirect URL with a single-use auth code.

import { SandboxError, ERRORS, fail, missingParam } from "../errors.js";

export const authorizeStage = (s) => async (ctx) => {
  if (ctx.path !== "/oauth/authorize" && ctx.path !== "/open/authorize") return;
  if (ctx.method !== "GET") throw fail(ERRORS.METHOD_NOT_ALLOWED);
  const key = ctx.query.get("app_key");
  const sid = ctx.query.get("service_id");
  if (key !== s.appKey && !(key === null && sid === s.serviceId)) throw fail(ERRORS.INVALID_APP_KEY);
  const redirect = ctx.query.get("redirect_uri");
  if (!redirect) throw missingParam("redirect_uri");
  let target;
  try {
    target = new URL(redirect);
  } catch {
    throw new SandboxError(36009004, "Invalid redirect_uri", 400);
  }
  target.searchParams.set("code", s.tokens.mintAuthCode());
  const state = ctx.query.get("state");
  if (state !== null) target.searchParams.set("state", state);
  ctx.status = 302;
  return new Response(null, { status: 302, headers: { location: target.toString() } });
};
