// The Rust core, as the rest of the client sees it. The only module that imports the
// wasm-bindgen glue: every call into the core goes through here, with arguments already
// checked (lib/checks.js and the option modules), and every error it raises comes out a
// TikTokShopError.

import init, {
  coreDefaults,
  coreFinish,
  coreFree,
  coreHosts,
  coreNew,
  corePlanRaw,
  corePlanShop,
  corePlanVersion,
  coreSend,
  coreSendRaw,
  coreSetAccessToken,
  initSync,
  listOperationsJson,
  operationNamesJson,
  signRequest as coreSignRequest,
  verifyWebhookSignature as coreVerifyWebhook,
  webhookDedupeKey as coreWebhookDedupeKey,
  webhookTypesJson,
} from "../tiktok_shop_wasm.js";
import { TikTokShopError } from "./errors.js";

/** Loads the wasm from its bytes or a compiled module (Node, Workers). */
export function loadWasm(module) {
  initSync({ module });
}

/** Loads the wasm from a URL, a Response, bytes or a module (Deno, bundlers, browsers). */
export async function loadWasmAsync(input) {
  await init(input === undefined ? undefined : { module_or_path: input });
}

/**
 * Runs a call into the core. Its errors are plain objects (made TikTokShopErrors here);
 * anything else it throws is the wasm instance failing, a bug: reported as `internal`
 * rather than as a bare RuntimeError.
 */
function guard(fn) {
  try {
    return fn();
  } catch (error) {
    throw fromCore(error);
  }
}

function fromCore(error) {
  if (error instanceof TikTokShopError) return error;
  if (error !== null && typeof error === "object" && typeof error.kind === "string" && !(error instanceof Error)) {
    return new TikTokShopError(error);
  }
  const what = error instanceof Error ? `${error.name}: ${error.message}` : "an unknown failure";
  return new TikTokShopError({ kind: "internal", message: `the client's wasm core failed (${what}); please report this bug` });
}

// Frees a client's state in the core once its JS object is gone. A finalizer must never
// throw: an exception in a FinalizationRegistry callback ends a Node process.
const finalizer = new FinalizationRegistry((handle) => {
  try {
    coreFree(handle);
  } catch {
    // The instance failed; there is nothing left to free.
  }
});

/** One client's configuration in the core: signing key, routes, access token. */
export class Core {
  #handle;

  /** @param {{ appKey: string, appSecret: string, baseUrl?: string, authBaseUrl?: string, shopCipher?: string }} config checked */
  constructor({ appKey, appSecret, baseUrl, authBaseUrl, shopCipher }) {
    this.#handle = guard(() => coreNew(appKey, appSecret, baseUrl, authBaseUrl, shopCipher));
    finalizer.register(this, this.#handle);
  }

  /**
   * @param {string | undefined} token checked (header-safe)
   * @param {string[] | null} [scopes] its granted scopes (checked: no spaces), null: not known
   */
  setAccessToken(token, scopes = null) {
    guard(() => coreSetAccessToken(this.#handle, token, scopes ? scopes.join(" ") : undefined));
  }

  /**
   * Where a call of version `ordinal` of the operation at `index` goes: a shop code of
   * src/plan.rs (0 none, 1 the client's, 2 the call's option, 3 its `shop_cipher`
   * parameter). `offered`: bit 0 the parameter is given, bit 1 the option.
   */
  planShop(index, ordinal, offered) {
    return guard(() => corePlanShop(this.#handle, index, ordinal, offered));
  }

  /** The plan of a `shop.request()` (JSON text); `shop` 0 none, 1 the client's, 2 its own. */
  planRaw(method, path, shop) {
    return guard(() => corePlanRaw(this.#handle, method, path, shop));
  }

  /** `[api host, auth host]` of this client. */
  hosts() {
    return guard(() => coreHosts(this.#handle)).split(" ");
  }

  /**
   * Builds, signs and sends one attempt of a planned call; returns fetch's promise. Throws
   * (nothing sent) when the call is invalid. `fetch` must not throw (see `neverThrows`).
   * `cipher`: the shop the plan names, for a call's own shop (codes 2 and 3).
   */
  send(index, ordinal, shop, params, files, cipher, fetch, signal, getBody) {
    return guard(() => coreSend(this.#handle, index, ordinal, shop, params, files, cipher, fetch, signal, getBody));
  }

  /** `send` for a request the catalog does not describe (`shop.request()`). */
  sendRaw(method, path, query, body, shop, cipher, fetch, signal, getBody) {
    return guard(() => coreSendRaw(this.#handle, method, path, query, body, shop, cipher, fetch, signal, getBody));
  }
}

/**
 * `fetch` as the core may call it: a function that never throws. A caller's fetch that
 * throws, or returns something other than a promise, gives a rejected promise instead.
 */
export function neverThrows(fetch) {
  return (url, init) => {
    try {
      return Promise.resolve(fetch(url, init));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/** The index `finish` takes for a `shop.request()` reply. */
export const RAW = 0xffffffff;

/**
 * What a reply means: the parsed envelope of a success, or a thrown TikTokShopError.
 * `reply`: `{ status, location, retryAfter, text }` as the transport read them. The text
 * is parsed here, once, so that no exception of JSON.parse has to cross into the core.
 */
export function finish(index, ordinal, reply) {
  let parsed;
  if (typeof reply.text === "string" && reply.text !== "") {
    try {
      parsed = JSON.parse(reply.text);
    } catch {
      parsed = undefined;
    }
  }
  return guard(() => coreFinish(index, ordinal, reply.status, reply.location, reply.retryAfter, parsed, reply.text === ""));
}

/** The operations table: `withParams` adds each version's parameters (listOperations()). */
export function operationsJson(withParams) {
  return guard(() => listOperationsJson(withParams));
}

/** `[[group, [[operation, paginated], ...]], ...]`: what the group objects need. */
export function namesJson() {
  return guard(() => operationNamesJson());
}

/**
 * The plan of a version of the operation at `index` (JSON text): the newest, or `version`
 * if the operation lists it (an `invalid_request` error otherwise). The core's choice.
 */
export function planVersionJson(index, version) {
  return guard(() => corePlanVersion(index, version));
}

/** The client's defaults: TikTok's own hosts and the two timeout classes. */
export function defaults() {
  const [baseUrl, authBaseUrl, timeoutMs, uploadTimeoutMs] = guard(() => coreDefaults()).split(" ");
  return Object.freeze({ baseUrl, authBaseUrl, timeoutMs: Number(timeoutMs), uploadTimeoutMs: Number(uploadTimeoutMs) });
}

/** `{ sign, stringToSign }`; `query` is the JSON text of the decoded query. */
export function signText(appSecret, path, query, body) {
  return guard(() => coreSignRequest(appSecret, path, query, body));
}

/** Constant-time webhook signature check over the body bytes. */
export function verifyWebhookBytes(appKey, appSecret, bytes, signature) {
  return guard(() => coreVerifyWebhook(appKey, appSecret, bytes, signature));
}

/** `[{ code, name, account }]`: every documented webhook type, as JSON text. */
export function webhookTypesText() {
  return guard(() => webhookTypesJson());
}

/**
 * A delivery's de-duplication key: its notification id, else a digest of the rest.
 * Strings checked by the caller; `type` an integer in [0, 2^32).
 */
export function webhookKey(notificationId, type, accountId, timestamp, dataText) {
  return guard(() => coreWebhookDedupeKey(notificationId, type, accountId, timestamp, dataText));
}
