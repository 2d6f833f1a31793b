// Auto-pagination: `.pages()` and `.all()` on every paginated operation. They know only
// how a page says "there is more" (`next_page_token`) and where its items are.

/** Whole pages, following `next_page_token` until it is empty. */
export async function* pages(client, entry, params, options = {}) {
  const base = { ...params };
  // The largest page the operation takes, unless the caller chose a size.
  if (base.page_size === undefined && entry.pageSizeMax) base.page_size = entry.pageSizeMax;
  let token = base.page_token;
  do {
    options.signal?.throwIfAborted();
    const page = await client.call(entry.group, entry.operation, { ...base, page_token: token || undefined }, options);
    yield page;
    token = page?.next_page_token;
  } while (token);
}

/** Every item across pages. Breaking out of the loop stops the requests. */
export async function* all(client, entry, params, options = {}) {
  const field = (options.version && entry.byVersion[options.version]?.items) || entry.items;
  const path = field.split(".");
  for await (const page of pages(client, entry, params, options)) {
    let items = page;
    for (const part of path) items = items?.[part];
    if (Array.isArray(items)) yield* items;
  }
}
