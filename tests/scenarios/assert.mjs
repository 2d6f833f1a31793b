// A small assert for scenarios that run unchanged in Node, Deno and workerd.

/**
 * Everything the scenarios caught or logged (errors, log records, serialised clients):
 * the secrets scenario searches it for secrets at the end of each runtime's run.
 */
export const evidence = [];

/** Secrets the scenarios used (the app secret, tokens, auth codes), for the same scan. */
export const secrets = new Set();

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

const show = (v) => {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

export function ok(value, message = "expected a truthy value") {
  if (!value) throw new AssertionError(message);
}

export function equal(actual, expected, message) {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message ?? "values differ"}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function notEqual(actual, unexpected, message) {
  if (Object.is(actual, unexpected)) throw new AssertionError(`${message ?? "values are equal"}: ${show(actual)}`);
}

export function deepEqual(actual, expected, message) {
  if (show(actual) !== show(expected)) {
    throw new AssertionError(`${message ?? "values differ"}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

/** Awaits `promiseOrFn` and returns what it rejected with; fails if it resolved. */
export async function rejects(promiseOrFn, message = "expected a rejection") {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
  } catch (error) {
    evidence.push(error);
    return error;
  }
  throw new AssertionError(message);
}

/** Calls `fn` and returns what it threw; fails if it returned. */
export function throws(fn, message = "expected a throw") {
  try {
    fn();
  } catch (error) {
    evidence.push(error);
    return error;
  }
  throw new AssertionError(message);
}

/** Checks a TikTokShopError's kind (and other fields when given). */
export function isApiError(api, error, fields, message = "") {
  ok(error instanceof api.TikTokShopError, `${message} expected a TikTokShopError, got ${error?.name}: ${error?.message}`);
  for (const [k, v] of Object.entries(fields)) equal(error[k], v, `${message} error.${k}`);
}
