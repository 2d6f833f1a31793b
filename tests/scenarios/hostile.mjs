// Every public entry point of the package, attacked the way a careless caller would:
// wrong types, detached buffers, throwing getters, hostile proxies, revoked proxies,
// cycles, very deep nesting, huge values, NaN / Infinity. Runs unchanged in Node, Deno
// and workerd (tests/js/hostile.test.mjs).
//
// The table: each case is `{ entry, label, run(env), expect, kinds, field, async }`.
//   expect "refuse" (default): a TikTokShopError (the package's class) of one of `kinds`
//     (default config / invalid_request) with a non-null `field` (matching `field` when
//     given: a string matches itself and "string.<sub>" / "string[<i>]", a RegExp tests),
//     thrown by a sync entry or rejected by an async one, and nothing sent.
//   expect "typed": a TikTokShopError of any kind (no field needed).
//   expect "settle": returns (passing `check` when given) or a TikTokShopError.
//   expect "returns": returns normally (passing `check` when given).
// Every other outcome is a failure, classified as: raw (TypeError, RangeError, any non-
// TikTokShopError), trap (a wasm RuntimeError, "unreachable", "recursive use of an
// object"...), accepted (no error where one was due), wrong (a TikTokShopError of the wrong
// kind or field, or something was sent), hung (no answer within the bound), sync-throw (an
// async entry threw instead of rejecting), missing (the entry point does not exist yet).

import { deepEqual, equal, evidence, ok, secrets } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";

// ---------------------------------------------------------------------------------------
// Unhandled rejections, in each runtime's own way (Deno would exit on one).

const unhandled = [];
if (globalThis.Deno || typeof globalThis.process?.on !== "function") {
  globalThis.addEventListener?.("unhandledrejection", (event) => {
    event.preventDefault?.();
    unhandled.push(event.reason);
  });
} else {
  globalThis.process.on("unhandledRejection", (reason) => unhandled.push(reason));
}

// ---------------------------------------------------------------------------------------
// Hostile values. Factories: each case gets fresh ones.

const HOSTILE_SECRET = "hostile-SECRET-7f3a9c";

function isDetached(buffer) {
  if (typeof buffer.detached === "boolean") return buffer.detached;
  try {
    new Uint8Array(buffer);
    return buffer.byteLength === 0;
  } catch {
    return true;
  }
}

function detach(buffer) {
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // fall through to the other ways
  }
  if (!isDetached(buffer)) {
    try {
      new MessageChannel().port1.postMessage(buffer, [buffer]);
    } catch {
      // fall through
    }
  }
  if (!isDetached(buffer) && typeof buffer.transfer === "function") buffer.transfer();
  ok(isDetached(buffer), "this runtime could not detach an ArrayBuffer");
  return buffer;
}

const hostileError = () => new Error("hostile trap");
const TRAPS = {
  get() { throw hostileError(); },
  has() { throw hostileError(); },
  ownKeys() { throw hostileError(); },
  getOwnPropertyDescriptor() { throw hostileError(); },
  getPrototypeOf() { throw hostileError(); },
  set() { throw hostileError(); },
  defineProperty() { throw hostileError(); },
  deleteProperty() { throw hostileError(); },
  isExtensible() { throw hostileError(); },
  preventExtensions() { throw hostileError(); },
  apply() { throw hostileError(); },
  construct() { throw hostileError(); },
};

const H = {
  detached: () => detach(new ArrayBuffer(64)),
  detachedU8: () => {
    const u8 = new Uint8Array(64);
    detach(u8.buffer);
    return u8;
  },
  detachedView: () => {
    const buffer = new ArrayBuffer(64);
    const view = new DataView(buffer);
    detach(buffer);
    return view;
  },
  proxy: () => new Proxy({}, TRAPS),
  proxyFn: () => new Proxy(function () {}, TRAPS),
  revoked: () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  getter: (key, extra = {}) => Object.defineProperty({ ...extra }, key, { enumerable: true, get() { throw hostileError(); } }),
  badString: () => ({
    toString() { throw hostileError(); },
    valueOf() { throw hostileError(); },
    [Symbol.toPrimitive]() { throw hostileError(); },
  }),
  badJson: () => ({ toJSON() { throw hostileError(); } }),
  cyclic: () => {
    const o = { a: 1 };
    o.self = o;
    return o;
  },
  cyclicArray: () => {
    const a = [1];
    a.push(a);
    return a;
  },
  deep: (n) => {
    let o = { leaf: 1 };
    for (let i = 0; i < n; i++) o = { a: o };
    return o;
  },
  deepArray: (n) => {
    let a = [1];
    for (let i = 0; i < n; i++) a = [a];
    return a;
  },
  nullProto: () => Object.create(null),
};

/** [label, value] pairs of wrong types for a value that should be a string or an object. */
function wrongTypes({ except = [] } = {}) {
  const all = [
    ["number 0", 0],
    ["number 42", 42],
    ["boolean true", true],
    ["symbol", Symbol("hostile")],
    ["bigint", 1n],
    ["function", () => 1],
    ["array", []],
    ["null", null],
    ["null-prototype object", H.nullProto()],
    ["plain object", {}],
    ["string", "hostile"],
  ];
  return all.filter(([label]) => !except.some((e) => label.startsWith(e)));
}

const objectHostiles = () => [
  ["Proxy with throwing traps", H.proxy()],
  ["revoked Proxy", H.revoked()],
];

// ---------------------------------------------------------------------------------------
// The environment the cases run in (memoised on ctx: one per runtime run).

async function environment(ctx) {
  if (ctx.hostile) return ctx.hostile;
  const api = ctx.api;
  secrets.add(ctx.appSecret);
  secrets.add(HOSTILE_SECRET);
  const admin = async (path, init = {}) => {
    const r = await fetch(`${ctx.sandboxUrl}/__sandbox/${path}`, { method: "POST", ...init });
    return r.json();
  };
  const tokens = await admin("tokens");
  secrets.add(tokens.access_token);
  secrets.add(tokens.refresh_token);
  const summary = await admin("shop", { method: "GET" });
  const cipher = summary.shops[0].cipher;
  // Every request the package sends goes through this fetch: a refused case sends nothing.
  const sent = { count: 0 };
  const countingFetch = (url, init) => {
    sent.count += 1;
    return fetch(url, init);
  };
  const logger = (record) => evidence.push(record);
  const base = {
    appKey: ctx.appKey,
    appSecret: ctx.appSecret,
    baseUrl: ctx.sandboxUrl,
    authBaseUrl: ctx.sandboxUrl,
    fetch: countingFetch,
    logger,
    rateLimit: false,
    retries: 0,
  };
  const full = { ...base, accessToken: tokens.access_token, shopCipher: cipher };
  const client = (extra = {}) => new api.TikTokShop({ ...full, ...extra });
  const signWebhook = async (body) => (await admin("webhooks/sign", { body: JSON.stringify({ body }) })).authorization;
  const env = {
    api,
    ctx,
    sent,
    base,
    full,
    tokens,
    cipher,
    client,
    countingFetch,
    signWebhook,
    // Clients kept across cases: each must still work at the end.
    uploadVictim: client(),
    tokenVictim: client(),
    tokensVictim: client(),
    callVictim: client(),
    shared: client(),
    tally: new Map(),
    failures: [],
  };
  ctx.hostile = env;
  return env;
}

// ---------------------------------------------------------------------------------------
// Running and classifying one case.

const TRAP = /unreachable|recursive use of an object|already (mutably )?borrowed|memory access out of bounds|RuntimeError|null pointer passed to rust|wasm/i;

const describeError = (e) => {
  try {
    if (typeof e === "symbol") return `symbol ${String(e)}`;
    return `${e?.name ?? typeof e}: ${String(e?.message ?? e).slice(0, 160)}`;
  } catch {
    return "(an error that cannot be described)";
  }
};

function isTrap(e) {
  try {
    return (typeof WebAssembly !== "undefined" && e instanceof WebAssembly.RuntimeError) || TRAP.test(`${e?.name} ${e?.message}`);
  } catch {
    return false;
  }
}

function fieldMatches(spec, field) {
  if (spec === undefined) return true;
  if (spec instanceof RegExp) return spec.test(field);
  const list = Array.isArray(spec) ? spec : [spec];
  return list.some((s) => field === s || field.startsWith(`${s}.`) || field.startsWith(`${s}[`));
}

