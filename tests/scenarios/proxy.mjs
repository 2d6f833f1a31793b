// The `proxy` option: through a real forward proxy in Node and Deno, a config error in Workers.
// ctx.proxyUrl is a proxy with user:password; ctx.proxyLogUrl reports what went through it.

import { equal, isApiError, ok, rejects, throws } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";
import { helpers } from "./foundation.mjs";

const proxyLog = async (ctx) => (await fetch(ctx.proxyLogUrl)).json();

export const scenarios = [
  {
    name: "token exchange and business calls go through the proxy",
    runtimes: ["node", "deno"],
    async run(ctx) {
      const { base, mintAuthCode } = helpers(ctx);
      const before = (await proxyLog(ctx)).length;
      const t = await ctx.api.exchangeAuthCode({ ...base, authCode: await mintAuthCode(), proxy: ctx.proxyUrl });
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: t.access_token, proxy: ctx.proxyUrl });
      const { shops } = await shop.authorization.getAuthorizedShops();
      equal(shops.length, 2, "shops through the proxy");
      const log = (await proxyLog(ctx)).slice(before);
      ok(log.length >= 1, "the proxy saw the requests");
      ok(log.every((r) => r.authorized), "with the proxy credentials");
    },
  },
  {
    name: "a proxy that refuses the credentials surfaces as an error, not a hang",
    runtimes: ["node", "deno"],
    async run(ctx) {
      const { base } = helpers(ctx);
      const wrong = ctx.proxyUrl.replace(/\/\/[^@]+@/, "//user:wrong@");
      const shop = new ctx.api.TikTokShop({ ...base, accessToken: "t", proxy: wrong, timeoutMs: 10_000 });
      const e = await rejects(shop.seller.getActiveShops());
      ok(e instanceof ctx.api.TikTokShopError, `${e?.name}: ${e?.message}`);
      ok(["network", "auth", "decode"].includes(e.kind), `kind ${e.kind}`);
      ok(!e.message.includes("wrong@"), "no proxy password in the message");
    },
  },
  {
    name: "in Workers a proxy is a config error pointing to baseUrl",
    runtimes: ["workerd"],
    async run(ctx) {
      const { base } = helpers(ctx);
      const e = throws(() => new ctx.api.TikTokShop({ ...base, accessToken: "t", proxy: "http://127.0.0.1:3128" }));
      isApiError(ctx.api, e, { kind: "config", field: "proxy" });
      ok(e.message.includes("baseUrl"), e.message);
      const e2 = await rejects(ctx.api.refreshAccessToken({ ...base, refreshToken: "r", proxy: "http://127.0.0.1:3128" }));
      isApiError(ctx.api, e2, { kind: "config", field: "proxy" });
    },
  },
  secretsScan,
];
