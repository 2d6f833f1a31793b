// The primitive checks every option goes through: a caller's object read once, each
// property under a guard, and strings, tokens, numbers, URLs, times and signals judged
// with the field named and the value never repeated.
import { test } from "node:test";
import assert from "node:assert/strict";
import { baseUrl, expiry, isArray, keysOf, optionsObject, positive, proxyUrl, read, signal, string, timeoutMs, token } from "../../pkg-template/lib/checks.js";
import { TikTokShopError } from "../../pkg-template/lib/errors.js";

const fails = (fn, kind, field) => assert.throws(fn, (e) => e instanceof TikTokShopError && e.kind === kind && e.field === field, `${kind} ${field}`);

test("a throwing getter, a Proxy trap or a revoked Proxy is the caller's typed error", () => {
  const getter = { get boom() { throw new Error("inner"); } };
  fails(() => read(getter, "boom"), "config", "boom");
  const trap = new Proxy({}, { ownKeys() { throw new Error("trap"); } });
  fails(() => keysOf(trap, "options", (f, m) => new TikTokShopError({ kind: "config", field: f, message: m })), "config", "options");
  const { proxy, revoke } = Proxy.revocable([], {});
  revoke();
  assert.equal(isArray(proxy), false, "a revoked Proxy is not an array, and does not throw");
});

test("an options object: read once, unknown keys refused with a suggestion, `__proto__` a key like any other", () => {
  let reads = 0;
  const o = optionsObject({ get appKey() { reads += 1; return "k"; } }, "options", ["appKey"]);
  assert.equal(o.appKey, "k");
  assert.equal(reads, 1);
  assert.throws(() => optionsObject({ apKey: 1 }, "options", ["appKey"]), { field: "apKey", message: /did you mean `appKey`/ });
  const own = optionsObject(JSON.parse('{"__proto__": 5}'), "options", null);
  assert.equal(Object.getPrototypeOf(own), null);
  assert.equal(own.__proto__, 5);
  for (const bad of [null, [], "x", 5]) fails(() => optionsObject(bad, "options", null), "config", "options");
  assert.deepEqual({ ...optionsObject(undefined, "options", null) }, {});
});

test("strings and tokens: required, non-empty, bounded; a token is visible ASCII only", () => {
  fails(() => string(undefined, "appKey", { required: true }), "config", "appKey");
  fails(() => string("   ", "appKey"), "config", "appKey");
  fails(() => string("x".repeat(4097), "appKey"), "config", "appKey");
  assert.equal(string(undefined, "x"), undefined);
  for (const bad of ["a b", "a\nb", "a\0b", "tok\u00e9n"]) {
    const error = assert.throws(() => token(bad, "accessToken"), { field: "accessToken" }) ?? null;
    void error;
  }
  try {
    token("secret\nvalue", "accessToken");
  } catch (e) {
    assert.ok(!e.message.includes("secret"), "the message never repeats the value");
  }
  assert.equal(token("TTP_ok-token.1", "accessToken"), "TTP_ok-token.1");
});

test("numbers: finite, within bounds, integers where asked; a timeout is a timer's wait", () => {
  fails(() => positive(NaN, "n"), "config", "n");
  fails(() => positive(0, "n"), "config", "n");
  assert.equal(positive(0, "n", { zero: true }), 0);
  fails(() => positive(1.5, "n", { integer: true }), "config", "n");
  fails(() => positive(11, "n", { max: 10 }), "config", "n");
  fails(() => positive("5", "n"), "config", "n");
  fails(() => timeoutMs(0.5), "config", "timeoutMs");
  fails(() => timeoutMs(2 ** 31), "config", "timeoutMs");
  assert.equal(timeoutMs(2 ** 31 - 1), 2 ** 31 - 1);
});

test("URLs: http(s) only; a base URL has no credentials, query or fragment and loses its trailing slash", () => {
  assert.equal(baseUrl("http://127.0.0.1:8080/gw/", "baseUrl"), "http://127.0.0.1:8080/gw");
  for (const bad of ["ftp://x", "not a url", "http://u:p@h", "http://h/?a=1", "http://h/#f"]) fails(() => baseUrl(bad, "baseUrl"), "config", "baseUrl");
  assert.equal(proxyUrl("http://user:pw@proxy:3128"), "http://user:pw@proxy:3128");
  for (const bad of ["http://proxy:1/?q", "socks5://proxy:1"]) {
    try {
      proxyUrl(bad);
      assert.fail(bad);
    } catch (e) {
      assert.equal(e.field, "proxy");
      assert.ok(!e.message.includes("proxy:1"), "a proxy URL is never quoted (it may hold a password)");
    }
  }
});

test("times and signals", () => {
  assert.equal(expiry(new Date(1_700_000_000_000), "at"), 1_700_000_000);
  assert.equal(expiry(1_700_000_000, "at"), 1_700_000_000);
  assert.equal(expiry(null, "at"), null);
  for (const bad of [-1, NaN, "soon", new Date(NaN)]) fails(() => expiry(bad, "at"), "config", "at");
  const controller = new AbortController();
  assert.equal(signal(controller.signal), controller.signal);
  fails(() => signal({ aborted: false }), "config", "signal");
});