async function settleWithin(promise, ms) {
  let timer;
  const bound = new Promise((resolve) => (timer = setTimeout(() => resolve({ hung: true }), ms)));
  try {
    return await Promise.race([
      Promise.resolve(promise).then((value) => ({ value }), (error) => ({ error, rejected: true })),
      bound,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

async function runCase(env, c) {
  const { api } = env;
  const expect = c.expect ?? "refuse";
  const kinds = c.kinds ?? ["config", "invalid_request"];
  if (c.needs && !c.needs(env)) return { outcome: "missing", detail: "entry point not in this build" };
  const sentBefore = env.sent.count;
  let value;
  let error;
  let threw = false;
  let hung = false;
  try {
    value = c.run(env);
  } catch (e) {
    error = e;
    threw = true;
  }
  if (!threw && value && typeof value.then === "function") {
    const r = await settleWithin(value, c.boundMs ?? 5000);
    if (r.hung) hung = true;
    else if (r.rejected) error = r.error;
    else value = r.value;
  } else if (!threw && c.async === true) {
    return { outcome: "wrong", detail: "an async entry returned something that is not a promise" };
  }
  if (error !== undefined) evidence.push(error);
  if (hung) return { outcome: "hung", detail: `no answer within ${c.boundMs ?? 5000} ms` };
  const sentNow = env.sent.count - sentBefore;

  if (error === undefined && !threw) {
    if (expect === "settle" || expect === "returns") {
      if (c.check && !c.check(value)) return { outcome: "wrong", detail: `returned ${show(value)}` };
      return { outcome: "clean" };
    }
    return { outcome: "accepted", detail: `${expect === "refuse" ? "no error" : "no error"}; returned ${show(value)}${sentNow ? `; sent ${sentNow} request(s)` : ""}` };
  }
  if (isTrap(error)) return { outcome: "trap", detail: describeError(error) };
  if (!(error instanceof api.TikTokShopError)) return { outcome: "raw", detail: describeError(error) };
  if (threw && c.async === true) return { outcome: "sync-throw", detail: `threw synchronously: ${describeError(error)}` };
  if (expect === "returns") return { outcome: "wrong", detail: `expected the call to succeed, got ${error.kind}: ${error.message}` };
  if (expect === "typed" || expect === "settle") return { outcome: "clean" };
  const problems = [];
  if (!kinds.includes(error.kind)) problems.push(`kind ${error.kind} (expected ${kinds.join("/")})`);
  if (c.fieldOptional !== true) {
    if (typeof error.field !== "string" || error.field === "") problems.push("field is null");
    else if (!fieldMatches(c.field, error.field)) problems.push(`field ${JSON.stringify(error.field)} (expected ${c.field})`);
  }
  if (sentNow > 0) problems.push(`${sentNow} request(s) sent`);
  if (c.message && !c.message.test(error.message)) problems.push(`message does not match ${c.message}`);
  if (problems.length) return { outcome: "wrong", detail: `${problems.join(", ")}: ${error.message}` };
  return { outcome: "clean" };
}

function show(v) {
  try {
    if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}...` : v);
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 80)}...` : s;
  } catch {
    return typeof v;
  }
}

const OUTCOMES = ["clean", "raw", "trap", "accepted", "wrong", "hung", "sync-throw", "missing"];

/** Runs a group of cases; notes counts and fails listing every case that failed. */
async function runCases(ctx, cases) {
  const env = await environment(ctx);
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0]));
  const failed = [];
  for (const c of cases) {
    const r = await runCase(env, c);
    counts[r.outcome] += 1;
    const t = env.tally.get(c.entry) ?? Object.fromEntries([["tried", 0], ...OUTCOMES.map((o) => [o, 0])]);
    t.tried += 1;
    t[r.outcome] += 1;
    env.tally.set(c.entry, t);
    if (r.outcome !== "clean") {
      const line = `${c.entry} | ${c.label} -> ${r.outcome}: ${r.detail}`;
      failed.push(line);
      env.failures.push(line);
    }
  }
  ctx.note(`${cases.length} inputs: ${OUTCOMES.filter((o) => counts[o]).map((o) => `${counts[o]} ${o}`).join(", ")}`);
  for (const line of failed) ctx.note(line);
  ok(failed.length === 0, `${failed.length} of ${cases.length} hostile inputs did not get a clean typed error:\n  ${failed.slice(0, 40).join("\n  ")}`);
}

// ---------------------------------------------------------------------------------------
// The cases, per entry point.

const BAD_TOKENS = [
  ["CR LF", `tok-${HOSTILE_SECRET}-crlf\r\nX-Injected: 1`],
  ["LF", `tok-${HOSTILE_SECRET}-lf\nX`],
  ["CR", `tok-${HOSTILE_SECRET}-cr\rX`],
  ["NUL", `tok-${HOSTILE_SECRET}-nul\0X`],
];

/** [label, value] pairs a list of granted scopes must refuse. */
function badScopeLists() {
  const throwingElement = ["seller.order.info"];
  Object.defineProperty(throwingElement, 1, { enumerable: true, get() { throw hostileError(); } });
  return [
    ...wrongTypes({ except: ["array", "null"] }),
    ["array of numbers", [1, 2]],
    ["scope with a space", ["seller.order.info other"]],
    ...BAD_TOKENS.map(([label, value]) => [`scope with ${label}`, [value]]),
    ["empty scope", [""]],
    ["huge scope (1 MB)", ["s".repeat(1 << 20)]],
    ["1,001 scopes", Array.from({ length: 1001 }, (_, i) => `s.${i}`)],
    ["sparse array of 2^32-1", new Array(2 ** 32 - 1)],
    ["array with a cycle", H.cyclicArray()],
    ["element getter throws", throwingElement],
    ["Proxy array with throwing traps", new Proxy([], TRAPS)],
    ["revoked Proxy", H.revoked()],
  ];
}

