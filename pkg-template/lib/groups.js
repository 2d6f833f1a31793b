// The group objects of a client (`shop.order`, `shop.returnRefund`...): the methods of a
// group behind a Proxy that turns a typo into a method rejecting with `unknown operation
// order.getOrderLis (did you mean getOrderList?)` instead of a bare TypeError, while
// `await`, symbols, inspection and `Object.keys` see the real methods only.

import { unknownOperation } from "./operations.js";

// Names that code probes on any object (await, JSON.stringify, inspectors, test
// frameworks, React, module interop): on a group they stay undefined, never an operation.
const PROBED = new Set(["then", "catch", "finally", "toJSON", "inspect", "asymmetricMatch", "nodeType", "tagName", "constructor", "length", "prototype", "default", "__esModule"]);
const METHOD_NAME = /^[a-z][A-Za-z0-9]*$/;

/**
 * `methods` (frozen) behind a Proxy: a name that is not an operation is a method that
 * rejects with the unknown-operation error (and has `.pages()` / `.all()` that do); symbols,
 * probed names and anything not shaped like a method name read as undefined.
 */
export function groupObject(group, methods) {
  const missing = new Map();
  return new Proxy(methods, {
    get(target, key, receiver) {
      if (typeof key !== "string" || key in target || PROBED.has(key) || !METHOD_NAME.test(key) || key.length > 128) {
        return Reflect.get(target, key, receiver);
      }
      let stub = missing.get(key);
      if (!stub) {
        const fail = () => Promise.reject(unknownOperation(group, key));
        stub = Object.assign(() => fail(), { pages: () => failing(fail), all: () => failing(fail) });
        if (missing.size < 64) missing.set(key, stub);
      }
      return stub;
    },
  });
}

/** An async iterable whose first step rejects (`.pages()` / `.all()` of an unknown operation). */
function failing(fail) {
  return { [Symbol.asyncIterator]: () => ({ next: fail, return: async () => ({ done: true, value: undefined }) }) };
}
