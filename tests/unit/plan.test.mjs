// The call plan on the JS side: a version's plan asked of the core once and kept, a
// client's plans of calls without their own shop or timeout kept too, and the shop each
// plan names the one the request carries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lib } from "./package.mjs";

const { Planner, versionPlan } = await lib("plan");
const { Core } = await lib("core");
const { findOperation } = await lib("operations");
const { callOptions } = await lib("call-options");

const index = (group, operation) => findOperation(group, operation).index;
const planner = (client = {}) => new Planner(new Core({ appKey: "k", appSecret: "s", ...client }), client);

test("a version's plan: the core's choice, asked once, frozen", () => {
  const detail = index("order", "getOrderDetail");
  const newest = versionPlan(detail);
  assert.equal(newest, versionPlan(detail), "kept");
  assert.equal(newest, versionPlan(detail, "202507"), "the same plan under its own name");
  assert.ok(Object.isFrozen(newest));
  assert.deepEqual([newest.version, newest.ordinal, versionPlan(detail, "202309").ordinal], ["202507", 0, 1]);
  assert.throws(() => versionPlan(detail, "202001"), { kind: "invalid_request", field: "version" });
  const upload = versionPlan(index("product", "uploadProductImage"));
  assert.deepEqual([upload.upload, upload.timeoutMs, upload.files], [true, 120_000, ["data"]]);
});

test("the shop: the call's parameter, else its option, else the client's; the bucket follows", () => {
  const p = planner({ shopCipher: "ROW_client" });
  const v = versionPlan(index("order", "getOrderList"));
  const none = callOptions(undefined);
  assert.equal(p.call(v, undefined, none).plan.shop, "ROW_client");
  assert.equal(p.call(v, undefined, callOptions({ shopCipher: "ROW_o" })).plan.shop, "ROW_o");
  const both = p.call(v, "ROW_p", callOptions({ shopCipher: "ROW_o" }));
  assert.deepEqual([both.plan.shop, both.plan.rateLimit.shop, both.shop, both.cipher], ["ROW_p", "ROW_p", 3, "ROW_p"]);
  const client = p.call(v, undefined, none);
  assert.deepEqual([client.shop, client.cipher], [1, undefined], "the client's cipher is the core's to add");
  assert.equal(planner().call(v, undefined, none).plan.shop, null);
  assert.equal(planner().call(v, undefined, none).plan.rateLimit.shop, "", "no shop: the app's bucket");
});

test("a client keeps the plans of calls without their own shop or timeout: one object, no crossing", () => {
  const p = planner({ shopCipher: "ROW_client" });
  const v = versionPlan(index("order", "getOrderList"));
  const none = callOptions(undefined);
  assert.equal(p.call(v, undefined, none), p.call(v, undefined, none));
  assert.notEqual(p.call(v, undefined, callOptions({ timeoutMs: 5 })), p.call(v, undefined, none));
  assert.equal(p.call(v, undefined, callOptions({ timeoutMs: 5 })).plan.timeoutMs, 5);
  assert.equal(planner({ timeoutMs: 9 }).call(v, undefined, none).plan.timeoutMs, 9);
});

test("a raw request's plan: the core checks method and path, and names the shop", () => {
  const p = planner({ shopCipher: "ROW_client", baseUrl: "http://127.0.0.1:9" });
  const own = p.raw("GET", "/a/b", "ROW_own", callOptions(undefined));
  assert.deepEqual([own.plan.shop, own.plan.read, own.plan.rateLimit.api, own.plan.hostname], ["ROW_own", true, "GET /a/b", "127.0.0.1:9"]);
  assert.equal(p.raw("POST", "/a/b", true, callOptions(undefined)).plan.shop, "ROW_client");
  assert.equal(p.raw("POST", "/a/b", true, callOptions(undefined)).plan.read, false);
  assert.throws(() => p.raw("PATCH", "/a", undefined, callOptions(undefined)), { field: "method" });
  assert.throws(() => planner().raw("GET", "/a", true, callOptions(undefined)), { kind: "config", field: "shopCipher" });
});