function constructorCases() {
  const entry = "new TikTokShop(options)";
  const cases = [];
  const make = (label, options, field, extra = {}) =>
    cases.push({ entry, label, kinds: ["config"], field, run: (env) => new env.api.TikTokShop(typeof options === "function" ? options(env) : options), ...extra });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype", "null"] }), ...objectHostiles()]) {
    make(`options = ${label}`, value, /Proxy|array|function/.test(label) ? undefined : "options");
  }
  make("options = null", null, "options");
  const withOption = (key, value) => (env) => ({ ...env.full, [key]: value });
  const stringOptions = {
    appKey: wrongTypes({ except: ["string"] }).concat([["empty string", ""]]),
    appSecret: wrongTypes({ except: ["string"] }).concat([["empty string", ""]]),
    accessToken: wrongTypes({ except: ["string", "null"] }).concat(BAD_TOKENS),
    shopCipher: wrongTypes({ except: ["string", "null"] }),
    refreshToken: wrongTypes({ except: ["string", "null"] }),
    baseUrl: wrongTypes({ except: ["null"] }).concat([
      ["empty string", ""],
      ["not a URL", "not a url"],
      ["ftp URL", "ftp://example.com"],
      ["javascript: URL", "javascript:alert(1)"],
      ["scheme only", "http://"],
      ["space in host", "http://exa mple.com"],
    ]),
    authBaseUrl: wrongTypes({ except: ["null"] }).concat([
      ["not a URL", "not a url"],
      ["ftp URL", "ftp://example.com"],
      ["data: URL", "data:text/plain,hi"],
    ]),
    proxy: [["number", 0], ["object", {}], ["symbol", Symbol("p")], ["not a URL", "not a url"], ["ftp URL", "ftp://proxy:21"]],
    fetch: [["number", 0], ["string", "fetch"], ["object", {}], ["symbol", Symbol("f")], ["array", []], ["boolean", true]],
    timeoutMs: [["0", 0], ["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["2^31", 2 ** 31], ["2^53", 2 ** 53], ["string", "1000"], ["bigint", 1000n], ["boolean", true], ["object", {}]],
    retries: [["-1", -1], ["1.5", 1.5], ["NaN", NaN], ["Infinity", Infinity], ["string", "3"], ["bigint", 3n], ["boolean", true], ["object", {}]],
    rateLimit: [["0", 0], ["true", true], ["string", "fast"], ["symbol", Symbol("r")], ["function", () => 1]],
    logger: [["number", 0], ["string", "console"], ["boolean", true], ["empty object", {}], ["object with debug: 1", { debug: 1 }], ["array", []]],
    accessTokenExpiresAt: [["string", "tomorrow"], ["NaN", NaN], ["Infinity", Infinity], ["object", {}], ["boolean", true], ["invalid Date", new Date(NaN)], ["bigint", 1n]],
    refreshSkewSeconds: [["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["string", "300"], ["bigint", 300n], ["object", {}]],
    onTokens: [["number", 0], ["object", {}], ["string", "fn"], ["boolean", true]],
    tokenStore: [["number", 0], ["empty object", {}], ["string", "store"], ["get only", { get() {} }], ["set only", { set() {} }]],
    maxResponseBytes: [["0", 0], ["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["string", "64mb"], ["1.5", 1.5]],
  };
  for (const [key, values] of Object.entries(stringOptions)) {
    for (const [label, value] of values) make(`${key} = ${label}`, withOption(key, value), key);
  }
  const rate = {
    requestsPerSecond: [["0", 0], ["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["string", "50"]],
    burst: [["0", 0], ["1.5", 1.5], ["Infinity", Infinity], ["-1", -1]],
    maxQueue: [["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["0.5", 0.5]],
  };
  for (const [label, value] of badScopeLists()) make(`grantedScopes = ${label}`, withOption("grantedScopes", value), "grantedScopes");
  for (const [key, values] of Object.entries(rate)) {
    for (const [label, value] of values) make(`rateLimit.${key} = ${label}`, withOption("rateLimit", { [key]: value }), `rateLimit.${key}`);
  }
  make("appKey getter throws", (env) => H.getter("appKey", { ...env.full, appKey: undefined }), undefined);
  make("rateLimit is a Proxy with throwing traps", withOption("rateLimit", H.proxy()), "rateLimit");
  make("tokenStore is a revoked Proxy", withOption("tokenStore", H.revoked()), "tokenStore");
  return cases;
}

function callOptionCases() {
  const entry = "call options";
  const cases = [];
  const make = (label, options, field) =>
    cases.push({
      entry,
      label,
      field,
      async: true,
      run: (env) => env.shared.order.getOrderList({ page_size: 1 }, typeof options === "function" ? options() : options),
    });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype", "null"] }), ...objectHostiles()]) {
    make(`options = ${label}`, value, /Proxy|array|function/.test(label) ? undefined : "options");
  }
  const values = {
    version: [["number", 202309], ["symbol", Symbol("v")], ["object", {}], ["unlisted", "999999"], ["empty", ""]],
    shopCipher: [["number", 0], ["object", {}], ["symbol", Symbol("c")], ["boolean", true]],
    signal: [["plain object", {}], ["string", "abort"], ["number", 0], ["boolean", true], ["look-alike", { aborted: false, reason: undefined, addEventListener() {}, removeEventListener() {} }], ["Proxy with throwing traps", H.proxy()], ["EventTarget", new EventTarget()]],
    timeoutMs: [["0", 0], ["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["2^31", 2 ** 31], ["string", "100"], ["object", {}], ["bigint", 100n]],
    retries: [["-1", -1], ["1.5", 1.5], ["NaN", NaN], ["Infinity", Infinity], ["string", "2"], ["object", {}]],
    retryWrites: [["string \"yes\"", "yes"], ["string \"false\"", "false"], ["number 1", 1], ["object", {}]],
  };
  for (const [key, list] of Object.entries(values)) {
    for (const [label, value] of list) make(`${key} = ${label}`, () => ({ [key]: value }), key);
  }
  make("signal getter throws", () => H.getter("signal"), undefined);
  make("timeoutMs getter throws", () => H.getter("timeoutMs"), undefined);
  return cases;
}

function paramCases() {
  const cases = [];
  const list = (entry, label, params, field, extra = {}) =>
    cases.push({ entry, label, field, async: true, kinds: ["invalid_request"], run: (env) => extra.call(env, typeof params === "function" ? params() : params), ...extra.opts });
  const orderList = { call: (env, p) => env.shared.order.getOrderList(p) };
  const packageDetail = { call: (env, p) => env.shared.fulfillment.getPackageDetail(p) };
  const createPackages = { call: (env, p) => env.shared.fulfillment.createPackages(p) };
  const entry = "params (group methods)";
  for (const [label, value] of wrongTypes({ except: ["plain object", "null-prototype", "null"] })) {
    list(entry, `params = ${label}`, value, "params", orderList);
  }
  list(entry, "params = Proxy with throwing traps", H.proxy, undefined, orderList);
  list(entry, "params = revoked Proxy", H.revoked, undefined, orderList);
  list(entry, "page_size getter throws", () => H.getter("page_size"), /^(page_size|params)/, orderList);
  for (const [label, value] of [["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["string", "ten"], ["object", {}], ["symbol", Symbol("s")], ["function", () => 10], ["1.5", 1.5], ["throwing toString", H.badString()]]) {
    list(entry, `page_size = ${label}`, { page_size: value }, "page_size", orderList);
  }
  // Path parameters that would change the path, and wrong types.
  for (const [label, value] of [["'..'", ".."], ["'.'", "."], ["empty", ""], ["object", {}], ["symbol", Symbol("p")], ["NaN", NaN], ["throwing toString", H.badString()]]) {
    list(entry, `path param package_id = ${label}`, { package_id: value }, "package_id", packageDetail);
  }
  // Values JSON cannot carry exactly, nested in body parameters.
  const nested = [
    ["dimension.length = NaN", () => ({ dimension: { length: NaN, unit: "CM" } }), "dimension"],
    ["dimension.length = Infinity", () => ({ dimension: { length: Infinity } }), "dimension"],
    ["dimension.length = -Infinity", () => ({ dimension: { length: -Infinity } }), "dimension"],
    ["dimension holds a function", () => ({ dimension: { length: 1, unit: () => "CM" } }), "dimension"],
    ["dimension holds a symbol", () => ({ dimension: { unit: Symbol("cm") } }), "dimension"],
    ["dimension.unit toJSON throws", () => ({ dimension: { unit: H.badJson() } }), "dimension"],
    ["dimension getter throws", () => ({ dimension: H.getter("length") }), "dimension"],
    ["dimension is a Proxy with throwing traps", () => ({ dimension: H.proxy() }), "dimension"],
    ["dimension is a revoked Proxy", () => ({ dimension: H.revoked() }), "dimension"],
    ["dimension is cyclic", () => ({ dimension: H.cyclic() }), "dimension"],
    ["dimension nested 1,000 deep", () => ({ dimension: H.deep(1_000) }), "dimension"],
    ["dimension nested 200,000 deep", () => ({ dimension: H.deep(200_000) }), "dimension"],
    ["order_list_ids holds undefined", () => ({ order_list_ids: ["1", undefined] }), "order_list_ids"],
    ["order_list_ids holds NaN", () => ({ order_list_ids: ["1", NaN] }), "order_list_ids"],
    ["order_list_ids holds a function", () => ({ order_list_ids: ["1", () => 2] }), "order_list_ids"],
    ["order_list_ids holds a symbol", () => ({ order_list_ids: [Symbol("x")] }), "order_list_ids"],
    ["order_list_ids is cyclic", () => ({ order_list_ids: H.cyclicArray() }), "order_list_ids"],
    ["order_list_ids nested 200,000 deep", () => ({ order_list_ids: H.deepArray(200_000) }), "order_list_ids"],
    ["weight is a revoked Proxy", () => ({ weight: H.revoked() }), "weight"],
  ];
  for (const [label, params, field] of nested) list(entry, label, params, field, createPackages);
  // Huge values: any typed outcome within the bound, the process intact.
  cases.push({
    entry, label: "ids = 1,000,000-element array (query)", expect: "settle", async: true, boundMs: 20_000,
    run: (env) => env.shared.order.getOrderDetail({ ids: Array.from({ length: 1_000_000 }, (_, i) => String(i)) }),
  });
  cases.push({
    entry, label: "order_list_ids = 1,000,000-element array (body)", expect: "settle", async: true, boundMs: 20_000,
    run: (env) => env.shared.fulfillment.createPackages({ order_list_ids: Array.from({ length: 1_000_000 }, () => "1") }),
  });
  cases.push({
    entry, label: "BigInt nested in an object travels as digits (control)", expect: "settle", async: true,
    run: (env) => env.shared.fulfillment.createPackages({ weight: { value: 12345678901234567890n, unit: "GRAM" } }),
  });
  return cases;
}

function genericCallCases() {
  const entry = "shop.call(group, operation, params, options)";
  const cases = [];
  const make = (label, args, field) =>
    cases.push({ entry, label, field, async: true, run: (env) => env.callVictim.call(...(typeof args === "function" ? args() : args)) });
  make("call(Symbol())", () => [Symbol("g")], undefined);
  make("call(Symbol(), 'getOrderList')", () => [Symbol("g"), "getOrderList"], undefined);
  make("call('order', Symbol())", () => ["order", Symbol("o")], undefined);
  make("call()", [], undefined);
  make("call(0, 0)", [0, 0], undefined);
  make("call(null, null)", [null, null], undefined);
  make("call({}, 'getOrderList')", () => [{}, "getOrderList"], undefined);
  make("call(Proxy, 'x')", () => [H.proxy(), "x"], undefined);
  make("call(revoked, 'x')", () => [H.revoked(), "x"], undefined);
  make("call(throwing toString, 'x')", () => [H.badString(), "x"], undefined);
  make("call('__proto__', 'constructor')", ["__proto__", "constructor"], undefined);
  make("call('order', 'constructor')", ["order", "constructor"], undefined);
  make("call('order', 'getOrderList', 0)", ["order", "getOrderList", 0], "params");
  make("call('order', 'getOrderList', Proxy)", () => ["order", "getOrderList", H.proxy()], undefined);
  make("call('order', 'getOrderList', p, 0)", ["order", "getOrderList", { page_size: 1 }, 0], undefined);
  make("call('order', 'getOrderList', p, { signal: {} })", () => ["order", "getOrderList", { page_size: 1 }, { signal: {} }], "signal");
  make("call('order', 'getOrderList', p, { timeoutMs: 2^31 })", ["order", "getOrderList", { page_size: 1 }, { timeoutMs: 2 ** 31 }], "timeoutMs");
  return cases;
}

function paginationCases() {
  const entry = ".all() / .pages()";
  const cases = [];
  const make = (label, kind, params, options, field) =>
    cases.push({
      entry,
      label: `${kind}(${label})`,
      field,
      async: true,
      run: async (env) => {
        const p = typeof params === "function" ? params() : params;
        const o = typeof options === "function" ? options() : options;
        for await (const _ of env.shared.order.getOrderList[kind](p, o)) break;
      },
    });
  const p = { page_size: 1 };
  for (const kind of ["all", "pages"]) {
    make("p, null", kind, p, null, undefined);
    make("p, 0", kind, p, 0, undefined);
    make("p, 'x'", kind, p, "x", undefined);
    make("0", kind, 0, undefined, "params");
    make("'x'", kind, "x", undefined, "params");
    make("Symbol()", kind, () => Symbol("p"), undefined, "params");
    make("Proxy", kind, H.proxy, undefined, undefined);
    make("revoked Proxy", kind, H.revoked, undefined, undefined);
    make("p, { signal: {} }", kind, p, () => ({ signal: {} }), "signal");
    make("p, { signal: 0 }", kind, p, { signal: 0 }, "signal");
    make("p, { timeoutMs: -1 }", kind, p, { timeoutMs: -1 }, "timeoutMs");
    make("p, { version: 1 }", kind, p, { version: 1 }, "version");
    make("{ page_size: NaN }", kind, { page_size: NaN }, undefined, "page_size");
    make("{ page_token: {} }", kind, () => ({ page_size: 1, page_token: {} }), undefined, "page_token");
  }
  return cases;
}

function uploadCases() {
  const entry = "uploads (product.uploadProductImage)";
  const cases = [];
  const make = (label, params, field) =>
    cases.push({
      entry,
      label,
      field,
      async: true,
      kinds: ["invalid_request"],
      run: (env) => env.uploadVictim.product.uploadProductImage(typeof params === "function" ? params() : params),
    });
  make("data = detached ArrayBuffer", () => ({ data: H.detached(), use_case: "MAIN_IMAGE" }), "data");
  make("data = Uint8Array over a detached buffer", () => ({ data: H.detachedU8(), use_case: "MAIN_IMAGE" }), "data");
  make("data = DataView over a detached buffer", () => ({ data: H.detachedView(), use_case: "MAIN_IMAGE" }), "data");
  for (const [label, value] of wrongTypes({ except: ["null-prototype", "null"] })) {
    make(`data = ${label}`, () => ({ data: value, use_case: "MAIN_IMAGE" }), "data");
  }
  make("data missing", { use_case: "MAIN_IMAGE" }, "data");
  make("data = a Blob look-alike whose arrayBuffer() throws", () => ({ data: { size: 3, type: "image/png", arrayBuffer() { throw hostileError(); } }, use_case: "MAIN_IMAGE" }), "data");
  make("data = Proxy with throwing traps", () => ({ data: H.proxy(), use_case: "MAIN_IMAGE" }), "data");
  make("params = Proxy with throwing traps", H.proxy, undefined);
  make("params = revoked Proxy", H.revoked, undefined);
  make("data getter throws", () => H.getter("data", { use_case: "MAIN_IMAGE" }), undefined);
  make("use_case getter throws", () => H.getter("use_case", { data: new Uint8Array([1, 2, 3]) }), undefined);
  for (const [label, value] of [["object", {}], ["symbol", Symbol("u")], ["function", () => 1], ["throwing toString", H.badString()]]) {
    make(`use_case = ${label}`, () => ({ data: new Uint8Array([1, 2, 3]), use_case: value }), "use_case");
  }
  make("params = 0", 0, "params");
  make("params = 'x'", "x", "params");
  return cases;
}

function tokenMethodCases() {
  const cases = [];
  const entryA = "setAccessToken(token)";
  const values = [
    ...wrongTypes({ except: ["string", "null"] }),
    ...BAD_TOKENS,
    ["Proxy with throwing traps", H.proxy()],
    ["revoked Proxy", H.revoked()],
    ["throwing toString", H.badString()],
  ];
  for (const [label, value] of values) {
    cases.push({ entry: entryA, label, kinds: ["config"], field: "accessToken", run: (env) => env.tokenVictim.setAccessToken(value) });
  }
  const entryS = "setAccessToken(token, grantedScopes)";
  for (const [label, value] of badScopeLists()) {
    cases.push({ entry: entryS, label, kinds: ["config"], field: "grantedScopes", run: (env) => env.tokenVictim.setAccessToken("ok-token", value) });
  }
  const entryB = "setTokens(tokens)";
  const sets = [
    ...wrongTypes({ except: ["plain object", "null-prototype"] }),
    ["{} (no access_token)", {}],
    ["access_token = 0", { access_token: 0 }],
    ["access_token = {}", { access_token: {} }],
    ...BAD_TOKENS.map(([label, value]) => [`access_token with ${label}`, { access_token: value }]),
    ["access_token_expire_in = 'soon'", { access_token: "ok-token", access_token_expire_in: "soon" }],
    ["access_token_expire_in = NaN", { access_token: "ok-token", access_token_expire_in: NaN }],
    ["refresh_token = 0", { access_token: "ok-token", refresh_token: 0 }],
    ["Proxy with throwing traps", H.proxy()],
    ["revoked Proxy", H.revoked()],
    ["access_token getter throws", H.getter("access_token")],
    ...badScopeLists().map(([label, value]) => [`granted_scopes = ${label}`, { access_token: "ok-token", granted_scopes: value }]),
    ["granted_scopes getter throws", H.getter("granted_scopes", { access_token: "ok-token" })],
  ];
  for (const [label, value] of sets) {
    cases.push({ entry: entryB, label, run: (env) => env.tokensVictim.setTokens(value) });
  }
  return cases;
}

function introspectionCases() {
  const cases = [];
  const noSecret = (env) => (text) => ![env.ctx.appSecret, env.tokens.access_token].some((s) => text.includes(s));
  cases.push({ entry: "toJSON()", label: "toJSON(0)", expect: "returns", run: (env) => env.shared.toJSON(0), check: (v) => typeof v === "object" && v.hasAccessToken === true });
  cases.push({ entry: "toJSON()", label: "toJSON(Proxy)", expect: "returns", run: (env) => env.shared.toJSON(H.proxy()), check: (v) => typeof v === "object" });
  cases.push({
    entry: "toJSON()", label: "JSON.stringify of a client that saw hostile input has no secret", expect: "returns",
    run: (env) => {
      const text = JSON.stringify([env.uploadVictim, env.tokenVictim, env.tokensVictim, env.callVictim]);
      evidence.push(text);
      return noSecret(env)(text);
    },
    check: (v) => v === true,
  });
  const isCatalog = (v) => Array.isArray(v) && v.length > 100 && Object.isFrozen(v) && Object.isFrozen(v[0]) && Object.isFrozen(v[0].params);
  for (const [label, value] of [["0", 0], ["Symbol()", Symbol("x")], ["Proxy", H.proxy()], ["revoked Proxy", H.revoked()]]) {
    cases.push({ entry: "listOperations()", label: `listOperations(${label})`, expect: "returns", run: (env) => env.api.listOperations(value), check: isCatalog });
  }
  return cases;
}

function tokenFunctionCases() {
  const cases = [];
  for (const [fn, key] of [["exchangeAuthCode", "authCode"], ["refreshAccessToken", "refreshToken"]]) {
    const entry = `${fn}(options)`;
    const make = (label, options, field) =>
      cases.push({ entry, label, field, async: true, run: (env) => env.api[fn](typeof options === "function" ? options(env) : options) });
    for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ...objectHostiles()]) {
      make(`options = ${label}`, value, undefined);
    }
    make("options = undefined", undefined, undefined);
    const valid = (env) => ({ ...env.base, [key]: `${key}-${HOSTILE_SECRET}` });
    for (const [label, value] of [...wrongTypes({ except: ["string"] }), ["empty string", ""], ["throwing toString", H.badString()]]) {
      make(`${key} = ${label}`, (env) => ({ ...valid(env), [key]: value }), key);
    }
    make(`${key} getter throws`, (env) => H.getter(key, { ...env.base }), undefined);
    make("timeoutMs = -1", (env) => ({ ...valid(env), timeoutMs: -1 }), "timeoutMs");
    make("timeoutMs = 2^31", (env) => ({ ...valid(env), timeoutMs: 2 ** 31 }), "timeoutMs");
    make("fetch = 0", (env) => ({ ...valid(env), fetch: 0 }), "fetch");
    make("appSecret = {}", (env) => ({ ...valid(env), appSecret: {} }), "appSecret");
    make("authBaseUrl = 'ftp://x'", (env) => ({ ...valid(env), authBaseUrl: "ftp://x" }), "authBaseUrl");
  }
  return cases;
}

function authorizationUrlCases() {
  const entry = "authorizationUrl(options)";
  const cases = [];
  const make = (label, options, field) =>
    cases.push({ entry, label, field, run: (env) => env.api.authorizationUrl(typeof options === "function" ? options() : options) });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ...objectHostiles()]) {
    make(`options = ${label}`, value, undefined);
  }
  make("{} (no serviceId or appKey)", {}, undefined);
  for (const [label, value] of [["number", 0], ["object", {}], ["symbol", Symbol("s")], ["empty", ""], ["throwing toString", H.badString()]]) {
    make(`serviceId = ${label}`, () => ({ serviceId: value }), "serviceId");
  }
  for (const [label, value] of [["number", 0], ["object", {}], ["symbol", Symbol("s")], ["empty", ""]]) {
    make(`state = ${label}`, () => ({ serviceId: "svc", state: value }), "state");
  }
  for (const [label, value] of [["'mars'", "mars"], ["number", 0], ["object", {}], ["symbol", Symbol("r")]]) {
    make(`region = ${label}`, () => ({ serviceId: "svc", region: value }), "region");
  }
  for (const [label, value] of [["number", 0], ["not a URL", "not a url"], ["javascript: URL", "javascript:alert(1)"], ["object", {}]]) {
    make(`authorizeUrl = ${label}`, () => ({ serviceId: "svc", authorizeUrl: value }), "authorizeUrl");
  }
  for (const [label, value] of [["'admin'", "admin"], ["number", 0], ["object", {}]]) {
    make(`account = ${label}`, () => ({ serviceId: "svc", account: value }), "account");
  }
  make("appKey = 0 (no serviceId)", { appKey: 0 }, /^(appKey|serviceId)$/);
  make("serviceId getter throws", () => H.getter("serviceId"), undefined);
  return cases;
}

function signRequestCases() {
  const entry = "signRequest(options)";
  const cases = [];
  const make = (label, options, field) =>
    cases.push({ entry, label, field, run: (env) => env.api.signRequest(typeof options === "function" ? options(env) : options) });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ...objectHostiles()]) {
    make(`options = ${label}`, value, undefined);
  }
  const valid = (env) => ({ appSecret: env.ctx.appSecret, path: "/order/202309/orders/search" });
  for (const [label, value] of [["number", 0], ["empty", ""], ["object", {}], ["symbol", Symbol("s")]]) {
    make(`appSecret = ${label}`, (env) => ({ ...valid(env), appSecret: value }), "appSecret");
  }
  for (const [label, value] of [["number", 0], ["no leading slash", "order/search"], ["object", {}], ["symbol", Symbol("p")], ["empty", ""]]) {
    make(`path = ${label}`, (env) => ({ ...valid(env), path: value }), "path");
  }
  const queries = [
    ["number", () => 0, "query"],
    ["string", () => "a=1", "query"],
    ["symbol", () => Symbol("q"), "query"],
    ["value is an object", () => ({ a: {} }), /^(query|a|query\.a)$/],
    ["value is a symbol", () => ({ a: Symbol("v") }), /^(query|a|query\.a)$/],
    ["value is a function", () => ({ a: () => 1 }), /^(query|a|query\.a)$/],
    ["value getter throws", () => H.getter("a"), /^(query|a|query\.a)$/],
    ["value toString throws", () => ({ a: H.badString() }), /^(query|a|query\.a)$/],
    ["array value holds a symbol", () => ({ a: [Symbol("v")] }), /^(query|a|query\.a)/],
    ["array value holds a throwing toString", () => ({ a: ["x", H.badString()] }), /^(query|a|query\.a)/],
    ["array value is cyclic", () => ({ a: H.cyclicArray() }), /^(query|a|query\.a)/],
    ["query is a Proxy with throwing traps", () => H.proxy(), "query"],
    ["query is a revoked Proxy", () => H.revoked(), "query"],
  ];
  for (const [label, query, field] of queries) make(`query ${label}`, (env) => ({ ...valid(env), query: query() }), field);
  for (const [label, value] of [["number", 0], ["object", {}], ["symbol", Symbol("b")], ["Uint8Array", new Uint8Array(2)]]) {
    make(`body = ${label}`, (env) => ({ ...valid(env), body: value }), "body");
  }
  make("appSecret getter throws", (env) => H.getter("appSecret", { path: "/x" }), undefined);
  return cases;
}

function webhookCases() {
  const cases = [];
  for (const fn of ["verifyWebhook", "parseWebhook"]) {
    const entry = `${fn}(options)`;
    const make = (label, options, field, extra = {}) =>
      cases.push({ entry, label, field, run: (env) => env.api[fn](typeof options === "function" ? options(env) : options), ...extra });
    for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ...objectHostiles()]) {
      make(`options = ${label}`, value, undefined);
    }
    make("options = undefined", undefined, undefined);
    const valid = (env) => ({ appKey: env.ctx.appKey, appSecret: env.ctx.appSecret, body: "{}", signature: "0".repeat(64) });
    const bodies = [
      ["detached ArrayBuffer", H.detached],
      ["Uint8Array over a detached buffer", H.detachedU8],
      ["DataView over a detached buffer", H.detachedView],
      ["number", () => 0],
      ["plain object", () => ({})],
      ["symbol", () => Symbol("b")],
      ["null", () => null],
      ["undefined", () => undefined],
      ["array", () => []],
      ["bigint", () => 1n],
      ["Proxy with throwing traps", H.proxy],
      ["revoked Proxy", H.revoked],
    ];
    for (const [label, body] of bodies) make(`body = ${label}`, (env) => ({ ...valid(env), body: body() }), "body", { kinds: ["invalid_request"] });
    for (const [label, value] of [["number", 0], ["empty", ""], ["object", {}]]) {
      make(`appKey = ${label}`, (env) => ({ ...valid(env), appKey: value }), "appKey", { kinds: ["config"] });
      make(`appSecret = ${label}`, (env) => ({ ...valid(env), appSecret: value }), "appSecret", { kinds: ["config"] });
    }
    // A wrong-type signature may be reported as a mismatch (false / a signature error)
    // or refused; it must not be a raw error.
    for (const [label, value] of [["number", 0], ["object", {}], ["symbol", Symbol("s")], ["throwing toString", H.badString()]]) {
      make(`signature = ${label}`, (env) => ({ ...valid(env), signature: value }), "signature", { expect: "settle", check: (v) => v === false });
    }
    make("body getter throws", (env) => H.getter("body", { appKey: env.ctx.appKey, appSecret: env.ctx.appSecret, signature: "x" }), undefined);
  }
  cases.push({
    // Far beyond any webhook TikTok sends: refused before it is copied into wasm memory
    // (README: webhook bodies over 16 MB are an invalid_request error).
    entry: "verifyWebhook(options)", label: "body = 32 MB string", field: "body", boundMs: 20_000,
    run: (env) => env.api.verifyWebhook({ appKey: env.ctx.appKey, appSecret: env.ctx.appSecret, body: "x".repeat(32 << 20), signature: "0".repeat(64) }),
  });
  const entry = "parseWebhookRequest(request, options)";
  const make = (label, args, field, extra = {}) =>
    cases.push({ entry, label, field, async: true, run: (env) => env.api.parseWebhookRequest(...args(env)), ...extra });
  const opts = (env) => ({ appKey: env.ctx.appKey, appSecret: env.ctx.appSecret });
  const req = () => new Request("http://hooks.example/webhooks", { method: "POST", body: "{}", headers: { authorization: "0".repeat(64) } });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ["plain object", {}], ["undefined", undefined], ...objectHostiles()]) {
    make(`request = ${label}`, (env) => [value, opts(env)], undefined);
  }
  for (const [label, value] of [["undefined", undefined], ["null", null], ["number", 0], ["string", "x"], ["Proxy with throwing traps", H.proxy()]]) {
    make(`options = ${label}`, () => [req(), value], undefined);
  }
  make("a Request whose body was already read", (env) => {
    const r = req();
    r.text();
    return [r, opts(env)];
  }, undefined, { expect: "typed" });
  make("a request look-alike whose arrayBuffer() rejects", (env) => [{ headers: new Headers({ authorization: "x" }), arrayBuffer: () => Promise.reject(hostileError()) }, opts(env)], undefined, { expect: "typed" });
  make("a request look-alike whose arrayBuffer() gives a number", (env) => [{ headers: new Headers({ authorization: "x" }), arrayBuffer: async () => 0 }, opts(env)], undefined, { expect: "typed" });
  make("a request look-alike whose headers.get throws", (env) => [{ headers: { get() { throw hostileError(); } }, arrayBuffer: async () => new ArrayBuffer(2) }, opts(env)], undefined, { expect: "typed" });
  return cases;
}

function dedupeCases() {
  const cases = [];
  const entryA = "createWebhookDeduper(options)";
  const makeA = (label, options, field) =>
    cases.push({ entry: entryA, label, field, kinds: ["config"], run: (env) => env.api.createWebhookDeduper(typeof options === "function" ? options() : options) });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ...objectHostiles()]) {
    makeA(`options = ${label}`, value, undefined);
  }
  for (const [label, value] of [["number", 0], ["empty object", {}], ["string", "kv"], ["has without add", { has() { return false; } }], ["claim = 1", { claim: 1 }], ["null", null], ["revoked Proxy", H.revoked()]]) {
    makeA(`store = ${label}`, () => ({ store: value }), "store");
  }
  for (const [label, value] of [["0", 0], ["-1", -1], ["NaN", NaN], ["Infinity", Infinity], ["string", "1d"], ["bigint", 1n]]) {
    makeA(`ttlSeconds = ${label}`, () => ({ ttlSeconds: value }), "ttlSeconds");
  }
  const entryB = "deduper.isNew(event)";
  const makeB = (label, event, field) =>
    cases.push({ entry: entryB, label, field, async: true, kinds: ["invalid_request"], run: (env) => (env.deduper ??= env.api.createWebhookDeduper()).isNew(typeof event === "function" ? event() : event) });
  for (const [label, value] of [["null", null], ["number", 0], ["string", "x"], ["symbol", Symbol("e")], ["Proxy with throwing traps", H.proxy()], ["revoked Proxy", H.revoked()]]) {
    makeB(`event = ${label}`, value, undefined);
  }
  for (const [label, value] of [["object", () => ({})], ["throwing toString", H.badString], ["symbol", () => Symbol("id")], ["array", () => ["1"]], ["function", () => () => 1]]) {
    makeB(`tts_notification_id = ${label}`, () => ({ tts_notification_id: value() }), "tts_notification_id");
  }
  makeB("tts_notification_id getter throws", () => H.getter("tts_notification_id"), undefined);
  const entryC = "memoryDedupeStore(options)";
  const makeC = (label, options, field) =>
    // Only construction is tried: a store accepted with maxEntries -1 would spin in add().
    cases.push({ entry: entryC, label, field, kinds: ["config"], run: (env) => { env.api.memoryDedupeStore(options); } });
  for (const [label, value] of [["null", null], ["number", 0], ["string", "x"], ["symbol", Symbol("m")], ["revoked Proxy", H.revoked()]]) {
    makeC(`options = ${label}`, value, undefined);
  }
  for (const [label, value] of [["-1", -1], ["0", 0], ["NaN", NaN], ["Infinity", Infinity], ["1.5", 1.5], ["string", "10"], ["bigint", 10n]]) {
    makeC(`maxEntries = ${label}`, { maxEntries: value }, "maxEntries");
  }
  return cases;
}

