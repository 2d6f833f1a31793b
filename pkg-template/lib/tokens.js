// The token group as functions: exchange an auth code, refresh an access token.
// Results keep the API's fields and add `expires_in` (seconds left).

import { TikTokShop } from "./client.js";
import { TikTokShopError } from "./errors.js";

function requireString(value, field) {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TikTokShopError({
      kind: "invalid_request",
      field,
      message: value === undefined ? `\`${field}\` is required` : `\`${field}\` must be a non-empty string`,
    });
  }
  return value;
}

const AUTHORIZE_PAGES = {
  global: "https://services.tiktokshop.com/open/authorize",
  us: "https://services.us.tiktokshop.com/open/authorize",
};

/**
 * The page where a seller authorizes your app: `{ serviceId, state }`, `region: "us"` for
 * US sellers (their own host), or `authorizeUrl` for another host (the sandbox serves
 * `/open/authorize`). TikTok sends the seller back to your redirect URL with `code` and `state`.
 */
export function authorizationUrl({ serviceId, state, region = "global", authorizeUrl } = {}) {
  requireString(serviceId, "serviceId");
  const base = authorizeUrl ?? AUTHORIZE_PAGES[String(region).toLowerCase()];
  if (!base) {
    throw new TikTokShopError({ kind: "config", field: "region", message: "`region` must be \"global\" or \"us\"" });
  }
  let url;
  try {
    url = new URL(base);
  } catch {
    throw new TikTokShopError({ kind: "config", field: "authorizeUrl", message: "`authorizeUrl` must be an absolute URL" });
  }
  url.searchParams.set("service_id", serviceId);
  if (state !== undefined) url.searchParams.set("state", requireString(state, "state"));
  return url.toString();
}

/** Exchanges a seller's authorization code for access and refresh tokens. */
export async function exchangeAuthCode(options) {
  const { authCode, ...clientOptions } = options ?? {};
  const client = new TikTokShop(clientOptions);
  return client.call("token", "getAccessToken", { auth_code: requireString(authCode, "authCode") });
}

/** Gets a new access token (and possibly a rotated refresh token) from a refresh token. */
export async function refreshAccessToken(options) {
  const { refreshToken, ...clientOptions } = options ?? {};
  const client = new TikTokShop(clientOptions);
  return client.call("token", "refreshAccessToken", { refresh_token: requireString(refreshToken, "refreshToken") });
}
