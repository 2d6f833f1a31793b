// Routing by the catalog's path templates ({param} segments); where two
// templates match, the one with more literal segments wins.

/** Builds a router over catalog operations. */
export function buildRouter(operations) {
  const byTemplate = new Map();
  for (const op of operations) {
    let r = byTemplate.get(op.path);
    if (!r) {
      const segs = op.path.split("/").slice(1).map((s) => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : { lit: s }));
      r = { template: op.path, segs, literals: segs.filter((s) => s.lit !== undefined).length, methods: new Map() };
      byTemplate.set(op.path, r);
    }
    if (!r.methods.has(op.method)) r.methods.set(op.method, op);
  }
  const buckets = new Map();
  for (const r of byTemplate.values()) {
    const n = r.segs.length;
    if (!buckets.has(n)) buckets.set(n, []);
    buckets.get(n).push(r);
  }
  for (const list of buckets.values()) list.sort((a, b) => b.literals - a.literals);
  return {
    /** @returns {{op, params} | {methodNotAllowed: true, allowed: string[]} | null} */
    match(method, pathname) {
      const parts = pathname.split("/").slice(1);
      const candidates = buckets.get(parts.length) ?? [];
      const allowed = new Set();
      for (const r of candidates) {
        const params = {};
        let ok = true;
        for (let i = 0; i < parts.length && ok; i++) {
          const s = r.segs[i];
          if (s.lit !== undefined) ok = parts[i] === s.lit;
          else if (parts[i] === "") ok = false;
          else {
            try {
              params[s.param] = decodeURIComponent(parts[i]);
            } catch {
              ok = false;
            }
          }
        }
        if (!ok) continue;
        const op = r.methods.get(method);
        if (op) return { op, params };
        for (const m of r.methods.keys()) allowed.add(m);
      }
      return allowed.size ? { methodNotAllowed: true, allowed: [...allowed] } : null;
    },
    operations,
  };
}