function webhookKeyCases() {
  const cases = [];
  const entry = "webhookDedupeKey(event)";
  const make = (label, event, field, extra = {}) =>
    cases.push({ entry, label, field, kinds: ["invalid_request"], run: (env) => env.api.webhookDedupeKey(typeof event === "function" ? event() : event), ...extra });
  const valid = () => ({ type: 3, shop_id: "7001", timestamp: 1700000000, data: { order_id: "1" } });
  for (const [label, value] of [["null", null], ["undefined", undefined], ["number", 0], ["string", "x"], ["symbol", Symbol("e")], ...objectHostiles()]) {
    make(`event = ${label}`, value, undefined);
  }
  for (const [label, value] of [["string", "3"], ["-1", -1], ["2^32", 2 ** 32], ["1.5", 1.5], ["NaN", NaN], ["bigint", 3n], ["missing", undefined]]) {
    make(`type = ${label}`, () => ({ ...valid(), type: value }), "type");
  }
  make("type getter throws", () => H.getter("type", { shop_id: "7001" }), "type");
  for (const field of ["tts_notification_id", "shop_id", "seller_open_id", "creator_open_id"]) {
    for (const [label, value] of [["object", () => ({})], ["symbol", () => Symbol("id")], ["array", () => ["1"]], ["throwing toString", H.badString], ["1.5", () => 1.5]]) {
      make(`${field} = ${label}`, () => ({ ...valid(), [field]: value() }), field);
    }
    make(`${field} getter throws`, () => H.getter(field, valid()), field);
  }
  for (const [label, value] of [["string", "1700000000"], ["1.5", 1.5], ["Infinity", Infinity], ["object", {}]]) {
    make(`timestamp = ${label}`, () => ({ ...valid(), timestamp: value }), "timestamp");
  }
  for (const [label, value] of [
    ["a cycle", H.cyclic],
    ["a cyclic array", H.cyclicArray],
    ["a BigInt", () => ({ n: 1n })],
    ["throwing toJSON", H.badJson],
    ["Proxy with throwing traps", H.proxy],
    ["a function", () => () => 1],
    ["17 MB of text", () => "x".repeat(17 << 20)],
  ]) {
    make(`data = ${label}`, () => ({ ...valid(), data: value() }), "data");
  }
  make("data getter throws", () => H.getter("data", { type: 3, shop_id: "7001", timestamp: 1 }), "data");
  // With a notification id, the rest is not read: the id is the key.
  make("an id and a cyclic payload", () => ({ ...valid(), tts_notification_id: "7301", data: H.cyclic() }), undefined, {
    expect: "returns",
    check: (v) => v === "7301",
  });
  make("no id: a digest of the delivery", valid, undefined, { expect: "returns", check: (v) => /^sha256:[0-9a-f]{32}$/.test(v) });
  cases.push({
    entry: "listWebhookTypes()", label: "called with hostile arguments", expect: "returns",
    run: (env) => env.api.listWebhookTypes(H.proxy(), H.revoked()),
    check: (v) => Array.isArray(v) && v.length >= 45 && Object.isFrozen(v) && Object.isFrozen(v[0]),
  });
  cases.push({
    entry: "listWebhookTypes()", label: "its entries cannot be changed", expect: "returns",
    run: (env) => {
      const [first] = env.api.listWebhookTypes();
      try {
        first.name = "X";
      } catch {}
      return env.api.listWebhookTypes()[0].name;
    },
    check: (v) => v === "ORDER_STATUS_CHANGE",
  });
  return cases;
}

