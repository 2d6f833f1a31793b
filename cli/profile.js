// Credentials: flags > environment > profile file. The profile file holds named
// profiles (`{ "profiles": { "default": {...} } }`), is written owner-only (0600, in a
// 0700 directory) and replaced atomically, so a rotated refresh token is never half-saved.

import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { last, UsageError } from "./args.js";

/** Each credential: its flag, environment variable and profile field. */
export const CREDENTIALS = {
  appKey: { flag: "app-key", env: "TIKTOK_SHOP_APP_KEY", field: "app_key", what: "the app key" },
  appSecret: { flag: "app-secret", env: "TIKTOK_SHOP_APP_SECRET", field: "app_secret", what: "the app secret", secret: true },
  accessToken: { flag: "access-token", env: "TIKTOK_SHOP_ACCESS_TOKEN", field: "access_token", what: "an access token", secret: true },
  refreshToken: { flag: null, env: "TIKTOK_SHOP_REFRESH_TOKEN", field: "refresh_token", what: "a refresh token", secret: true },
  shopCipher: { flag: "shop-cipher", env: "TIKTOK_SHOP_SHOP_CIPHER", field: "shop_cipher", what: "a shop cipher" },
  baseUrl: { flag: "base-url", env: "TIKTOK_SHOP_BASE_URL", field: "base_url", what: "the API base URL" },
  authBaseUrl: { flag: "auth-base-url", env: "TIKTOK_SHOP_AUTH_BASE_URL", field: "auth_base_url", what: "the auth base URL" },
  proxy: { flag: "proxy", env: "TIKTOK_SHOP_PROXY", field: "proxy", what: "a proxy", secret: true },
  serviceId: { flag: "service-id", env: "TIKTOK_SHOP_SERVICE_ID", field: "service_id", what: "the service id" },
};

/** Where the profiles live: --profile-file, TIKTOK_SHOP_PROFILE_FILE, or ~/.config/tiktok-shop/profiles.json. */
export function profileFilePath(flags, env) {
  const fromFlag = last(flags["profile-file"]);
  if (fromFlag !== undefined && fromFlag !== "") return fromFlag;
  if (env.TIKTOK_SHOP_PROFILE_FILE) return env.TIKTOK_SHOP_PROFILE_FILE;
  const config = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(config, "tiktok-shop", "profiles.json");
}

export function profileName(flags, env) {
  const fromFlag = last(flags.profile);
  if (fromFlag !== undefined && fromFlag !== "") return { name: fromFlag, explicit: true };
  if (env.TIKTOK_SHOP_PROFILE) return { name: env.TIKTOK_SHOP_PROFILE, explicit: true };
  return { name: "default", explicit: false };
}

/** The whole profile file, `{ profiles: {} }` when there is none. */
export function readProfiles(file, warn) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return { profiles: {} };
    throw new UsageError(`cannot read the profile file ${file} (${error.code ?? error.message})`);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    // (not the parser's message: it quotes the file, which holds secrets)
    throw new UsageError(`the profile file ${file} is not valid JSON; fix or remove it`);
  }
  if (!data || typeof data !== "object" || typeof data.profiles !== "object" || data.profiles === null) {
    throw new UsageError(`the profile file ${file} has no "profiles" object`);
  }
  if (warn && process.platform !== "win32") {
    try {
      if (statSync(file).mode & 0o077) warn(`warning: ${file} can be read by other users; run: chmod 600 ${file}`);
    } catch {}
  }
  return data;
}

/**
 * Merges `fields` into profile `name` and rewrites the file owner-only. Re-reads the file
 * first, so other profiles and concurrent updates of other fields are kept.
 */
export function saveProfile(file, name, fields) {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const data = readProfiles(file);
  const profile = { ...(data.profiles[name] ?? {}) };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null) delete profile[key];
    else profile[key] = value;
  }
  profile.updated_at = new Date().toISOString();
  data.profiles[name] = profile;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + "\n", { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return profile;
}

/**
 * Resolves every credential from flags, the environment and the profile.
 * `sources[key]` says where each came from ("flag", "env" or "profile").
 */
export function resolveCredentials(flags, env, { warn } = {}) {
  const file = profileFilePath(flags, env);
  const { name, explicit } = profileName(flags, env);
  const data = readProfiles(file, warn);
  const profile = data.profiles[name] ?? null;
  const values = {};
  const sources = {};
  for (const [key, spec] of Object.entries(CREDENTIALS)) {
    const fromFlag = spec.flag ? last(flags[spec.flag]) : undefined;
    if (typeof fromFlag === "string" && fromFlag !== "") {
      values[key] = fromFlag;
      sources[key] = "flag";
    } else if (env[spec.env]) {
      values[key] = env[spec.env];
      sources[key] = "env";
    } else if (profile && typeof profile[spec.field] === "string" && profile[spec.field] !== "") {
      values[key] = profile[spec.field];
      sources[key] = "profile";
    }
  }
  return {
    values,
    sources,
    profile,
    profileName: name,
    profileExplicit: explicit,
    profileFile: file,
    profileNames: Object.keys(data.profiles),
  };
}

/** "a", "a or b", "a, b, or c". */
export function orList(ways) {
  if (ways.length <= 2) return ways.join(" or ");
  return `${ways.slice(0, -1).join(", ")}, or ${ways[ways.length - 1]}`;
}

/** The ways to provide a credential: its flag, its environment variable, and `extra`. */
export function waysToSet(key, ...extra) {
  const spec = CREDENTIALS[key];
  return [...(spec.flag ? [`pass --${spec.flag}`] : []), `set ${spec.env}`, ...extra.filter(Boolean)];
}

export function howToSet(key, extra) {
  return orList(waysToSet(key, extra));
}

/** The credential, or a UsageError naming the flag / env var that provides it. */
export function requireCredential(creds, key, extra) {
  const value = creds.values[key];
  if (value) return value;
  const profileNote = creds.profile
    ? ""
    : creds.profileExplicit
      ? ` (no profile "${creds.profileName}" in ${creds.profileFile})`
      : "";
  throw new UsageError(`missing ${CREDENTIALS[key].what}: ${howToSet(key, extra)}${profileNote}`);
}
