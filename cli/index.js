#!/usr/bin/env node
// tiktok-shop (the tiktok-shop-wasm-cli package): the TikTok Shop Partner API from the
// command line, on tiktok-shop-wasm's public API. `tiktok-shop --help` for the usage; exit
// codes 0 success, 1 API error (or a sign that does not match), 2 usage error.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { TikTokShopError } from "tiktok-shop-wasm";
import { didYouMean, parseArgs, UsageError } from "./args.js";
import { AUTH_FLAGS, authCommand } from "./auth.js";
import { callCommand, listCommand, operationHelp, requireGroup, requireOperation } from "./call.js";
import { resolveCredentials } from "./profile.js";
import { SANDBOX_FLAGS, sandboxCommand } from "./sandbox.js";
import { SIGN_FLAGS, signCommand } from "./sign.js";
import { write } from "./output.js";

export const USAGE = `Usage: tiktok-shop <group> <operation> [--param value ...] [options]
       tiktok-shop list [group]
       tiktok-shop <group> <operation> --help
       tiktok-shop auth url | exchange | refresh | status
       tiktok-shop sign --path PATH --query QUERY [--body BODY]
       tiktok-shop sandbox [--port N] [--seed N]
       tiktok-shop mcp [--http PORT] [--allow-writes[=GROUP,...]]

Call any operation of the TikTok Shop Partner API (tiktok-shop list shows them all):
  tiktok-shop order getOrderList --page_size 20 --order_status AWAITING_SHIPMENT
  tiktok-shop order getOrderDetail --ids 576461413038785752,576461413038785753
  tiktok-shop product searchProducts --page_size 50 --json '{"status":"ACTIVATE"}'
  tiktok-shop order getOrderList --all --format csv > orders.csv

Parameters, by their API name (path, query and body are routed for you):
  --<param> VALUE        integers, numbers and booleans are typed from the catalog; arrays
                         take a comma list or the flag repeated (--ids 1,2 --ids 3)
  --json '{...}'         parameters as JSON (objects, arrays of objects); @file.json reads
                         a file, - reads stdin; flags win over --json
  --data @photo.jpg      the file of an upload operation

Call options:
  --version V            API version (default: the operation's latest)
  --shop-cipher C        shop_cipher of the call
  --timeout-ms N         per-attempt timeout (default 30000, uploads 120000)
  --retries N            retries of retryable failures (default 3)
  --all                  every item of a paginated operation, one JSON per line (NDJSON);
                         a progress bar on stderr when it is a terminal (--no-progress)
  --format csv           with --all: CSV, a header row of the first page's top-level fields,
                         nested values as JSON
  --limit N              with --all: stop after N items
  --pretty | --compact   JSON style (default: pretty on a terminal, compact when piped)

Credentials (a flag beats the environment, which beats the profile):
  --app-key K            TIKTOK_SHOP_APP_KEY
  --app-secret S         TIKTOK_SHOP_APP_SECRET
  --access-token T       TIKTOK_SHOP_ACCESS_TOKEN
                         TIKTOK_SHOP_REFRESH_TOKEN (the CLI refreshes by itself and saves
                         the rotated tokens to the profile)
  --shop-cipher C        TIKTOK_SHOP_SHOP_CIPHER
  --base-url URL         TIKTOK_SHOP_BASE_URL (default https://open-api.tiktokglobalshop.com)
  --auth-base-url URL    TIKTOK_SHOP_AUTH_BASE_URL (default https://auth.tiktok-shops.com)
  --proxy URL            TIKTOK_SHOP_PROXY (http:// or https://, optionally user:password@)
  --profile NAME         TIKTOK_SHOP_PROFILE (default "default")
  --profile-file PATH    TIKTOK_SHOP_PROFILE_FILE (default ~/.config/tiktok-shop/profiles.json)

Commands:
  list [group]                          the operations, one per line: group, name, HTTP
                                        method, latest path, versions, flags
  auth url [--service-id ID] [--state S] [--region us]
                                        the seller authorization URL (TIKTOK_SHOP_SERVICE_ID)
  auth exchange --code CODE             exchange a seller's auth code (or TIKTOK_SHOP_AUTH_CODE);
                                        saves the tokens, app key and secret and the first
                                        shop's cipher to the profile (file mode 0600)
  auth refresh                          refresh the access token, save the rotated tokens
  auth status                           where each credential comes from (no secrets)
  sign --path P --query Q [--body B]    the string to sign and the signature, for "invalid
       [--url URL]                      sign" (Q: JSON or k=v&k2=v2; B: text, @file or -);
                                        exit 1 when the query's sign does not match
  sandbox [--port N] [--seed N]         run the offline TikTok Shop until Ctrl-C
  mcp [--http PORT] [--allow-writes]    the API as MCP tools for AI agents, on stdio or HTTP
                                        (read-only unless --allow-writes; mcp --help)
  --version                             (alone) the versions of the CLI and of tiktok-shop-wasm

Exit codes: 0 success, 1 API error (code, message and request id on stderr) or a sign that
does not match, 2 usage error.
`;

