// Parameters and body: required query parameters, the body's content type
// and JSON, required body or form fields, and the page size.

import { ERRORS, fail, missingParam } from "../errors.js";
import { parsePageSize } from "../data.js";

/** A parameter from the query, else from the JSON body. */
export function arg(ctx, name) {
  const q = ctx.query.get(name);
  if (q !== null) return q;
  const b = ctx.body?.[name];
  return b === undefined || b === null ? undefined : b;
}

async function readForm(ctx, params) {
  try {
    ctx.form = await new Response(ctx.bodyBytes, { headers: { "content-type": ctx.contentType } }).formData();
  } catch {
    ctx.form = null;
    throw fail(ERRORS.INVALID_BODY);
  }
  for (const [name, loc, required] of params) {
    if (!required || (loc !== "form" && loc !== "file")) continue;
    const v = ctx.form.get(name);
    if (v === null || v === "" || (loc === "file" && typeof v === "string")) throw missingParam(name);
  }
}

function readJson(ctx, params) {
  const text = new TextDecoder().decode(ctx.bodyBytes);
  if (text.trim() !== "") {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw fail(ERRORS.INVALID_BODY);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw fail(ERRORS.INVALID_BODY);
    ctx.body = parsed;
  }
  for (const [name, loc, required] of params) {
    if (required && loc === "body" && (ctx.body[name] === undefined || ctx.body[name] === null)) throw missingParam(name);
  }
}

export const paramsStage = () => async (ctx) => {
  const op = ctx.op;
  const params = op.params ?? [];
  for (const [name, loc, required] of params) {
    if (required && loc === "query" && !ctx.query.get(name)) throw missingParam(name);
  }
  ctx.body = {};
  if (op.multipart) {
    if (!ctx.isMultipart) throw fail(ERRORS.MULTIPART_REQUIRED);
    await readForm(ctx, params);
  } else if (op.jsonBody) {
    if (ctx.isMultipart) throw fail(ERRORS.JSON_REQUIRED);
    readJson(ctx, params);
  } else if (ctx.bodyBytes.byteLength > 0 && params.some((p) => p[1] === "body")) {
    // a GET whose optional fields travel in a JSON body
    if (ctx.isMultipart) throw fail(ERRORS.JSON_REQUIRED);
    readJson(ctx, params);
  }
  if (op.paginated) ctx.pageSize = parsePageSize(arg(ctx, "page_size"), op.pageSizeMax ?? 100);
};
