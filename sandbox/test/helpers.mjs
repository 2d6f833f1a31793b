// Shared helpers for the sandbox tests: an independent request signer written
// with node:crypto (so sandbox/src/sign.js is checked against a second
// implementation) and a tiny signed-call client over real HTTP.

import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");
export const sandboxDir = path.join(repoRoot, "sandbox", "src");

export function loadVectors() {
  return JSON.parse(readFileSync(path.join(repoRoot, "tests/fixtures/signing-vectors.json"), "utf8"));
}

/** Independent signer: node:crypto HMAC over the README's string to sign. */
export function nodeSign(appSecret, urlPath, query, body = "", multipart = false) {
  const keys = Object.keys(query)
    .filter((k) => k !== "sign" && k !== "access_token")
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const hmac = crypto.createHmac("sha256", appSecret);
  hmac.update(appSecret + urlPath);
  for (const k of keys) hmac.update(k + query[k]);
  if (!multipart && body) hmac.update(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  hmac.update(appSecret);
  return hmac.digest("hex");
}

export function nodeWebhookSign(appKey, appSecret, body) {
  return crypto.createHmac("sha256", appSecret).update(appKey).update(body).digest("hex");
}

const rfc3986 = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());

/**
 * Signs and sends one business call.
 * opts: method, path, query (object), body (string|Buffer|FormData|object -> JSON),
 * token (access token; null = no header), shopCipher, timestamp, sign (override),
 * contentType, noSign, noTimestamp, appKey (override), clock (() => ms), signal (AbortSignal)
 */
export async function call(sb, opts) {
  const method = opts.method ?? "GET";
  const clock = opts.clock ?? Date.now;
  const q = {};
  if (opts.appKey !== null) q.app_key = opts.appKey ?? sb.appKey;
  if (!opts.noTimestamp) q.timestamp = String(opts.timestamp ?? Math.floor(clock() / 1000));
  if (opts.shopCipher) q.shop_cipher = opts.shopCipher;
  for (const [k, v] of Object.entries(opts.query ?? {})) {
    if (v === undefined || v === null) continue;
    q[k] = Array.isArray(v) ? v.join(",") : String(v);
  }
  let body = opts.body;
  let contentType = opts.contentType;
  let multipart = false;
  if (body instanceof FormData) {
    multipart = true;
    contentType = undefined; // fetch sets the boundary
  } else if (body !== undefined && typeof body !== "string" && !Buffer.isBuffer(body)) {
    body = JSON.stringify(body);
  }
  if (!multipart && contentType === undefined) contentType = "application/json";
  if (!opts.noSign) q.sign = opts.sign ?? nodeSign(opts.signSecret ?? sb.appSecret, opts.path, q, multipart ? "" : body ?? "", multipart);
  const qs = Object.entries(q).map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&");
  const headers = { ...(opts.headers ?? {}) };
  if (contentType) headers["content-type"] = contentType;
  if (opts.token) headers["x-tts-access-token"] = opts.token;
  const res = await fetch(`${sb.url}${opts.path}${qs ? "?" + qs : ""}`, { method, headers, body, signal: opts.signal });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

/** Gets a token set through the real auth-code exchange over HTTP. */
export async function exchangeToken(sb, authBase = sb.url) {
  const { auth_code } = await (await fetch(`${sb.url}/__sandbox/auth_code`, { method: "POST" })).json();
  const u = new URL("/api/v2/token/get", authBase);
  u.search = new URLSearchParams({ app_key: sb.appKey, app_secret: sb.appSecret, auth_code, grant_type: "authorized_code" }).toString();
  const res = await fetch(u);
  const json = await res.json();
  if (json.code !== 0) throw new Error(`token exchange failed: ${JSON.stringify(json)}`);
  return json.data;
}

/** Lists every item of a paginated list, following next_page_token. */
export async function walk(sb, opts, itemsKey, pageSize) {
  const all = [];
  const pages = [];
  let token;
  for (let i = 0; i < 1000; i++) {
    const r = await call(sb, { ...opts, query: { ...(opts.query ?? {}), page_size: pageSize, page_token: token } });
    if (r.json?.code !== 0) throw new Error(`list failed: ${r.status} ${r.text}`);
    pages.push(r.json.data);
    all.push(...r.json.data[itemsKey]);
    token = r.json.data.next_page_token;
    if (!token) return { all, pages };
  }
  throw new Error("pagination did not end");
}