function hostileFetchCases() {
  const entry = "fetch option (hostile replies)";
  const cases = [];
  const response = (overrides) => {
    const r = new Response(JSON.stringify({ code: 0, message: "Success", request_id: "r", data: { shops: [] } }), { status: 200, headers: { "content-type": "application/json" } });
    return Object.assign(Object.create(r), overrides);
  };
  const look = (props) => ({ status: 200, headers: new Headers(), text: async () => "{}", ...props });
  const fetches = [
    ["fetch throws synchronously", () => { throw new TypeError("boom"); }],
    ["fetch returns 0", () => 0],
    ["fetch resolves to null", async () => null],
    ["fetch resolves to {}", async () => ({})],
    ["fetch rejects with a symbol", () => Promise.reject(Symbol("s"))],
    ["fetch rejects with an object whose message getter throws", () => Promise.reject(H.getter("message"))],
    ["fetch rejects with a revoked Proxy", () => Promise.reject(H.revoked())],
    ["Response status getter throws", async () => Object.defineProperty(look({}), "status", { get() { throw hostileError(); } })],
    ["Response headers.get throws", async () => look({ headers: { get() { throw hostileError(); } } })],
    ["Response text() throws", async () => look({ status: 500, text() { throw hostileError(); } })],
    ["Response text() gives a number", async () => look({ status: 500, text: async () => 0 })],
    ["Response text() gives an object whose toString throws", async () => look({ status: 500, text: async () => H.badString() })],
    ["Response status 700", async () => look({ status: 700 })],
    ["Response status is a string", async () => look({ status: "200", text: async () => "not json" })],
    ["Response is a Proxy with throwing traps", async () => H.proxy()],
    ["Response is a revoked Proxy", async () => H.revoked()],
    // body: null, so that text() is the only body it has (its real stream says code 0).
    ["a look-alike inheriting from a real Response (its getters refuse the receiver in workerd), envelope code 1e999", async () => response({ body: null, text: async () => "{\"code\": 1e999}" })],
  ];
  for (const [label, fetch] of fetches) {
    cases.push({
      entry, label, expect: "typed", async: true,
      run: (env) => env.client({ fetch, retries: 0 }).seller.getActiveShops(),
    });
  }
  // timeoutMs bounds an attempt even when the fetch ignores its signal.
  cases.push({
    entry, label: "fetch never settles and ignores its signal: timeoutMs 300 still ends the call", expect: "typed", async: true, boundMs: 3000,
    run: (env) => env.client({ fetch: () => new Promise(() => {}), retries: 0, timeoutMs: 300 }).seller.getActiveShops(),
  });
  return cases;
}

