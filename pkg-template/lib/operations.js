// The operations table, as the core hands it over (JSON text, read lazily: the names of
// every operation when the first client is made, a version's plan the first time it is
// called (lib/plan.js), the whole table only for listOperations()), and the lookups by name.

import { namesJson, operationsJson } from "./core.js";
import { invalidError } from "./errors.js";
import { versionPlan } from "./plan.js";
import { didYouMean } from "./suggest.js";

let byGroup = null;
let published = null;
const publishedVersions = new Map();

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
 * Groups in table order, each `[{ group, operation, index, paginated }]`: enough to make
 * the group objects and to find an operation; what a version is comes from its plan.
 */
export function groups() {
  if (!byGroup) {
    byGroup = new Map();
    let index = 0;
    for (const [group, names] of JSON.parse(namesJson())) {
      byGroup.set(group, names.map(([operation, paginated]) => ({ group, operation, index: index++, paginated: paginated === 1 })));
    }
  }
  return byGroup;
}

/** `{ group, operation, index, paginated }` of an operation, or undefined. */
export function findOperation(group, operation) {
  return groups().get(group)?.find((e) => e.operation === operation);
}

/** `unknown operation order.getOrderLis (did you mean getOrderList?)`, or an unknown group likewise. */
export function unknownOperation(group, operation) {
  const names = groups().get(group);
  const name = `${group.slice(0, 64)}.${operation.slice(0, 64)}`;
  if (!names) return invalidError("group", `unknown operation ${name}: no group ${group.slice(0, 64)}${didYouMean(group, [...groups().keys()], "")}`);
  return invalidError("operation", `unknown operation ${name}${didYouMean(operation, names.map((n) => n.operation), "")}`);
}

/** The operation named `group`, `operation` (strings), or its `invalid_request` error. */
export function requireOperation(group, operation) {
  if (typeof group !== "string") throw invalidError("group", "`group` must be a string, e.g. \"order\"");
  if (typeof operation !== "string") throw invalidError("operation", "`operation` must be a string, e.g. \"getOrderList\"");
  const found = findOperation(group, operation);
  if (!found) throw unknownOperation(group, operation);
  return found;
}

/**
 * The version a call of an operation uses, as `listOperations()` describes it, with its
 * name: `{ version, method, path, params, read, items?, ... }`. The newest, or `version`
 * if the operation lists it (else an `invalid_request` error listing the versions): the
 * client's own choice, for tools that need it before there is a client (the CLI's flags,
 * the MCP tools' schemas).
 */
export function operationVersion(group, operation, version) {
  const { index } = requireOperation(group, operation);
  if (version !== undefined && version !== null && (typeof version !== "string" || version.length > 16)) {
    throw invalidError("version", "`version` must be a version string like \"202309\"");
  }
  const { version: name } = versionPlan(index, version ?? undefined);
  const key = `${index}\n${name}`;
  let entry = publishedVersions.get(key);
  if (!entry) {
    entry = Object.freeze({ version: name, ...listOperations()[index].byVersion[name] });
    publishedVersions.set(key, entry);
  }
  return entry;
}
