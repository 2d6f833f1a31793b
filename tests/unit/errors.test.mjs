// The one error class: its fields, its kinds (the core's generated table), and copies.
import { test } from "node:test";
import assert from "node:assert/strict";
import { configError, ERROR_KINDS, invalidError, TikTokShopError, withFields } from "../../pkg-template/lib/errors.js";

test("fields default to null (attempts to 1); an unknown kind is internal", () => {
  const e = new TikTokShopError({ kind: "rate_limit", message: "slow down", retryAfter: 2 });
  assert.deepEqual(e.toJSON(), { name: "TikTokShopError", kind: "rate_limit", code: null, message: "slow down", requestId: null, httpStatus: null, field: null, operation: null, retryAfter: 2, attempts: 1 });
  assert.ok(e instanceof Error);
  assert.equal(new TikTokShopError({ kind: "nonsense", message: "x" }).kind, "internal");
});

test("the kinds are the core's table, every one of them usable", () => {
  assert.ok(ERROR_KINDS.includes("expired_token") && ERROR_KINDS.includes("too_large") && ERROR_KINDS.includes("internal"));
  for (const kind of ERROR_KINDS) assert.equal(new TikTokShopError({ kind, message: "" }).kind, kind);
  assert.equal(new Set(ERROR_KINDS).size, ERROR_KINDS.length);
});

test("configError / invalidError name the field; withFields copies, keeping the cause", () => {
  assert.deepEqual([configError("appKey", "m").kind, configError("appKey", "m").field], ["config", "appKey"]);
  assert.deepEqual([invalidError("ids[0]", "m").kind, invalidError("ids[0]", "m").field], ["invalid_request", "ids[0]"]);
  const cause = new Error("runtime");
  const e = new TikTokShopError({ kind: "network", message: "failed" }, { cause });
  const more = withFields(e, { attempts: 3, operation: "order.getOrderList" });
  assert.equal(more.cause, cause);
  assert.deepEqual([more.attempts, more.operation, more.kind, e.attempts], [3, "order.getOrderList", "network", 1]);
});
