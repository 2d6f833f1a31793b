// A call's parameters as the core takes them: one JSON text (one string across the
// boundary, parsed once in the core), refusing what JSON cannot carry exactly. Each
// property of the caller's object is read once, under a guard; an upload's files leave
// beside the text, as Files.

import { invalidError } from "./errors.js";
import { isArray, keysOf, optionsObject, read } from "./checks.js";

/**
 * The JSON text of a call's parameters, refusing what JSON cannot carry exactly: NaN and
 * Infinity, functions, symbols, `undefined` in arrays, cycles, nesting deeper than 64,
 * and text beyond 32 MB. BigInts travel as their digits (int64 ids beyond 2^53).
 * Uploads hand their file parts back separately (`files`), as Blobs; `shopCipher` is the
 * `shop_cipher` parameter as read here, once (a string, or nothing): the plan decides
 * whether the call goes to that shop (src/plan.rs), and the core sends the one it decided.
 */
export function paramsText(params, { fileParams = null, field = "params", prefix = "" } = {}) {
  if (params === undefined || params === null) return { text: "{}", files: undefined };
  if (typeof params !== "object" || isArray(params)) throw invalidError(field, `\`${field}\` must be an object`);
  const keys = keysOf(params, field, invalidError);
  let files;
  let shopCipher;
  let copy = null; // made only when a value needs changing (nested, BigInt, a file)
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = read(params, key, prefix + key, invalidError);
    const type = typeof value;
    if (key === "shop_cipher" && value !== undefined && value !== null) {
      if (type !== "string") throw invalidError(prefix + key, `\`${prefix + key}\` must be a string (a shop's cipher)`);
      shopCipher = value;
    }
    // The usual case: a string, a finite number or a boolean goes as it is.
    if (type === "string" || type === "boolean" || (type === "number" && Number.isFinite(value))) {
      if (copy) copy[key] = value;
      continue;
    }
    copy ??= copyOf(params, keys, i);
    if (fileParams?.includes(key) && value !== undefined && value !== null) {
      files ??= {};
      files[key] = blobOf(value, key);
      copy[key] = {}; // the core routes the part; its bytes never enter the core
    } else {
      copy[key] = plain(value, prefix + key, 1, new Set());
    }
  }
  return { text: jsonText(copy ?? params, field, MAX_PARAMS_TEXT, "32 MB"), files, shopCipher };
}

export const MAX_PARAMS_TEXT = 32 * 1024 * 1024;
// A query travels in the URL: servers refuse URLs far shorter than this.
const MAX_QUERY_TEXT = 64 * 1024;

/** `JSON.stringify(value)` within `max` characters; a typed error naming `field` otherwise. */
function jsonText(value, field, max, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // A RangeError here is a string too long for the engine: the same bound, reached sooner.
    if (error instanceof RangeError) throw invalidError(field, `\`${field}\` is larger than ${what} of JSON`);
    throw invalidError(field, `\`${field}\` could not be serialised as JSON`);
  }
  if (text.length > max) throw invalidError(field, `\`${field}\` is larger than ${what} of JSON`);
  return text;
}

/** The first `n` keys of `params` (plain values already checked), as a new object. */
function copyOf(params, keys, n) {
  const copy = Object.create(null); // an own `__proto__` key stays a key (and is refused as one)
  for (let i = 0; i < n; i++) copy[keys[i]] = params[keys[i]];
  return copy;
}

/**
 * The JSON text of a query given whole (`shop.request()`, `signRequest()`): each value a
 * string, number, boolean or BigInt, or an array of them (sent comma-joined).
 */
