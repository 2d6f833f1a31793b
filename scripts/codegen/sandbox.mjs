// Output: the sandbox's catalog (sandbox/src/generated/catalog.js): one entry
// per operation version, and the shapes of the response data it fabricates from.
//
// Schema format: "s" string, "i" integer, "n" number, "b" boolean, "o" free-form object,
// "#Name" a reference to schemas[Name], ["<type>"] an array. Structurally identical
// schemas are written once (the sandbox does not care what they are called).

import { kindOf } from "./model.mjs";
import { typeName } from "./naming.mjs";
import { reachable } from "./schemas.mjs";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const jsKey = (k) => (IDENT.test(k) ? k : JSON.stringify(k));

export function genSandbox({ operations, components }, header) {
  const roots = operations.flatMap((op) => op.versions.map((v) => v.data).filter(Boolean));
  const names = reachable(components, roots);

  // Deduplicate bottom-up: a schema's text depends on the (deduplicated) names it refers to.
  const canonical = new Map(); // component -> the name it is written under
  const byText = new Map(); // text -> name
  const text = new Map();
  const compact = (schema) => {
    if (schema.$ref) return `#${resolve(schema.$ref)}`;
    switch (kindOf(schema)) {
      case "string": case "binary": return "s";
      case "integer": return "i";
      case "number": return "n";
      case "boolean": return "b";
      case "object": return "o";
      case "array": return [compact(schema.items)];
    }
    throw new Error("unreachable");
  };
  const resolve = (n) => {
    if (canonical.has(n)) return canonical.get(n);
    canonical.set(n, typeName(n)); // provisional (no cycles in the description)
    const fields = Object.entries(components[n].properties ?? {}).map(([k, v]) => `${jsKey(k)}:${JSON.stringify(compact(v))}`);
    const body = `{${fields.join(",")}}`;
    const name = byText.get(body) ?? typeName(n);
    if (!byText.has(body)) {
      byText.set(body, name);
      text.set(name, body);
    }
    canonical.set(n, name);
    return name;
  };
  for (const n of names) resolve(n);

  const out = [`// ${header}`, "// Operations (one entry per version) and the shapes of their response data, for the offline sandbox.", ""];
  out.push("export const operations = [");
  for (const op of operations) {
    for (const v of op.versions) {
      const e = {
        group: op.group, operation: op.operation, account: op.account, version: v.version, method: v.method, path: v.path, host: v.host,
        source: v.source, shopCipher: v.shopCipher, multipart: v.multipart, jsonBody: v.jsonBody, read: v.read,
        paginated: v.paginated, items: v.paginated ? v.items : null, pageSizeMax: v.paginated && v.pageSizeMax ? v.pageSizeMax : null, pageSize: v.paginated && v.pageSize ? v.pageSize : null,
        scopes: v.scopes ?? null,
        params: v.params.map((x) => [x.name, x.loc, x.required, x.kind]),
        response: v.data ? canonical.get(v.data) : null,
      };
      out.push(`  {${Object.entries(e).map(([k, val]) => `${k}:${JSON.stringify(val)}`).join(",")}},`);
    }
  }
  out.push("];", "");
  out.push("export const schemas = {");
  for (const [name, body] of [...text.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out.push(`  ${name}:${body},`);
  out.push("};", "");
  return out.join("\n");
}
