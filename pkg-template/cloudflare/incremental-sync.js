// One incremental pass over what changed since the last one, resumable page by page.
//
// The cursor (`since`, and the pass in progress: when it started, the next page token)
// lives in the object's storage and moves only after `write` resolved, i.e. after the
// page is committed where the app keeps it. A pass cut short (a crash, a failed request)
// resumes from its last committed page; a page written twice is harmless as long as
// `write` is an upsert. When a pass ends, `since` becomes the pass's start less an
// overlap, so what changed while it ran is read again by the next one.

const OVERLAP_SECONDS = 60;

/**
 * @param {import("./state.js").ObjectState} state
 * @param {string} name the cursor's name (one per synced resource)
 * @param {{
 *   list(params: { update_time_ge: number, page_token?: string }): Promise<{ next_page_token?: string }>,
 *   write(page: object): Promise<number | void> | number | void,
 *   start?: number, overlapSeconds?: number, now?: () => number,
 * }} options `list` fetches one page; `write` commits it and may return how many items it held
 * @returns {Promise<{ pages: number, items: number, resumed: boolean, since: number }>}
 */
export async function syncPass(state, name, { list, write, start = 0, overlapSeconds = OVERLAP_SECONDS, now = Date.now }) {
  const key = `cursor:${name}`;
  const cursor = state.get(key) ?? { since: start, passStarted: null, pageToken: null };
  const resumed = cursor.passStarted !== null;
  if (!resumed) {
    cursor.passStarted = Math.floor(now() / 1000);
    cursor.pageToken = null;
    state.set(key, cursor);
  }
  let pages = 0;
  let items = 0;
  for (;;) {
    let page;
    try {
      page = await list({ update_time_ge: cursor.since, ...(cursor.pageToken ? { page_token: cursor.pageToken } : {}) });
    } catch (error) {
      // A stored page token the API no longer takes: start the pass over (upserts make
      // reading the first pages again harmless).
      if (pages === 0 && cursor.pageToken && error?.kind === "invalid_request") {
        cursor.pageToken = null;
        state.set(key, cursor);
        continue;
      }
      throw error;
    }
    items += Number(await write(page)) || 0;
    pages += 1;
    cursor.pageToken = page?.next_page_token || null;
    if (!cursor.pageToken) {
      cursor.since = Math.max(cursor.since, cursor.passStarted - overlapSeconds);
      cursor.passStarted = null;
      state.set(key, cursor);
      return { pages, items, resumed, since: cursor.since };
    }
    state.set(key, cursor);
  }
}
