// `tiktok-shop list`, `tiktok-shop <group> <operation> [--param value ...]` and its --help,
// --all (NDJSON / CSV streams with a progress bar).

import { listOperations, operationVersion, pageItems, TikTokShop } from "tiktok-shop-wasm";
import { didYouMean, integerFlag, last, normalName, parseJson, readTextArg, stringFlag, typeParam, UsageError, VALUE_FLAGS, BOOLEAN_FLAGS } from "./args.js";
import { CsvWriter, formatJson, prettyOutput, Progress, write } from "./output.js";
import { CREDENTIALS, orList, requireCredential, saveProfile, waysToSet } from "./profile.js";

/** The CLI's own flags accepted by an operation call. */
const CALL_FLAGS = new Set([
  "app-key", "app-secret", "access-token", "shop-cipher", "base-url", "auth-base-url", "proxy", "profile",
  "profile-file", "version", "timeout-ms", "retries", "json", "format", "limit", "all", "help", "pretty",
  "compact", "progress",
]);

/** The token group is what `auth exchange` / `auth refresh` do (and they save the tokens instead of printing them). */
const TOKEN_GROUP = "token";

let byGroup = null;

/** The operations of `listOperations()` by group, in catalog order. */
function catalogGroups() {
  if (!byGroup) {
    byGroup = new Map();
    for (const entry of listOperations()) {
      if (!byGroup.has(entry.group)) byGroup.set(entry.group, []);
      byGroup.get(entry.group).push(entry);
    }
  }
  return byGroup;
}

/** A group by its exact name or a spelling of it (return-refund, return_refund, returnrefund). */
export function findGroup(name) {
  const groups = catalogGroups();
  if (groups.has(name)) return name;
  const wanted = normalName(name);
  return [...groups.keys()].find((g) => normalName(g) === wanted) ?? null;
}

export function requireGroup(name) {
  const group = findGroup(name);
  if (group) return group;
  const hint = didYouMean(name, [...catalogGroups().keys(), "list", "auth", "sign", "sandbox"]);
  throw new UsageError(`unknown command or group "${name}"${hint ? `; ${hint}` : ""}`, "`tiktok-shop list` shows every group and operation");
}

export function requireOperation(group, name) {
  const entries = catalogGroups().get(group);
  const exact = entries.find((e) => e.operation === name) ?? entries.find((e) => normalName(e.operation) === normalName(name));
  if (exact) return exact;
  // In another group?
  const elsewhere = listOperations().filter((e) => normalName(e.operation) === normalName(name));
  let hint = elsewhere.length ? `it is in ${elsewhere.map((e) => `\`${e.group} ${e.operation}\``).join(", ")}` : didYouMean(name, entries.map((e) => e.operation));
  throw new UsageError(`unknown operation "${name}" in group ${group}${hint ? `; ${hint}` : ""}`, `\`tiktok-shop list ${group}\` shows the operations of ${group}`);
}

function flagsOf(entry) {
  const flags = [];
  if (entry.group === TOKEN_GROUP) flags.push(entry.operation === "getAccessToken" ? "use `auth exchange`" : "use `auth refresh`");
  if (entry.paginated) flags.push("paginated");
  if (entry.multipart) flags.push("multipart");
  if (entry.shopCipher === "required") flags.push("shop_cipher required");
  if (entry.shopCipher === "forbidden") flags.push("no shop_cipher");
  if (!entry.read) flags.push("write");
  return flags.join(", ");
}

function table(rows) {
  const widths = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}

/** `tiktok-shop list [group]`: one line per operation. */
export async function listCommand(positionals) {
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  let entries = listOperations();
  if (positionals[0]) {
    const group = requireGroup(positionals[0]);
    entries = catalogGroups().get(group);
  }
  const rows = entries.map((e) => [e.group, e.operation, e.method, operationVersion(e.group, e.operation).path, e.versions.join(","), flagsOf(e)]);
  await write(table(rows));
}

/** What each `source` of listOperations() means, for --help (README "Operations"). */
const SOURCE_NOTES = {
  "tiktok-oas": "TikTok's OpenAPI description",
  "docs-catalog": "derived from TikTok's documentation, not from its OpenAPI description",
  builtin: "the client's own definition of TikTok's token endpoint",
};

