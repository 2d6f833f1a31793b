// The one error class of the package. The Rust core builds every instance of it
// (registered in runtime.js), so API, validation and network errors look alike.

/** Kinds, as classified by exact code (see the README's error table). */
export const ERROR_KINDS = Object.freeze([
  "auth", "expired_token", "signature", "scope", "rate_limit", "invalid_request",
  "not_found", "server", "network", "timeout", "decode", "config",
]);

export class TikTokShopError extends Error {
  constructor(fields) {
    super(fields.message);
    this.name = "TikTokShopError";
    this.kind = fields.kind;
    this.code = fields.code ?? null;
    this.requestId = fields.requestId ?? null;
    this.httpStatus = fields.httpStatus ?? null;
    this.field = fields.field ?? null;
    this.operation = fields.operation ?? null;
    this.retryAfter = fields.retryAfter ?? null;
    this.attempts = fields.attempts ?? 1;
  }

  toJSON() {
    const { name, kind, code, message, requestId, httpStatus, field, operation, retryAfter, attempts } = this;
    return { name, kind, code, message, requestId, httpStatus, field, operation, retryAfter, attempts };
  }
}

/** A `config` error raised by the JS glue itself (runtime-specific options). */
export function configError(field, message) {
  return new TikTokShopError({ kind: "config", field, message });
}
