// Auto-pagination: `.pages()` and `.all()` on every paginated operation. They know only
// how a page says "there is more" (`next_page_token`); the call's plan says which version
// is walked, the page size to ask for and where a page's items are.

import { callOptions } from "./call-options.js";
import { isArray, optionsObject, read } from "./checks.js";
import { invalidError, TikTokShopError } from "./errors.js";

/**
 * The items of a page, by its plan (`shop.plan()`, or a version of `listOperations()`):
 * its `items` path, a field or a dotted path when nested (`performance.intervals`); []
 * when the page has none there.
 */
export function pageItems(page, plan) {
  // Read under a guard: a page or plan that is a Proxy is the caller's typed error.
  const path = plan !== null && typeof plan === "object" ? read(plan, "items", "plan.items", invalidError) : undefined;
  if (typeof path !== "string") return [];
  let items = page;
  for (const part of path.split(".")) {
    if (items === null || typeof items !== "object") return [];
    items = read(items, part, "page", invalidError);
  }
  return isArray(items) ? items : [];
}

/**
 * A walk's start: the call options checked, the params read once (each property under a
 * guard), the plan, and the page size it asks for (the largest the operation states,
 * else a safe size) unless the caller chose one.
 */
function start(client, op, params, options) {
  const { signal } = callOptions(options);
  const base = params === null ? {} : optionsObject(params, "params", null, invalidError);
  const plan = client.plan(op.group, op.operation, base, options);
  if (base.page_size === undefined && plan.pageSize) base.page_size = plan.pageSize;
  return { plan, base, signal };
}

/**
 * Whole pages, following `next_page_token` until it is empty. A token the API already
 * gave ends the walk with an error instead of looping for ever.
 */
export async function* pages(client, op, params, options) {
  const { base, signal } = start(client, op, params, options);
  yield* walk(client, op, base, options, signal);
}

/** Every item across pages. Breaking out of the loop stops the requests. */
export async function* all(client, op, params, options) {
  const { plan, base, signal } = start(client, op, params, options);
  for await (const page of walk(client, op, base, options, signal)) yield* pageItems(page, plan);
}

async function* walk(client, op, base, options, signal) {
  const seen = new Set();
  let token = base.page_token;
  do {
    signal?.throwIfAborted();
    const page = await client.call(op.group, op.operation, { ...base, page_token: token || undefined }, options);
    yield page;
    token = page?.next_page_token;
    if (token && seen.has(token)) {
      throw new TikTokShopError({
        kind: "decode",
        operation: `${op.group}.${op.operation}`,
        message: `${op.group}.${op.operation} returned a next_page_token it had returned before; stopped to avoid an endless loop`,
      });
    }
    if (token) seen.add(token);
  } while (token);
}
