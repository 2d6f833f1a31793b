// The Responses faults answer with: HTML error pages, dropped connections,
// truncated bodies, and a delay that gives up when the client does.

/** Marks a Response whose connection the server adapter must drop without replying. */
export const DROP = Symbol.for("tiktok-shop-wasm.sandbox.drop");

/** True when `response` is the core handler's "drop the connection" signal. */
export function isDropResponse(response) {
  return Boolean(response && response[DROP]);
}

const HTML = {
  502: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
  503: "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
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
