// `tiktok-shop sign`: what the client signs for a request, to compare with one TikTok
// rejected as "invalid sign" (106001). The app secret that wraps the string to sign is
// shown as {app_secret}. Exit code 1 when the query carries a sign that does not match.

import { signRequest } from "tiktok-shop-wasm";
import { last, parseJson, readTextArg, stringFlag, UsageError } from "./args.js";
import { requireCredential } from "./profile.js";
import { write } from "./output.js";

export const SIGN_FLAGS = ["path", "query", "body", "url", "app-secret", "profile", "profile-file"];

/** `--query` as a JSON object or `k=v&k2=v2` (percent-decoded). */
export function parseQuery(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const parsed = parseJson(trimmed, "query");
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new UsageError("--query must be a JSON object or k=v&k2=v2");
    return parsed;
  }
  const query = {};
  for (const [key, value] of new URLSearchParams(trimmed.replace(/^\?/, ""))) query[key] = value;
  return query;
}

export async function signCommand({ flags, loadCreds }) {
  let path = stringFlag(flags, "path");
  let query = {};
  const url = stringFlag(flags, "url");
  if (url !== undefined) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError("--url must be a full URL (https://host/path?query)");
    }
    path ??= parsed.pathname;
    query = parseQuery(parsed.search);
  }
  const queryText = stringFlag(flags, "query");
  if (queryText !== undefined) query = { ...query, ...parseQuery(queryText) };
  if (!path) throw new UsageError("missing --path (e.g. --path /order/202309/orders/search), or --url");
  if (!path.startsWith("/")) throw new UsageError(`--path must start with "/", got "${path}"`);
  // The exact body bytes sent ("" for none and for multipart): text, @file or - (stdin).
  const bodyFlag = last(flags.body);
  const body = typeof bodyFlag === "string" && bodyFlag !== "" ? readTextArg(bodyFlag, "body") : "";
  const creds = loadCreds();
  const appSecret = requireCredential(creds, "appSecret");
  const { sign, stringToSign } = signRequest({ appSecret, path, query, body });
  // The string to sign starts and ends with the app secret: never print it.
  let middle = stringToSign;
  const wrapped = middle.length >= 2 * appSecret.length && middle.startsWith(appSecret) && middle.endsWith(appSecret);
  if (wrapped) middle = middle.slice(appSecret.length, middle.length - appSecret.length);
  middle = middle.split(appSecret).join("{app_secret}");
  const shown = wrapped ? `{app_secret}${middle}{app_secret}` : middle;
  let out = `string to sign: ${shown}\nsign:           ${sign}\n`;
  const given = query.sign;
  const differs = typeof given === "string" && given !== "" && given !== sign;
  if (typeof given === "string" && given !== "") {
    out += differs
      ? `the query's sign differs: ${given}\n  (a different app secret, path, query value or body bytes; uppercase hex is rejected too)\n`
      : "the query's sign matches\n";
  }
  await write(out);
  // A sign that does not match is a failed check, as a script sees it.
  return differs ? 1 : 0;
}
