// Authorizing an account: the page to send it to (seller, creator or partner), reading the
// redirect that comes back, and the two token calls as functions. Token results keep the
// API's fields and add `expires_in` (seconds left).

import { TikTokShop } from "./client.js";
import { configError, invalidError, TikTokShopError } from "./errors.js";
import { optionsObject, read, string } from "./checks.js";
import { CLIENT_OPTIONS } from "./client-options.js";

/** Where each kind of account authorizes an app (the API notes' hosts table). */
const AUTHORIZE_PAGES = {
  seller: { global: "https://services.tiktokshop.com/open/authorize", us: "https://services.tiktokshops.us/open/authorize" },
  partner: { global: "https://partner.tiktokshop.com/open/authorize", us: "https://partner.us.tiktokshop.com/open/authorize" },
  creator: { global: "https://shop.tiktok.com/alliance/creator/auth", us: "https://shop.tiktok.com/alliance/creator/auth" },
};

/**
 * The page where an account authorizes your app. Sellers and partners are identified by
 * your `serviceId`, creators by your `appKey`; `region: "us"` for accounts in the US;
 * `authorizeUrl` replaces the page (the sandbox serves all three). TikTok then sends the
 * account to your redirect URL with `code` and `state` (see parseAuthorizationRedirect).
 */
export function authorizationUrl(options) {
  const o = optionsObject(options, "options", ["account", "region", "serviceId", "appKey", "state", "authorizeUrl"]);
  const account = o.account ?? "seller";
  if (!Object.hasOwn(AUTHORIZE_PAGES, account)) {
    throw configError("account", '`account` must be "seller", "creator" or "partner"');
  }
  const region = o.region ?? "global";
  if (region !== "global" && region !== "us") throw configError("region", '`region` must be "global" or "us"');
  const page = string(o.authorizeUrl, "authorizeUrl", { max: 2048 }) ?? AUTHORIZE_PAGES[account][region];
  let url;
  try {
    url = new URL(page);
  } catch {
    throw configError("authorizeUrl", "`authorizeUrl` must be an absolute URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw configError("authorizeUrl", "`authorizeUrl` must be an http(s) URL");
  if (account === "creator") {
    url.searchParams.set("app_key", string(o.appKey, "appKey", { required: true, max: 256 }));
  } else {
    url.searchParams.set("service_id", string(o.serviceId, "serviceId", { required: true, max: 256 }));
  }
  const state = string(o.state, "state", { max: 1024 });
  if (state !== undefined) url.searchParams.set("state", state);
  return url.toString();
}

/**
 * Reads the redirect TikTok sends an account back with: a URL (string or URL),
 * URLSearchParams or a Request. Returns `{ code, state }`. `options.state` is required:
 * the state sent with the account (authorizationUrl), which the redirect must carry back;
 * a different or missing one is an `auth` error (a forged callback). A refusal
 * (`error=auth_denied`) is an `auth` error too.
 */
export function parseAuthorizationRedirect(input, options) {
  if (options === undefined || options === null) {
    throw configError("state", "`options.state` is required: the state you sent with the account (it tells a forged callback)");
  }
  const o = optionsObject(options, "options", ["state"]);
  // An unset variable (null, undefined) must not turn the check off.
  const expected = string(o.state, "state", { required: true, max: 1024 });
  const params = searchParams(input);
  const error = params.get("error");
  const state = params.get("state");
  if (state !== expected) {
    throw new TikTokShopError({ kind: "auth", field: "state", message: "the redirect's state does not match the one sent: ignore this callback" });
  }
  if (error) {
    const denied = error === "auth_denied";
    throw new TikTokShopError({
      kind: "auth",
      field: "error",
      message: denied ? "the account refused to authorize the app (error=auth_denied)" : "the authorization failed (TikTok sent an error)",
    });
  }
  const code = params.get("code");
  if (!code || code === "null") throw invalidError("code", "the redirect carries no authorization `code`");
  return { code, state };
}

function searchParams(input) {
  try {
    if (input instanceof URLSearchParams) return input;
    if (input instanceof URL) return input.searchParams;
    // An absolute URL, or the path and query a server saw (`/callback?code=...`).
    if (typeof input === "string" && (/^[a-z][a-z0-9+.-]*:/i.test(input) || /^[/?]/.test(input))) {
      return new URL(input, "http://redirect.invalid").searchParams;
    }
    const url = read(input, "url", "input", invalidError);
    if (typeof url === "string") return new URL(url).searchParams;
  } catch (error) {
    if (error instanceof TikTokShopError) throw error;
  }
  throw invalidError("input", "`input` must be the redirect URL (a string or URL), its URLSearchParams, or the Request");
}

/** Exchanges an authorization code for access and refresh tokens. */
export async function exchangeAuthCode(options) {
  const { authCode, client } = tokenCall(options, "authCode");
  // Retried on transient failures: a retry after a lost reply meets a used code, no worse.
  return client.call("token", "getAccessToken", { auth_code: authCode }, { retryWrites: true });
}

/** Gets a new access token (and possibly a rotated refresh token) from a refresh token. */
export async function refreshAccessToken(options) {
  const { refreshToken, client } = tokenCall(options, "refreshToken");
  return client.call("token", "refreshAccessToken", { refresh_token: refreshToken }, { retryWrites: true });
}

/** The credential the call takes, and a client of the remaining options to make it. */
function tokenCall(options, credential) {
  if (options === undefined) throw configError("options", `options are required: \`{ appKey, appSecret, ${credential} }\``);
  // The client's options and the credential: a typo of either gets its suggestion here.
  const { [credential]: value, ...rest } = optionsObject(options, "options", [...CLIENT_OPTIONS, credential]);
  // The client first: a missing app key or secret is reported before a missing credential.
  const client = new TikTokShop({ ...rest, rateLimit: false });
  return { [credential]: string(value, credential, { required: true, error: invalidError }), client };
}
