// The options of one call (`shop.order.getOrderList(params, options)`, `call()`,
// `request()`, `.pages()` / `.all()`), checked once per call.

import { configError } from "./errors.js";
import { optionsObject, retries, signal, string, timeoutMs, token } from "./checks.js";

export const CALL_OPTIONS = ["version", "shopCipher", "signal", "timeoutMs", "retries", "retryWrites"];

const NO_CALL_OPTIONS = Object.freeze({ retryWrites: false });

/** The options of one call. */
export function callOptions(value) {
  if (value === undefined) return NO_CALL_OPTIONS;
  const o = optionsObject(value, "options", CALL_OPTIONS);
  const version = string(o.version, "version", { max: 16 });
  if (version !== undefined && !/^(\d{6}|v\d)$/.test(version)) {
    throw configError("version", "`version` must look like \"202309\"");
  }
  if (o.retryWrites !== undefined && typeof o.retryWrites !== "boolean") {
    throw configError("retryWrites", "`retryWrites` must be a boolean");
  }
  return {
    version,
    shopCipher: token(o.shopCipher, "shopCipher"),
    signal: signal(o.signal),
    timeoutMs: timeoutMs(o.timeoutMs),
    retries: retries(o.retries),
    retryWrites: o.retryWrites === true,
  };
}

