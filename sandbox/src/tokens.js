// Authorizations, auth codes, access tokens and refresh tokens.
//
// An authorization is what a user granted the app: a kind of account, the
// shops (sellers only) and the scopes. Every token set issued for it (by an
// auth code, a refresh, or issueTokens) points to it, so revoking it stops
// them all (36004005). Tokens are random strings, never derived from the app's
// credentials; an access token lasts `accessTokenTtl`, a refresh token
// `refreshTokenTtl`, an auth code 30 minutes and works once. Expiry fields are
// absolute Unix seconds, as TikTok sends them.

import { ACCOUNTS, accountKind, groupScopes, identities, scopesOf } from "./accounts.js";

const AUTH_CODE_TTL_S = 30 * 60;

function randomBase64Url(n) {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const asList = (v) => (v === undefined || v === null ? undefined : Array.isArray(v) ? v : [v]);

/**
 * @param {{shop: object, catalog: object, now: () => number, accessTokenTtl: number,
 *   refreshTokenTtl: number, planTtl: () => number|null}} deps `planTtl`: the fault
 *   plan's access token lifetime, if any
 */
export function createTokenStore({ shop, catalog, now, accessTokenTtl, refreshTokenTtl, planTtl }) {
  const nowS = () => Math.floor(now() / 1000);
  const who = identities(shop);
  const allScopes = Object.fromEntries(Object.keys(ACCOUNTS).map((k) => [k, scopesOf(catalog, k)]));
  const aliases = Object.fromEntries(Object.keys(ACCOUNTS).map((k) => [k, groupScopes(catalog, k)]));
  const authorizations = [];
  const accessTokens = new Map();
  const refreshTokens = new Map();
  const authCodes = new Map();

  /** Shop indexes from ids, ciphers or indexes (sellers: default every shop; others: none). */
  function resolveShops(account, list) {
    list = asList(list);
    if (account !== "seller") {
      if (list?.length) throw new TypeError(`a ${account} authorizes no shops`);
      return [];
    }
    if (list === undefined) return shop.shops.map((_, i) => i);
    const out = [];
    for (const x of list) {
      const i = shop.shopIndex(x);
      if (i < 0) throw new Error(`unknown shop: ${x}`);
      if (!out.includes(i)) out.push(i);
    }
    if (!out.length) throw new Error("at least one shop is required");
    return out;
  }

  /** TikTok's scope names, or group names standing for every scope of their operations. */
  function resolveScopes(account, list) {
    list = asList(list);
    if (list === undefined) return [...allScopes[account]];
    const out = new Set();
    for (const x of list) {
      if (allScopes[account].includes(x)) out.add(x);
      else if (aliases[account].has(x)) for (const s of aliases[account].get(x)) out.add(s);
      else {
        throw new TypeError(
          `unknown scope ${JSON.stringify(x)} for a ${account} (TikTok's names, e.g. ${allScopes[account].slice(0, 3).join(", ")}, or a group: ${[...aliases[account].keys()].join(", ")})`,
        );
      }
    }
    return [...out].sort();
  }

  /** What a user grants: { account, shops, scopes }, validated. */
  function terms({ account, shops, scopes } = {}) {
    const kind = accountKind(account);
    return { account: kind, shops: resolveShops(kind, shops), scopes: resolveScopes(kind, scopes) };
  }

  function authorize(t) {
    const auth = { id: authorizations.length + 1, ...t, revoked: false };
    authorizations.push(auth);
    return auth;
  }

  function grant(auth) {
    const ms = now();
    const t = Math.floor(ms / 1000);
    const access = "ROW_" + randomBase64Url(33);
    const refresh = "ROW_" + randomBase64Url(33);
    const accessExp = t + (planTtl() ?? accessTokenTtl);
    const refreshExp = t + refreshTokenTtl;
    accessTokens.set(access, { auth, shops: auth.shops, expireAt: accessExp, expired: false, issuedAtMs: ms });
    refreshTokens.set(refresh, { auth, expireAt: refreshExp });
    return {
      access_token: access,
      access_token_expire_in: accessExp,
      refresh_token: refresh,
      refresh_token_expire_in: refreshExp,
      ...who[auth.account],
      user_type: ACCOUNTS[auth.account].userType,
      granted_scopes: [...auth.scopes],
    };
  }

  return {
    /** Every scope a kind of account can be granted. */
    scopes: (account) => [...allScopes[accountKind(account)]],
    /** A fresh single-use auth code (30 minutes) for { account, shops, scopes }. */
    mintAuthCode(options) {
      const code = "ROW_" + randomBase64Url(24);
      authCodes.set(code, { createdAt: nowS(), used: false, terms: terms(options) });
      return code;
    },
    /** A token set without an auth code. */
    issueTokens(options) {
      return grant(authorize(terms(options)));
    },
    /** The token set for an auth code, or { error: "invalid" | "used" | "expired" }. */
    exchange(code) {
      const entry = authCodes.get(code);
      if (!entry) return { error: "invalid" };
      if (entry.used) return { error: "used" };
      if (nowS() - entry.createdAt >= AUTH_CODE_TTL_S) return { error: "expired" };
      entry.used = true;
      return { tokens: grant(authorize(entry.terms)) };
    },
    /**
     * A new token set for a refresh token (which stops working), or
     * { error: "invalid" | "revoked" | "expired" }.
     */
    refresh(token) {
      const entry = refreshTokens.get(token);
      if (!entry) return { error: "invalid" };
      if (entry.auth.revoked) return { error: "revoked" };
      if (nowS() >= entry.expireAt) return { error: "expired" };
      refreshTokens.delete(token); // rotation: the old refresh token stops working
      return { tokens: grant(entry.auth) };
    },
    /** The entry of an access token ({ auth, shops, expireAt, expired, issuedAtMs }), or undefined. */
    access(token) {
      return accessTokens.get(token);
    },
    /** Every access token issued so far answers 105002 from now on; returns how many. */
    expireAccessTokens() {
      for (const t of accessTokens.values()) t.expired = true;
      return accessTokens.size;
    },
    /**
     * Revokes authorizations: the one a token (access or refresh) belongs to,
     * or every seller authorization that includes a shop (id, cipher or index).
     * Their tokens then answer 36004005. Returns how many were revoked.
     */
    revokeAuthorization({ token, shop: shopRef } = {}) {
      let hit;
      if (token !== undefined && token !== null) {
        const auth = (accessTokens.get(token) ?? refreshTokens.get(token))?.auth;
        if (!auth) throw new Error("unknown token");
        hit = [auth];
      } else if (shopRef !== undefined && shopRef !== null) {
        const i = shop.shopIndex(shopRef);
        if (i < 0) throw new Error(`unknown shop: ${shopRef}`);
        hit = authorizations.filter((a) => a.shops.includes(i));
      } else {
        throw new TypeError("revokeAuthorization needs a token or a shop");
      }
      const fresh = hit.filter((a) => !a.revoked);
      for (const a of fresh) a.revoked = true;
      return fresh.length;
    },
  };
}
