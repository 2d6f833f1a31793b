// Operation versions TikTok has switched off: a request to one answers
// 36009014 and names the operation's versions still served. TikTok shut off
// the finance transactions of version 202309 (by order, by statement) after
// 2025-12-31; the `retiredVersions` option replaces this list.

export const DEFAULT_RETIRED_VERSIONS = Object.freeze([
  "GET /finance/202309/orders/{order_id}/statement_transactions",
  "GET /finance/202309/statements/{statement_id}/statement_transactions",
]);

const keyOf = (op) => `${op.method} ${op.path}`;

export function createRetiredVersions(catalog, list = DEFAULT_RETIRED_VERSIONS) {
  const byKey = new Map(catalog.operations.filter((o) => o.host === "api").map((o) => [keyOf(o), o]));
  let retired = new Set();

  function set(next) {
    if (!Array.isArray(next)) throw new TypeError('retiredVersions must be an array of "METHOD /path/template" strings');
    const keys = new Set();
    for (const entry of next) {
      const key = String(entry).trim().replace(/\s+/, " ");
      const [method, path] = key.split(" ");
      const normal = `${(method ?? "").toUpperCase()} ${path ?? ""}`;
      if (!byKey.has(normal)) throw new TypeError(`unknown operation version ${JSON.stringify(entry)} (expected "METHOD /path/template" of the catalog, e.g. "${DEFAULT_RETIRED_VERSIONS[0]}")`);
      keys.add(normal);
    }
    retired = keys;
    return [...retired];
  }
  set(list);

  return {
    set,
    list: () => [...retired],
    has: (op) => retired.has(keyOf(op)),
    /** The answer's message: which version is gone, and which are served. */
    message(op) {
      const others = catalog.operations
        .filter((o) => o.group === op.group && o.operation === op.operation && o !== op && !retired.has(keyOf(o)))
        .map((o) => o.version)
        .sort()
        .reverse();
      const use = others.length ? `; use version ${others.join(" or ")}` : "";
      return `Invalid API version: ${op.version} of ${op.group}.${op.operation} is no longer available${use}`;
    },
  };
}