const AUTH_USAGE = `Usage: tiktok-shop auth url [--service-id ID] [--state S] [--region us|global]
       tiktok-shop auth exchange --code CODE     (or TIKTOK_SHOP_AUTH_CODE)
       tiktok-shop auth refresh
       tiktok-shop auth status

url       prints https://services.tiktokshop.com/open/authorize?service_id=...&state=...
          (US sellers: services.tiktokshops.us); the state is random unless given
exchange  exchanges the code for tokens and saves them, the app key and secret, the base
          URLs given and the first authorized shop's cipher to the profile
refresh   refreshes the access token and saves the rotated tokens
status    shows the profile and where each credential comes from, without secrets

Credentials and profile flags: see tiktok-shop --help.
`;

const SIGN_USAGE = `Usage: tiktok-shop sign --path PATH [--query QUERY] [--body BODY]
       tiktok-shop sign --url 'https://host/path?query' [--body BODY]

Prints the string the client signs for this request (the app secret shown as {app_secret})
and its signature, to compare with a request TikTok rejected as "invalid sign" (106001).
QUERY is a JSON object or k=v&k2=v2 with every query parameter sent (app_key, timestamp,
shop_cipher...; sign and access_token are ignored). BODY is the exact body text sent (@file
reads a file, - reads stdin; none for GET and multipart). When the query has a sign, it is
compared: exit code 1 when it does not match. The app secret comes from --app-secret,
TIKTOK_SHOP_APP_SECRET or the profile.
`;

const SANDBOX_USAGE = `Usage: tiktok-shop sandbox [--port N] [--seed N] [--host H] [--app-key K] [--app-secret S]
                           [--service-id ID]

Runs the offline TikTok Shop (tiktok-shop-wasm-sandbox) over HTTP until Ctrl-C, and prints
its URL, app key and secret, service id (default sandbox-service-id), a fresh auth code and
the export lines that point the CLI at it (in a profile named "sandbox"). The same seed gives the same shop (default 1); port 0 (the
default) takes any free port.
`;

const COMMON_FLAGS = ["help", "pretty", "compact"];
const CREDENTIAL_FLAGS = ["app-key", "app-secret", "access-token", "shop-cipher", "base-url", "auth-base-url", "proxy", "profile", "profile-file", "timeout-ms"];

/** Secrets seen in this run: never printed on stderr. */
const secrets = new Set();

function redact(text) {
  let out = String(text);
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out;
}

function notice(message) {
  process.stderr.write(redact(`tiktok-shop: ${message}`) + "\n");
}

function checkFlags(flags, allowed, command) {
  for (const key of Object.keys(flags)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed, "--");
    throw new UsageError(`unknown flag --${key} for ${command}${hint ? `; ${hint}` : ""}`, `\`tiktok-shop ${command} --help\` shows its flags`);
  }
}

/** `tiktok-shop-wasm-cli 0.1.0 (tiktok-shop-wasm 0.1.0)`. */
function versions() {
  const read = (url) => {
    try {
      return JSON.parse(readFileSync(url, "utf8")).version;
    } catch {
      return "unknown";
    }
  };
  const cli = read(new URL("./package.json", import.meta.url));
  const library = read(createRequire(import.meta.url).resolve("tiktok-shop-wasm/package.json"));
  return `tiktok-shop-wasm-cli ${cli} (tiktok-shop-wasm ${library})`;
}

