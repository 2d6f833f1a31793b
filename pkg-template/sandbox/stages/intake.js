// The first stages every request goes through: it is counted, and its body
// read once (the signature and the parameters both need the exact bytes).

export const countStage = (s) => async (ctx) => {
  s.log.count(ctx);
};

export const bodyStage = () => async (ctx) => {
  ctx.bodyBytes = new Uint8Array(await ctx.request.arrayBuffer());
  ctx.contentType = ctx.request.headers.get("content-type") ?? "";
  ctx.isMultipart = ctx.contentType.trim().toLowerCase().startsWith("multipart/form-data");
};
