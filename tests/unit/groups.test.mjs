// The group objects: a typo is a method that rejects with a suggestion; probed names stay undefined.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lib } from "./package.mjs";

const { groupObject } = await lib("groups");

test("a typo rejects with a suggestion, and so do its .pages() and .all()", async () => {
  const order = groupObject("order", Object.freeze({ getOrderList: () => "real" }));
  assert.equal(order.getOrderList(), "real");
  await assert.rejects(order.getOrderLis(), { kind: "invalid_request", message: /did you mean getOrderList/ });
  await assert.rejects(order.getOrderLis.pages()[Symbol.asyncIterator]().next(), { kind: "invalid_request" });
  await assert.rejects(order.getOrderLis.all()[Symbol.asyncIterator]().next(), { kind: "invalid_request" });
  assert.equal(order.getOrderLis, order.getOrderLis, "one stub per name");
});

test("await, JSON, inspectors and symbols see the real methods only", () => {
  const order = groupObject("order", Object.freeze({ getOrderList() {} }));
  for (const probed of ["then", "toJSON", "constructor", "length", "default", "__esModule", "Upper", "with-dash", "x".repeat(129)]) {
    assert.equal(order[probed], probed === "constructor" ? Object : undefined, probed);
  }
  assert.equal(order[Symbol.iterator], undefined);
  assert.deepEqual(Object.keys(order), ["getOrderList"]);
  assert.equal("getOrderLis" in order, false);
});
