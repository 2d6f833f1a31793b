// The request signature, over the body bytes exactly as received.

import { ERRORS, fail } from "../errors.js";
import { signRequest, timingSafeEqual } from "../sign.js";

export const signatureStage = (s) => async (ctx) => {
  const expected = await signRequest({ appSecret: s.appSecret, path: ctx.path, query: ctx.query, body: ctx.bodyBytes, contentType: ctx.contentType });
  ctx.signatureValid = timingSafeEqual(expected, ctx.query.get("sign") ?? "");
  if (!ctx.signatureValid) throw fail(ERRORS.INVALID_SIGN);
};
