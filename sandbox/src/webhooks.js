// Webhooks (push notifications) the sandbox sends, every type TikTok documents (the
// generated table, from spec/webhooks), built from the seeded shop and signed like TikTok's:
//   POST <app URL>, Content-Type: application/json,
//   Authorization: lowercase_hex(HMAC_SHA256(app_secret, app_key + raw body))
//   { "type", "tts_notification_id", "shop_id" | "seller_open_id" | "creator_open_id", "timestamp", "data" }

import { createFabricator } from "./data.js";
import { WEBHOOK_SCHEMAS, WEBHOOK_TABLE } from "./generated/webhooks.js";
import { signWebhook } from "./sign.js";
import { rng } from "./shop/random.js";

/** How long a delivery waits for the app to answer. */
const DELIVERY_TIMEOUT_MS = 10_000;

/** Webhook names by code, from the generated table. Unknown codes are sent as given (data from the caller). */
export const WEBHOOK_TYPES = Object.freeze(Object.fromEntries(WEBHOOK_TABLE.map((t) => [t.code, t.name])));

const TYPE_BY_NAME = Object.fromEntries(Object.entries(WEBHOOK_TYPES).map(([n, name]) => [name, Number(n)]));
const TYPE_BY_CODE = new Map(WEBHOOK_TABLE.map((t) => [t.code, t]));

/** The types whose `data` the sandbox builds from the seeded shop (defaultData). */
const SEEDED = new Set([1, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 18, 33, 36, 37]);

/** The envelope field of each kind of account. */
const ACCOUNT_ID = { shop: "shop_id", seller: "seller_open_id", creator: "creator_open_id" };

/** 1, "1" or "ORDER_STATUS_CHANGE" -> 1. */
export function webhookType(type) {
  if (type === undefined || type === null) return 1;
  if (typeof type === "number" && Number.isInteger(type)) return type;
  if (typeof type === "string" && /^\d+$/.test(type)) return Number(type);
  if (typeof type === "string" && TYPE_BY_NAME[type.toUpperCase()]) return TYPE_BY_NAME[type.toUpperCase()];
  throw new TypeError(`unknown webhook type ${JSON.stringify(type)} (an integer, or one of ${Object.values(WEBHOOK_TYPES).join(", ")})`);
}

const sortKeys = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

/**
 * Builds deliveries for one sandbox: webhook(options) -> { body, headers, event }.
 * @param {{appKey: string, appSecret: string, shop: object, nowS: () => number, seed: any}} deps
 */
