// The operations table by name: groups in table order, lookups, typos with a suggestion,
// the version a call uses for tools without a client, listOperations() frozen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lib } from "./package.mjs";

const { findOperation, groups, listOperations, operationVersion, requireOperation, unknownOperation } = await lib("operations");

test("groups in table order, each operation with its index in the table", () => {
  const all = [...groups().values()].flat();
  assert.deepEqual(all.map((o) => o.index), all.map((_, i) => i));
  assert.equal(all.length, listOperations().length);
  const list = listOperations();
  for (const o of all) assert.deepEqual([list[o.index].group, list[o.index].operation], [o.group, o.operation]);
  assert.deepEqual(findOperation("order", "getOrderList"), { group: "order", operation: "getOrderList", index: findOperation("order", "getOrderList").index, paginated: true });
  assert.equal(findOperation("order", "nope"), undefined);
});

test("an unknown operation or group: invalid_request with the closest name", () => {
  assert.match(unknownOperation("order", "getOrderLis").message, /did you mean getOrderList/);
  assert.equal(unknownOperation("ordr", "x").field, "group");
  assert.throws(() => requireOperation(5, "x"), { field: "group" });
  assert.throws(() => requireOperation("order", null), { field: "operation" });
});

test("operationVersion: the version a call uses, described as listOperations() does", () => {
  const newest = operationVersion("order", "getOrderDetail");
  assert.equal(newest.version, "202507");
  assert.equal(newest, operationVersion("order", "getOrderDetail", "202507"), "kept");
  assert.equal(operationVersion("order", "getOrderDetail", "202309").path, "/order/202309/orders");
  assert.ok(Array.isArray(newest.params) && Object.isFrozen(newest));
  assert.throws(() => operationVersion("order", "getOrderDetail", "202001"), { kind: "invalid_request", field: "version" });
  assert.throws(() => operationVersion("order", "getOrderDetail", 202309), { field: "version" });
  assert.throws(() => operationVersion("order", "getOrders"), { field: "operation" });
});

test("listOperations() is frozen all the way down", () => {
  const list = listOperations();
  assert.ok(Object.isFrozen(list) && Object.isFrozen(list[0]) && Object.isFrozen(list[0].byVersion) && Object.isFrozen(list[0].versions));
  assert.equal(list, listOperations());
});