/**
 * `tiktok-shop <group> <operation> --help [--version V]`: the versions and their paths,
 * then each version's own rules and parameters (only V's with --version).
 */
export function operationHelp(entry, only) {
  requireVersion(entry, only);
  const latest = operationVersion(entry.group, entry.operation).version;
  const lines = [];
  lines.push(`${entry.group} ${entry.operation}: ${entry.method} ${entry.paths[latest]}`);
  lines.push("");
  lines.push(`versions (newest first, the default; --version picks another):`);
  for (const v of entry.versions) lines.push(`  ${v}  ${entry.paths[v]}`);
  for (const version of only === undefined ? entry.versions : [only]) {
    const v = entry.byVersion[version];
    lines.push("");
    lines.push(`${version}, ${version === latest ? "the default" : `with --version ${version}`} (source: ${v.source}, ${SOURCE_NOTES[v.source] ?? "unknown"}):`);
    lines.push(...versionHelp(entry, version).map((l) => `  ${l}`));
  }
  if (entry.versions.some((v) => entry.byVersion[v].params.length)) {
    lines.push("");
    lines.push("integer, number and boolean values are typed for you; arrays take a comma list or the flag");
    lines.push("repeated; objects (and arrays of objects) take JSON, or go in --json '{...}' (flags win).");
  }
  return lines.join("\n") + "\n";
}

/** The version a call with `--version` (or none) uses, as the client chooses it; a usage error when the operation lists no such version. */
function requireVersion(entry, version) {
  try {
    return operationVersion(entry.group, entry.operation, version);
  } catch (error) {
    if (error?.field !== "version") throw error;
    throw new UsageError(`${entry.group} ${entry.operation} has no version ${version} (versions: ${entry.versions.join(", ")})`);
  }
}

/** One version's shop_cipher rule, pagination, upload, parameters and an example. */
function versionHelp(entry, version) {
  const v = entry.byVersion[version];
  const lines = [];
  const cipher = {
    required: "required (--shop-cipher, TIKTOK_SHOP_SHOP_CIPHER or the profile)",
    optional: "sent when known (--shop-cipher, TIKTOK_SHOP_SHOP_CIPHER or the profile)",
    forbidden: "never sent (not a shop-scoped operation)",
  }[v.shopCipher];
  lines.push(`shop_cipher: ${cipher}`);
  // Any one of the scopes lets a token call the version; "carried": another version's page named them.
  if (v.scopes) lines.push(`scopes: ${v.scopes.join(" or ")}${v.scopesSource === "carried" ? " (from another version's reference page)" : ""}`);
  else lines.push("scopes: not known (the call is sent; TikTok answers 105005 if the token lacks one)");
  if (v.paginated) {
    lines.push(`paginated: items in \`${v.items}\`${v.pageSizeMax ? `, page_size up to ${v.pageSizeMax}` : ""}; --all streams every item`);
  }
  if (v.multipart) lines.push("upload (multipart/form-data): pass the file as --data @path/to/file");
  if (v.params.length === 0) {
    lines.push("parameters: none");
  } else {
    lines.push("parameters:");
    const rows = [["  name", "in", "type", "required"]];
    for (const p of v.params) rows.push([`  --${p.name}`, p.in, p.type, p.required ? "yes" : "no"]);
    lines.push(...table(rows).trimEnd().split("\n"));
  }
  const required = v.params.filter((p) => p.required && p.in !== "file");
  const example = [`tiktok-shop ${entry.group} ${entry.operation}`];
  for (const p of required) example.push(`--${p.name} ${exampleValue(p)}`);
  if (v.multipart) example.push("--data @file");
  if (version !== operationVersion(entry.group, entry.operation).version) example.push(`--version ${version}`);
  lines.push(`example: ${example.join(" ")}`);
  return lines;
}

function exampleValue(p) {
  if (p.name === "page_size") return "20";
  if (p.name === "sort_field") return "create_time";
  switch (p.type) {
    case "integer": return "1";
    case "number": return "1.5";
    case "boolean": return "true";
    case "array": return "A,B";
    case "object": return "'{...}'";
    default: return p.name.endsWith("_id") ? "ID" : "VALUE";
  }
}

/** `tiktok-shop <group>` alone (or with --help): the group's operations. */
export async function groupHelp(group) {
  await write(`operations of ${group} (tiktok-shop ${group} <operation> --help for one):\n`);
  await listCommand([group]);
}

