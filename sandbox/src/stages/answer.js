// The answer: real data from the seeded shop where answers.js has an answer
// for the operation, fabricated from the response schema otherwise; either
// way shaped to exactly the schema of the version called.

import { SandboxError } from "../errors.js";
import { ENTITY_PARAMS, answerKey } from "../answers.js";
import { paginate } from "../data.js";
import { envelope } from "../reply.js";
import { arg } from "./params.js";

/** { a: { b: value } } for the path "a.b" (a page's items may sit one object down). */
function nest(path, value) {
  return path.split(".").reduceRight((inner, key) => ({ [key]: inner }), value);
}

/** Items in a fabricated list (enough for a few pages). */
const FABRICATED_LIST_SIZE = 25;

export const answerStage = (s) => async (ctx) => {
  const op = ctx.op;
  const schemas = s.catalog.schemas;
  const fab = s.fabricatorFor(ctx.shopIndex);
  ctx.entity = {};
  for (const [name, value] of Object.entries(ctx.params)) {
    const spec = ENTITY_PARAMS[name];
    if (!spec || !ctx.shopData) continue; // creators and partners have no seeded shop
    const e = ctx.shopData.byId[spec[0]]?.get(value);
    if (!e) throw new SandboxError(spec[1], spec[2], 200);
    ctx.entity[spec[0]] = e;
  }
  const listField = op.items ?? (op.paginated ? fab.firstListField(op.response) : undefined);
  const scope = `${op.method} ${op.path}|${ctx.shopIndex}`;
  ctx.page = (items) => {
    const field = listField ?? "items";
    if (!op.paginated) return { ...nest(field, items), next_page_token: "", total_count: items.length };
    const { page, next_page_token, total_count } = paginate(items, { pageSize: ctx.pageSize, pageToken: arg(ctx, "page_token"), scope });
    return { ...nest(field, page), next_page_token, total_count };
  };
  ctx.arg = (name) => arg(ctx, name);
  ctx.sandboxShop = s.shop;

  const answer = s.answers[answerKey(op.method, op.path)];
  const hasSchema = op.response && schemas[op.response];
  let real;
  if (answer) {
    real = await answer(ctx);
  } else if (op.paginated && listField && hasSchema) {
    const t = fab.itemType(op.response, listField);
    const all = [];
    for (let i = 0; i < FABRICATED_LIST_SIZE; i++) all.push(fab.shape(t, undefined, `${scope}#${i}`));
    real = ctx.page(all);
  }
  const data = hasSchema ? fab.shape("#" + op.response, real, scope, { entity: Boolean(answer) }) : real ?? {};
  return envelope(ctx, 200, 0, "Success", data);
};
