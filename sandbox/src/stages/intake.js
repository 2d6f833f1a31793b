// The first stages every request goes through: it is counted, and its body
// read once (the signature and the parameters both need the exact bytes).

export const countStage = (s) => async (ctx) => {
  s.log.count(ctx);
};

// A GET may carry a body (GET /logistics/202510/seller_templates does), but a
// web Request cannot: server adapters that can read one pass its bytes beside
// the Request (handle(request, { body })), and they are used as the body.
export const bodyStage = () => async (ctx) => {
  const beside = ctx.extras.body;
  ctx.bodyBytes = beside != null && beside.byteLength > 0 ? toBytes(beside) : new Uint8Array(await ctx.request.arrayBuffer());
  ctx.contentType = ctx.request.headers.get("content-type") ?? "";
  ctx.isMultipart = ctx.contentType.trim().toLowerCase().startsWith("multipart/form-data");
};

function toBytes(body) {
  if (body instanceof Uint8Array) return body;
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return new Uint8Array(body);
}
