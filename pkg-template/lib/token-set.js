// Token sets: what one must hold before anyone relies on it, and the expiry arithmetic.
// The one place either lives: a token reply (lib/client.js), a set given by hand or by a
// store (lib/token-keeper.js) and a set a shop's Durable Object keeps
// (cloudflare/token-vault.js) are checked by `checkTokenSet`, and each of them tells when
// an access token is due for a refresh by `expiresAt` and `isExpiring`.

import { configError, TikTokShopError } from "./errors.js";
import { MAX_TEXT, optionsObject, scopeList, TOKEN_CHARACTERS } from "./checks.js";

/** Refresh this long before the access token expires, unless `refreshSkewSeconds` says. */
export const DEFAULT_SKEW_SECONDS = 300;


/**
 * The token fields of `value`, checked: `access_token` always, `refresh_token` and
 * `access_token_expire_in` when `required` says so (else where given), and
 * `refresh_token_expire_in` and `granted_scopes` where given. A token is visible ASCII (it
 * goes into a header or a query); an expiry is a Unix time in seconds (a Date is taken
 * too); the scopes are an array of names.
 * `error(field, why)` makes the error: `why` is "object" (not a token set at all; `field`
 * null), "missing", "token", "expiry" or "scopes" (a bad value). With `scopes: "lenient"`
 * (a token reply), unusable scopes are not known rather than an error: the tokens of a
 * reply must not be lost for a field only the scope check reads.
 * @returns {{ access_token: string, refresh_token?: string, access_token_expire_in?: number,
 *   refresh_token_expire_in?: number, granted_scopes?: string[] }} the expiries as given
 *   (seconds), `undefined` when absent
 */
export function checkTokenSet(value, { refreshToken = false, expiry = false, scopes = "strict", error }) {
  if (value === null || typeof value !== "object") throw error(null, "object");
  // Read once, each property under a guard (a store's answer may be anything).
  const o = optionsObject(value, "tokens", null, (field) => error(field, "missing"));
  const token = (field, required) => {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) throw error(field, "missing");
      return undefined;
    }
    // The rule of every token the client takes (lib/checks.js `token`).
    if (typeof v !== "string" || v.length > MAX_TEXT || !TOKEN_CHARACTERS.test(v)) throw error(field, "token");
    return v;
  };
  const seconds = (field, required) => {
    const v = o[field];
    if (v === undefined || v === null) {
      if (required) throw error(field, "missing");
      return undefined;
    }
    let s;
    try {
      s = v instanceof Date ? v.getTime() / 1000 : v;
    } catch {}
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0) throw error(field, "expiry");
    return s;
  };
  return {
    access_token: token("access_token", true),
    refresh_token: token("refresh_token", refreshToken),
    access_token_expire_in: seconds("access_token_expire_in", expiry),
    refresh_token_expire_in: seconds("refresh_token_expire_in", false),
    granted_scopes: grantedScopes(o.granted_scopes, scopes === "lenient" ? null : (field) => error(field, "scopes")),
  };
}

/**
 * The scopes a checked set (or a token reply's data) grants, for the scope check: an
 * array, or null when not known (left out, or unusable in a reply).
 */
export function knownScopes(tokens) {
  return grantedScopes(tokens.granted_scopes, null) ?? null;
}

/** `granted_scopes` checked; with no `fail`, unusable ones are `undefined` (not known). */
function grantedScopes(value, fail) {
  if (fail) return scopeList(value, "granted_scopes", fail);
  try {
    return scopeList(value, "granted_scopes");
  } catch {
    return undefined;
  }
}

/**
 * A token reply's `data` checked and completed: the API's fields as they came, plus
 * `expires_in` (seconds left). Anything incomplete is a `decode` error: a set missing its
 * refresh token must never replace a stored one. (`refreshToken: false`: a store that
 * refreshes keeps the refresh token itself and may leave it out.)
 */
export function tokenSet(data, nowMs = Date.now(), { refreshToken = true } = {}) {
  const checked = checkTokenSet(data, {
    refreshToken,
    expiry: true,
    scopes: "lenient",
    error: (field) =>
      new TikTokShopError({ kind: "decode", field: field ?? "data", message: `the token reply has no valid \`${field ?? "data"}\`` }),
  });
  return { ...data, expires_in: secondsLeft(expiresAt(checked.access_token_expire_in, nowMs), nowMs) };
}

const ARGUMENT_PROBLEMS = {
  missing: "is required",
  token: "may only hold visible ASCII characters (no spaces, line breaks or NUL), at most 4096",
  expiry: "must be a Unix time in seconds (like access_token_expire_in) or a Date",
  scopes: "must be an array of scope names (visible ASCII strings, as TikTok's granted_scopes)",
};

/**
 * A token set given by hand (`setTokens`), by a store (`tokenStore.get()`) or to a shop's
 * object (`authorize`): a `config` error naming `field.<member>` when it is not usable.
 */
export function tokensArgument(value, field, { refreshToken = false, expiry = false } = {}) {
  return checkTokenSet(value, {
    refreshToken,
    expiry,
    error: (member, why) => {
      if (why === "object") return configError(field, `\`${field}\` must be a token set object`);
      const name = `${field}.${member}`;
      return configError(name, `\`${name}\` ${ARGUMENT_PROBLEMS[why]}`);
    },
  });
}

/**
 * The absolute expiry (Unix seconds) of an `access_token_expire_in`. The API gives an
 * absolute time; a value before 2001 can only be a duration sent by mistake (or by a
 * gateway that converts it), and is read as one rather than as "expired in 1970".
 * Read it once, when the set arrives: a duration means "from now".
 */
export function expiresAt(value, nowMs = Date.now()) {
  if (!Number.isFinite(value)) return null;
  return value < 1e9 ? Math.floor(nowMs / 1000) + value : value;
}

/** Whether an access token expiring at `expireAt` (absolute seconds, or null: unknown) is due for a refresh. */
export function isExpiring(expireAt, nowMs = Date.now(), skewSeconds = DEFAULT_SKEW_SECONDS) {
  return expireAt !== null && expireAt - nowMs / 1000 <= skewSeconds;
}

/** Seconds left until an absolute expiry, never negative. */
export function secondsLeft(expireAt, nowMs = Date.now()) {
  return expireAt === null ? 0 : Math.max(0, Math.floor(expireAt - nowMs / 1000));
}
