// The operations table, as the core hands it over (JSON text, read lazily: the names of
// every operation when the first client is made, an operation's entry the first time it is
// called, the whole table only for listOperations()), and the lookups the client makes.

import { namesJson, operationJson, operationsJson } from "./core.js";

let byGroup = null;
let published = null;
const entries = [];

function deepFreeze(value) {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every operation: `{ group, operation, account, host, versions, paths, method, params,
 * shopCipher, paginated, multipart, read, items?, pageSizeMax?, byVersion }`, the top-level
 * fields describing the latest version and `byVersion` each one. A frozen copy made on
 * first use: callers cannot change what the client routes by.
 */
export function listOperations() {
  return (published ??= deepFreeze(JSON.parse(operationsJson(true))));
}

/**
 * Groups in table order, each `[{ operation, index, paginated }]`: enough to make the
 * group objects; an operation's entry is read when it is first called (`entryAt`).
 */
export function groups() {
  if (!byGroup) {
    byGroup = new Map();
    let index = 0;
    for (const [group, names] of JSON.parse(namesJson())) {
      byGroup.set(group, names.map(([operation, paginated]) => ({ operation, index: index++, paginated: paginated === 1 })));
    }
  }
  return byGroup;
}

/** The entry of the operation at `index` (its versions, paths, flags; no parameters). */
export function entryAt(index) {
  let entry = entries[index];
  if (!entry) {
    entry = JSON.parse(operationJson(index));
    entry.index = index;
    entries[index] = entry;
  }
  return entry;
}

export function findOperation(group, operation) {
  const name = groups().get(group)?.find((e) => e.operation === operation);
  return name ? entryAt(name.index) : undefined;
}
