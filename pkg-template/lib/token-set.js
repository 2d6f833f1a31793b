// What a token reply must hold before anyone relies on it, and the expiry arithmetic:
// the one place either lives. A set handed to `onTokens` / `tokenStore.set` is complete.

import { TikTokShopError } from "./errors.js";

const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * A token reply's `data` checked and completed: the API's fields as they came, plus
 * `expires_in` (seconds left). Anything incomplete is a `decode` error: a set missing its
 * refresh token must never replace a stored one. (`refreshToken: false`: a store that
 * refreshes keeps the refresh token itself and may leave it out.)
 */
export function tokenSet(data, nowMs = Date.now(), { refreshToken = true } = {}) {
  const bad = (what) =>
    new TikTokShopError({ kind: "decode", field: what, message: `the token reply has no valid \`${what}\`` });
  if (data === null || typeof data !== "object") throw bad("data");
  if (typeof data.access_token !== "string" || !HEADER_SAFE.test(data.access_token)) throw bad("access_token");
  const refresh = data.refresh_token;
  if (refreshToken || refresh !== undefined) {
    if (typeof refresh !== "string" || !HEADER_SAFE.test(refresh)) throw bad("refresh_token");
  }
  if (!Number.isFinite(data.access_token_expire_in) || data.access_token_expire_in < 0) throw bad("access_token_expire_in");
  const refreshExpiry = data.refresh_token_expire_in;
  if (refreshExpiry !== undefined && refreshExpiry !== null && !(Number.isFinite(refreshExpiry) && refreshExpiry >= 0)) {
    throw bad("refresh_token_expire_in");
  }
  return { ...data, expires_in: secondsLeft(expiresAt(data.access_token_expire_in, nowMs), nowMs) };
}

/**
 * The absolute expiry (Unix seconds) of an `access_token_expire_in`. The API gives an
 * absolute time; a value before 2001 can only be a duration sent by mistake (or by a
 * gateway that converts it), and is read as one rather than as "expired in 1970".
 */
export function expiresAt(value, nowMs = Date.now()) {
  if (!Number.isFinite(value)) return null;
  return value < 1e9 ? Math.floor(nowMs / 1000) + value : value;
}

/** Seconds left until an absolute expiry, never negative. */
export function secondsLeft(expireAt, nowMs = Date.now()) {
  return expireAt === null ? 0 : Math.max(0, Math.floor(expireAt - nowMs / 1000));
}
