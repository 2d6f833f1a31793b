// The MCP tools over Streamable HTTP, as a fetch handler (Request -> Response): what a
// Worker exports and what `tiktok-shop mcp --http` serves through node:http. Stateless:
// every POST gets its own server and transport (the tools keep no session state; a
// cursor carries its own position), so any isolate or process can answer any request.

import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";

/** The longest Authorization header read. */
const MAX_AUTHORIZATION_LENGTH = 4096;
/** The largest request body (an upload's file comes base64-encoded in the arguments). */
export const MAX_REQUEST_BYTES = 12 * 1024 * 1024;

const encoder = new TextEncoder();
const sha256 = async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));

/**
 * Whether an Authorization header carries `Bearer <token>`. Both sides are hashed first,
 * so the comparison takes the same time whatever the header holds and however long it is.
 */
export async function bearerMatches(header, expectedDigest) {
  if (typeof header !== "string" || header.length > MAX_AUTHORIZATION_LENGTH) return false;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  const given = await sha256(m ? m[1] : "");
  let diff = m ? 0 : 1;
  for (let i = 0; i < given.length; i++) diff |= given[i] ^ expectedDigest[i];
  return diff === 0;
}

const json = (status, body, headers = {}) => Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });

/**
 * A fetch handler serving MCP at `path`. `newServer()` makes a server (serverFactory's
 * result); `token` is the bearer token every request must carry. `allowedHosts` (Host
 * header values) and `allowedOrigins` refuse requests made through a rebound DNS name
 * or from a web page; leave them out where the host name is not known in advance.
 */
export function mcpHttpHandler({ newServer, token, path = "/mcp", allowedHosts = null, allowedOrigins = null, maxRequestBytes = MAX_REQUEST_BYTES }) {
  if (typeof token !== "string" || token.length < 16) throw new TypeError("mcpHttpHandler: `token` must be a string of 16 characters or more");
  const expected = sha256(token);
  return async (request) => {
    const url = new URL(request.url);
    if (url.pathname !== path) return json(404, { error: `not found: the MCP endpoint is ${path}` });
    if (allowedHosts && !allowedHosts.includes(request.headers.get("host") ?? "")) return json(403, { error: "this Host is not served (DNS rebinding protection)" });
    const origin = request.headers.get("origin");
    if (origin !== null && allowedOrigins && !allowedOrigins.includes(origin)) return json(403, { error: "this Origin is not allowed" });
    if (!(await bearerMatches(request.headers.get("authorization"), await expected))) {
      return json(401, { error: "a bearer token is required: Authorization: Bearer <token>" }, { "www-authenticate": 'Bearer realm="tiktok-shop"' });
    }
    // Stateless: no stream to open (GET) and no session to end (DELETE).
    if (request.method !== "POST") return json(405, { error: "POST only" }, { allow: "POST" });
    const server = newServer();
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: maxRequestBytes });
    await server.connect(transport);
    // A client that goes away cancels what its request started.
    const abandon = () => server.close().catch(() => {});
    request.signal?.addEventListener("abort", abandon, { once: true });
    try {
      return await transport.handleRequest(request);
    } finally {
      request.signal?.removeEventListener("abort", abandon);
      await server.close().catch(() => {});
    }
  };
}
