// Auto-pagination: `.pages()` and `.all()` on every paginated operation. They know only
// how a page says "there is more" (`next_page_token`) and where its items are (the
// operations table's `items`, per version; a dotted path when nested).

import { invalidError, TikTokShopError } from "./errors.js";
import { callOptions, optionsObject } from "./options.js";

/** The items of a page, by the version's items path (`orders`, `performance.intervals`). */
export function itemsOf(page, path) {
  let items = page;
  for (const part of path.split(".")) items = items?.[part];
  return Array.isArray(items) ? items : [];
}

/**
 * Whole pages, following `next_page_token` until it is empty. A token the API already
 * gave ends the walk with an error instead of looping for ever.
 */
export async function* pages(client, entry, params, options) {
  const checked = callOptions(options);
  // Read once, each property under a guard (a Proxy's traps are the caller's error).
  const base = params === null ? {} : optionsObject(params, "params", null, invalidError);
  const version = entry.byVersion[checked.version ?? entry.versions[0]];
  // The largest page the operation states (else a safe size), unless the caller chose one.
  if (base.page_size === undefined && version?.pageSize) base.page_size = version.pageSize;
  const seen = new Set();
  let token = base.page_token;
  do {
    checked.signal?.throwIfAborted();
    const page = await client.call(entry.group, entry.operation, { ...base, page_token: token || undefined }, options);
    yield page;
    token = page?.next_page_token;
    if (token && seen.has(token)) {
      throw new TikTokShopError({
        kind: "decode",
        operation: `${entry.group}.${entry.operation}`,
        message: `${entry.group}.${entry.operation} returned a next_page_token it had returned before; stopped to avoid an endless loop`,
      });
    }
    if (token) seen.add(token);
  } while (token);
}

/** Every item across pages. Breaking out of the loop stops the requests. */
export async function* all(client, entry, params, options) {
  const version = callOptions(options).version ?? entry.versions[0];
  const path = entry.byVersion[version]?.items ?? entry.items;
  for await (const page of pages(client, entry, params, options)) yield* itemsOf(page, path);
}