function loggerCases() {
  const entry = "logger (throwing)";
  const cases = [];
  const loggers = [
    ["logger function throws", () => { throw new Error("logger down"); }],
    ["logger throws a symbol", () => { throw Symbol("logger"); }],
    ["logger.debug throws", { debug() { throw new Error("logger down"); } }],
  ];
  for (const [label, logger] of loggers) {
    cases.push({
      entry, label: `${label}: a completed write still resolves`, expect: "returns", async: true,
      run: (env) => env.client({ logger }).event.updateShopWebhook({ event_type: "PACKAGE_UPDATE", address: "https://hooks.example/hostile" }),
    });
    cases.push({
      entry, label: `${label}: a refused call still rejects with its own error`, async: true, kinds: ["invalid_request"], field: "page_size",
      run: (env) => env.client({ logger }).order.getOrderList({ page_size: NaN }),
    });
  }
  return cases;
}

function newApiCases() {
  const cases = [];
  const entryA = "shop.request(spec, options)";
  const hasRequest = (env) => typeof env.shared.request === "function";
  const makeA = (label, spec, options, field) =>
    cases.push({
      entry: entryA, label, field, async: true, needs: hasRequest,
      run: (env) => env.shared.request(typeof spec === "function" ? spec() : spec, typeof options === "function" ? options() : options),
    });
  for (const [label, value] of [...wrongTypes({ except: ["plain object", "null-prototype"] }), ...objectHostiles(), ["undefined", undefined]]) {
    makeA(`spec = ${label}`, value, undefined, undefined);
  }
  const get = (extra) => ({ method: "GET", path: "/seller/202309/shops", ...extra });
  makeA("method = 'TRACE'", get({ method: "TRACE" }), undefined, "method");
  makeA("method = 0", get({ method: 0 }), undefined, "method");
  makeA("method = 'GET\\r\\nX: 1'", get({ method: "GET\r\nX: 1" }), undefined, "method");
  for (const [label, path] of [
    ["missing", undefined], ["number", 0], ["object", {}], ["no leading slash", "seller/202309/shops"],
    ["'..' segment", "/seller/../order/202309/orders"], ["'.' segment", "/seller/./202309/shops"], ["ends in '/..'", "/seller/202309/shops/.."],
    ["encoded '%2e%2e' segment", "/seller/%2e%2e/order"], ["with a query", "/seller/202309/shops?x=1"], ["with a fragment", "/seller/202309/shops#f"],
    ["CR LF inside", "/seller/202309/shops\r\nX: 1"],
  ]) {
    makeA(`path ${label}`, get({ path }), undefined, "path");
  }
  for (const [label, query] of [["number", () => 0], ["string", () => "a=1"], ["value is an object", () => ({ a: {} })], ["value is a symbol", () => ({ a: Symbol("q") })], ["Proxy", H.proxy]]) {
    makeA(`query ${label}`, () => get({ query: query() }), undefined, /^query/);
  }
  for (const [label, body] of [["cyclic", H.cyclic], ["holds NaN", () => ({ a: NaN })], ["holds a function", () => ({ a: () => 1 })], ["nested 200,000 deep", () => H.deep(200_000)], ["revoked Proxy", H.revoked]]) {
    makeA(`body ${label}`, () => ({ method: "POST", path: "/fulfillment/202512/packages", body: body() }), undefined, /^body/);
  }
  makeA("shopCipher = 0", get({ shopCipher: 0 }), undefined, "shopCipher");
  makeA("options = { timeoutMs: -1 }", get(), { timeoutMs: -1 }, "timeoutMs");
  makeA("options = { signal: {} }", get(), () => ({ signal: {} }), "signal");
  makeA("options = 0", get(), 0, undefined);

  const entryB = "parseAuthorizationRedirect(urlOrRequest, options)";
  const hasParse = (env) => typeof env.api.parseAuthorizationRedirect === "function";
  const makeB = (label, args, field, extra = {}) =>
    cases.push({ entry: entryB, label, field, needs: hasParse, run: (env) => env.api.parseAuthorizationRedirect(...(typeof args === "function" ? args() : args)), ...extra });
  const cb = "https://app.example/oauth/callback";
  for (const [label, value] of [...wrongTypes({ except: ["string"] }), ...objectHostiles(), ["undefined", undefined], ["not a URL", "not a url"]]) {
    makeB(`urlOrRequest = ${label}`, () => [value, { state: "s1" }], undefined);
  }
  makeB("state does not match", [`${cb}?code=c1&state=s1`, { state: "other" }], undefined, { kinds: ["auth", "invalid_request", "config"], fieldOptional: true });
  makeB("error=auth_denied", [`${cb}?error=auth_denied&state=s1`, { state: "s1" }], undefined, { kinds: ["auth"], fieldOptional: true });
  makeB("no code", [`${cb}?state=s1`, { state: "s1" }], undefined, { expect: "typed" });
  for (const [label, value] of [["0", 0], ["'x'", "x"], ["{ state: 0 }", { state: 0 }], ["{ state: Symbol() }", { state: Symbol("s") }], ["revoked Proxy", H.revoked()]]) {
    makeB(`options = ${label}`, () => [`${cb}?code=c1&state=s1`, value], undefined);
  }
  return cases;
}

