// The three kinds of account that authorize an app: a seller (user_type 0,
// authorizes its shops), a creator (1) and a partner such as an agency (3);
// creators and partners authorize no shop. Each operation says which kind of
// token it needs (catalog `account`); the token calls take any.
//
// Scopes: an operation-version needs any one of the scopes TikTok's reference names for
// it (catalog `scopes`, from the library's table in spec/scopes); one whose scopes are not
// known needs none. A token is granted every scope of its kind unless issued with fewer,
// named as TikTok names them ("seller.order.info") or by a group name ("order": every
// scope that group's operations of the kind name).

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

/** Every scope the business operations of a kind of account name, sorted. */
export function scopesOf(catalog, kind) {
  return [...new Set([...groupScopes(catalog, kind).values()].flatMap((set) => [...set]))].sort();
}

/** Group name -> the scopes its operations of a kind name (the aliases a grant may use). */
export function groupScopes(catalog, kind) {
  const out = new Map();
  for (const o of catalog.operations) {
    if (o.host !== "api" || (o.account ?? "seller") !== kind) continue;
    const set = out.get(o.group) ?? new Set();
    for (const x of o.scopes ?? []) set.add(x);
    out.set(o.group, set);
  }
  return out;
}

/** Whether a token granted `granted` may call `op`: it holds one of its scopes, or none is known. */
export const holdsScope = (op, granted) => !op.scopes?.length || op.scopes.some((x) => granted.includes(x));

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
