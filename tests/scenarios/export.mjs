// A bulk export at the rate limit: 5,000 orders through `.all()` against a sandbox that
// allows 50 requests per second, with the client's default rate limit.

import { equal, ok } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";
import { helpers } from "./foundation.mjs";

export const scenarios = [
  {
    name: "5,000 orders through .all() at 50 requests/s: no 429 surfaced, never faster than the limit",
    // Pages of 50 (100 requests): a 100-order page takes the sandbox about as long to build as
    // the limit's 20 ms interval, which would make this measure the sandbox, not the pacing.
    async run(ctx) {
      const { base, issueTokens, requests } = helpers(ctx);
      const t = await issueTokens();
      const summary = await (await fetch(`${ctx.sandboxUrl}/__sandbox/shop`)).json();
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, shopCipher: summary.shops[0].cipher });
      await fetch(`${ctx.sandboxUrl}/__sandbox/reset`, { method: "POST" });
      const ids = new Set();
      const started = performance.now();
      for await (const order of shop.order.getOrderList.all({ page_size: 50 })) ids.add(order.id);
      const seconds = (performance.now() - started) / 1000;
      equal(ids.size, 5000, "every order once");
      const log = (await requests()).filter((r) => r.path === "/order/202309/orders/search");
      const limited = log.filter((r) => r.status === 429).length;
      equal(limited, 0, "the sandbox never had to refuse a request");
      // At 50 per second with a burst of 10, the limit allows this many requests in no less
      // than (requests - 10) / 50 seconds: faster would mean the client exceeded it. How
      // close to the limit the export runs is a speed figure (noted here, measured by
      // `npm run bench`), not an assertion: a loaded machine only makes it slower.
      const fastest = (log.length - 10) / 50;
      ctx.note(`export: ${log.length} requests in ${seconds.toFixed(2)} s (the limit allows ${(log.length / 50).toFixed(2)} s)`);
      ok(seconds >= fastest * 0.98, `${seconds.toFixed(2)} s for ${log.length} requests: faster than the limit allows (${fastest.toFixed(2)} s)`);
    },
  },
  secretsScan,
];
