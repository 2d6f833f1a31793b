// Debug helpers around the Rust signer.
import { signRequest as coreSign } from "../tiktok_shop_wasm.js";

/**
 * `{ appSecret, path, query, body }` -> `{ sign, stringToSign }`: what the client would sign,
 * to compare with a request TikTok rejected as "invalid sign" (106001).
 */
export function signRequest(options) {
  return coreSign(options);
}
