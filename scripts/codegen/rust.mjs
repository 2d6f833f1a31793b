// Output: the operations table of the Rust core (src/generated/operations.rs).

const LOC = { path: "Path", query: "Query", body: "Body", form: "Form", file: "File" };
const KIND = { string: "Str", integer: "Int", number: "Num", boolean: "Bool", array: "Array", object: "Object", binary: "Binary" };
const METHOD = { GET: "Get", POST: "Post", PUT: "Put", DELETE: "Delete" };
const CIPHER = { required: "Required", optional: "Optional", forbidden: "Forbidden" };
const ACCOUNT = { seller: "Seller", creator: "Creator", partner: "Partner", any: "Any" };
const SOURCE = { "tiktok-oas": "TiktokOas", "docs-catalog": "DocsCatalog", builtin: "Builtin" };
const rs = (s) => JSON.stringify(s); // names and paths are plain ASCII: a JSON string is a Rust string

function wrap(items, indent, width = 110) {
  const lines = [];
  let line = "";
  for (const it of items) {
    if (line && indent.length + line.length + 1 + it.length > width) {
      lines.push(indent + line);
      line = "";
    }
    line = line ? `${line} ${it}` : it;
  }
  if (line) lines.push(indent + line);
  return lines;
}

export function genRust({ operations }, header) {
  const out = [
    `// ${header}`,
    "",
    "use crate::operations::flags::*;",
    "use crate::operations::*;",
    "use Account::*;",
    "use Kind::*;",
    "use Loc::*;",
    "use Method::*;",
    "use ShopCipher::*;",
    "use Source::*;",
    "",
    "#[rustfmt::skip]",
    "const fn p(name: &'static str, loc: Loc, required: bool, kind: Kind) -> Param {",
    "    Param { name, loc, required, kind }",
    "}",
    "",
    "#[rustfmt::skip]",
    "pub static OPERATIONS: &[Operation] = &[",
  ];
  for (const op of operations) {
    out.push(`    Operation { group: ${rs(op.group)}, operation: ${rs(op.operation)}, account: ${ACCOUNT[op.account]}, versions: &[`);
    for (const v of op.versions) {
      const flags = [
        v.jsonBody && "JSON_BODY", v.multipart && "MULTIPART", v.paginated && "PAGINATED", v.read && "READ",
        v.scopesSource === "carried" && "SCOPES_CARRIED",
      ].filter(Boolean);
      const host = v.host === "auth" ? `Host::Auth { grant_type: ${rs(v.grantType)} }` : "Host::Api";
      out.push(
        `        Version { version: ${rs(v.version)}, method: ${METHOD[v.method]}, path: ${rs(v.path)}, ` +
          `host: ${host}, shop_cipher: ${CIPHER[v.shopCipher]}, source: ${SOURCE[v.source]},`,
      );
      out.push(
        `            flags: ${flags.length ? flags.join(" | ") : "0"}, page_size_max: ${v.pageSizeMax}, page_size: ${v.pageSize}, items: ${rs(v.items)},`,
      );
      out.push(
        `            scopes: &[${(v.scopes ?? []).map(rs).join(", ")}],` +
          (v.params.length ? "" : " params: &[] },"),
      );
      if (v.params.length) {
        const ps = v.params.map((x) => `p(${rs(x.name)}, ${LOC[x.loc]}, ${x.required}, ${KIND[x.kind]}),`);
        const oneLine = `            params: &[${ps.join(" ").slice(0, -1)}] },`;
        if (oneLine.length <= 110) out.push(oneLine);
        else out.push("            params: &[", ...wrap(ps, "                "), "            ] },");
      }
    }
    out.push("    ] },");
  }
  out.push("];", "");
  return out.join("\n");
}
