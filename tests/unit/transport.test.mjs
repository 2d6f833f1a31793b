// One attempt: the reply read with its size bound, a caller's fetch that ignores its
// signal still ended by it, no reply classified, runtime text scrubbed.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { lib, reply } from "./package.mjs";

const { attempt, scrub } = await lib("transport");
const { RAW } = await lib("core");

function ctx(signal = new AbortController().signal, extra = {}) {
  return { index: RAW, ordinal: 0, signal, timeout: signal, callerSignal: undefined, trustSignal: false, maxBytes: 1024, operation: null, what: "GET /a", host: "h.example", timeoutMs: 50, secrets: () => ["super-secret-token"], ...extra };
}
const sendWith = (response) => (fetch) => fetch();

test("a success resolves to its data and request id", async () => {
  const r = await attempt(sendWith(), () => Promise.resolve(reply({ a: 1 })), ctx());
  assert.deepEqual(r, { data: { a: 1 }, requestId: "req-1", httpStatus: 200 });
});

test("a reply over maxResponseBytes is too_large, declared or streamed, and not read to the end", async () => {
  const big = "x".repeat(2048);
  await assert.rejects(attempt(sendWith(), () => Promise.resolve(new Response(big, { headers: { "content-length": "2048" } })), ctx()), { kind: "too_large", field: "maxResponseBytes" });
  let pulled = 0;
  const stream = new ReadableStream({ pull(c) { pulled++; c.enqueue(new TextEncoder().encode("y".repeat(600))); } });
  await assert.rejects(attempt(sendWith(), () => Promise.resolve(new Response(stream)), ctx()), { kind: "too_large" });
  assert.ok(pulled <= 3, `stopped reading after ${pulled} chunks`);
});

test("a caller's fetch that ignores its signal still ends when the signal does", async () => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException("timed out", "TimeoutError")), 20);
  const timeout = controller.signal;
  const never = () => new Promise(() => {});
  after(() => clearTimeout(timer));
  await assert.rejects(attempt(sendWith(), never, ctx(timeout, { timeout })), { kind: "timeout", message: /timed out after 50 ms/ });
});

test("no reply: a network error, its cause scrubbed of URLs and secrets; a runtime's refusal is config", async () => {
  const refused = Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error("connect ECONNREFUSED https://h.example/x?sign=abc super-secret-token"), { code: "ECONNREFUSED" }) });
  const e = await attempt(sendWith(), () => Promise.reject(refused), ctx()).catch((x) => x);
  assert.equal(e.kind, "network");
  const text = e.message + JSON.stringify(e.cause?.cause?.message);
  assert.ok(!text.includes("sign=abc") && !text.includes("super-secret-token"), text);
  const denied = Object.assign(new Error("Requires net access"), { name: "NotCapable" });
  await assert.rejects(attempt(sendWith(), () => Promise.reject(denied), ctx()), { kind: "config", message: /--allow-net=h\.example/ });
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  await assert.rejects(attempt(sendWith(), () => Promise.reject(proxy), ctx()), { kind: "network" }, "whatever a fetch rejects with");
});

test("a fetch resolving to something else than a Response is the caller's config error", async () => {
  await assert.rejects(attempt(sendWith(), () => Promise.resolve({ status: "200" }), ctx()), { kind: "config", field: "fetch" });
});

test("a core refusal is thrown as it is; scrub() cuts URLs to their host and blanks secrets", async () => {
  await assert.rejects(attempt(() => { throw Object.assign(new Error("refused"), { kind: "x" }); }, null, ctx()), /refused/);
  assert.equal(scrub("see https://u:p@h.example/p?a=1 and tok+en", ["tok+en"]), "see https://h.example/… and [redacted]");
  assert.equal(scrub("q?x=1&y=2"), "q?…");
});
