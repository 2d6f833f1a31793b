// Command-line parsing: yargs-parser splits argv into flags and positionals (every value
// stays a string: order ids are 19 digits), and this module types each operation
// parameter by the catalog's `type`.

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import parser from "yargs-parser";
import { suggest as suggestNames } from "tiktok-shop-wasm";

/** A mistake in how the CLI was called: exit code 2. */
export class UsageError extends Error {
  constructor(message, hint) {
    super(message);
    this.name = "UsageError";
    this.hint = hint ?? null;
  }
}

/** The CLI's own boolean flags. */
export const BOOLEAN_FLAGS = ["all", "help", "pretty", "compact", "progress"];

/** The CLI's own flags that take a value (kept as strings, "" when given bare). */
export const VALUE_FLAGS = [
  // credentials
  "app-key", "app-secret", "access-token", "shop-cipher", "base-url", "auth-base-url", "proxy",
  "profile", "profile-file",
  // call options
  "version", "timeout-ms", "retries", "json", "format", "limit",
  // commands
  "service-id", "state", "region", "code", "path", "query", "body", "url", "port", "seed", "host",
  // mcp
  "http", "allow-writes", "max-items", "max-bytes",
];

const CONFIG = {
  "parse-numbers": false,
  "parse-positional-numbers": false,
  "camel-case-expansion": false,
  "dot-notation": false,
  "duplicate-arguments-array": true,
  "boolean-negation": true,
  "greedy-arrays": false,
  "short-option-groups": true,
  "populate--": true,
};

/** argv (without node and the script) -> `{ positionals, flags }`; flags keep their raw names. */
export function parseArgs(argv) {
  // "-" (stdin) as the value of a flag: yargs-parser would take it for a positional.
  const args = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    // --shop_cipher is --shop-cipher (no operation parameter has the name of a CLI flag).
    const m = /^--(?:no-)?([^=]+)/.exec(arg);
    if (m && m[1].includes("_") && (VALUE_FLAGS.includes(m[1].replace(/_/g, "-")) || BOOLEAN_FLAGS.includes(m[1].replace(/_/g, "-")))) {
      arg = arg.replace(m[1], m[1].replace(/_/g, "-"));
    }
    if (argv[i + 1] === "-" && /^--[^=]+$/.test(arg)) {
      arg = `${arg}=-`;
      i++;
    }
    args.push(arg);
  }
  const parsed = parser(args, {
    configuration: CONFIG,
    boolean: BOOLEAN_FLAGS,
    string: VALUE_FLAGS,
    alias: { help: ["h"] },
  });
  const positionals = parsed._.map(String);
  const rest = (parsed["--"] ?? []).map(String);
  const flags = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (key === "_" || key === "--" || key === "h") continue;
    flags[key] = value;
  }
  return { positionals: [...positionals, ...rest], flags };
}

/** The last value of a flag given once or more (repeated CLI options: the last one wins). */
export function last(value) {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

/** A CLI flag's string value; UsageError when it was given bare. */
export function stringFlag(flags, name) {
  const value = last(flags[name]);
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name} needs a value`);
  return value;
}

/** A CLI flag holding an integer (>= min). */
export function integerFlag(flags, name, min = 0) {
  const text = stringFlag(flags, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${text}"`);
  }
  return Number(text);
}

/** Reads `@file` or `-` (stdin) for --json / --body; other text is returned as is. */
export function readTextArg(text, flag) {
  if (text === "-") return readFileSync(0, "utf8");
  if (text.startsWith("@")) {
    try {
      return readFileSync(text.slice(1), "utf8");
    } catch (error) {
      throw new UsageError(`--${flag}: cannot read ${text.slice(1)} (${error.code ?? error.message})`);
    }
  }
  return text;
}

/** Parses JSON text for a flag, as a UsageError that shows where it broke (never the text). */
export function parseJson(text, flag) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag} is not valid JSON: ${error.message}`);
  }
}

const TRUE = new Set(["true", "1", "yes", "y", "on"]);
const FALSE = new Set(["false", "0", "no", "n", "off"]);

/**
 * The value of operation parameter `param` from its raw flag value(s), typed by the
 * catalog: integer / number / boolean, arrays from comma lists and repeated flags,
 * objects (and arrays of objects) as JSON text, binary uploads from `@path`.
 */
export function typeParam(param, raw) {
  const flag = `--${param.name}`;
  const values = Array.isArray(raw) ? raw : [raw];
  if (param.type === "array") {
    if (values.length === 1 && typeof values[0] === "string" && values[0].trim().startsWith("[")) {
      const parsed = parseJson(values[0], param.name);
      if (!Array.isArray(parsed)) throw new UsageError(`${flag} must be a JSON array or a comma list`);
      return parsed;
    }
    const out = [];
    for (const v of values) {
      if (typeof v !== "string") throw new UsageError(`${flag} needs a value (a comma list, or the flag repeated)`);
      for (const item of v.split(",")) if (item.trim() !== "") out.push(item.trim());
    }
    return out;
  }
  if (values.length > 1) {
    throw new UsageError(`${flag} was given ${values.length} times but takes one ${param.type}`);
  }
  const value = values[0];
  switch (param.type) {
    case "boolean": {
      if (typeof value === "boolean") return value;
      const text = value.trim().toLowerCase();
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      throw new UsageError(`${flag} must be true or false, got "${value}"`);
    }
    case "integer": {
      if (typeof value !== "string" || !/^-?\d+$/.test(value.trim())) {
        throw new UsageError(`${flag} must be an integer${typeof value === "string" ? `, got "${value}"` : ""}`);
      }
      const n = Number(value.trim());
      // Beyond 2^53 a JS number would change the value: the client takes the digits as text.
      return Number.isSafeInteger(n) ? n : value.trim();
    }
    case "number": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number${typeof value === "string" ? `, got "${value}"` : ""}`);
      return n;
    }
    case "object": {
      if (typeof value !== "string") throw new UsageError(`${flag} needs a JSON object`);
      const parsed = parseJson(readTextArg(value, param.name), param.name);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new UsageError(`${flag} must be a JSON object`);
      }
      return parsed;
    }
    case "binary": {
      if (typeof value !== "string" || value === "") throw new UsageError(`${flag} needs a file: ${flag} @path/to/file`);
      const path = value.startsWith("@") ? value.slice(1) : value;
      let bytes;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw new UsageError(`${flag}: cannot read ${path} (${error.code ?? error.message})`);
      }
      return new File([bytes], basename(path));
    }
    default: {
      if (typeof value !== "string") throw new UsageError(`${flag} needs a value`);
      return value;
    }
  }
}

/** "getOrderList", "get-order-list", "get_order_list" and "GETORDERLIST" compare equal. */
export function normalName(name) {
  return String(name).toLowerCase().replace(/[-_]/g, "");
}

/** The closest candidates to `name` (at most 3), best first: the library's one rule. */
export function suggest(name, candidates) {
  return suggestNames(String(name), [...candidates].map(String));
}

/** " (did you mean a, b?)" or "". */
export function didYouMean(name, candidates, prefix = "") {
  const s = suggest(name, candidates);
  return s.length ? `did you mean ${s.map((c) => prefix + c).join(", ")}?` : null;
}
