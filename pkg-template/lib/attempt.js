// One attempt: the core builds, signs and sends the request (calling fetch) and decodes
// the reply; the waiting in between happens here, in JS, where promises are cheap.

import { decodeReply, transportError } from "../tiktok_shop_wasm.js";

/**
 * Sends one attempt of `entry` (an operation of the catalog; `index` its position in the
 * core's table) and resolves to `{ data, requestId, httpStatus }`, or rejects with a
 * `TikTokShopError`. `core.send` throws at once when the call is invalid: nothing is sent then.
 */
export async function sendAttempt(core, index, payload, options, fastPath = true) {
  const sent = core.send(index, payload, options);
  let response;
  try {
    response = await sent;
  } catch (error) {
    throw transportError(index, error, false);
  }
  let text;
  if (typeof response?.text === "function") {
    try {
      text = await response.text();
    } catch (error) {
      throw transportError(index, error, true);
    }
  }
  // The common case, a `code: 0` envelope with a 2xx status, is taken here without
  // crossing into wasm again; anything else (errors, undecodable replies, token replies
  // that get `expires_in`) is decoded and classified by the core.
  if (fastPath) {
    const status = response.status;
    if (status >= 200 && status < 300) {
      let envelope;
      try {
        envelope = JSON.parse(text);
      } catch {
        envelope = null;
      }
      if (envelope !== null && typeof envelope === "object" && envelope.code === 0) {
        return { data: envelope.data, requestId: envelope.request_id, httpStatus: status };
      }
    }
  }
  return decodeReply(index, response, text);
}
