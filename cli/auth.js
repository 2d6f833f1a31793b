// `tiktok-shop auth url | exchange | refresh | status`: the seller authorization URL, the
// code exchange and the refresh, saving tokens to the profile (never printing them).

import { randomBytes } from "node:crypto";
import { authorizationUrl, exchangeAuthCode, refreshAccessToken, TikTokShop } from "tiktok-shop-wasm";
import { stringFlag, integerFlag, UsageError } from "./args.js";
import { tokenFields } from "./call.js";
import { formatJson, prettyOutput, write } from "./output.js";
import { CREDENTIALS, requireCredential, saveProfile } from "./profile.js";

export const AUTH_FLAGS = {
  url: ["service-id", "state", "region"],
  exchange: ["code"],
  refresh: [],
  status: [],
};

const iso = (seconds) => (Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null);

function connection(creds) {
  const { baseUrl, authBaseUrl, proxy } = creds.values;
  return { baseUrl, authBaseUrl, proxy };
}

/** Fields given by flags or the environment, saved with the tokens so the profile alone is enough. */
function givenFields(creds, keys) {
  const out = {};
  for (const key of keys) {
    if (creds.sources[key] === "flag" || creds.sources[key] === "env") out[CREDENTIALS[key].field] = creds.values[key];
  }
  return out;
}

function tokenSummary(tokens) {
  return {
    seller_name: tokens.seller_name,
    seller_base_region: tokens.seller_base_region,
    open_id: tokens.open_id,
    user_type: tokens.user_type,
    granted_scopes: tokens.granted_scopes,
    access_token_expires_at: iso(tokens.access_token_expire_in),
    refresh_token_expires_at: iso(tokens.refresh_token_expire_in),
  };
}

export async function authCommand({ positionals, flags, loadCreds, notice, secrets }) {
  const sub = positionals[0];
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const timeoutMs = integerFlag(flags, "timeout-ms", 1);
  switch (sub) {
    case "url": {
      const creds = loadCreds();
      const serviceId = requireCredential(creds, "serviceId", "save service_id in the profile (Partner Center > your app > Service ID)");
      const state = stringFlag(flags, "state") ?? randomBytes(16).toString("hex");
      await write(authorizationUrl({ serviceId, state, region: stringFlag(flags, "region") }) + "\n");
      return;
    }
    case "exchange": {
      const code = stringFlag(flags, "code") ?? (process.env.TIKTOK_SHOP_AUTH_CODE || undefined);
      if (!code) throw new UsageError("missing the authorization code: pass --code CODE or set TIKTOK_SHOP_AUTH_CODE");
      secrets.add(code);
      const creds = loadCreds();
      const appKey = requireCredential(creds, "appKey");
      const appSecret = requireCredential(creds, "appSecret");
      const tokens = await exchangeAuthCode({ appKey, appSecret, ...connection(creds), timeoutMs, authCode: code });
      secrets.add(tokens.access_token);
      secrets.add(tokens.refresh_token);
      // The code is spent: save the tokens before anything else can fail.
      saveProfile(creds.profileFile, creds.profileName, {
        app_key: appKey,
        app_secret: appSecret,
        ...givenFields(creds, ["baseUrl", "authBaseUrl", "proxy", "serviceId"]),
        ...tokenFields(tokens),
        seller_name: tokens.seller_name,
        seller_base_region: tokens.seller_base_region,
        open_id: tokens.open_id,
        user_type: tokens.user_type,
      });
      let shops;
      try {
        const account = new TikTokShop({ appKey, appSecret, ...connection(creds), timeoutMs, accessToken: tokens.access_token });
        ({ shops = [] } = (await account.authorization.getAuthorizedShops()) ?? {});
      } catch (error) {
        notice(`the tokens were saved to profile "${creds.profileName}", but listing the authorized shops failed`);
        throw error;
      }
      const given = creds.sources.shopCipher === "flag" || creds.sources.shopCipher === "env";
      const shopCipher = given ? creds.values.shopCipher : shops[0]?.cipher;
      saveProfile(creds.profileFile, creds.profileName, {
        shop_cipher: shopCipher,
        shops: shops.map(({ id, name, region, cipher, code: shopCode, seller_type }) => ({ id, name, region, cipher, code: shopCode, seller_type })),
      });
      await write(formatJson({
        profile: creds.profileName,
        profile_file: creds.profileFile,
        ...tokenSummary(tokens),
        shop_cipher: shopCipher ?? null,
        shops: shops.map(({ id, name, region, cipher }) => ({ id, name, region, cipher })),
      }, prettyOutput(flags)));
      return;
    }
    case "refresh": {
      const creds = loadCreds();
      const appKey = requireCredential(creds, "appKey");
      const appSecret = requireCredential(creds, "appSecret");
      const refreshToken = requireCredential(creds, "refreshToken", "run `tiktok-shop auth exchange --code CODE` first");
      const tokens = await refreshAccessToken({ appKey, appSecret, ...connection(creds), timeoutMs, refreshToken });
      secrets.add(tokens.access_token);
      secrets.add(tokens.refresh_token);
      saveProfile(creds.profileFile, creds.profileName, tokenFields(tokens));
      await write(formatJson({
        profile: creds.profileName,
        profile_file: creds.profileFile,
        refresh_token_rotated: Boolean(tokens.refresh_token) && tokens.refresh_token !== refreshToken,
        ...tokenSummary(tokens),
      }, prettyOutput(flags)));
      return;
    }
    case "status": {
      const creds = loadCreds();
      const set = {};
      for (const [key, spec] of Object.entries(CREDENTIALS)) {
        const source = creds.sources[key];
        set[spec.field] = source ? (spec.secret ? `set (${source})` : `${creds.values[key]} (${source})`) : null;
      }
      const p = creds.profile ?? {};
      await write(formatJson({
        profile: creds.profileName,
        profile_file: creds.profileFile,
        profile_exists: Boolean(creds.profile),
        credentials: set,
        seller_name: p.seller_name ?? null,
        access_token_expires_at: creds.sources.accessToken === "profile" ? iso(p.access_token_expire_in) : null,
        refresh_token_expires_at: creds.sources.refreshToken === "profile" ? iso(p.refresh_token_expire_in) : null,
        other_profiles: creds.profileNames.filter((n) => n !== creds.profileName),
      }, prettyOutput(flags)));
      return;
    }
    case undefined:
      throw new UsageError("missing the auth command: url, exchange, refresh or status", "`tiktok-shop auth --help` shows them");
    default:
      throw new UsageError(`unknown auth command "${sub}" (url, exchange, refresh or status)`);
  }
}
