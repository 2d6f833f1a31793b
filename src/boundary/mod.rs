//! The core's JS interface: the wasm-bindgen exports, and (in `host`) everything the
//! core calls on the JS side. The only module that touches JS values; the rest of the
//! core is plain Rust that `cargo test` runs natively.
//!
//! The way of a call: the JS client (`lib/transport.js`) calls `coreSend`, which builds
//! and signs the request and calls `fetch`, returning its promise; the client awaits the
//! response, reads its text (with a size bound) and parses it once (`JSON.parse`), then
//! calls `coreFinish`, which decides what it means. Two crossings in per attempt, by design:
//! awaiting inside the core (wasm-bindgen-futures) measured slower, and the waiting
//! itself (timeouts, aborts, the size bound) is the client's business.
//!
//! Arguments arrive as strings, numbers and objects the client made itself: every value
//! a caller gave was read and checked in JS (`lib/options.js`), so nothing here runs a
//! caller's getter. Errors leave as plain objects that `lib/core.js` turns into
//! `TikTokShopError`s.
//!
//! Clients are addressed by a handle, not a wasm-bindgen class: the JS side frees them
//! from a finalizer of its own that cannot throw (wasm-bindgen's would trap inside the
//! finalization callback, and take Node down, if the instance ever failed).

mod host;

use std::cell::RefCell;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::config::{self, Config};
use crate::error::{Error, Result};
use crate::operations::{self, Operation, OPERATIONS};
use crate::reply::{self, Head};
use crate::request::{self, Context, JsonParams};
use crate::{plan, sign, webhook};

/// `coreFinish`'s operation index for a `shop.request()` reply.
const RAW: u32 = u32::MAX;

struct Client {
    config: Config,
    /// The access token as a JS string, made once per token instead of once per call.
    token_js: Option<JsValue>,
}

