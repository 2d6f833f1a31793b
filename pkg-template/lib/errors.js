// The one error class of the package. The core's errors cross as plain objects and are
// made into instances here (lib/core.js), so API, validation and network errors look alike.

import { ERROR_KINDS } from "./generated/error-kinds.js";

export { ERROR_KINDS };

const FIELDS = ["kind", "code", "message", "requestId", "httpStatus", "field", "operation", "retryAfter", "attempts"];

export class TikTokShopError extends Error {
  /**
   * @param {object} fields `kind`, `message`, and where they apply `code`, `requestId`,
   *   `httpStatus`, `field`, `operation`, `retryAfter`, `attempts`
   * @param {{ cause?: unknown }} [options] the runtime's error behind a network failure,
   *   already scrubbed of URLs and secrets (lib/transport.js)
   */
  constructor(fields, options) {
    super(String(fields.message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TikTokShopError";
    this.kind = ERROR_KINDS.includes(fields.kind) ? fields.kind : "internal";
    this.code = fields.code ?? null;
    this.requestId = fields.requestId ?? null;
    this.httpStatus = fields.httpStatus ?? null;
    this.field = fields.field ?? null;
    this.operation = fields.operation ?? null;
    this.retryAfter = fields.retryAfter ?? null;
    this.attempts = fields.attempts ?? 1;
  }

  toJSON() {
    const out = { name: this.name };
    for (const key of FIELDS) out[key] = this[key];
    return out;
  }
}

/** A bad client or function option: nothing was sent. */
export function configError(field, message) {
  return new TikTokShopError({ kind: "config", field, message });
}

/** A bad call parameter or data argument: nothing was sent. */
export function invalidError(field, message) {
  return new TikTokShopError({ kind: "invalid_request", field, message });
}

/** The same error with more fields (the operation, the attempts made...). */
export function withFields(error, fields) {
  return new TikTokShopError({ ...error.toJSON(), ...fields }, { cause: error.cause });
}
