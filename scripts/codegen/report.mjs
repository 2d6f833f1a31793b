// `npm run codegen -- --report <catalog>`: what a newer docs catalog (a downloaded
// tiktok-shop-api crate) would change if it were converted and vendored: new operations,
// new versions of operations the package has, defaults that would move, versions it no
// longer lists, versions whose parameters or reply changed. Reads; writes nothing.

import { fragmentsOf } from "../docs-catalog/convert.mjs";
import { readCatalog } from "../docs-catalog/crate.mjs";
import { buildModel, SOURCES, specOf } from "./model.mjs";
import { cmp } from "./naming.mjs";

/** Everything a call depends on, as one comparable text: rules, parameters, reply shape. */
function signature(model, v) {
  const expand = (schema) => {
    if (schema.$ref) {
      const fields = Object.entries(model.components[schema.$ref].properties).map(([k, s]) => `${k}:${expand(s)}`);
      return `{${fields.sort().join(",")}}`;
    }
    return schema.type === "array" ? `[${expand(schema.items)}]` : schema.type;
  };
  const params = v.params.map((x) => `${x.loc}:${x.name}:${x.required ? "required" : "optional"}:${expand(x.schema)}`).sort();
  const data = v.data ? expand({ $ref: v.data }) : "none";
  return JSON.stringify([v.method, v.path, v.shopCipher, v.jsonBody, v.multipart, v.paginated, v.pageSizeMax, v.pageSize, params, data]);
}

const versionsOf = (model) => {
  const out = new Map();
  for (const op of model.operations) for (const v of op.versions) out.set(`${op.group}.${op.operation}@${v.version}`, { op, v });
  return out;
};

/**
 * @param current the model codegen builds today (spec/oas + spec/docs-catalog)
 * @param file the newer catalog: a .crate file or the folder it unpacks to
 * @param oas spec/oas as readSpec reads it; `vendored` spec/docs-catalog's index
 */
export function freshnessReport(current, file, { oas, vendored }) {
  const catalog = readCatalog(file);
  const { index, files } = fragmentsOf(catalog, oas);
  const next = buildModel(oas, specOf(index, files, SOURCES.docs));

  const before = versionsOf(current);
  const after = versionsOf(next);
  const opsBefore = new Set(current.operations.map((op) => `${op.group}.${op.operation}`));
  const line = (key, v) => `  ${key.padEnd(60)} ${v.method.padEnd(6)} ${v.path}`;
  const newOps = [];
  const newVersions = [];
  const changed = [];
  for (const [key, { op, v }] of after) {
    const name = `${op.group}.${op.operation}`;
    const was = before.get(key);
    if (!opsBefore.has(name)) newOps.push(line(key, v));
    else if (!was) newVersions.push(line(key, v));
    else if (v.source === SOURCES.docs && signature(current, was.v) !== signature(next, v)) changed.push(line(key, v));
  }
  const gone = [...before].filter(([key, { v }]) => v.source === SOURCES.docs && !after.has(key)).map(([key, { v }]) => line(key, v));
  const moved = [];
  const defaultsBefore = new Map(current.operations.map((op) => [`${op.group}.${op.operation}`, op.versions[0].version]));
  for (const op of next.operations) {
    const was = defaultsBefore.get(`${op.group}.${op.operation}`);
    if (was && was !== op.versions[0].version) moved.push(`  ${`${op.group}.${op.operation}`.padEnd(60)} ${was} -> ${op.versions[0].version}`);
  }

  const about = (a) => `${a.crate ?? a.name} ${a.version} (document ${a.document_version ?? a.documentVersion})`;
  const out = [
    `Docs catalog ${about(catalog.about)}${catalog.about.sha256 ? `, sha256 ${catalog.about.sha256}` : ""}`,
    `against the vendored one, ${vendored?.source ? about(vendored.source) : "none"}, and spec/oas (${oas.entries.length} operation-versions):`,
    `${catalog.operations.length} operation-versions in the catalog, ${index.operation_versions} of them missing from spec/oas ` +
      `(${vendored?.operation_versions ?? 0} vendored today).`,
    "",
  ];
  const section = (title, rows) => {
    out.push(`${title} (${rows.length})${rows.length ? ":" : ""}`, ...rows.sort(cmp), "");
  };
  section("New operations", newOps);
  section("New versions of operations the package has", newVersions);
  section("Defaults that would move (the newest known version is the default)", moved);
  section("Versions from the vendored catalog it no longer lists (or that spec/oas now has)", gone);
  section("Versions from the docs catalog whose parameters, rules or reply changed", changed);
  out.push(
    newOps.length + newVersions.length + moved.length + gone.length + changed.length
      ? `Nothing was changed. To take this catalog: node scripts/docs-catalog/convert.mjs ${catalog.about.sha256 ? file : "<its .crate file>"} && npm run codegen, then npm test.`
      : "Nothing to take: the vendored catalog is current.",
  );
  return out.join("\n");
}
