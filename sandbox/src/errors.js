// The errors the sandbox answers with, in TikTok's envelope
// ({ code, message, request_id, data: null }). Codes and statuses follow the
// API facts' table; where the table gives no HTTP status the sandbox answers
// 200, as TikTok does for business errors.

export class SandboxError extends Error {
  /**
   * A business or gateway error answered with the standard envelope.
   * @param {number} code
   * @param {string} message
   * @param {number} [status] HTTP status (200 for business errors)
   */
  constructor(code, message, status = 200) {
    super(message);
    this.name = "SandboxError";
    this.code = code;
    this.status = status;
  }
}

/** [code, message, HTTP status] of each error the sandbox answers with. */
export const ERRORS = Object.freeze({
  PATH_NOT_FOUND: [36009009, "Path not found", 404],
  METHOD_NOT_ALLOWED: [36009010, "Method not allowed", 405],
  INVALID_APP_KEY: [36009004, "Invalid app_key", 400],
  INVALID_SERVICE_ID: [36009004, "Invalid service_id: not the service id of this app", 400],
  CREATOR_PAGE_APP_KEY: [36009004, "Invalid app_key: the creator authorization page takes the app key (app_key), not the service id", 400],
  INVALID_REDIRECT_URI: [36009004, "Invalid redirect_uri", 400],
  MISSING_SIGN: [36009004, "Missing required parameter: sign", 400],
  BAD_TIMESTAMP: [36009004, "Invalid timestamp: missing, not an integer, or out of the allowed window (server time -300 s to +30 s)", 400],
  INVALID_SIGN: [106001, "Invalid sign", 401],
  MISSING_ACCESS_TOKEN: [36009004, "Invalid access token: the x-tts-access-token header is missing", 401],
  INVALID_ACCESS_TOKEN: [36009004, "Invalid access token", 401],
  ACCESS_TOKEN_EXPIRED: [105002, "Access token is expired", 401],
  NO_AUTHORIZATION: [36004005, "No authorization record for this token: the authorization was revoked", 200],
  SHOP_CIPHER_REQUIRED: [106013, "shop_cipher is required for this API", 200],
  SHOP_CIPHER_FORBIDDEN: [36009004, "shop_cipher is not allowed for this API", 400],
  SHOP_CIPHER_MISMATCH: [101000, "shop_cipher does not match a shop authorized by this access token", 200],
  INVALID_BODY: [36009004, "Invalid request body", 400],
  MULTIPART_REQUIRED: [36009004, "Invalid Content-Type: multipart/form-data is required for this API", 400],
  JSON_REQUIRED: [36009004, "Invalid Content-Type: application/json is required for this API", 400],
  // token endpoints (host "auth"), all HTTP 200
  INVALID_APP_CREDENTIALS: [36009004, "Invalid app_key or app_secret", 200],
  INVALID_GRANT_TYPE: [36009004, "Invalid grant_type", 200],
  INVALID_AUTH_CODE: [36004004, "Invalid auth_code", 200],
  USED_AUTH_CODE: [36004004, "auth_code has already been used", 200],
  EXPIRED_AUTH_CODE: [36004004, "auth_code is expired", 200],
  INVALID_REFRESH_TOKEN: [36004004, "Invalid refresh_token", 200],
  EXPIRED_REFRESH_TOKEN: [36004001, "rt has expired: the refresh token is expired, authorize again", 200],
  REVOKED_REFRESH_TOKEN: [36004005, "No authorization record for this refresh token: the authorization was revoked", 200],
  INTERNAL: [36009999, "Internal sandbox error", 500],
  // injected by the fault plan
  TOO_MANY_REQUESTS: [36009002, "Too many requests", 429],
  SERVER_ERROR: [36009999, "Internal server error", 500],
  GATEWAY_TIMEOUT: [36009007, "Gateway timeout", 200],
});

/** The SandboxError of an ERRORS entry. */
export const fail = ([code, message, status]) => new SandboxError(code, message, status);

export const missingParam = (name) => new SandboxError(36009004, `Missing required parameter: ${name}`, 400);

/** 101000: the operation needs another kind of account's token. */
export const wrongAccount = (needed, actual) =>
  new SandboxError(101000, `This API needs a ${needed} access token; this one belongs to a ${actual}`, 200);

/** 105005: the token was granted none of the operation's scopes. */
export const missingScope = (scopes) =>
  new SandboxError(105005, `Access denied: this access token lacks the scope this API needs (one of ${scopes.join(", ")})`, 403);

/** 36009014: the version in the path is not (or no longer) served. */
export const retiredVersion = (message) => new SandboxError(36009014, message, 200);
