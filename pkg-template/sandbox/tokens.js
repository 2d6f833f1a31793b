// Auth codes, access tokens and refresh tokens. Tokens are random strings
// (never derived from the app's credentials); an access token lasts
// `accessTokenTtl`, a refresh token `refreshTokenTtl`, an auth code 30 minutes
// and works once. Expiry fields are absolute Unix seconds, as TikTok sends them.

const AUTH_CODE_TTL_S = 30 * 60;

const GRANTED_SCOPES = Object.freeze([
  "seller.authorization.info",
  "seller.shop.info",
  "seller.order.info",
  "seller.product.basic",
  "seller.product.write",
  "seller.fulfillment.basic",
  "seller.logistics",
  "seller.finance.info",
  "seller.return_refund.basic",
  "seller.promotion.info",
  "seller.customer_service",
  "seller.data_analytics",
]);

function randomBase64Url(n) {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * @param {{shop: object, now: () => number, accessTokenTtl: number, refreshTokenTtl: number,
 *   planTtl: () => number|null}} deps `planTtl`: the fault plan's access token lifetime, if any
 */
export function createTokenStore({ shop, now, accessTokenTtl, refreshTokenTtl, planTtl }) {
  const nowS = () => Math.floor(now() / 1000);
  const accessTokens = new Map();
  const refreshTokens = new Map();
  const authCodes = new Map();

  /** Shop indexes from ids, ciphers or indexes (default: every shop). */
  function resolveShops(list) {
    if (list === undefined || list === null) return shop.shops.map((_, i) => i);
    const out = [];
    for (const x of Array.isArray(list) ? list : [list]) {
      const i = shop.shopIndex(x);
      if (i < 0) throw new Error(`unknown shop: ${x}`);
      if (!out.includes(i)) out.push(i);
    }
    if (!out.length) throw new Error("at least one shop is required");
    return out;
  }

  function grant(shops) {
    const ms = now();
    const t = Math.floor(ms / 1000);
    const access = "ROW_" + randomBase64Url(33);
    const refresh = "ROW_" + randomBase64Url(33);
    const accessExp = t + (planTtl() ?? accessTokenTtl);
    const refreshExp = t + refreshTokenTtl;
    accessTokens.set(access, { shops, expireAt: accessExp, expired: false, issuedAtMs: ms });
    refreshTokens.set(refresh, { shops, expireAt: refreshExp });
    return {
      access_token: access,
      access_token_expire_in: accessExp,
      refresh_token: refresh,
      refresh_token_expire_in: refreshExp,
      open_id: shop.openId,
      seller_name: shop.sellerName,
      seller_base_region: shop.sellerBaseRegion,
      user_type: 0,
      granted_scopes: [...GRANTED_SCOPES],
    };
  }

  return {
    accessTokens,
    /** A fresh single-use auth code (30 minutes). */
    mintAuthCode({ shops } = {}) {
      const code = "ROW_" + randomBase64Url(24);
      authCodes.set(code, { createdAt: nowS(), used: false, shops: resolveShops(shops) });
      return code;
    },
    /** A token set without an auth code. */
    issueTokens({ shops } = {}) {
      return grant(resolveShops(shops));
    },
    /**
     * The token set for an auth code, or the reason there is none:
     * "invalid" | "used" | "expired".
     */
    exchange(code) {
      const entry = authCodes.get(code);
      if (!entry) return { error: "invalid" };
      if (entry.used) return { error: "used" };
      if (nowS() - entry.createdAt >= AUTH_CODE_TTL_S) return { error: "expired" };
      entry.used = true;
      return { tokens: grant(entry.shops) };
    },
    /** A new token set for a refresh token (which stops working), or { error: "invalid" | "expired" }. */
    refresh(token) {
      const entry = refreshTokens.get(token);
      if (!entry) return { error: "invalid" };
      if (nowS() >= entry.expireAt) return { error: "expired" };
      refreshTokens.delete(token); // rotation: the old refresh token stops working
      return { tokens: grant(entry.shops) };
    },
    /** The entry of an access token, or undefined. */
    access(token) {
      return accessTokens.get(token);
    },
    /** Every access token issued so far answers 105002 from now on; returns how many. */
    expireAccessTokens() {
      for (const t of accessTokens.values()) t.expired = true;
      return accessTokens.size;
    },
  };
}
