// The named schemas an output needs: those reachable from given roots.

import { cmp, typeName } from "./naming.mjs";

export const refName = (r) => r.$ref;

function refsOf(schema) {
  const out = [];
  for (const v of Object.values(schema.properties ?? {})) {
    if (v.$ref) out.push(v.$ref);
    else if (v.items?.$ref) out.push(v.items.$ref);
    else if (v.items?.items) throw new Error("nested arrays are not supported");
  }
  return out;
}

/** Component names reachable from the given roots, sorted. */
export function reachable(components, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const n = stack.pop();
    if (seen.has(n)) continue;
    if (!components[n]) throw new Error(`missing schema ${n}`);
    seen.add(n);
    stack.push(...refsOf(components[n]));
  }
  return [...seen].sort(cmp);
}

/** Fails when two components would get the same TypeScript name. */
export function checkTypeNames(names) {
  const seen = new Map();
  for (const n of names) {
    const t = typeName(n);
    if (seen.has(t) && seen.get(t) !== n) throw new Error(`type name ${t} for both ${n} and ${seen.get(t)}`);
    seen.set(t, n);
  }
}