/**
 * Splits a call's flags into operation parameters (of the version called: versions differ)
 * and CLI options; unknown ones are usage errors.
 */
function splitFlags(entry, flags, version) {
  const declared = requireVersion(entry, version).params;
  const byName = new Map(declared.map((p) => [p.name, p]));
  const params = {};
  const options = {};
  for (const [key, value] of Object.entries(flags)) {
    const snake = key.replace(/-/g, "_");
    const kebab = key.replace(/_/g, "-");
    if (byName.has(key) || byName.has(snake)) {
      const param = byName.get(key) ?? byName.get(snake);
      params[param.name] = typeParam(param, value);
    } else if (CALL_FLAGS.has(kebab)) {
      options[kebab] = value;
    } else {
      const hint = didYouMean(snake, [...byName.keys()], "--");
      throw new UsageError(
        `unknown flag --${key} for ${entry.group} ${entry.operation}${hint ? `; ${hint}` : ""}`,
        `\`tiktok-shop ${entry.group} ${entry.operation} --help\` lists its parameters`,
      );
    }
  }
  return { params, options };
}

/** The client for business calls, refreshing by itself and saving rotated tokens to the profile. */
export function makeClient(creds, options, notice) {
  const appKey = requireCredential(creds, "appKey", "run `tiktok-shop auth exchange` to save a profile");
  const appSecret = requireCredential(creds, "appSecret", "run `tiktok-shop auth exchange` to save a profile");
  const { values, sources } = creds;
  if (!values.accessToken && !values.refreshToken) {
    const ways = waysToSet("accessToken", `set ${CREDENTIALS.refreshToken.env}`, "run `tiktok-shop auth exchange --code CODE`");
    throw new UsageError(`missing an access token: ${orList(ways)}`);
  }
  let accessTokenExpiresAt;
  if (!values.accessToken) accessTokenExpiresAt = 0; // refresh before the first call
  else if (sources.accessToken === "profile" && Number.isFinite(creds.profile?.access_token_expire_in)) {
    accessTokenExpiresAt = creds.profile.access_token_expire_in;
  }
  // The scopes saved with the profile's token: a call the token cannot make is refused
  // before anything is sent (a token from a flag or the environment: not known).
  const grantedScopes = sources.accessToken === "profile" && Array.isArray(creds.profile?.granted_scopes) ? creds.profile.granted_scopes : undefined;
  const clientOptions = {
    appKey,
    appSecret,
    accessToken: values.accessToken,
    grantedScopes,
    shopCipher: values.shopCipher,
    baseUrl: values.baseUrl,
    authBaseUrl: values.authBaseUrl,
    proxy: values.proxy,
    timeoutMs: options.timeoutMs,
    retries: options.retries,
  };
  if (values.refreshToken) {
    clientOptions.refreshToken = values.refreshToken;
    clientOptions.accessTokenExpiresAt = accessTokenExpiresAt;
    clientOptions.onTokens = (tokens) => {
      // The rotated refresh token replaces the old one: keep it before anything else happens.
      saveProfile(creds.profileFile, creds.profileName, tokenFields(tokens));
      creds.secrets?.add(tokens.access_token);
      creds.secrets?.add(tokens.refresh_token);
      const stale = ["accessToken", "refreshToken"].filter((k) => sources[k] && sources[k] !== "profile");
      notice(
        `access token refreshed; saved the new tokens to profile "${creds.profileName}" (${creds.profileFile})` +
          (stale.length ? `; ${stale.map((k) => CREDENTIALS[k].env).join(" and ")} now hold(s) stale tokens: unset them to use the profile` : ""),
      );
    };
  }
  return new TikTokShop(clientOptions);
}

/** The profile fields of a token set. */
export function tokenFields(tokens) {
  return {
    access_token: tokens.access_token,
    access_token_expire_in: tokens.access_token_expire_in,
    refresh_token: tokens.refresh_token || undefined,
    refresh_token_expire_in: tokens.refresh_token_expire_in || undefined,
    // null removes the saved ones: a token whose reply names no scopes has none known.
    granted_scopes: Array.isArray(tokens.granted_scopes) ? tokens.granted_scopes : null,
  };
}

