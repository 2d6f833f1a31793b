// Filters and sorting shared by the list answers.

import { SandboxError } from "../errors.js";

export const asList = (v) => {
  if (v === undefined || v === null || v === "") return [];
  if (Array.isArray(v)) return v.map(String);
  return String(v).split(",").filter(Boolean);
};
export const asInt = (v) => {
  if (v === undefined || v === null || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new SandboxError(36009004, "Invalid request parameter: expected an integer", 400);
  return Math.trunc(n);
};

export function timeFilter(items, field, ge, lt, le) {
  return items.filter((x) => (ge === undefined || x[field] >= ge) && (lt === undefined || x[field] < lt) && (le === undefined || x[field] <= le));
}

export function sortBy(items, ctx, { fields, defaultField, defaultOrder = "DESC", required = false }) {
  const field = ctx.arg("sort_field") ?? (required ? undefined : defaultField);
  if (field === undefined || !fields.includes(field)) {
    throw new SandboxError(36009004, `Invalid sort_field: expected ${fields.join(" or ")}`, 400);
  }
  const order = String(ctx.arg("sort_order") ?? defaultOrder).toUpperCase();
  if (order !== "ASC" && order !== "DESC") throw new SandboxError(36009004, "Invalid sort_order: expected ASC or DESC", 400);
  const dir = order === "ASC" ? 1 : -1;
  const idOf = (x) => String(x.id ?? x.return_id ?? x.cancel_id ?? "");
  return [...items].sort((a, b) => (a[field] - b[field]) * dir || (idOf(a) < idOf(b) ? -dir : idOf(a) > idOf(b) ? dir : 0));
}
