// (b) A minimal pure-JS TikTok Shop client, written for the benchmark: the least work a
// hand-rolled client does for one `getOrderList` call. Same string-to-sign rules as the
// README's signing section: app_secret + path + sorted key+value pairs (without `sign`
// and `access_token`) + body + app_secret, HMAC-SHA256 as lowercase hex.
// `crypto: "node"` signs with node:crypto (synchronous, native); `crypto: "webcrypto"`
// with crypto.subtle (what a Worker has), the key imported once.

import { createHmac } from "node:crypto";

const PATH = "/order/202309/orders/search";
const QUERY_PARAMS = new Set(["page_size", "sort_order", "page_token", "sort_field"]);
const encoder = new TextEncoder();

export class MiniClient {
  constructor({ appKey, appSecret, accessToken, shopCipher, baseUrl, fetch = globalThis.fetch, crypto = "node" }) {
    this.appKey = appKey;
    this.appSecret = appSecret;
    this.accessToken = accessToken;
    this.shopCipher = shopCipher;
    this.baseUrl = baseUrl;
    this.fetch = fetch;
    this.crypto = crypto;
    this.key = null;
  }

  async #signWeb(text) {
    this.key ??= await globalThis.crypto.subtle.importKey("raw", encoder.encode(this.appSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", this.key, encoder.encode(text)));
    let hex = "";
    for (const b of mac) hex += (b < 16 ? "0" : "") + b.toString(16);
    return hex;
  }

  /** `{ url, init }` of a getOrderList call, signed now with node:crypto (for precomputed requests). */
  prepare(params) {
    const { query, toSign, bodyText } = this.#build(params);
    const search = new URLSearchParams(query);
    search.set("sign", createHmac("sha256", this.appSecret).update(toSign).digest("hex"));
    return {
      url: `${this.baseUrl}${PATH}?${search}`,
      init: { method: "POST", headers: { "content-type": "application/json", "x-tts-access-token": this.accessToken }, body: bodyText },
    };
  }

  #build(params) {
    const query = {};
    const body = {};
    for (const [k, v] of Object.entries(params)) {
      if (v === undefined || v === null) continue;
      if (QUERY_PARAMS.has(k)) query[k] = String(v);
      else body[k] = v;
    }
    if (this.shopCipher) query.shop_cipher = this.shopCipher;
    query.app_key = this.appKey;
    query.timestamp = String(Math.floor(Date.now() / 1000));
    const bodyText = JSON.stringify(body);
    let toSign = this.appSecret + PATH;
    for (const k of Object.keys(query).sort()) toSign += k + query[k];
    toSign += bodyText + this.appSecret;
    return { query, toSign, bodyText };
  }

  /** `params`: query and body parameters in one object, as the package takes them. */
  async getOrderList(params) {
    const { query, toSign, bodyText } = this.#build(params);
    const search = new URLSearchParams(query);
    search.set("sign", this.crypto === "node" ? createHmac("sha256", this.appSecret).update(toSign).digest("hex") : await this.#signWeb(toSign));
    const response = await this.fetch(`${this.baseUrl}${PATH}?${search}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-tts-access-token": this.accessToken },
      body: bodyText,
    });
    const envelope = JSON.parse(await response.text());
    if (envelope.code !== 0) {
      throw Object.assign(new Error(envelope.message), { code: envelope.code, requestId: envelope.request_id, httpStatus: response.status });
    }
    return envelope.data;
  }
}
