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
