// The Responses faults answer with: HTML error pages, dropped connections,
// truncated bodies, redirects to another host, gzip bombs, and the waits
// (slow, hang) that give up when the client does.

/** Marks a Response whose connection the server adapter must drop without replying. */
export const DROP = Symbol.for("tiktok-shop-wasm.sandbox.drop");

/** True when `response` is the core handler's "drop the connection" signal. */
export function isDropResponse(response) {
  return Boolean(response && response[DROP]);
}

const HTML = {
  502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
  503: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
  504: "<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
  200: "<html><head><title>TikTok Shop</title></head><body><p>The service is busy. Please try again later.</p></body></html>",
};

/** An HTML reply (the kind a load balancer sends instead of JSON). */
export function htmlResponse(status) {
  const body = HTML[status] ?? HTML[502];
  return new Response(body, { status, headers: { "content-type": "text/html" } });
}

/** The core handler's drop signal: adapters close the connection instead of replying. */
export function dropResponse() {
  const r = new Response(null, { status: 599 });
  Object.defineProperty(r, DROP, { value: true });
  return r;
}

/** First half (by characters) of a reply's text, with a Content-Length that fits the cut body. */
export async function truncateResponse(response) {
  const text = await response.text();
  const cut = text.slice(0, Math.floor(text.length / 2));
  const bytes = new TextEncoder().encode(cut);
  const headers = new Headers(response.headers);
  headers.set("content-length", String(bytes.byteLength));
  return new Response(bytes, { status: 200, headers });
}

/** Waits `ms`, or less if `signal` aborts (a client that gave up). Never rejects. */
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener?.("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener?.("abort", done, { once: true });
  });
}

/** Resolves when `signal` aborts (the client went away); never, without one. */
export function untilAborted(signal) {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

/**
 * A redirect to `location`, by default the same path and query on another
 * host: a client that follows it sends its request (and access token) there.
 */
export function redirectResponse(status, location, url) {
  const target = location ?? `https://redirected.sandbox.invalid${url.pathname}${url.search}`;
  const body = `<html><head><title>${status}</title></head><body><a href="${target.replace(/[<>"&]/g, "")}">moved</a></body></html>`;
  return new Response(body, { status, headers: { location: target, "content-type": "text/html" } });
}

// A gzip bomb is gzip members laid end to end (RFC 1952 allows several in one
// stream; fetch inflates them all): a JSON-looking start, then the same
// member of 16 MiB of spaces as many times as needed. Each member is
// compressed once per process.
const BOMB_HEAD = '{"code":0,"message":"Success","request_id":"","data":{"padding":"';
const BOMB_CHUNK = 16 * 2 ** 20;
let bombParts;

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function compressedParts() {
  bombParts ??= Promise.all([gzip(new TextEncoder().encode(BOMB_HEAD)), gzip(new Uint8Array(BOMB_CHUNK).fill(0x20))]);
  return bombParts;
}

/**
 * HTTP 200, `content-encoding: gzip`, a body of about size / 1000 bytes that
 * inflates to at least `size` bytes (rounded up to 16 MiB past a short JSON
 * start).
 * @returns {Promise<{response: Response, inflated: number, compressed: number}>}
 */
export async function gzipBombResponse(size) {
  const [head, chunk] = await compressedParts();
  const n = Math.max(0, Math.ceil((size - BOMB_HEAD.length) / BOMB_CHUNK));
  const body = new Uint8Array(head.byteLength + n * chunk.byteLength);
  body.set(head, 0);
  for (let i = 0; i < n; i++) body.set(chunk, head.byteLength + i * chunk.byteLength);
  const headers = { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(body.byteLength) };
  // encodeBody "manual": workerd sends the bytes as they are (it would compress them again)
  const response = new Response(body, { status: 200, headers, encodeBody: "manual" });
  return { response, inflated: BOMB_HEAD.length + n * BOMB_CHUNK, compressed: body.byteLength };
}