thread_local! {
    static CLIENTS: RefCell<Vec<Option<Client>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on a client. `f` must not call JS code a caller controls (`fetch`): the
/// borrow is held while it runs, and that code could call into the core again.
fn with_client<T>(handle: u32, f: impl FnOnce(&mut Client) -> Result<T>) -> Result<T> {
    CLIENTS.with(|c| {
        let mut clients = c.borrow_mut();
        let client = clients
            .get_mut(handle as usize)
            .and_then(Option::as_mut)
            .ok_or_else(|| Error::config("client", "this client was closed"))?;
        f(client)
    })
}

/// Builds a request in a client's context (its config, a fresh timestamp) and returns
/// it with the client's access token as a JS string.
fn prepare_with(
    handle: u32,
    get_body: bool,
    build: impl FnOnce(&Context) -> Result<request::Prepared>,
) -> Result<(request::Prepared, Option<JsValue>)> {
    with_client(handle, |client| {
        let ctx = Context {
            config: &client.config,
            timestamp: host::now_seconds(),
            get_body,
        };
        Ok((build(&ctx)?, client.token_js.clone()))
    })
}

fn js<T>(r: Result<T>) -> std::result::Result<T, JsValue> {
    r.map_err(host::error_object)
}

/// A client's configuration, checked by the JS client; returns its handle.
#[wasm_bindgen(js_name = coreNew)]
pub fn core_new(
    app_key: &str,
    app_secret: &str,
    base_url: Option<String>,
    auth_base_url: Option<String>,
    shop_cipher: Option<String>,
) -> u32 {
    let mut config = Config::new(app_key, app_secret, base_url.as_deref(), auth_base_url.as_deref());
    config.shop_cipher = shop_cipher;
    let client = Some(Client { config, token_js: None });
    CLIENTS.with(|c| {
        let mut clients = c.borrow_mut();
        match clients.iter().position(Option::is_none) {
            Some(free) => {
                clients[free] = client;
                free as u32
            }
            None => {
                clients.push(client);
                (clients.len() - 1) as u32
            }
        }
    })
}

#[wasm_bindgen(js_name = coreFree)]
pub fn core_free(handle: u32) {
    CLIENTS.with(|c| {
        if let Some(slot) = c.borrow_mut().get_mut(handle as usize) {
            *slot = None;
        }
    });
}

/// Replaces the access token (checked by the client: a header-safe string, or none).
#[wasm_bindgen(js_name = coreSetAccessToken)]
pub fn core_set_access_token(handle: u32, token: Option<String>, granted_scopes: Option<String>) {
    let _ = with_client(handle, |client| {
        client.token_js = token.as_deref().map(JsValue::from_str);
        client.config.access_token = token;
        // Space-separated (checked by the client: no scope holds a space); none: unknown.
        client.config.granted_scopes = granted_scopes.map(|s| s.split_whitespace().map(str::to_owned).collect());
        Ok(())
    });
}

/// The version of a call of the operation at `index` (the newest, or `version` if the
/// operation lists it), as the JSON of its plan (src/plan.rs `version_json`): what the
/// client keeps for every call of that operation-version.
#[wasm_bindgen(js_name = corePlanVersion)]
pub fn core_plan_version(index: u32, version: Option<String>) -> std::result::Result<String, JsValue> {
    js((|| {
        let op = operation_at(index)?;
        let (ordinal, _) = plan::version(op, version.as_deref())?;
        plan::version_json(op, ordinal).ok_or_else(|| Error::invalid("version", "no such version"))
    })())
}

/// The shop a call goes to (a `plan::Shop` code): `offered` says which ciphers the call
/// has, bit 0 its `shop_cipher` parameter, bit 1 its `shopCipher` option.
#[wasm_bindgen(js_name = corePlanShop)]
pub fn core_plan_shop(handle: u32, index: u32, ordinal: u32, offered: u32) -> std::result::Result<u32, JsValue> {
    js((|| {
        let op = operation_at(index)?;
        let v = plan::version_at(op, ordinal)?;
        let client = with_client(handle, |client| Ok(client.config.shop_cipher.is_some()))?;
        let offered = plan::Offered {
            params: offered & 1 != 0,
            call: offered & 2 != 0,
            client,
        };
        Ok(plan::shop(op, v, offered)? as u32)
    })())
}

/// The plan of a request the catalog does not describe (`shop.request()`), as JSON text:
/// `shop` is 0 (none), 1 (the client's: `shopCipher: true`) or 2 (its own).
#[wasm_bindgen(js_name = corePlanRaw)]
pub fn core_plan_raw(handle: u32, method: &str, path: &str, shop: u32) -> std::result::Result<String, JsValue> {
    js((|| {
        let shop = match shop {
            0 => plan::RawShop::None,
            1 => plan::RawShop::Client,
            _ => plan::RawShop::Own,
        };
        let client = with_client(handle, |client| Ok(client.config.shop_cipher.is_some()))?;
        Ok(plan::raw(method, path, shop, client)?.1)
    })())
}

/// Starts one attempt of a planned call of the operation at `index`: builds and signs
/// the request (version `ordinal`, to the plan's `shop`; `shop_cipher` is the cipher the
/// call named, for a `Call` or `Params` shop) and calls `fetch`, returning its promise.
/// `params` is the JSON text of the caller's parameters; `files` holds an upload's file
/// parts as Blobs. Throws an error object when the call is invalid: nothing is sent then.
#[wasm_bindgen(js_name = coreSend)]
#[allow(clippy::too_many_arguments)]
pub fn core_send(
    handle: u32,
    index: u32,
    ordinal: u32,
    shop: u32,
    params: &str,
    files: JsValue,
    shop_cipher: Option<String>,
    fetch: &Function,
    signal: JsValue,
    get_body: bool,
) -> std::result::Result<Promise, JsValue> {
    js((|| {
        let op = operation_at(index)?;
        let v = plan::version_at(op, ordinal)?;
        let shop = shop_of(shop)?;
        let params = JsonParams::parse(params).map_err(|e| e.with_operation(request::operation_name(op)))?;
        let (prepared, token) = prepare_with(handle, get_body, |ctx| {
            let cipher = plan::cipher(shop, shop_cipher.as_deref(), ctx.config);
            request::prepare(op, v, cipher, &params, ctx)
        })?;
        host::fetch(fetch, &prepared, token.as_ref(), &files, &signal)
            .map_err(|e| e.with_operation(request::operation_name(op)))
    })())
}

/// Starts one attempt of a request the catalog does not describe (`shop.request()`), as
/// planned (`corePlanRaw`): `query` is the JSON text of an object, `body` the JSON text to
/// send, if any; `shop` and `shop_cipher` as for `coreSend`.
#[wasm_bindgen(js_name = coreSendRaw)]
#[allow(clippy::too_many_arguments)]
pub fn core_send_raw(
    handle: u32,
    method: &str,
    path: &str,
    query: &str,
    body: Option<String>,
    shop: u32,
    shop_cipher: Option<String>,
    fetch: &Function,
    signal: JsValue,
    get_body: bool,
) -> std::result::Result<Promise, JsValue> {
    js((|| {
        let method = plan::raw_method(method)?;
        let shop = shop_of(shop)?;
        let pairs = JsonParams::parse(query)
            .map_err(|_| Error::invalid("query", "`query` must be an object"))?
            .query_pairs()?;
        let (prepared, token) = prepare_with(handle, get_body, |ctx| {
            let cipher = plan::cipher(shop, shop_cipher.as_deref(), ctx.config);
            request::prepare_raw(method, path, &pairs, body, cipher, ctx)
        })?;
        host::fetch(fetch, &prepared, token.as_ref(), &JsValue::UNDEFINED, &signal)
    })())
}

fn shop_of(code: u32) -> Result<plan::Shop> {
    plan::Shop::from_code(code).ok_or_else(|| Error::invalid("shopCipher", "no such shop source"))
}

/// Decides what the reply to an attempt means. `parsed` is its body as `JSON.parse` read
/// it (undefined when it is not JSON; `empty` when there was none): the reply text never
/// enters wasm memory. `ordinal` is the version called. Returns the parsed envelope
/// (`{ code, message, request_id, data }`) of a success, or throws the error object.
#[wasm_bindgen(js_name = coreFinish)]
pub fn core_finish(
    index: u32,
    ordinal: u32,
    status: u16,
    location: Option<String>,
    retry_after: Option<String>,
    parsed: JsValue,
    empty: bool,
) -> std::result::Result<JsValue, JsValue> {
    let parsed = host::parsed(parsed, empty);
    if reply::is_success(status, parsed.code()) {
        if let host::Parsed::Value(envelope) = parsed {
            return Ok(envelope);
        }
    }
    let op = if index == RAW { None } else { operation_at(index).ok() };
    let version = op.and_then(|op| plan::version_at(op, ordinal).ok()).map(|v| v.version);
    let head = Head {
        status,
        location: location.as_deref(),
        retry_after: retry_after.as_deref(),
        now: host::now_seconds(),
    };
    Err(host::error_object(reply::failure(&head, parsed.body(), op, version)))
}

/// The host names a client's calls go to, `api host` and `auth host` (for messages and
/// the plan; never a path or query).
#[wasm_bindgen(js_name = coreHosts)]
pub fn core_hosts(handle: u32) -> std::result::Result<String, JsValue> {
    js(with_client(handle, |client| {
        Ok(format!(
            "{} {}",
            host_of(&client.config.base_url),
            host_of(&client.config.auth_base_url)
        ))
    }))
}

/// The client's defaults, `baseUrl authBaseUrl timeoutMs uploadTimeoutMs`: TikTok's own
/// hosts and the two timeout classes of src/plan.rs.
#[wasm_bindgen(js_name = coreDefaults)]
pub fn core_defaults() -> String {
    format!(
        "{} {} {} {}",
        config::DEFAULT_BASE_URL,
        config::DEFAULT_AUTH_BASE_URL,
        plan::DEFAULT_TIMEOUT_MS,
        plan::UPLOAD_TIMEOUT_MS
    )
}

/// `https://host:port/prefix` -> `host:port`.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn operation_at(index: u32) -> Result<&'static Operation> {
    OPERATIONS
        .get(index as usize)
        .ok_or_else(|| Error::invalid("operation", format!("no operation at index {index}")))
}

