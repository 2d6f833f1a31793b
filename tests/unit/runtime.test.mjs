// What differs between runtimes, as an entry file sets it: proxies, shared timers, shared
// rate limiters; and the fetch functions a client gets from it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveFetch, setRuntime, sharesRateLimits, timerHooks } from "../../pkg-template/lib/runtime.js";

test("a runtime without forward proxies refuses `proxy`, pointing at baseUrl", () => {
  setRuntime({ name: "Cloudflare Workers", shareRateLimits: false });
  assert.throws(() => resolveFetch({ proxy: "http://proxy:3128" }), { kind: "config", field: "proxy", message: /Cloudflare Workers.*baseUrl/ });
  assert.equal(sharesRateLimits(), false);
  assert.equal(timerHooks(), null);
});

test("the caller's fetch, else the global one; writes get their own where the runtime could re-send them", () => {
  const made = [];
  const adapter = Object.assign((settings) => (made.push(settings), async () => new Response("")), { proxies: true, resendsOnReusedConnections: true });
  const timers = { ref() {}, unref() {}, allowManyListeners() {} };
  setRuntime({ name: "Deno", fetchWith: adapter, timers });
  const mine = async () => new Response("");
  const { fetch, writeFetch } = resolveFetch({ fetch: mine });
  assert.equal(fetch, mine);
  assert.equal(typeof writeFetch, "function");
  assert.deepEqual(made, [{ proxy: undefined, baseFetch: mine, reuseConnections: false }]);
  resolveFetch({ proxy: "http://proxy:3128" });
  assert.equal(made[1].reuseConnections, true);
  assert.equal(timerHooks(), timers);
  assert.equal(sharesRateLimits(), true);
});

test("no global fetch and none given is a config error", () => {
  setRuntime({ name: "nowhere" });
  const saved = globalThis.fetch;
  globalThis.fetch = undefined;
  try {
    assert.throws(() => resolveFetch({}), { kind: "config", field: "fetch" });
  } finally {
    globalThis.fetch = saved;
  }
});
