// Output: TypeScript declarations of every operation (pkg-template/types/generated/
// operations.d.ts): each version's parameters and response data, the group method
// interfaces, and the map `call()` is typed by. A schema identical to one written before is
// that one: it gets no declaration of its own and every reference names the first, so the
// file grows with distinct shapes, not with versions (the 2,085 twins' aliases were 326 KB,
// 19 KB of the package's tarball).

import { kindOf, SOURCES } from "./model.mjs";
import { cap, cmp, typeName } from "./naming.mjs";
import { checkTypeNames, reachable } from "./schemas.mjs";

const BINARY_TS = "Blob | Uint8Array | ArrayBuffer";
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const jsKey = (k) => (IDENT.test(k) ? k : JSON.stringify(k));

/** The TypeScript of a schema; `name` gives a component's type name. */
function tsType(schema, name) {
  if (schema.$ref) return name(schema.$ref);
  switch (kindOf(schema)) {
    case "string": return "string";
    case "integer": case "number": return "number";
    case "boolean": return "boolean";
    case "binary": return BINARY_TS;
    case "object": return "Record<string, unknown>";
    case "array": {
      const t = tsType(schema.items, name);
      return /[ |]/.test(t) ? `(${t})[]` : `${t}[]`;
    }
  }
  throw new Error("unreachable");
}

const fieldsText = (fields) => fields.map(([k, opt, t]) => `${jsKey(k)}${opt ? "?" : ""}: ${t};`).join(" ");

/** `NonNullable<D["a"]>` ... for a dotted items path, then the element type. */
function itemType(data, items) {
  let t = data;
  for (const part of items.split(".")) t = `NonNullable<${t}[${JSON.stringify(part)}]>`;
  return `${t}[number]`;
}

/**
 * The declarations of the schemas `names` (sorted), in dependency order so that a shape
 * identical to one written before can be recognised: that one is not written again
 * (`lines`). `canonicalName` gives the type name a reference to any schema uses (its first twin's).
 */
function emitSchemas(components, names, resNames) {
  const out = [];
  const written = new Map(); // body text -> type name
  const aliasOf = new Map(); // component -> the earlier twin's type name
  const done = new Set();
  const emit = (n) => {
    if (done.has(n)) return;
    done.add(n);
    const s = components[n];
    // Response data: every field optional. Request-only schemas: required per the schema.
    const allOptional = resNames.has(n);
    const required = new Set(s.required ?? []);
    const props = Object.entries(s.properties ?? {});
    for (const [, v] of props) {
      const ref = v.$ref ?? v.items?.$ref;
      if (ref) emit(ref);
    }
    const fields = props.map(([k, v]) => [k, allOptional || !required.has(k), canonicalType(v)]);
    const body = fields.length ? `{ ${fieldsText(fields)} }` : "Record<string, unknown>";
    const twin = written.get(body);
    if (twin) aliasOf.set(n, twin);
    else {
      written.set(body, typeName(n));
      out.push(fields.length ? `export interface ${typeName(n)} ${body}` : `export type ${typeName(n)} = ${body};`);
    }
  };
  // A field's type names the first twin, so that later shapes compare equal.
  const canonicalType = (schema) => tsType(schema, canonicalName);
  const canonicalName = (n) => aliasOf.get(n) ?? typeName(n);
  for (const n of names) emit(n);
  return { lines: out, canonicalName };
}

export function genDts({ operations, components }, header) {
  const out = [
    `// ${header}`,
    "// Parameters, response data and method signatures of every operation.",
    "",
    'import type { CallOptions, Paginated } from "../index.js";',
    "",
  ];

  const resRoots = operations.flatMap((op) => op.versions.map((v) => v.data).filter(Boolean));
  const reqRoots = [];
  for (const op of operations) {
    for (const v of op.versions) {
      for (const x of v.params) {
        const s = x.schema.$ref ? x.schema : x.schema.items?.$ref ? x.schema.items : null;
        if (s) reqRoots.push(s.$ref);
      }
    }
  }
  const resNames = new Set(reachable(components, resRoots));
  const reqNames = new Set(reachable(components, reqRoots));
  const all = [...new Set([...resNames, ...reqNames])].sort(cmp);
  checkTypeNames(all);

  const names = (op, v) => {
    const base = `${cap(op.group)}${cap(op.operation)}${cap(v.version)}`;
    return { params: `${base}Params`, data: `${base}Data` };
  };
  const schemas = emitSchemas(components, all, resNames);
  const { canonicalName } = schemas;
  out.push("// ---- Operations ----", "");
  for (const op of operations) {
    for (const v of op.versions) {
      const n = names(op, v);
      // A name in two places (path and body) is one field: the client sends it to both.
      const fields = [];
      for (const x of v.params) {
        const prev = fields.find((f) => f[0] === x.name);
        const t = tsType(x.schema, canonicalName);
        if (!prev) fields.push([x.name, !x.required, t]);
        else {
          prev[1] = prev[1] && !x.required;
          if (prev[2] !== t) prev[2] = `${prev[2]} | ${t}`;
        }
      }
      if (v.shopCipher !== "forbidden") fields.push(["shop_cipher", true, "string"]);
      out.push(fields.length ? `export interface ${n.params} { ${fieldsText(fields)} }` : `export type ${n.params} = Record<string, never>;`);
      out.push(`export type ${n.data} = ${v.data ? canonicalName(v.data) : "Record<string, unknown>"};`);
    }
  }
  out.push("");
  out.push("// ---- Schemas ----", "", ...schemas.lines, "");


  out.push("// ---- Methods ----", "");
  const groups = [...new Set(operations.map((op) => op.group))];
  for (const g of groups) {
    out.push(`export interface ${cap(g)}Methods {`);
    for (const op of operations.filter((o) => o.group === g)) {
      const sigs = op.versions.flatMap((v, i) => {
        const n = names(op, v);
        const optionalParams = v.params.every((x) => !x.required);
        const ver = JSON.stringify(v.version);
        // What an editor shows on hover: a version not in TikTok's description says so.
        const note = v.source === SOURCES.docs ? [`    /** ${v.version}: from the docs catalog (spec/docs-catalog), not TikTok's OpenAPI description. */`] : [];
        if (i === 0) {
          return [...note, `    (params${optionalParams ? "?" : ""}: ${n.params}, options?: CallOptions & { version?: ${ver} }): Promise<${n.data}>;`];
        }
        return [...note, `    (params: ${n.params}${optionalParams ? " | undefined" : ""}, options: CallOptions & { version: ${ver} }): Promise<${n.data}>;`];
      });
      const latest = op.versions[0];
      const ln = names(op, latest);
      const pag = latest.paginated ? `Paginated<${ln.params}, ${ln.data}, ${itemType(ln.data, latest.items)}> & ` : "";
      out.push(`  ${op.operation}: ${pag}{`, ...sigs, "  };");
    }
    out.push("}", "");
  }

  out.push("export interface ShopGroups {");
  for (const g of groups) out.push(`  ${g}: ${cap(g)}Methods;`);
  out.push("}", "");
  out.push("export type GroupName = keyof ShopGroups;", "");
  out.push("/** Latest version of every operation, by `group.method`, for the generic `call()`. */");
  out.push("export interface OperationMap {");
  for (const op of operations) {
    const n = names(op, op.versions[0]);
    out.push(`  ${JSON.stringify(`${op.group}.${op.operation}`)}: { params: ${n.params}; data: ${n.data} };`);
  }
  out.push("}", "");
  return out.join("\n");
}