export function queryText(query, field) {
  if (query === undefined || query === null) return "{}";
  if (typeof query !== "object" || isArray(query)) throw invalidError(field, `\`${field}\` must be an object`);
  const scalar = (v) => ["string", "boolean", "bigint"].includes(typeof v) || (typeof v === "number" && Number.isFinite(v));
  const out = Object.create(null);
  let size = 0; // counted as it goes, so a huge query stops before it is copied whole
  for (const [key, value] of Object.entries(optionsObject(query, field, null, invalidError))) {
    const name = `${field}.${key.slice(0, 64)}`;
    if (value === undefined || value === null) continue;
    size += key.length;
    if (isArray(value)) {
      const length = read(value, "length", name, invalidError);
      if (!Number.isSafeInteger(length) || length > MAX_QUERY_TEXT) throw invalidError(name, `\`${name}\` is larger than 64 KB`);
      const items = plain(value, name, 1, new Set());
      if (!items.every(scalar)) throw invalidError(name, `\`${name}\` must hold strings, numbers or booleans`);
      out[key] = items;
      for (const item of items) size += typeof item === "string" ? item.length : 24;
    } else if (scalar(value)) {
      out[key] = typeof value === "bigint" ? value.toString() : value;
      size += typeof out[key] === "string" ? out[key].length : 24;
    } else throw invalidError(name, `\`${name}\` must be a string, number, boolean or an array of them`);
    if (size > MAX_QUERY_TEXT) throw invalidError(field, `\`${field}\` is larger than 64 KB`);
  }
  return jsonText(out, field, MAX_QUERY_TEXT, "64 KB");
}

/** A JSON-safe copy of a caller's value, each property read once under a guard. */
function plain(value, field, depth, seen) {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (!Number.isFinite(value)) throw invalidError(field, `\`${field}\` is ${value}, which JSON cannot carry`);
      return value;
    case "bigint":
      return value.toString();
    case "undefined":
      return undefined;
    case "function":
    case "symbol":
      throw invalidError(field, `\`${field}\` is a ${typeof value}, which JSON cannot carry`);
  }
  if (value === null) return null;
  if (depth > 64) throw invalidError(field, `\`${field}\` is nested more than 64 levels deep`);
  if (seen.has(value)) throw invalidError(field, `\`${field}\` refers to itself (a cycle)`);
  seen.add(value);
  try {
    if (isArray(value)) {
      const length = read(value, "length", field, invalidError);
      if (!Number.isSafeInteger(length) || length < 0 || length > 10_000_000) throw invalidError(field, `\`${field}\` has an invalid length`);
      const out = new Array(length);
      for (let i = 0; i < length; i++) {
        const item = read(value, i, `${field}[${i}]`, invalidError);
        if (item === undefined) throw invalidError(`${field}[${i}]`, `\`${field}[${i}]\` is undefined, which JSON would turn into null`);
        out[i] = plain(item, `${field}[${i}]`, depth + 1, seen);
      }
      return out;
    }
    let isDate;
    try {
      isDate = value instanceof Date;
    } catch {
      throw invalidError(field, `\`${field}\` could not be read`);
    }
    if (isDate) return value.toJSON();
    const out = Object.create(null); // keeps an own `__proto__` key as a key
    for (const key of keysOf(value, field, invalidError)) {
      const item = plain(read(value, key, `${field}.${key}`, invalidError), `${field}.${key}`, depth + 1, seen);
      if (item !== undefined) out[key] = item;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * An upload's file as a File: a File as given; a Blob or bytes wrapped in one named after
 * the parameter (the form part's filename).
 */
function blobOf(value, field) {
  let blob;
  try {
    if (value instanceof File) blob = value;
    else if (value instanceof Blob) blob = new File([value], field, { type: value.type });
    else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) blob = new File([value], field);
  } catch {
    throw invalidError(field, `\`${field}\` could not be read (a detached buffer?)`);
  }
  if (!blob) throw invalidError(field, `\`${field}\` must be a Blob, File, Uint8Array or ArrayBuffer`);
  if (blob.size === 0) throw invalidError(field, `\`${field}\` is empty (a zero-length or detached buffer)`);
  return blob;
}

