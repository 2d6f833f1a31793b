// The call plan on the JS side: what the core decided about a call (src/plan.rs), kept
// and handed to the policy, which reads it and decides none of it again.
//
// - A version's plan (which version, its method, path, host, the API its rate limit
//   counts, read or write, upload or not, its timeout class, where a page's items are)
//   is asked of the core once per operation-version and kept for every client.
// - A call's plan adds what depends on the client and the call: the shop it goes to (the
//   core's rule for the call's `shop_cipher` parameter, its `shopCipher` option and the
//   client's), the rate-limit bucket that follows from it, the host name and the
//   attempt's timeout. A client keeps the plans of calls that name no shop of their own
//   and set no timeout, so the usual call crosses into the core only to be sent.

import { planVersionJson } from "./core.js";
import { rateKey } from "./rate-limit.js";

const versionPlans = []; // operation index -> Map(version asked for, "" for the default -> plan)

function deepFreeze(value) {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * The plan of the version a call of the operation at `index` uses: the newest, or
 * `version` if the operation lists it (else the core's `invalid_request` error, which
 * names the versions). `{ operation, version, ordinal, method, path, host, api, read,
 * upload, timeoutMs, shopCipher, paginated, items?, pageSize?, pageSizeMax?, files? }`.
 */
export function versionPlan(index, version) {
  let byName = versionPlans[index];
  if (byName === undefined) versionPlans[index] = byName = new Map();
  const key = version ?? "";
  let plan = byName.get(key);
  if (plan === undefined) {
    const parsed = JSON.parse(planVersionJson(index, version));
    plan = byName.get(parsed.version) ?? deepFreeze({ ...parsed, index });
    byName.set(key, plan);
    byName.set(plan.version, plan);
  }
  return plan;
}

/** Shop codes of src/plan.rs (`Shop`). */
const SHOP = Object.freeze({ NONE: 0, CLIENT: 1, CALL: 2, PARAMS: 3 });

/**
 * A call's plan as the public API shows it (`shop.plan()`) and the policy reads it.
 * `shop` is null when the call goes to no shop; its rate-limit bucket is then the app's.
 */
function callPlan(v, { shop, hostname, timeoutMs }) {
  const rateLimit = Object.freeze({ shop: shop ?? "", api: v.api, key: rateKey(shop ?? "", v.api) });
  const plan = {
    operation: v.operation,
    version: v.version,
    method: v.method,
    path: v.path,
    host: v.host,
    hostname,
    shop,
    rateLimit,
    read: v.read,
    upload: v.upload,
    timeoutMs,
    paginated: v.paginated,
  };
  if (v.paginated) {
    plan.items = v.items;
    if (v.pageSize !== undefined) plan.pageSize = v.pageSize;
    if (v.pageSizeMax !== undefined) plan.pageSizeMax = v.pageSizeMax;
  }
  return Object.freeze(plan);
}

/**
 * The plans of one client's calls. A planned call is `{ plan, index, ordinal, shop,
 * cipher }`: the plan, and what the core needs to send it as planned (`shop` the core's
 * code, `cipher` the shop's cipher when the call named it).
 */
export class Planner {
  #core;
  #client;
  #hostnames = null;
  #kept = new Map(); // version plan -> the planned call that names no shop and sets no timeout

  /**
   * @param {Core} core the client's (lib/core.js)
   * @param {{ shopCipher?: string, timeoutMs?: number }} client the client's checked options
   */
  constructor(core, client) {
    this.#core = core;
    this.#client = client;
  }

  /** `[api host, auth host]`, asked of the core once. */
  get hostnames() {
    return (this.#hostnames ??= this.#core.hosts());
  }

  /**
   * The plan of a call of `v` (a version plan) whose params name `paramsShop` (or none),
   * with the checked call options `opts`.
   */
  call(v, paramsShop, opts) {
    const offered = (paramsShop === undefined ? 0 : 1) | (opts.shopCipher === undefined ? 0 : 2);
    if (offered === 0 && opts.timeoutMs === undefined) {
      let planned = this.#kept.get(v);
      if (planned === undefined) {
        planned = this.#plan(v, 0, undefined, undefined);
        this.#kept.set(v, planned);
      }
      return planned;
    }
    return this.#plan(v, offered, paramsShop, opts);
  }

  #plan(v, offered, paramsShop, opts) {
    const code = this.#core.planShop(v.index, v.ordinal, offered);
    const cipher = code === SHOP.PARAMS ? paramsShop : code === SHOP.CALL ? opts.shopCipher : undefined;
    const shop = code === SHOP.CLIENT ? this.#client.shopCipher : (cipher ?? null);
    const plan = callPlan(v, {
      shop,
      hostname: this.hostnames[v.host === "auth" ? 1 : 0],
      timeoutMs: opts?.timeoutMs ?? this.#client.timeoutMs ?? v.timeoutMs,
    });
    return { plan, index: v.index, ordinal: v.ordinal, shop: code, cipher };
  }

  /**
   * The plan of a `shop.request()`: `shopCipher` is true (the client's), a cipher, or
   * undefined (none). The core checks the method and path and picks the shop.
   */
  raw(method, path, shopCipher, opts) {
    const mode = shopCipher === true ? 1 : shopCipher === undefined ? 0 : 2;
    const r = JSON.parse(this.#core.planRaw(method, path, mode));
    const cipher = r.shop === SHOP.CALL ? shopCipher : undefined;
    const shop = r.shop === SHOP.CLIENT ? this.#client.shopCipher : (cipher ?? null);
    const v = { operation: null, version: null, method: r.method, path: r.path, host: "api", api: r.api, read: r.read, upload: r.upload, paginated: false };
    const plan = callPlan(v, {
      shop,
      hostname: this.hostnames[0],
      timeoutMs: opts.timeoutMs ?? this.#client.timeoutMs ?? r.timeoutMs,
    });
    return { plan, shop: r.shop, cipher };
  }
}