/// The operations table as JSON text, with or without each version's parameters.
#[wasm_bindgen(js_name = listOperationsJson)]
pub fn list_operations_json(with_params: bool) -> String {
    operations::list_json(with_params)
}

/// The groups and their operations' names (what a client needs when it is first made).
#[wasm_bindgen(js_name = operationNamesJson)]
pub fn operation_names_json() -> String {
    operations::names_json()
}

/// `{ sign, stringToSign }` for debugging "invalid sign" (106001): `query` is the JSON
/// text of the decoded query (arrays are comma-joined), `body` the exact body sent.
#[wasm_bindgen(js_name = signRequest)]
pub fn sign_request(app_secret: &str, path: &str, query: &str, body: &str) -> std::result::Result<JsValue, JsValue> {
    let pairs = js(JsonParams::parse(query)
        .map_err(|_| Error::config("query", "`query` must be an object"))
        .and_then(|p| p.query_pairs()))?;
    let string_to_sign = sign::string_to_sign(app_secret, path, &pairs, body.as_bytes());
    let out = Object::new();
    let _ = Reflect::set(
        &out,
        &"sign".into(),
        &sign::hmac_hex(app_secret.as_bytes(), &[&string_to_sign]).into(),
    );
    let _ = Reflect::set(
        &out,
        &"stringToSign".into(),
        &String::from_utf8_lossy(&string_to_sign).as_ref().into(),
    );
    Ok(out.into())
}

/// Constant-time check of a webhook's `Authorization` value over the raw body bytes.
#[wasm_bindgen(js_name = verifyWebhookSignature)]
pub fn verify_webhook_signature(app_key: &str, app_secret: &str, body: &[u8], signature: &str) -> bool {
    sign::verify_webhook(app_key, app_secret, body, signature)
}

/// Every documented webhook type as JSON text (`listWebhookTypes()`).
#[wasm_bindgen(js_name = webhookTypesJson)]
pub fn webhook_types_json() -> String {
    webhook::types_json()
}

/// The de-duplication key of a delivery (`webhook::dedupe_key`); `data` is its JSON text.
#[wasm_bindgen(js_name = webhookDedupeKey)]
pub fn webhook_dedupe_key(
    notification_id: Option<String>,
    code: u32,
    account_id: &str,
    timestamp: &str,
    data: &str,
) -> String {
    webhook::dedupe_key(notification_id.as_deref(), code, account_id, timestamp, data)
}
