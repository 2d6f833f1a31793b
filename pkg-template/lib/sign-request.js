// `signRequest()`: what the client signs, for a request TikTok rejected as "invalid sign"
// (106001). The signing itself is the core's (src/sign.rs), the same code every call uses.

import { signText } from "./core.js";
import { configError, invalidError } from "./errors.js";
import { optionsObject, string } from "./checks.js";
import { appCredentials } from "./client-options.js";
import { MAX_PARAMS_TEXT, queryText } from "./params.js";

/** `{ appSecret, path, query, body }` -> `{ sign, stringToSign }`; `query` holds the decoded values. */
export function signRequest(options) {
  const o = optionsObject(options, "options", ["appSecret", "path", "query", "body"]);
  const { appSecret } = appCredentials(o, { key: false });
  const path = string(o.path, "path", { required: true, max: 2048 });
  if (!path.startsWith("/")) throw configError("path", "`path` must start with '/'");
  const body = o.body ?? "";
  if (typeof body !== "string") throw invalidError("body", "`body` must be the exact body text sent (\"\" for none and for multipart)");
  if (body.length > MAX_PARAMS_TEXT) throw invalidError("body", "`body` is larger than 32 MB, more than the client ever sends");
  return signText(appSecret, path, queryText(o.query, "query"), body);
}
