// One attempt of a call, end to end:
//   core.send (src/boundary: build, sign, call fetch)  ->  await the response here
//   -> read its status, two headers and its text, bounded by maxResponseBytes
//   -> finish (src/reply.rs: parse once, decide success or the error).
// What happens when no reply arrives at all (a network failure, the attempt's timeout)
// is decided here too, and what the runtime said about it is scrubbed of URLs and
// secrets before it becomes an error message or a `cause`.

import { finish } from "./core.js";
import { configError, TikTokShopError, withFields } from "./errors.js";
import { onAbort } from "./retry.js";

/**
 * Sends one attempt and resolves to `{ data, requestId, httpStatus }`, or rejects with a
 * TikTokShopError. A call the core refuses (bad parameters) throws before anything is sent.
 * @param {(fetch: Function, signal: AbortSignal) => Promise<Response>} send the core's send,
 *   bound to this call
 * @param {{ index: number, ordinal: number, signal: AbortSignal, timeout: AbortSignal,
 *   callerSignal?: AbortSignal, trustSignal: boolean, maxBytes: number, operation: string | null,
 *   what: string, host: string, timeoutMs: number, secrets: () => string[] }} ctx
 *   `signal` is the attempt's (the caller's and the timeout), `trustSignal` whether the
 *   fetch is the runtime's own (which ends on it by itself), `what` names the call in
 *   messages, `host` where it went (never the query)
 */
export function attempt(send, fetch, ctx) {
  // One promise for the attempt, settled once: by the reply, by a failure, or (a caller's
  // fetch may ignore its signal) by the signal aborting first. The runtimes' own fetch and
  // body reads end on their signal by themselves, so theirs is not watched twice.
  return new Promise((resolve, reject) => {
    let doing = "the request for";
    let reply;
    let settled = false;
    let stopWatching = null;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      stopWatching?.();
      // Whatever a caller's fetch rejected with (a revoked Proxy's `instanceof` throws),
      // the attempt settles with a typed error.
      let typed;
      try {
        typed = error instanceof TikTokShopError ? error : failure(error, ctx, doing);
      } catch {
        typed = failure(undefined, ctx, doing);
      }
      reject(typed);
    };
    let sent;
    try {
      sent = send(fetch, ctx.signal);
    } catch (error) {
      // The core refused the call: nothing was sent.
      settled = true;
      return reject(error);
    }
    if (!ctx.trustSignal) {
      // The listener goes when the attempt settles: attempts share a timeout signal that
      // lives 30 s, and it must not keep every settled attempt's reply alive until then.
      if (ctx.signal.aborted) return fail(ctx.signal.reason);
      stopWatching = onAbort(ctx.signal, () => fail(ctx.signal.reason));
    }
    sent
      .then((response) => {
        reply = head(response);
        doing = "reading the reply to";
        return readText(response, reply.status, ctx.maxBytes);
      })
      .then((text) => {
        if (settled) return;
        settled = true;
        stopWatching?.();
        reply.text = text;
        let envelope;
        try {
          envelope = finish(ctx.index, ctx.ordinal, reply);
        } catch (error) {
          let scrubbed;
          try {
            scrubbed = fromServer(error, ctx.secrets());
          } catch {
            // Never the unscrubbed text: it may quote a secret.
            scrubbed = new TikTokShopError({ kind: "internal", operation: ctx.operation, message: "the reply's error could not be read; please report this bug" });
          }
          return reject(scrubbed);
        }
        resolve({ data: envelope.data, requestId: envelope.request_id ?? null, httpStatus: reply.status });
      }, fail);
  });
}

/**
 * The core's error for a reply, with what the server wrote (its message, its request id)
 * scrubbed: a server may echo the access token, the app secret or an auth code it was sent.
 */
function fromServer(error, secrets) {
  if (!(error instanceof TikTokShopError)) return error;
  const clean = (text) => scrub(text, secrets).replace(SIGN_PATTERN, "[redacted]");
  const message = clean(error.message);
  const requestId = typeof error.requestId === "string" ? clean(error.requestId) : error.requestId;
  return message === error.message && requestId === error.requestId ? error : withFields(error, { message, requestId });
}

/**
 * Status and the two headers the core reads of a failure (where a redirect points, how
 * long to wait), from whatever `fetch` resolved to. A success needs neither.
 */
function head(response) {
  let status;
  try {
    status = response.status;
  } catch {}
  if (!Number.isInteger(status) || status < 0 || status > 999) {
    throw configError("fetch", "`fetch` resolved to something that is not a Response");
  }
  if (status >= 200 && status < 300) return { status, location: undefined, retryAfter: undefined, text: "" };
  return { status, location: header(response, "location", 2048), retryAfter: header(response, "retry-after", 64), text: "" };
}