/** The params of --json (text, @file or - for stdin). */
function jsonParams(text) {
  if (text === undefined) return {};
  const parsed = parseJson(readTextArg(text, "json"), "json");
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError("--json must be a JSON object of parameters");
  }
  return parsed;
}

/** `tiktok-shop <group> <operation> ...`. */
export async function callCommand({ positionals, flags, loadCreds, notice }) {
  const group = requireGroup(positionals[0]);
  if (positionals.length < 2) {
    if (flags.help) return groupHelp(group);
    throw new UsageError(`missing the operation of ${group}`, `\`tiktok-shop list ${group}\` shows its operations`);
  }
  const entry = requireOperation(group, positionals[1]);
  if (flags.help) return write(operationHelp(entry, stringFlag(flags, "version")));
  if (positionals.length > 2) throw new UsageError(`unexpected argument "${positionals[2]}"`, "parameters are given as --name value");
  if (entry.group === TOKEN_GROUP) {
    throw new UsageError(
      `${entry.group} ${entry.operation} is what \`tiktok-shop auth ${entry.operation === "getAccessToken" ? "exchange" : "refresh"}\` does: it saves the tokens to the profile instead of printing them`,
    );
  }

  const version = stringFlag(flags, "version");
  requireVersion(entry, version);
  const { params: flagParams, options } = splitFlags(entry, flags, version);
  const params = { ...jsonParams(stringFlag(options, "json")), ...flagParams };
  const callOptions = {
    version,
    timeoutMs: integerFlag(options, "timeout-ms", 1),
    retries: integerFlag(options, "retries", 0),
  };
  const all = options.all === true;
  const format = stringFlag(options, "format") ?? (all ? "ndjson" : "json");
  const limit = integerFlag(options, "limit", 1);
  if (!all && (options.format !== undefined || limit !== undefined)) {
    throw new UsageError(`--${options.format !== undefined ? "format" : "limit"} goes with --all`);
  }
  if (all && !entry.paginated) throw new UsageError(`--all: ${entry.group} ${entry.operation} is not paginated`);
  if (all && format !== "ndjson" && format !== "csv") throw new UsageError(`--format must be ndjson or csv, got "${format}"`);

  const creds = loadCreds();
  const client = makeClient(creds, callOptions, notice);
  const perCall = { version, timeoutMs: callOptions.timeoutMs, retries: callOptions.retries };
  // The client's plan says whether the call has the shop it needs: without one, a usage
  // error naming the flag, the variable and the profile that give it.
  const plan = planOrUsage(client, entry, params, perCall, creds);
  if (!all) {
    const data = await client.call(entry.group, entry.operation, params, perCall);
    await write(formatJson(data, prettyOutput(options)));
    return;
  }
  await streamAll(client, entry, params, perCall, { plan, format, limit, flags: options });
}

function planOrUsage(client, entry, params, perCall, creds) {
  try {
    return client.plan(entry.group, entry.operation, params, perCall);
  } catch (error) {
    if (error?.field === "shop_cipher" && /needs a shop cipher/.test(error.message)) {
      requireCredential(creds, "shopCipher", "run `tiktok-shop auth exchange` (it saves the first shop's cipher)");
    }
    throw error;
  }
}

/** --all: every item as NDJSON or CSV, page by page, with the progress bar on stderr. */
async function streamAll(client, entry, params, callOptions, { plan, format, limit, flags }) {
  const progress = await Progress.create(flags);
  const csv = format === "csv" ? new CsvWriter() : null;
  let count = 0;
  let pages = 0;
  let total;
  try {
    for await (const page of client[entry.group][entry.operation].pages(params, callOptions)) {
      pages += 1;
      let list = pageItems(page, plan);
      if (limit !== undefined) list = list.slice(0, limit - count);
      if (pages === 1) {
        if (Number.isInteger(page?.total_count)) total = limit !== undefined ? Math.min(limit, page.total_count) : page.total_count;
        else if (limit !== undefined) total = limit;
      }
      let chunk = "";
      // CSV columns: the first page's items (the first page with any, if it is empty).
      if (csv && csv.columns === null && list.length) chunk += csv.header(list);
      for (const item of list) chunk += csv ? csv.row(item) : JSON.stringify(item) + "\n";
      count += list.length;
      if (chunk) await write(chunk);
      progress.update(count, pages, total);
      if (limit !== undefined && count >= limit) break;
    }
  } finally {
    progress.stop();
  }
}
