// The operations table, as the core hands it over (JSON text, read once), and the
// lookups the client makes in it.

import { operationsJson } from "./core.js";

let entries = null;
let published = null;
let byGroup = null;

/** The client's own copy (without parameters): what group methods and calls read. */
function table() {
  if (!entries) {
    entries = JSON.parse(operationsJson(false));
    entries.forEach((entry, index) => (entry.index = index));
  }
  return entries;
}

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

/** Operations by group, in table order. */
export function groups() {
  if (!byGroup) {
    byGroup = new Map();
    for (const entry of table()) {
      if (!byGroup.has(entry.group)) byGroup.set(entry.group, []);
      byGroup.get(entry.group).push(entry);
    }
  }
  return byGroup;
}

export function findOperation(group, operation) {
  return groups().get(group)?.find((e) => e.operation === operation);
}
