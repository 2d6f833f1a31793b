// One attempt: the core builds, signs and sends the request (calling fetch) and decodes
// the reply; the waiting in between happens here, in JS, where promises are cheap.

import { decodeReply, transportError } from "../tiktok_shop_wasm.js";

/**
 * Sends one attempt of the operation at `index` (its position in the core's table) and
 * resolves to `{ data, requestId, httpStatus }`, or rejects with a `TikTokShopError`.
 * `core.send` throws at once when the call is invalid: nothing is sent then.
 */
export async function sendAttempt(core, index, payload, options) {
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
  return decodeReply(index, response, text);
}
