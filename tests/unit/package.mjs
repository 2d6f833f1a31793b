// The built package for the unit tests of the modules that need the wasm core (the
// client, its plan, the transport...): the stage `npm run build` assembles pkg/ from
// (target/pkg-stage/: the wasm, its glue, pkg-template/ as written, before bundling),
// loaded through its Node entry, and its lib/ modules by name (the same instances the
// entry uses). UNIT_PKG points at another folder of that shape (an older build's stage).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join, resolve } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = process.env.UNIT_PKG ? resolve(process.env.UNIT_PKG) : join(root, "target", "pkg-stage");
if (!existsSync(join(dir, "tiktok_shop_wasm_bg.wasm"))) {
  throw new Error(`${dir} has no built package: run \`npm run build\` first`);
}

/** The package's public API (its Node entry). */
export const api = await import(pathToFileURL(join(dir, "node.js")).href);

/** A module of the built package's lib/, e.g. `await lib("plan")`. */
export function lib(name) {
  return import(pathToFileURL(join(dir, "lib", `${name}.js`)).href);
}

/** A TikTok envelope as a Response: `code` 0 and `data`, or a failure. */
export function reply(data, { code = 0, message = "Success", status = 200, headers = {} } = {}) {
  return new Response(JSON.stringify({ code, message, request_id: "req-1", data }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * A fetch that records each request (`{ url, method, headers, body, shop }`) and answers
 * with `answer(request, n)` (a Response), by default an empty success.
 */
export function stubFetch(answer = () => reply({})) {
  const sent = [];
  const fetch = async (url, init) => {
    const u = new URL(url);
    const request = { url: String(url), path: u.pathname, query: u.searchParams, method: init.method, headers: init.headers, body: init.body, shop: u.searchParams.get("shop_cipher") };
    sent.push(request);
    return answer(request, sent.length);
  };
  return { fetch, sent };
}

/** A rate limiter that lets everything through and records what it was asked for. */
export function recordingLimiter() {
  const asked = [];
  return { asked, limiter: { acquire: ({ shop, api }) => void asked.push({ shop, api }) } };
}

export const CREDENTIALS = Object.freeze({ appKey: "unit-app-key", appSecret: "unit-app-secret-0123456789", accessToken: "unit-access-token" });
