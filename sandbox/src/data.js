// Fabricates response `data` from the catalog's response schemas, overlaid
// with real values. Schema format (from generated/catalog.js):
//   "s" string, "i" integer, "n" number, "b" boolean, "o" free-form object,
//   "#Name" reference to schemas[Name], ["<type>"] array of <type>.
//
// shape(type, real, key) returns a value of exactly the schema's shape: every
// key the schema lists and no other; where `real` has a value it wins,
// otherwise a deterministic value is made up from `key` (a seed string) and the
// field name. With `entity: true` (the object is a real seeded entity) missing
// fields are filled with neutral values ("", 0, "0.00", false, []) instead of
// invented ones, so the totals of real entities stay consistent.

import { hash32 } from "./shop/random.js";
import { SandboxError } from "./errors.js";

export { SandboxError };

const MAX_DEPTH = 12;
const AMOUNT_RE = /(amount|price|fee|tax|cost|subtotal|sub_total|total|discount|value|balance|commission)$/;
const TIME_RE = /(time|_at|date|deadline|timestamp|_ge|_lt|_le)$/;

export function createFabricator(schemas, { baseTime, currency = "USD" } = {}) {
  const schemaOf = (type) => (typeof type === "string" && type[0] === "#" ? schemas[type.slice(1)] : undefined);

  function invent(kind, name, key) {
    const h = hash32(key + "|" + name);
    switch (kind) {
      case "s": {
        if (name === "next_page_token") return "";
        if (name === "currency") return currency;
        if (name === "id" || /_id$/.test(name) || /_ids$/.test(name)) return String(1000000000000000000n + BigInt(h) * 1000003n + BigInt(hash32(key)));
        if (AMOUNT_RE.test(name)) return ((h % 9900) / 100 + 1).toFixed(2);
        if (/(url|uri|link)s?$/.test(name)) return `https://sandbox.tiktokshop.invalid/${name}/${h % 100000}`;
        if (/status$/.test(name)) return "ACTIVE";
        if (/region(_code)?$/.test(name)) return "US";
        if (/email$/.test(name)) return `user${h % 10000}@example.invalid`;
        if (/token$/.test(name)) return h.toString(16).padStart(8, "0").repeat(4);
        if (TIME_RE.test(name)) return new Date((baseTime - (h % (30 * 86400))) * 1000).toISOString().slice(0, 10);
        if (/(name|title)$/.test(name)) return `Sandbox ${name.replace(/_/g, " ")} ${h % 100}`;
        if (/(type|code|level|method|tag)$/.test(name)) return name.toUpperCase().replace(/[^A-Z]/g, "_") + "_" + (h % 3);
        return `${name}-${h % 10000}`;
      }
      case "i":
        if (name === "total_count") return 0;
        if (TIME_RE.test(name)) return baseTime - (h % (30 * 86400));
        if (/(count|quantity|qty|num|limit|stock)$/.test(name)) return (h % 20) + 1;
        return h % 100;
      case "n":
        return (h % 10000) / 100;
      case "b":
        return (h & 1) === 1;
      default:
        return {};
    }
  }

  function neutral(kind, name) {
    switch (kind) {
      case "s":
        if (name === "currency") return currency;
        if (AMOUNT_RE.test(name)) return "0.00";
        return "";
      case "i":
        return 0;
      case "n":
        return 0;
      case "b":
        return false;
      default:
        return {};
    }
  }

  function coerce(kind, value) {
    switch (kind) {
      case "s":
        return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
      case "i":
        if (typeof value === "number") return Math.trunc(value);
        return Number.parseInt(String(value), 10) || 0;
      case "n":
        return typeof value === "number" ? value : Number(value) || 0;
      case "b":
        return typeof value === "boolean" ? value : value === "true" || value === 1;
      default:
        return value;
    }
  }

  /**
   * @param {string|Array} type schema type
   * @param {*} real value to prefer (may be undefined)
   * @param {string} key deterministic seed for invented values
   * @param {{entity?: boolean, name?: string, depth?: number, items?: number}} [opt]
   */
  function shape(type, real, key, opt = {}) {
    const { entity = false, name = "", depth = 0 } = opt;
    if (Array.isArray(type)) {
      const inner = type[0];
      if (Array.isArray(real)) return real.map((r, i) => shape(inner, r, `${key}.${name}[${i}]`, { entity, name, depth: depth + 1 }));
      if (entity || depth >= MAX_DEPTH) return [];
      const n = opt.items ?? (hash32(key + "|" + name) % 2) + 1;
      const out = [];
      for (let i = 0; i < n; i++) out.push(shape(inner, undefined, `${key}.${name}[${i}]`, { entity, name, depth: depth + 1 }));
      return out;
    }
    const sch = schemaOf(type);
    if (sch) {
      if (depth >= MAX_DEPTH) return {};
      const src = real && typeof real === "object" && !Array.isArray(real) ? real : undefined;
      const out = {};
      for (const field of Object.keys(sch)) {
        const v = src ? src[field] : undefined;
        out[field] = v === undefined || v === null
          ? (entity && !Array.isArray(sch[field]) && !schemaOf(sch[field]) ? neutral(sch[field], field) : shape(sch[field], undefined, `${key}.${field}`, { entity, name: field, depth: depth + 1 }))
          : shape(sch[field], v, `${key}.${field}`, { entity, name: field, depth: depth + 1 });
      }
      return out;
    }
    if (typeof type === "string" && type[0] === "#") {
      // unknown reference: keep the real value or an empty object
      return real && typeof real === "object" ? real : {};
    }
    if (type === "o") return real && typeof real === "object" ? real : {};
    if (real !== undefined && real !== null) return coerce(type, real);
    return entity ? neutral(type, name) : invent(type, name, key);
  }

  /**
   * The item type of a list field of a schema (e.g. "orders" of the order
   * list), or undefined. `field` may be a dotted path through objects
   * ("performance.intervals").
   */
  function itemType(schemaName, field) {
    const segs = field.split(".");
    let sch = schemas[schemaName];
    for (const seg of segs.slice(0, -1)) sch = schemaOf(sch?.[seg]);
    const t = sch?.[segs[segs.length - 1]];
    return Array.isArray(t) ? t[0] : undefined;
  }

  /** The first array field of a schema (the list an op returns when the catalog doesn't say). */
  function firstListField(schemaName) {
    const sch = schemas[schemaName];
    if (!sch) return undefined;
    return Object.keys(sch).find((k) => Array.isArray(sch[k]));
  }

  return { shape, itemType, firstListField, schemas };
}

