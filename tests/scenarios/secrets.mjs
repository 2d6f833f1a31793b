// The secrets scan: the last scenario of each scenario module. It searches everything the
// module's scenarios caught or logged (evidence) for every secret they used (the app
// secret, tokens, auth codes).

import { deepEqual, evidence, ok, secrets } from "./assert.mjs";

export const secretsScan = {
  name: "no secret appears in any error, log record or serialised object of the run",
  async run(ctx) {
    const found = [];
    const inspect = ctx.runtime === "node" ? (await import("node:util")).inspect : null;
    for (const item of evidence) {
      const views = [JSON.stringify(item), String(item), item?.message, item?.stack, inspect?.(item, { depth: 5 })];
      for (const secret of secrets) {
        if (secret && views.some((v) => typeof v === "string" && v.includes(secret))) {
          found.push(String(item?.message ?? JSON.stringify(item)).slice(0, 120));
        }
      }
    }
    // At least the app secret, and something to search.
    ok(evidence.length > 0, `evidence collected (${evidence.length})`);
    ok(secrets.has(ctx.appSecret), "the app secret is among the secrets searched for");
    deepEqual(found, [], "items carrying a secret");
  },
};
