// Build step of n8n-nodes-tiktok-shop-wasm: the shapes of the object and array parameters of
// every operation version, read from the library's own type declarations (the `ShopGroups`
// interface of types/generated/operations.d.ts) with the TypeScript checker, written as
// schemas.json beside the compiled catalog. The node shows a shape under each JSON field and
// enters arrays of scalars as comma-separated lists. Nothing here names an operation: the
// groups, operations, versions and parameters are the declarations'.
//
//   node n8n/scripts/schemas.mjs <the library's folder> <output file>

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(new URL("../tools/", import.meta.url));

const MAX_DEPTH = 3;
const MAX_LENGTH = 800;

export function schemas(libraryDir) {
  // Loaded here, not at import: scripts/build.mjs imports this module before it installs
  // the npm packages (TypeScript among them) on a fresh clone.
  const ts = require("typescript");
  // The generated declarations themselves: the package's root groups them under `Operations`.
  const entry = join(libraryDir, "types", "generated", "operations.d.ts");
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(entry);
  const groups = checker.getExportsOfModule(checker.getSymbolAtLocation(file)).find((s) => s.name === "ShopGroups");
  if (!groups) throw new Error(`${entry} exports no ShopGroups interface`);

  const defined = (type) => (type.isUnion() ? type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))) : [type]);
  const isScalar = (type) => defined(type).every((t) => t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.BigIntLike));

  function shape(type, depth) {
    const parts = defined(type);
    if (parts.length > 1) {
      // Literal unions (enums) print as they are; a boolean is `true | false` here.
      if (parts.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return "boolean";
      return parts.map((t) => shape(t, depth)).join(" | ");
    }
    const t = parts[0];
    if (t.flags & ts.TypeFlags.StringLiteral) return JSON.stringify(t.value);
    if (t.flags & (ts.TypeFlags.StringLike)) return "string";
    if (t.flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return "number";
    if (t.flags & ts.TypeFlags.BooleanLike) return "boolean";
    if (checker.isArrayType(t)) return `[${shape(checker.getTypeArguments(t)[0], depth)}]`;
    if (t.flags & ts.TypeFlags.Object) {
      if (depth >= MAX_DEPTH) return "{…}";
      const fields = checker.getPropertiesOfType(t).map((p) => {
        const optional = p.flags & ts.SymbolFlags.Optional ? "?" : "";
        return `${p.name}${optional}: ${shape(checker.getTypeOfSymbol(p), depth + 1)}`;
      });
      return fields.length ? `{ ${fields.join(", ")} }` : "{}";
    }
    return checker.typeToString(t);
  }

  const out = {};
  for (const group of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(groups))) {
    for (const operation of checker.getPropertiesOfType(checker.getTypeOfSymbol(group))) {
      for (const signature of checker.getTypeOfSymbol(operation).getCallSignatures()) {
        const [paramsSymbol, optionsSymbol] = signature.getParameters();
        const version = optionsSymbol && checker.getPropertyOfType(defined(checker.getTypeOfSymbol(optionsSymbol))[0], "version");
        const literal = version && defined(checker.getTypeOfSymbol(version)).find((t) => t.flags & ts.TypeFlags.StringLiteral);
        if (!literal || !paramsSymbol) continue;
        const params = defined(checker.getTypeOfSymbol(paramsSymbol))[0];
        const hints = {};
        for (const p of checker.getPropertiesOfType(params)) {
          const type = checker.getTypeOfSymbol(p);
          const t = defined(type)[0];
          if (!t || !(t.flags & ts.TypeFlags.Object)) continue;
          if (checker.isArrayType(t) && isScalar(checker.getTypeArguments(t)[0])) {
            hints[p.name] = { list: true };
            continue;
          }
          let text = shape(type, 0);
          if (text.length > MAX_LENGTH) text = `${text.slice(0, MAX_LENGTH - 1)}…`;
          hints[p.name] = { schema: text };
        }
        if (Object.keys(hints).length) out[`${group.name}.${operation.name}.${literal.value}`] = hints;
      }
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [libraryDir, output] = process.argv.slice(2);
  const result = schemas(libraryDir);
  writeFileSync(output, JSON.stringify(result));
  process.stderr.write(`[schemas] ${Object.keys(result).length} operation versions with object or array parameters\n`);
}