export function createWebhooks({ appKey, appSecret, shop, nowS, seed }) {
  const r = rng(`tts-sandbox-webhooks:${seed}`);
  const fabricator = createFabricator(WEBHOOK_SCHEMAS, { baseTime: shop.baseTime });
  // The creator a creator's deliveries name, unless the caller names one.
  const creatorOpenId = "sandbox-creator-" + r.chars(16, "abcdefghijklmnopqrstuvwxyz0123456789");

  function shopIndexOf(x) {
    if (x === undefined || x === null) return 0;
    const i = shop.shopIndex(typeof x === "number" ? x : String(x));
    if (i < 0) throw new TypeError(`unknown shop: ${x}`);
    return i;
  }

  // The entity a notification is about: the one named in `data`, else a seeded pick.
  function pick(list, idField, given) {
    if (given !== undefined && given !== null) {
      const e = list.find((x) => x[idField] === String(given));
      return e ?? null;
    }
    return list.length ? list[Math.floor(r.next() * list.length)] : null;
  }

  // Default `data` by type, from the shop's real entities (caller's data wins field by field).
  function defaultData(type, d, given, t) {
    switch (type) {
      case 1: {
        const o = pick(d.orders, "id", given.order_id);
        return { order_id: o?.id ?? String(given.order_id ?? ""), order_status: o?.status ?? "UNPAID", update_time: o?.update_time ?? t, is_on_hold_order: o ? o.status === "ON_HOLD" : false };
      }
      case 3: {
        const o = pick(d.orders, "id", given.order_id);
        return { order_id: o?.id ?? "", message: "The recipient address of the order has been updated.", update_time: t };
      }
      case 4: {
        const p = pick(d.packages, "id", given.package_id);
        return { package_id: p?.id ?? "", order_id: p?.order_id ?? "", sc_type: "SPLIT", role_type: "SELLER", update_time: p?.update_time ?? t, order_line_item_ids: p?.order_line_item_ids ?? [] };
      }
      case 5: {
        const p = pick(d.products, "id", given.product_id);
        return { product_id: p?.id ?? "", status: p?.status ?? "ACTIVATE", suspended_reason: "", update_time: p?.update_time ?? t };
      }
      case 6:
        return { message: "The seller has deauthorized the app.", update_time: t };
      case 7:
        return { message: "The authorization of the app expires soon.", expiration_time: t + 7 * 86400 };
      case 11: {
        const c = pick(d.cancellations, "cancel_id", given.cancel_id);
        return { order_id: c?.order_id ?? "", cancellations_role: c?.role ?? "BUYER", cancel_status: c?.cancel_status ?? "CANCELLATION_REQUEST_PENDING", cancel_id: c?.cancel_id ?? "", create_time: c?.create_time ?? t, update_time: c?.update_time ?? t };
      }
      case 12: {
        const x = pick(d.returns, "return_id", given.return_id);
        return { order_id: x?.order_id ?? "", return_role: x?.role ?? "BUYER", return_type: x?.return_type ?? "REFUND", return_status: x?.return_status ?? "RETURN_OR_REFUND_REQUEST_PENDING", return_id: x?.return_id ?? "", create_time: x?.create_time ?? t, update_time: x?.update_time ?? t };
      }
      case 13: {
        const c = pick(d.conversations, "id", given.conversation_id);
        return { conversation_id: c?.id ?? "", create_time: c?.create_time ?? t };
      }
      case 14:
      case 33: {
        const c = pick(d.conversations, "id", given.conversation_id);
        const m = c?.latest_message;
        return {
          conversation_id: c?.id ?? "",
          message_id: m?.id ?? "",
          index: m?.index ?? "1",
          type: m?.type ?? "TEXT",
          content: m?.content ?? "{}",
          create_time: m?.create_time ?? t,
          is_visible: m?.is_visible ?? true,
          sender: { im_user_id: m?.sender.im_user_id ?? "", role: m?.sender.role ?? "BUYER" },
        };
      }
      case 15: {
        const p = pick(d.products, "id", given.product_id);
        return { product_id: p?.id ?? "", update_time: p?.update_time ?? t };
      }
      case 16: {
        const p = pick(d.products, "id", given.product_id);
        return { product_id: p?.id ?? "", status: p?.status ?? "PENDING", create_time: p?.create_time ?? t };
      }
      case 18: {
        const p = pick(d.products, "id", given.product_id);
        return { product_id: p?.id ?? "", category_id: p?.category_id ?? "", update_time: t };
      }
      case 36: {
        const o = pick(d.orders, "id", given.order_id);
        return { order_id: o?.id ?? "", invoice_status: "SUCCESS", update_time: t };
      }
      case 37: {
        const p = pick(d.products, "id", given.product_id);
        const audit = p?.audit?.status;
        return { product_id: p?.id ?? "", status: audit === "REJECTED" ? "AUDIT_FAILED" : audit === "APPROVED" ? "AUDIT_PASSED" : "AUDITING", suspended_reason: "", update_time: p?.update_time ?? t };
      }
      default:
        return {};
    }
  }

  /**
   * A signed delivery.
   * @param {{type?: number|string, shop?: number|string, data?: object, notificationId?: string | null,
   *   timestamp?: number, creatorOpenId?: string}} [options] `notificationId: null` sends none (as
   *   TikTok documents type 3); a creator's type names `creatorOpenId` (else the sandbox's creator)
   */
  async function webhook(options = {}) {
    const type = webhookType(options.type);
    const index = shopIndexOf(options.shop);
    const t = options.timestamp ?? nowS();
    const given = options.data ?? {};
    if (typeof given !== "object" || Array.isArray(given)) throw new TypeError("webhook data must be an object");
    const known = TYPE_BY_CODE.get(type);
    // Built from the shop's real entities where the sandbox seeds this type, else every
    // field of the documented payload invented (deterministically); the caller's win.
    const seeded = defaultData(type, shop.data[index], given, t);
    const notificationId =
      options.notificationId === null ? null
      : options.notificationId !== undefined ? String(options.notificationId)
      : known && !known.notificationId ? null // documented without one (type 3)
      : r.digits(19);
    const invented = known && !SEEDED.has(type) ? fabricator.shape(known.data, given, `webhook:${type}:${notificationId ?? t}`) : {};
    const data = sortKeys({ ...invented, ...seeded, ...given });
    const account = known?.account ?? "shop";
    const accountId = account === "shop" ? shop.shops[index].id : account === "seller" ? shop.openId : (options.creatorOpenId ?? creatorOpenId);
    const event = { type };
    if (notificationId !== null) event.tts_notification_id = notificationId;
    event[ACCOUNT_ID[account]] = String(accountId);
    event.timestamp = t;
    event.data = data;
    const body = JSON.stringify(event);
    const authorization = await signWebhook({ appKey, appSecret, body });
    return { body, headers: { "content-type": "application/json", authorization }, event };
  }

  /**
   * POSTs a delivery (built from `options`, or `options.delivery`) `repeat`
   * times (default 1), one after the other, with the same body each time.
   * Rejects when the URL cannot be reached.
   */
  async function sendWebhook(url, options = {}) {
    const delivery = options.delivery ?? (await webhook(options));
    const repeat = options.repeat ?? 1;
    if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new TypeError("repeat must be an integer from 1 to 1000");
    const doFetch = options.fetch ?? globalThis.fetch;
    // A delivery waits at most `timeoutMs` (default 10 s) for the app to answer.
    const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    const deliveries = [];
    for (let i = 0; i < repeat; i++) {
      const signal = AbortSignal.timeout(timeoutMs);
      const res = await doFetch(String(url), { method: "POST", headers: delivery.headers, body: delivery.body, signal });
      deliveries.push({ status: res.status, body: await res.text() });
    }
    const last = deliveries[deliveries.length - 1];
    return { status: last.status, body: last.body, delivery, deliveries };
  }

  async function sign(body) {
    return signWebhook({ appKey, appSecret, body });
  }

  return { webhook, sendWebhook, sign };
}