/** Issue 17: what the second round of hardening refuses (each was accepted, dropped or raw before). */
function secondRoundCases() {
  const cases = [];
  const add = (entry, label, run, field, extra = {}) => cases.push({ entry, label, field, run, ...extra });
  const cb = "https://app.example/oauth/callback?code=c1&state=s1";
  const parse = "parseAuthorizationRedirect(urlOrRequest, options)";
  const stateRequired = { kinds: ["config"], message: /state/ };
  add(parse, "no options: state is required", (env) => env.api.parseAuthorizationRedirect(cb), "state", stateRequired);
  add(parse, "options = {}", (env) => env.api.parseAuthorizationRedirect(cb, {}), "state", stateRequired);
  add(parse, "state = null (an unset variable)", (env) => env.api.parseAuthorizationRedirect(cb, { state: null }), "state", stateRequired);
  add(parse, "state = undefined (an unset variable)", (env) => env.api.parseAuthorizationRedirect(cb, { state: undefined }), "state", stateRequired);
  add(parse, "state = '' with a redirect carrying none", (env) => env.api.parseAuthorizationRedirect("https://app.example/cb?code=c1", { state: "" }), "state", { kinds: ["config", "auth"] });
  add(parse, "options = null", (env) => env.api.parseAuthorizationRedirect(cb, null), "state", stateRequired);

  const call = "shop.<group>.<method>(params)";
  const unknownKey = { async: true, message: /__proto__/ };
  add(call, "own __proto__ key holding an object", (env) => env.shared.order.getOrderList(JSON.parse('{"page_size":1,"__proto__":{"x":1}}')), "__proto__", unknownKey);
  add(call, "own __proto__ key holding a string", (env) => env.shared.order.getOrderList(JSON.parse('{"__proto__":"x","page_size":1}')), "__proto__", unknownKey);
  add(call, "own __proto__ key after a nested value", (env) => env.shared.order.getOrderList(JSON.parse('{"page_size":1,"ids":[1],"__proto__":{}}')), /^(__proto__|ids)$/, { async: true });
  add("new TikTokShop(options)", "own __proto__ key in the options", (env) => new env.api.TikTokShop({ ...env.full, ...JSON.parse('{"__proto__":{"appKey":"x"}}') }), "__proto__", { kinds: ["config"] });
  add(call, "ids = ['1,2'] (a comma inside one id)", (env) => env.shared.order.getOrderDetail({ ids: ["1,2"] }), "ids[0]", { async: true, message: /comma/ });
  add(call, "ids = ['1', '2,3']", (env) => env.shared.order.getOrderDetail({ ids: ["1", "2,3"] }), "ids[1]", { async: true });
  add(call, "page_size = 1000 (the maximum is 100)", (env) => env.shared.order.getOrderList({ page_size: 1000 }), "page_size", { async: true, message: /100/ });
  add(call, "page_size = 0", (env) => env.shared.order.getOrderList({ page_size: 0 }), "page_size", { async: true });
  const typo = { kinds: ["invalid_request"], async: true, message: /unknown operation order\.getOrderLis \(did you mean getOrderList\?\)/ };
  add(call, "shop.order.getOrderLis() (a typo)", (env) => env.shared.order.getOrderLis({ page_size: 1 }), "operation", typo);
  add(call, "shop.order.getOrderLis.all() (a typo)", (env) => (async () => {
    for await (const _ of env.shared.order.getOrderLis.all()) return "yielded";
  })(), "operation", typo);
  add(call, "shop.order.getOrderLis.pages() (a typo)", (env) => env.shared.order.getOrderLis.pages()[Symbol.asyncIterator]().next(), "operation", typo);
  add("shop.call(group, operation, params, options)", "call('order', 'getOrderLis')", (env) => env.shared.call("order", "getOrderLis"), "operation", typo);
  add("shop.call(group, operation, params, options)", "call('ordr', 'getOrderList')", (env) => env.shared.call("ordr", "getOrderList"), "group", { async: true, message: /did you mean order\?/ });

  const request = "shop.request(spec, options)";
  for (const path of ["/seller/..%2fshops", "/seller/202309%2F..%2Fshops", "/seller/%2f/shops", "/seller/x%5c..%5cshops", "/seller/202309/shops%2F%2E%2E"]) {
    add(request, `path ${path}`, (env) => env.shared.request({ method: "GET", path }), "path", { async: true });
  }
  const hugeQueries = [
    ["a 100 KB value", () => ({ a: "x".repeat(100_000) })],
    ["100,000 keys", () => Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, "v"]))],
    ["an array of 1,000,000 values", () => ({ ids: Array.from({ length: 1_000_000 }, () => "1") })],
    ["a 256 MB value", () => ({ a: "x".repeat(256 << 20) })],
  ];
  for (const [label, query] of hugeQueries) {
    add(request, `query holds ${label}`, (env) => env.shared.request({ method: "GET", path: "/seller/202309/shops", query: query() }), /^query/, { async: true, boundMs: 20_000 });
    add("signRequest(options)", `query holds ${label}`, (env) => env.api.signRequest({ appSecret: env.ctx.appSecret, path: "/a", query: query() }), /^query/, { boundMs: 20_000 });
  }
  add("signRequest(options)", "body is 33 MB", (env) => env.api.signRequest({ appSecret: env.ctx.appSecret, path: "/a", body: "x".repeat(33 << 20) }), "body", { boundMs: 20_000 });

  const ctor = "new TikTokShop(options)";
  const config = { kinds: ["config"] };
  add(ctor, "rateLimit.requestsPerSecond = 4e-7 (an interval no timer can wait)", (env) => new env.api.TikTokShop({ ...env.full, rateLimit: { requestsPerSecond: 4e-7 } }), "rateLimit.requestsPerSecond", config);
  add(ctor, "rateLimit.requestsPerSecond = 1e-300", (env) => new env.api.TikTokShop({ ...env.full, rateLimit: { requestsPerSecond: 1e-300 } }), "rateLimit.requestsPerSecond", config);
  add(ctor, "timeoutMs = 0.001", (env) => new env.api.TikTokShop({ ...env.full, timeoutMs: 0.001 }), "timeoutMs", config);
  add("createRateLimiter(settings)", "requestsPerSecond = 1e-9", (env) => env.api.createRateLimiter({ requestsPerSecond: 1e-9 }), "rateLimit.requestsPerSecond", config);
  const suggestion = (hint) => ({ kinds: ["config"], message: new RegExp(`did you mean \`${hint}\``) });
  add(ctor, "shopCiper (a typo)", (env) => new env.api.TikTokShop({ ...env.full, shopCiper: "c" }), "shopCiper", suggestion("shopCipher"));
  add(ctor, "timoutMs (a typo)", (env) => new env.api.TikTokShop({ ...env.full, timoutMs: 1000 }), "timoutMs", suggestion("timeoutMs"));
  add(ctor, "rateLimit.requestPerSecond (a typo)", (env) => new env.api.TikTokShop({ ...env.full, rateLimit: { requestPerSecond: 5 } }), "requestPerSecond", suggestion("requestsPerSecond"));
  add("shop.<group>.<method>(params, options)", "options.retryWrite (a typo)", (env) => env.shared.order.getOrderList({ page_size: 1 }, { retryWrite: true }), "retryWrite", { ...suggestion("retryWrites"), async: true });
  add("exchangeAuthCode(options)", "authCod (a typo)", (env) => env.api.exchangeAuthCode({ ...env.base, authCod: "x" }), "authCod", { ...suggestion("authCode"), async: true });

  const sug = "suggest(name, candidates)";
  const has = (env) => typeof env.api.suggest === "function";
  for (const [label, value] of [...wrongTypes({ except: ["string"] }), ...objectHostiles()]) {
    add(sug, `name = ${label}`, (env) => env.api.suggest(value, ["a"]), "name", { needs: has });
  }
  for (const [label, value] of [...wrongTypes({ except: ["array"] }), ...objectHostiles(), ["array holding a number", ["a", 1]], ["array with a throwing getter", Object.defineProperty(["a"], 0, { get() { throw hostileError(); } })], ["Proxy of an array whose length is a string", new Proxy([], { get: (t, k) => (k === "length" ? "3" : t[k]) })], ["array of 200,000", Array(200_000).fill("a")]]) {
    add(sug, `candidates = ${label}`, (env) => env.api.suggest("getOrderLis", value), /^candidates/, { needs: has });
  }
  add(sug, "a 1 MB name", (env) => env.api.suggest("x".repeat(1 << 20), ["getOrderList"]), undefined, { needs: has, expect: "returns", check: (v) => Array.isArray(v) && v.length === 0 });
  add(sug, "getOrderLis", (env) => env.api.suggest("getOrderLis", ["getOrderDetail", "getOrderList", "searchOrders"]), undefined, { needs: has, expect: "returns", check: (v) => v[0] === "getOrderList" });
  return cases;
}

/** Issue 18: the call plan and the helpers that read it. */
function planCases() {
  const cases = [];
  const add = (entry, label, run, field, extra = {}) => cases.push({ entry, label, field, run, ...extra });
  const plan = "shop.plan(group, operation, params, options)";
  const hasPlan = (env) => typeof env.shared.plan === "function";
  const addPlan = (label, args, field, extra = {}) =>
    add(plan, label, (env) => env.shared.plan(...(typeof args === "function" ? args() : args)), field, { needs: hasPlan, ...extra });
  for (const [label, value] of [...wrongTypes({ except: ["string"] }), ...objectHostiles(), ["throwing toString", H.badString()]]) {
    addPlan(`group = ${label}`, () => [value, "getOrderList"], undefined);
    addPlan(`operation = ${label}`, () => ["order", value], undefined);
  }
  addPlan("a typo of the operation", ["order", "getOrderLis"], "operation", { message: /did you mean getOrderList/ });
  addPlan("an unknown group", ["ordr", "getOrderList"], "group");
  for (const [label, params] of [["0", 0], ["'x'", "x"], ["Proxy", H.proxy], ["revoked Proxy", H.revoked], ["a throwing getter", () => H.getter("page_size")], ["shop_cipher = 5", () => ({ shop_cipher: 5 })], ["shop_cipher = {}", () => ({ shop_cipher: {} })], ["cyclic", H.cyclic]]) {
    addPlan(`params = ${label}`, () => ["order", "getOrderList", typeof params === "function" ? params() : params], undefined);
  }
  addPlan("shop_cipher for an operation that takes none", ["authorization", "getAuthorizedShops", { shop_cipher: "x" }], "shop_cipher");
  for (const [label, options, field] of [["0", 0, undefined], ["{ version: 1 }", { version: 1 }, "version"], ["{ version: '202001' }", { version: "202001" }, "version"], ["{ shopCipher: 'a b' }", { shopCipher: "a b" }, "shopCipher"], ["{ timeoutMs: -1 }", { timeoutMs: -1 }, "timeoutMs"], ["revoked Proxy", H.revoked(), undefined]]) {
    addPlan(`options = ${label}`, () => ["order", "getOrderList", {}, options], field);
  }
  addPlan("a good call: its plan", ["order", "getOrderList", { page_size: 1, shop_cipher: "ROW_p" }, { shopCipher: "ROW_o" }], undefined, {
    expect: "returns",
    check: (v) => v.shop === "ROW_p" && v.rateLimit.shop === "ROW_p" && Object.isFrozen(v),
  });

  const version = "operationVersion(group, operation, version)";
  const hasVersion = (env) => typeof env.api.operationVersion === "function";
  const addVersion = (label, args, field, extra = {}) =>
    add(version, label, (env) => env.api.operationVersion(...(typeof args === "function" ? args() : args)), field, { needs: hasVersion, ...extra });
  for (const [label, value] of [...wrongTypes({ except: ["string"] }), ...objectHostiles()]) {
    addVersion(`group = ${label}`, () => [value, "getOrderList"], undefined);
    addVersion(`version = ${label}`, () => ["order", "getOrderDetail", value], "version", { skipNull: true });
  }
  addVersion("version = a 1 MB string", () => ["order", "getOrderDetail", "2".repeat(1 << 20)], "version");
  addVersion("version = '202001'", ["order", "getOrderDetail", "202001"], "version");
  addVersion("the default", ["order", "getOrderDetail"], undefined, { expect: "returns", check: (v) => v.version === "202507" && Object.isFrozen(v) });

  const items = "pageItems(page, plan)";
  const hasItems = (env) => typeof env.api.pageItems === "function";
  // What is not a page or a plan has no items; what throws when read is the caller's typed error.
  for (const [label, page, planValue] of [
    ["page = null", null, { items: "orders" }],
    ["plan = null", { orders: [1] }, null],
    ["plan = a number", { orders: [1] }, 5],
    ["plan.items = an object", { orders: [1] }, { items: {} }],
    ["items 10,000 parts deep", { orders: [1] }, { items: Array(10_000).fill("a").join(".") }],
  ]) {
    add(items, label, (env) => env.api.pageItems(page, planValue), undefined, { needs: hasItems, expect: "returns", check: (v) => Array.isArray(v) && v.length === 0 });
  }
  for (const [label, page, planValue, field] of [
    ["page = a revoked Proxy", H.revoked(), { items: "orders" }, "page"],
    ["page = a Proxy with throwing traps", H.proxy(), { items: "orders" }, "page"],
    ["page with a throwing getter", H.getter("orders"), { items: "orders" }, "page"],
    ["plan = a revoked Proxy", { orders: [1] }, H.revoked(), "plan.items"],
  ]) {
    add(items, label, (env) => env.api.pageItems(page, planValue), field, { needs: hasItems, kinds: ["invalid_request"] });
  }
  return cases.filter((c) => !(c.skipNull && /= (null|undefined)$/.test(c.label)));
}

