// The authorization pages: the user approves the app and is sent back to the
// app's redirect URL with a single-use auth code, or refuses and is sent back
// with ?code=null&error=auth_denied, as TikTok does.
//   seller   GET /open/authorize?service_id=…&state=…      (also the older
//            /oauth/authorize?app_key=…)
//   partner  GET /partner/open/authorize?service_id=…[&state=…]
//   creator  GET /alliance/creator/auth?app_key=…&state=…  (the app key, not the service id)
// Each takes redirect_uri (else the `redirectUri` option, the app's registered
// URL). A page refuses when asked (&sandbox_deny=1) or while
// sandbox.denyAuthorization() is on.

import { ERRORS, fail, missingParam } from "../errors.js";

const PAGES = Object.freeze({
  "/open/authorize": { account: "seller", by: "service_id" },
  "/oauth/authorize": { account: "seller", by: "app_key" },
  "/partner/open/authorize": { account: "partner", by: "service_id" },
  "/alliance/creator/auth": { account: "creator", by: "app_key" },
});

/** Who the page is for: the seller pages accept the app key or the service id. */
function checkApp(s, page, q) {
  const key = q.get("app_key");
  const sid = q.get("service_id");
  if (page.account === "seller") {
    if (key === s.appKey || (key === null && sid === s.serviceId)) return;
    throw fail(key === null && sid !== null ? ERRORS.INVALID_SERVICE_ID : ERRORS.INVALID_APP_KEY);
  }
  if (page.by === "service_id") {
    if (sid === null) throw missingParam("service_id");
    if (sid !== s.serviceId) throw fail(ERRORS.INVALID_SERVICE_ID);
    return;
  }
  if (key === s.appKey) return;
  throw fail(key === null && sid !== null ? ERRORS.CREATOR_PAGE_APP_KEY : ERRORS.INVALID_APP_KEY);
}

export const authorizeStage = (s) => async (ctx) => {
  const page = PAGES[ctx.path];
  if (!page) return;
  if (ctx.method !== "GET") throw fail(ERRORS.METHOD_NOT_ALLOWED);
  const q = ctx.query;
  checkApp(s, page, q);
  const redirect = q.get("redirect_uri") ?? s.redirectUri;
  if (!redirect) throw missingParam("redirect_uri");
  let target;
  try {
    target = new URL(redirect);
  } catch {
    throw fail(ERRORS.INVALID_REDIRECT_URI);
  }
  if (s.authorizationDenied || q.get("sandbox_deny") === "1") {
    target.searchParams.set("code", "null");
    target.searchParams.set("error", "auth_denied");
  } else {
    target.searchParams.set("code", s.tokens.mintAuthCode({ account: page.account }));
  }
  const state = q.get("state");
  if (state !== null) target.searchParams.set("state", state);
  ctx.status = 302;
  return new Response(null, { status: 302, headers: { location: target.toString() } });
};
