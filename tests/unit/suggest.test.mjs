// "Did you mean": the one rule of every suggestion, and the public `suggest()`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closestNames, didYouMean, suggest } from "../../pkg-template/lib/suggest.js";

test("case, - and _ do not count; a swap of two neighbours is one edit; within a third of the length", () => {
  assert.deepEqual(closestNames("shop_cipher", ["shopCipher"]), ["shopCipher"]);
  assert.deepEqual(closestNames("shopCiphre", ["shopCipher"]), ["shopCipher"]);
  assert.deepEqual(closestNames("getOrderLis", ["getOrderList", "getOrderDetail"]), ["getOrderList"]);
  assert.deepEqual(closestNames("abc", ["xyz"]), []);
  assert.deepEqual(closestNames("ab", ["ax"]), ["ax"], "at least one edit, however short");
  assert.deepEqual(closestNames("orders", ["order", "orderz", "ordrs"], 3), ["order", "orderz", "ordrs"]);
  assert.equal(didYouMean("apKey", ["appKey"]), " (did you mean `appKey`?)");
  assert.equal(didYouMean("zzz", ["appKey"]), "");
});

test("suggest(): at most 3, closest first; its arguments checked", () => {
  assert.deepEqual(suggest("getOrdr", ["getOrder", "getOrders", "getOrderList", "x"]), ["getOrder", "getOrders"]);
  assert.throws(() => suggest(5, []), { kind: "invalid_request", field: "name" });
  assert.throws(() => suggest("a", "abc"), { field: "candidates" });
  assert.throws(() => suggest("a", ["b", 3]), { field: "candidates[1]" });
  assert.throws(() => suggest("a", new Proxy([], { get() { throw new Error("trap"); } })), { field: "candidates" });
});
