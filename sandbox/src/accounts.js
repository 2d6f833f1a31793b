// The three kinds of account that authorize an app: a seller (user_type 0,
// authorizes its shops), a creator (1) and a partner such as an agency (3);
// creators and partners authorize no shop. Each operation says which kind of
// token it needs (catalog `account`); the token calls take any.
//
// Scopes, a rule of the sandbox: an operation's scope is its group name
// ("order", "finance", "affiliateCreator"...). A token is granted every scope
// of its kind unless issued with fewer. TikTok's own scope names differ; what
// the sandbox keeps is the behaviour: 105005 when the token lacks the scope.

import { rng } from "./shop/random.js";

export const ACCOUNTS = Object.freeze({
  seller: Object.freeze({ userType: 0 }),
  creator: Object.freeze({ userType: 1 }),
  partner: Object.freeze({ userType: 3 }),
});

/** Validates an account kind (default "seller"). */
export function accountKind(value) {
  const kind = value ?? "seller";
  if (!Object.hasOwn(ACCOUNTS, kind)) throw new TypeError(`unknown account kind ${JSON.stringify(value)} (one of ${Object.keys(ACCOUNTS).join(", ")})`);
  return kind;
}

/** The scope an operation needs: its group. */
export const scopeOf = (op) => op.group;

/** Every scope of the business operations a kind of account may call, sorted. */
export function scopesOf(catalog, kind) {
  return [...new Set(catalog.operations.filter((o) => o.host === "api" && (o.account ?? "seller") === kind).map(scopeOf))].sort();
}

/** Who a token set says it belongs to: open_id, name and region per kind. */
export function identities(shop) {
  const r = rng(`tts-sandbox-accounts:${shop.seed}`);
  const tail = () => r.chars(20, "abcdefghijklmnopqrstuvwxyz0123456789");
  return {
    seller: { open_id: shop.openId, seller_name: shop.sellerName, seller_base_region: shop.sellerBaseRegion },
    creator: { open_id: "sandbox-creator-" + tail(), seller_name: "sandbox.creator", seller_base_region: shop.sellerBaseRegion },
    partner: { open_id: "sandbox-partner-" + tail(), seller_name: "Sandbox Partner Agency", seller_base_region: shop.sellerBaseRegion },
  };
}