function header(response, name, max) {
  try {
    const value = response.headers.get(name);
    return typeof value === "string" && value.length <= max ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A body not to be read: let the connection go. */
async function discard(response) {
  try {
    await response.body?.cancel();
  } catch {}
  return "";
}

/**
 * The body as text, never holding more than `maxBytes` of it. A declared length over the
 * bound fails before reading; a compressed or unannounced body is counted as it streams
 * (a small gzip body can inflate to gigabytes). Not async itself: the common case hands
 * back `text()`'s own promise.
 */
function readText(response, status, maxBytes) {
  const length = header(response, "content-length", 20);
  const declared = length === undefined ? NaN : Number(length);
  const encoding = Number.isFinite(declared) ? header(response, "content-encoding", 64) : undefined;
  const plain = !encoding || encoding.trim().toLowerCase() === "identity";
  if (plain && Number.isFinite(declared)) {
    if (declared > maxBytes) return discard(response).then(() => Promise.reject(tooLarge(status, maxBytes)));
    return typeof response.text === "function" ? response.text() : "";
  }
  const reader = response.body?.getReader?.();
  if (!reader) return typeof response.text === "function" ? response.text() : "";
  return readStream(reader, status, maxBytes);
}

/**
 * Reads and decodes as it goes: nothing holds on to a chunk, which may be a view into a
 * much larger buffer (Deno's are), so memory stays near the bound.
 */
async function readStream(reader, status, maxBytes) {
  const decoder = new TextDecoder();
  let text = "";
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      try {
        await reader.cancel();
      } catch {}
      throw tooLarge(status, maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(status, maxBytes) {
  return new TikTokShopError({
    kind: "too_large",
    field: "maxResponseBytes",
    httpStatus: status,
    message: `the reply is larger than maxResponseBytes (${maxBytes} bytes); it was not read to the end`,
  });
}

/**
 * No reply: the attempt's timeout, the runtime's permissions, or a network failure (the
 * caller's abort is the client's to rethrow).
 */
function failure(error, ctx, doing) {
  if (ctx.timeout?.aborted && !ctx.callerSignal?.aborted) {
    const limit = ctx.timeoutMs === undefined ? "" : ` after ${ctx.timeoutMs} ms (timeoutMs)`;
    return new TikTokShopError({ kind: "timeout", operation: ctx.operation, message: `${doing} ${ctx.what} timed out${limit}` });
  }
  const secrets = ctx.secrets();
  const detail = describe(error, secrets);
  if (deniedByRuntime(error)) {
    // Not the network: the runtime forbids this host. Retrying cannot change that.
    return new TikTokShopError(
      {
        kind: "config",
        operation: ctx.operation,
        message: `the runtime's permissions do not allow ${doing} ${ctx.what} to reach ${ctx.host} ` +
          `(in Deno, run with --allow-net=${ctx.host}); it said: ${detail}`,
      },
      { cause: scrubbed(error, secrets) },
    );
  }
  return new TikTokShopError(
    { kind: "network", operation: ctx.operation, message: `${doing} ${ctx.what} (${ctx.host}) failed${detail ? `: ${detail}` : ""}` },
    { cause: scrubbed(error, secrets) },
  );
}

/**
 * A refusal by the runtime's permission system rather than the network: Deno's
 * `NotCapable` (2.x) or `PermissionDenied` (1.x) without `--allow-net`, Node's
 * `ERR_ACCESS_DENIED` under its permission model.
 */
function deniedByRuntime(error) {
  for (let e = error, depth = 0; e && depth < 3; e = safe(() => e.cause), depth++) {
    const name = safe(() => e.name);
    const code = safe(() => e.code);
    if (name === "NotCapable" || name === "PermissionDenied" || code === "ERR_ACCESS_DENIED") return true;
  }
  return false;
}

/** What the runtime said, scrubbed: its message and the first causes' messages or codes. */
function describe(error, secrets) {
  const parts = [];
  for (let e = error, depth = 0; e && depth < 3; e = safe(() => e.cause), depth++) {
    const message = safe(() => e.message);
    const code = safe(() => e.code);
    if (typeof message === "string" && message) parts.push(scrub(message, secrets));
    else if (typeof code === "string") parts.push(code);
  }
  return parts.join(": ").slice(0, 500);
}

/** A copy of the runtime's error (name, code, message, causes) fit to keep as `cause`. */
function scrubbed(error, secrets, depth = 0) {
  if (!error || depth > 3 || (typeof error !== "object" && typeof error !== "function")) return undefined;
  const message = safe(() => error.message);
  const copy = new Error(typeof message === "string" ? scrub(message, secrets) : "", {
    cause: scrubbed(safe(() => error.cause), secrets, depth + 1),
  });
  const name = safe(() => error.name);
  const code = safe(() => error.code);
  if (typeof name === "string") copy.name = name.slice(0, 100);
  if (typeof code === "string" || typeof code === "number") copy.code = code;
  return copy;
}

function safe(read) {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** A request's sign (HMAC-SHA256 in hex), which a server quoting the request may echo. */
const SIGN_PATTERN = /\b[0-9a-f]{64}\b/gi;

const URL_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>@]*@)?([^\s/?#"'<>]*)[^\s"'<>]*/gi;

/**
 * A runtime's message with every URL cut to its scheme and host (their queries carry the
 * app secret, auth codes and signatures), any leftover query dropped, and the client's
 * own secrets blanked wherever they still appear.
 */
export function scrub(text, secrets = []) {
  let out = String(text).replace(URL_PATTERN, (_, scheme, _credentials, host) => `${scheme}${host}/…`);
  out = out.replace(/\?[^\s"'<>]*=[^\s"'<>]*/g, "?…");
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < 4) continue;
    out = out.split(secret).join("[redacted]");
    // As it went out in a URL, too (a token with `+`, `/` or `=`).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join("[redacted]");
  }
  return out;
}