// Page tokens: opaque standard base64 (with "+", "/" and "=" like the real
// API's tokens, so a client that forgets to percent-encode query values is
// caught) of a fixed 3-byte prefix and "pt1:<scope hash>:<offset>"; anything
// else is rejected.

const TOKEN_PREFIX = [0xfb, 0xff, 0xbf]; // encodes as "+/+/"

export function encodePageToken(scope, offset) {
  const bytes = [...TOKEN_PREFIX, ...new TextEncoder().encode(`pt1:${hash32(scope).toString(36)}:${offset}`)];
  return btoa(String.fromCharCode(...bytes));
}

export function decodePageToken(scope, token) {
  if (typeof token !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(token)) return null;
  let bin;
  try {
    bin = atob(token);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (bytes.length < 4 || TOKEN_PREFIX.some((b, i) => bytes[i] !== b)) return null;
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(TOKEN_PREFIX.length));
  } catch {
    return null;
  }
  const m = /^pt1:([0-9a-z]+):(\d{1,9})$/.exec(text);
  if (!m || m[1] !== hash32(scope).toString(36)) return null;
  return Number(m[2]);
}

/**
 * Parses page_size (string or number) against the operation's maximum.
 * @returns {number}
 */
export function parsePageSize(raw, max, fallback = 20) {
  if (raw === undefined || raw === null || raw === "") return Math.min(fallback, max);
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new SandboxError(36009004, "Invalid page_size: must be a positive integer", 400);
  const n = Number(text);
  if (n > max) throw new SandboxError(36009004, `page_size exceeds maximum of ${max}`, 400);
  return n;
}

/**
 * Cuts one page out of a full list.
 * @returns {{ page: any[], next_page_token: string, total_count: number }}
 */
export function paginate(items, { pageSize, pageToken, scope }) {
  let offset = 0;
  if (pageToken !== undefined && pageToken !== null && pageToken !== "") {
    const decoded = decodePageToken(scope, String(pageToken));
    if (decoded === null || decoded > items.length) throw new SandboxError(36009004, "Invalid page_token", 400);
    offset = decoded;
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize < items.length ? encodePageToken(scope, offset + pageSize) : "";
  return { page, next_page_token: next, total_count: items.length };
}
