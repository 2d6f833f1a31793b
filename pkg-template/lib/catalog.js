// The operations catalog, read once from the Rust core's table (as JSON text).
import { listOperationsJson } from "../tiktok_shop_wasm.js";

let entries = null;
let published = null;
let byGroup = null;
let positions = null;

/** The glue's own copy of the catalog. */
function catalog() {
  return (entries ??= JSON.parse(listOperationsJson(false)));
}

function deepFreeze(value) {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every operation: `{ group, operation, method, versions, paths, params, shopCipher, paginated, multipart, read }`.
 * A frozen copy, made on first use: callers cannot change what the client routes by.
 */
export function listOperations() {
  return (published ??= deepFreeze(JSON.parse(listOperationsJson(true))));
}

/** Operations by group, in table order. */
export function groups() {
  if (!byGroup) {
    byGroup = new Map();
    for (const entry of catalog()) {
      if (!byGroup.has(entry.group)) byGroup.set(entry.group, []);
      byGroup.get(entry.group).push(entry);
    }
  }
  return byGroup;
}

export function findOperation(group, operation) {
  return groups().get(group)?.find((e) => e.operation === operation);
}

/** Position of an entry in the core's table (what `Core.send` takes), or -1. */
export function operationIndex(entry) {
  if (!positions) positions = new Map(catalog().map((e, i) => [e, i]));
  return positions.get(entry) ?? -1;
}