// ---------------------------------------------------------------------------------------
// Scenarios.

const group = (name, build) => ({ name, run: (ctx) => runCases(ctx, build()) });

export const scenarios = [
  group("new TikTokShop(options) refuses every hostile option with a config error naming it", constructorCases),
  group("call options (version, shopCipher, signal, timeoutMs, retries, retryWrites) are validated", callOptionCases),
  group("params: wrong types, unsafe path segments, values JSON cannot carry, cycles and deep nesting are refused before sending", paramCases),
  group("shop.call(group, operation, params, options) refuses hostile arguments", genericCallCases),
  group(".all() and .pages() refuse hostile arguments", paginationCases),
  group("uploads refuse detached buffers, proxies and wrong types", uploadCases),
  group("setAccessToken and setTokens refuse what is not a usable token", tokenMethodCases),
  group("toJSON and listOperations stay intact whatever they are given", introspectionCases),
  group("exchangeAuthCode and refreshAccessToken refuse hostile options", tokenFunctionCases),
  group("authorizationUrl refuses hostile options", authorizationUrlCases),
  group("signRequest refuses hostile options", signRequestCases),
  group("verifyWebhook, parseWebhook and parseWebhookRequest refuse hostile input", webhookCases),
  group("createWebhookDeduper, isNew and memoryDedupeStore refuse hostile input", dedupeCases),
  group("webhookDedupeKey refuses hostile events; listWebhookTypes ignores its arguments", webhookKeyCases),
  group("a custom fetch answering hostile values gives typed errors", hostileFetchCases),
  group("a logger that throws never changes a call's outcome", loggerCases),
  group("new API: shop.request and parseAuthorizationRedirect refuse hostile input", newApiCases),
  group("second round: state required, own __proto__ keys, commas in ids, page_size, encoded separators, huge queries, timer floors, typos", secondRoundCases),
  group("the call plan: shop.plan, operationVersion and pageItems refuse or survive hostile input", planCases),
  {
    name: "a group object names an unknown operation, yet stays safe for await, then, symbols, JSON.stringify, inspection and enumeration",
    async run(ctx) {
      const env = await environment(ctx);
      const { api } = env;
      const shop = env.client();
      const order = shop.order;
      const names = api.listOperations().filter((o) => o.group === "order").map((o) => o.operation).sort();
      ok((await order) === order, "awaiting a group gives the group (it is not a thenable)");
      for (const key of ["then", "catch", "toJSON", "inspect", "asymmetricMatch", "nodeType", "$$typeof", "_private", "Constructor"]) {
        ok(order[key] === undefined, `shop.order.${key} is undefined (${typeof order[key]})`);
      }
      for (const symbol of [Symbol.iterator, Symbol.asyncIterator, Symbol.toPrimitive, Symbol.for("nodejs.util.inspect.custom"), Symbol("x")]) {
        ok(order[symbol] === undefined, `shop.order[${String(symbol)}] is undefined`);
      }
      equal(JSON.stringify(order), "{}", "JSON.stringify");
      equal(JSON.stringify({ order }), '{"order":{}}', "JSON.stringify nested");
      equal(String(order), "[object Object]", "String()");
      deepEqual(Object.keys(order).sort(), names, "Object.keys: the real operations only");
      deepEqual(Object.getOwnPropertyNames(order).sort(), names, "own property names");
      ok(!("getOrderLis" in order), "`in` does not see a typo");
      ok("getOrderList" in order && typeof order.getOrderList.all === "function", "the real methods are there");
      ok(Object.isFrozen(order), "still frozen");
      equal(order.getOrderLis, order.getOrderLis, "the same stub each time");
      const inspect = globalThis.Deno?.inspect ?? (await import("node:util").then((m) => m.inspect, () => null));
      if (inspect) {
        const text = inspect(order, { depth: 0 });
        ok(text.includes("getOrderList") && !text.includes("getOrderLis,") && !text.includes("getOrderLis:"), `inspect: ${text.slice(0, 200)}`);
      } else ctx.note("no inspect in this runtime");
      const error = await order.getOrderLis().then(() => null, (e) => e);
      ok(error instanceof api.TikTokShopError, `a TikTokShopError (${describeError(error)})`);
      equal(error.message, "unknown operation order.getOrderLis (did you mean getOrderList?)", "message");
      equal(error.kind, "invalid_request", "kind");
      ctx.note(error.message);
    },
  },
  {
    name: "a signed webhook whose type is not an integer in range is never named as a known type",
    async run(ctx) {
      const env = await environment(ctx);
      const { api } = env;
      const bad = [];
      const control = JSON.stringify({ type: 1, tts_notification_id: "1", shop_id: "s", timestamp: 1, data: {} });
      const controlEvent = api.parseWebhook({ appKey: ctx.appKey, appSecret: ctx.appSecret, body: control, signature: await env.signWebhook(control) });
      ok(controlEvent.type_name === "ORDER_STATUS_CHANGE", `control: type 1 is ORDER_STATUS_CHANGE (${controlEvent.type_name})`);
      for (const type of ["1.5", "4294967297", "-1", "1e21", "\"1\"", "true", "null", "[1]"]) {
        const body = `{"type":${type},"tts_notification_id":"n-${type}","shop_id":"s","timestamp":1,"data":{}}`;
        const signature = await env.signWebhook(body);
        let outcome;
        try {
          const event = api.parseWebhook({ appKey: ctx.appKey, appSecret: ctx.appSecret, body, signature });
          outcome = event.type_name === null ? "ok" : `type_name ${event.type_name}`;
        } catch (error) {
          evidence.push(error);
          outcome = error instanceof api.TikTokShopError ? "ok" : `raw ${describeError(error)}`;
        }
        ctx.note(`type ${type}: ${outcome}`);
        if (outcome !== "ok") bad.push(`type ${type}: ${outcome}`);
      }
      ok(bad.length === 0, `webhook types: ${bad.join("; ")}`);
    },
  },
  {
    name: "the default dedupe store is atomic: 10 concurrent isNew() of one event, exactly one true",
    async run(ctx) {
      const { api } = await environment(ctx);
      const event = { tts_notification_id: "7000000000000000001", type: 1 };
      for (const [label, deduper] of [["default store", api.createWebhookDeduper()], ["memoryDedupeStore()", api.createWebhookDeduper({ store: api.memoryDedupeStore() })]]) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => deduper.isNew(event)));
        const fresh = answers.filter(Boolean).length;
        ctx.note(`${label}: ${fresh} of 10 concurrent isNew() said new`);
        ok(fresh === 1, `${label}: ${fresh} of 10 concurrent isNew() of one event returned true`);
        ok((await deduper.isNew(event)) === false, `${label}: a later isNew() is false`);
      }
    },
  },
  {
    name: "after every hostile case the package still works: real calls, tokens replaced on the clients that saw bad input, signing, webhooks",
    async run(ctx) {
      const env = await environment(ctx);
      const { api } = env;
      const problems = [];
      const attempt = async (label, fn) => {
        try {
          const r = await settleWithin(Promise.resolve().then(fn), 10_000);
          if (r.hung) problems.push(`${label}: no answer in 10 s`);
          else if (r.rejected) problems.push(`${label}: ${describeError(r.error)}`);
          else return r.value;
        } catch (error) {
          problems.push(`${label}: ${describeError(error)}`);
        }
        return undefined;
      };
      await attempt("a fresh client's real call", async () => {
        const { shops } = await env.client().seller.getActiveShops();
        ok(Array.isArray(shops) && shops.length > 0, "shops");
      });
      for (const name of ["uploadVictim", "tokenVictim", "tokensVictim", "callVictim", "shared"]) {
        const client = env[name];
        await attempt(`${name}.setAccessToken(valid)`, () => client.setAccessToken(env.tokens.access_token));
        await attempt(`${name}.setTokens(valid)`, () => client.setTokens({ access_token: env.tokens.access_token, access_token_expire_in: env.tokens.access_token_expire_in }));
        await attempt(`${name} real call`, async () => {
          const { shops } = await client.seller.getActiveShops();
          ok(Array.isArray(shops), "shops");
        });
      }
      await attempt("a real upload on the client that saw bad uploads", async () => {
        const data = await env.uploadVictim.product.uploadProductImage({ data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), use_case: "MAIN_IMAGE" });
        ok(data && typeof data === "object", "upload answered");
      });
      await attempt("signRequest reproduces a vector", () => {
        const v = ctx.vectors.request_vectors[0];
        const r = api.signRequest({ appSecret: v.app_secret, path: v.path, query: v.query, body: v.body });
        ok(r.sign === v.expected_sign, `sign matches the vector (${r.sign} vs ${v.expected_sign})`);
      });
      await attempt("verifyWebhook accepts a signed body", async () => {
        const body = JSON.stringify({ type: 1, tts_notification_id: "h1", shop_id: "s", timestamp: 1, data: {} });
        ok(api.verifyWebhook({ appKey: ctx.appKey, appSecret: ctx.appSecret, body: new TextEncoder().encode(body), signature: await env.signWebhook(body) }) === true, "verified");
      });
      ctx.note(`unhandled rejections during the run: ${unhandled.length}${unhandled.length ? ` (${unhandled.slice(0, 3).map(describeError).join("; ")})` : ""}`);
      if (unhandled.length) problems.push(`${unhandled.length} unhandled rejection(s): ${unhandled.slice(0, 3).map(describeError).join("; ")}`);
      ok(problems.length === 0, problems.join("\n"));
    },
  },
  {
    name: "totals: every hostile input of every entry point got a clean typed error",
    async run(ctx) {
      const env = await environment(ctx);
      const sum = Object.fromEntries([["tried", 0], ...OUTCOMES.map((o) => [o, 0])]);
      for (const [entry, t] of env.tally) {
        for (const k of Object.keys(sum)) sum[k] += t[k];
        ctx.note(`${entry}: ${t.tried} tried, ${OUTCOMES.filter((o) => t[o]).map((o) => `${t[o]} ${o}`).join(", ")}`);
      }
      ctx.note(`TOTAL ${sum.tried} inputs: ${OUTCOMES.map((o) => `${sum[o]} ${o}`).join(", ")}`);
      ok(sum.tried > 0 && sum.clean === sum.tried, `${sum.tried - sum.clean} of ${sum.tried} hostile inputs failed`);
    },
  },
  secretsScan,
];
