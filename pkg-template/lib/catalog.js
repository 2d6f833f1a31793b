// The operations catalog, read once from the Rust core's table.
import { listOperations as coreList } from "../tiktok_shop_wasm.js";

let catalog = null;
let byGroup = null;
let positions = null;

function deepFreeze(value) {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Every operation: `{ group, operation, method, versions, paths, params, shopCipher, paginated, multipart, read }`. */
export function listOperations() {
  return (catalog ??= deepFreeze(coreList()));
}

/** Operations by group, in table order. */
export function groups() {
  if (!byGroup) {
    byGroup = new Map();
    for (const entry of listOperations()) {
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
  if (!positions) positions = new Map(listOperations().map((e, i) => [e, i]));
  return positions.get(entry) ?? -1;
}