async function main(argv) {
  const { positionals, flags } = parseArgs(argv);
  const [command, ...rest] = positionals;
  const loadCreds = () => {
    const creds = resolveCredentials(flags, process.env, { warn: notice });
    for (const key of ["appSecret", "accessToken", "refreshToken", "proxy"]) if (creds.values[key]) secrets.add(creds.values[key]);
    creds.secrets = secrets;
    return creds;
  };
  const context = { positionals: rest, flags, loadCreds, notice, secrets };

  switch (command) {
    case undefined:
      if (flags.help) return write(USAGE);
      if (flags.version === "") return write(`${versions()}\n`);
      throw new UsageError("missing a command", "`tiktok-shop --help` shows the usage; `tiktok-shop list` the operations");
    case "help": {
      if (rest.length === 0) return write(USAGE);
      const group = requireGroup(rest[0]);
      return rest[1] ? write(operationHelp(requireOperation(group, rest[1]))) : callCommand({ ...context, positionals: [group], flags: { help: true } });
    }
    case "list":
      if (flags.help) return write("Usage: tiktok-shop list [group]\n\nOne line per operation: group, name, HTTP method, latest path, versions, flags.\n");
      checkFlags(flags, COMMON_FLAGS, "list");
      return listCommand(rest);
    case "auth":
      if (flags.help) return write(AUTH_USAGE);
      checkFlags(flags, [...COMMON_FLAGS, ...CREDENTIAL_FLAGS, "service-id", ...(AUTH_FLAGS[rest[0]] ?? [])], `auth${AUTH_FLAGS[rest[0]] ? ` ${rest[0]}` : ""}`);
      return authCommand(context);
    case "sign":
      if (flags.help) return write(SIGN_USAGE);
      checkFlags(flags, [...COMMON_FLAGS, ...SIGN_FLAGS], "sign");
      if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
      return signCommand(context);
    case "sandbox":
      if (flags.help) return write(SANDBOX_USAGE);
      checkFlags(flags, [...COMMON_FLAGS, ...SANDBOX_FLAGS], "sandbox");
      return sandboxCommand(context);
    case "mcp": {
      // Imported here: the MCP SDK loads only for this command.
      const { MCP_FLAGS, MCP_USAGE, mcpCommand } = await import("./mcp/command.js");
      if (flags.help) return write(MCP_USAGE);
      checkFlags(flags, [...COMMON_FLAGS, ...CREDENTIAL_FLAGS, ...MCP_FLAGS], "mcp");
      return mcpCommand(context);
    }
    default:
      return callCommand({ ...context, positionals });
  }
}

/** Client-side validation (nothing was sent) is a usage error; anything the API or network said is exit 1. */
function isLocal(error) {
  return (error.kind === "invalid_request" || error.kind === "config") && error.code === null && error.httpStatus === null && error.requestId === null;
}

function report(error) {
  if (error instanceof UsageError) {
    notice(error.message);
    if (error.hint) process.stderr.write(redact(`  ${error.hint}`) + "\n");
    return 2;
  }
  if (error instanceof TikTokShopError) {
    const local = isLocal(error);
    const where = error.operation && !error.message.includes(error.operation) ? `${error.operation}: ` : "";
    notice(`${where}${error.message}`);
    if (!local) {
      const details = [`kind ${error.kind}`];
      if (error.code !== null) details.push(`code ${error.code}`);
      if (error.httpStatus !== null) details.push(`HTTP ${error.httpStatus}`);
      if (error.retryAfter !== null) details.push(`retry after ${error.retryAfter} s`);
      process.stderr.write(`  ${details.join(", ")}\n`);
      if (error.requestId) process.stderr.write(`  request id: ${error.requestId}\n`);
      if (error.kind === "signature") process.stderr.write("  `tiktok-shop sign` shows what was signed\n");
      if (error.kind === "expired_token" || (error.kind === "auth" && error.field === "refreshToken")) {
        process.stderr.write("  `tiktok-shop auth refresh` renews the token; `tiktok-shop auth exchange` authorizes again\n");
      }
    } else if (error.field && error.kind === "invalid_request") {
      process.stderr.write(`  \`tiktok-shop ${error.operation ? error.operation.replace(".", " ") + " " : ""}--help\` lists the parameters\n`);
    }
    return local ? 2 : 1;
  }
  notice(`unexpected error: ${error?.message ?? error}`);
  if (process.env.TIKTOK_SHOP_DEBUG) process.stderr.write(redact(error?.stack ?? "") + "\n");
  return 1;
}

process.stdout.on("error", (error) => {
  // The reader went away (`| head`): stop quietly.
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

let code = 0;
try {
  // A command returns its exit code when it is not 0 for success (sign: a mismatch).
  const result = await main(process.argv.slice(2));
  code = typeof result === "number" ? result : 0;
} catch (error) {
  code = report(error);
}
process.exitCode = code;
// Let stdout drain, then leave without waiting for idle keep-alive connections.
process.stdout.write("", () => process.exit(code));
