// shop_cipher: required, optional or forbidden per operation (from the
// catalog), and when given, a shop the token authorizes. Without one, an
// operation that allows it works on the token's first shop (creator and
// partner tokens have none: their operations take no shop_cipher).

import { ERRORS, fail } from "../errors.js";

export const shopStage = (s) => async (ctx) => {
  const rule = ctx.op.shopCipher;
  const present = ctx.query.has("shop_cipher");
  const cipher = ctx.query.get("shop_cipher") ?? "";
  if (rule === "forbidden" && present) throw fail(ERRORS.SHOP_CIPHER_FORBIDDEN);
  if (rule === "required" && !cipher) throw fail(ERRORS.SHOP_CIPHER_REQUIRED);
  let index = ctx.token.shops[0];
  if (cipher) {
    index = s.shop.shopByCipher(cipher);
    if (index < 0 || !ctx.token.shops.includes(index)) throw fail(ERRORS.SHOP_CIPHER_MISMATCH);
  }
  ctx.shopIndex = index;
  ctx.shopData = index === undefined ? undefined : s.shop.data[index];
  ctx.allowedShops = ctx.token.shops.map((i) => s.shop.shops[i]);
};
