//! tiktok-shop-wasm: the TikTok Shop Partner API client core.
//!
//! Pure logic (signing, request building, envelope classification, the operations
//! table) is plain Rust tested natively; `js` and `transport` are the JS boundary.
//! This file holds the wasm-bindgen exports and nothing else.

// `Error` carries the API's message and request id by value: it is only built on the
// failure path, where its size does not matter.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod envelope;
pub mod error;
mod generated;
pub mod operations;
pub mod request;
pub mod sign;
pub mod token;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod js;
#[cfg(target_arch = "wasm32")]
mod transport;

#[cfg(target_arch = "wasm32")]
pub use exports::*;

#[cfg(target_arch = "wasm32")]
mod exports {
    use js_sys::{Function, Object, Promise};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use crate::config::{self, Config, Options};
    use crate::error::{Error, ErrorKind, Result};
    use crate::js::{self, get, object_or_empty, opt_string, set, JsParams};
    use crate::operations;
    use crate::request::{self, Context, JsonParams};
    use crate::sign;
    use crate::token;
    use crate::transport::{self, Extras};

    fn throw<T>(r: Result<T>) -> std::result::Result<T, JsValue> {
        r.map_err(js::to_js)
    }

    /// Registers the JS `TikTokShopError` class that errors are built from.
    #[wasm_bindgen(js_name = registerErrorClass)]
    pub fn register_error_class(class: Function) {
        js::register_error_class(class);
    }

    /// `{ appSecret, path, query, body }` -> `{ sign, stringToSign }`, for debugging
    /// "invalid sign" (106001). `query` values are the decoded ones; arrays are comma-joined.
    #[wasm_bindgen(js_name = signRequest)]
    pub fn sign_request(options: JsValue) -> std::result::Result<JsValue, JsValue> {
        throw(sign_request_impl(options))
    }

    fn sign_request_impl(options: JsValue) -> Result<JsValue> {
        let options = object_or_empty(options, "options", ErrorKind::Config)?;
        let secret = opt_string(&options, "appSecret")?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::config("appSecret", "`appSecret` is required"))?;
        let path = opt_string(&options, "path")?
            .filter(|p| p.starts_with('/'))
            .ok_or_else(|| Error::config("path", "`path` is required and must start with '/'"))?;
        let query = object_or_empty(get(&options, "query"), "query", ErrorKind::Config)?;
        let mut pairs = Vec::new();
        for entry in Object::entries(&query).iter() {
            let entry: js_sys::Array = entry.unchecked_into();
            let value = entry.get(1);
            if value.is_null() || value.is_undefined() {
                continue;
            }
            let key = entry.get(0).as_string().unwrap_or_default();
            let text = if js_sys::Array::is_array(&value) {
                js_sys::Array::from(&value).join(",").into()
            } else {
                js::text(&value)
                    .ok_or_else(|| Error::config(&key, format!("query value `{key}` must be a scalar or an array")))?
            };
            pairs.push((key, text));
        }
        let body = opt_string(&options, "body")?.unwrap_or_default();
        let string_to_sign = sign::string_to_sign(&secret, &path, &pairs, body.as_bytes());
        let signature = sign::hmac_hex(secret.as_bytes(), &[&string_to_sign]);
        let out = Object::new();
        set(&out, "sign", &signature.into());
        set(
            &out,
            "stringToSign",
            &String::from_utf8_lossy(&string_to_sign).as_ref().into(),
        );
        Ok(out.into())
    }

    /// The `Authorization` value TikTok sends with a webhook (`body`: string or bytes).
    #[wasm_bindgen(js_name = webhookSignature)]
    pub fn webhook_signature(app_key: &str, app_secret: &str, body: JsValue) -> std::result::Result<String, JsValue> {
        let bytes = throw(body_bytes(&body))?;
        Ok(sign::webhook_signature(app_key, app_secret, &bytes))
    }

    /// Constant-time check of a webhook signature over the raw body (string or bytes).
    #[wasm_bindgen(js_name = verifyWebhookSignature)]
    pub fn verify_webhook_signature(
        app_key: &str,
        app_secret: &str,
        body: JsValue,
        signature: &str,
    ) -> std::result::Result<bool, JsValue> {
        let bytes = throw(body_bytes(&body))?;
        Ok(sign::verify_webhook(app_key, app_secret, &bytes, signature))
    }

    fn body_bytes(body: &JsValue) -> Result<Vec<u8>> {
        if let Some(s) = body.as_string() {
            Ok(s.into_bytes())
        } else if let Some(u8s) = body.dyn_ref::<js_sys::Uint8Array>() {
            Ok(u8s.to_vec())
        } else if body.is_instance_of::<js_sys::ArrayBuffer>() {
            Ok(js_sys::Uint8Array::new(body).to_vec())
        } else {
            Err(Error::invalid(
                "body",
                "`body` must be the raw body as a string, Uint8Array or ArrayBuffer",
            ))
        }
    }

    /// The name of a webhook event type (`ORDER_STATUS_CHANGE`...), or undefined when unknown.
    #[wasm_bindgen(js_name = webhookTypeName)]
    pub fn webhook_type_name(event_type: u32) -> Option<String> {
        crate::webhook::type_name(event_type).map(str::to_owned)
    }

    /// Checks a proxy URL; throws a `config` error naming `proxy` when malformed.
    #[wasm_bindgen(js_name = checkProxy)]
    pub fn check_proxy(url: &str) -> std::result::Result<(), JsValue> {
        throw(config::check_proxy(url))
    }

    /// The operations table as JSON text: one entry per operation, with or without
    /// each version's parameters.
    #[wasm_bindgen(js_name = listOperationsJson)]
    pub fn list_operations_json(with_params: bool) -> String {
        operations::list_json(with_params)
    }

    /// Seconds left until an absolute expiry timestamp (seconds).
    #[wasm_bindgen(js_name = secondsLeft)]
    pub fn seconds_left(expire_at: f64) -> f64 {
        token::seconds_left(expire_at, js_sys::Date::now() / 1000.0)
    }

    /// One configured client. Sends one attempt per `send`; retries, rate limits and
    /// token refresh live in the JS pipeline around it.
    #[wasm_bindgen]
    pub struct Core {
        config: Config,
        fetch: Function,
        /// The access token as a JS string, made once per token instead of once per call.
        token_js: Option<JsValue>,
    }

    #[wasm_bindgen]
    impl Core {
        /// Options: `appKey`, `appSecret`, `accessToken`, `shopCipher`, `baseUrl`,
        /// `authBaseUrl`, `fetch`. Throws a `config` error naming the bad option.
        #[wasm_bindgen(constructor)]
        pub fn new(options: JsValue) -> std::result::Result<Core, JsValue> {
            throw(Core::from_options(options))
        }

        fn from_options(options: JsValue) -> Result<Core> {
            let o = object_or_empty(options, "options", ErrorKind::Config)?;
            let config = Config::from_options(Options {
                app_key: opt_string(&o, "appKey")?,
                app_secret: opt_string(&o, "appSecret")?,
                access_token: opt_string(&o, "accessToken")?,
                shop_cipher: opt_string(&o, "shopCipher")?,
                base_url: opt_string(&o, "baseUrl")?,
                auth_base_url: opt_string(&o, "authBaseUrl")?,
            })?;
            let fetch = get(&o, "fetch");
            let fetch = if fetch.is_undefined() || fetch.is_null() {
                get(&js_sys::global(), "fetch")
            } else {
                fetch
            };
            let fetch: Function = fetch
                .dyn_into()
                .map_err(|_| Error::config("fetch", "`fetch` must be a function (this runtime has no global fetch)"))?;
            let token_js = config.access_token.as_deref().map(JsValue::from_str);
            Ok(Core {
                config,
                fetch,
                token_js,
            })
        }

        #[wasm_bindgen(js_name = setAccessToken)]
        pub fn set_access_token(&mut self, token: Option<String>) {
            self.config.access_token = token.filter(|t| !t.is_empty());
            self.token_js = self.config.access_token.as_deref().map(JsValue::from_str);
        }

        #[wasm_bindgen(getter, js_name = hasAccessToken)]
        pub fn has_access_token(&self) -> bool {
            self.config.access_token.is_some()
        }

        /// Starts one attempt of the operation at `index` in `listOperations()`: builds and
        /// signs the request and calls `fetch`, returning its promise of the response.
        /// `params` is the JSON text of the params object (the object itself for uploads,
        /// whose parts are blobs). Options: `version`, `shopCipher`, `signal`, `fetch`.
        /// Throws a `TikTokShopError` when the call is invalid (nothing is sent).
        pub fn send(&self, index: u32, params: JsValue, options: JsValue) -> std::result::Result<Promise, JsValue> {
            throw(self.start(index, params, options))
        }

        fn start(&self, index: u32, params: JsValue, options: JsValue) -> Result<Promise> {
            let op = operation_at(index)?;
            let options: js::SendOptions = if options.is_object() {
                options.unchecked_into()
            } else {
                Object::new().unchecked_into()
            };
            let version = request::select_version(op, js::string_or_none(options.version(), "version")?.as_deref())?;
            let shop_cipher = js::string_or_none(options.shop_cipher(), "shopCipher")?;
            let ctx = Context {
                config: &self.config,
                timestamp: (js_sys::Date::now() / 1000.0) as u64,
                shop_cipher: shop_cipher.as_deref(),
            };
            let prepared = match params.as_string() {
                Some(text) => request::prepare(op, version, &JsonParams::parse(&text)?, &ctx)?,
                None => {
                    let object = object_or_empty(params.clone(), "params", ErrorKind::InvalidRequest)?;
                    request::prepare(op, version, &JsParams { object }, &ctx)?
                }
            };
            // A per-call fetch (the glue's fetch for writes) replaces the client's.
            let fetch = options
                .fetch()
                .dyn_into::<Function>()
                .unwrap_or_else(|_| self.fetch.clone());
            let extras = Extras {
                access_token: self.token_js.as_ref(),
                params: &params,
                signal: options.signal(),
            };
            transport::start(&fetch, &prepared, extras).map_err(|e| e.with_operation(request::operation_name(op)))
        }
    }

    fn operation_at(index: u32) -> Result<&'static operations::Operation> {
        operations::OPERATIONS
            .get(index as usize)
            .ok_or_else(|| Error::invalid("operation", format!("no operation at index {index}")))
    }

    /// Decodes the reply of an attempt of the operation at `index`: `response` as fetch
    /// resolved it, `text` its body. Returns `{ data, requestId, httpStatus }`, or throws a
    /// `TikTokShopError` classified by the envelope's code.
    #[wasm_bindgen(js_name = decodeReply)]
    pub fn decode_reply(index: u32, response: JsValue, text: JsValue) -> std::result::Result<JsValue, JsValue> {
        let op = throw(operation_at(index))?;
        let reply =
            transport::finish(&response, text).map_err(|e| js::to_js(e.with_operation(request::operation_name(op))))?;
        if op.group == "token" {
            add_expires_in(&reply.data);
        }
        let out: js::ReplyObject = Object::new().unchecked_into();
        out.set_data(&reply.data);
        out.set_request_id(&reply.request_id);
        out.set_http_status(reply.status);
        Ok(out.into())
    }

    /// The error for a rejected fetch or body read of the operation at `index`:
    /// `timeout` for a timeout, else `network`.
    #[wasm_bindgen(js_name = transportError)]
    pub fn transport_error(index: u32, error: JsValue, reading: bool) -> JsValue {
        let context = if reading {
            "reading the reply failed"
        } else {
            "the request failed"
        };
        let mut err = transport::fetch_error(&error, context);
        if let Ok(op) = operation_at(index) {
            err = err.with_operation(request::operation_name(op));
        }
        js::to_js(err)
    }

    /// Token replies carry absolute expiry timestamps; add the seconds left.
    fn add_expires_in(data: &JsValue) {
        if let Some(at) = get(data, "access_token_expire_in").as_f64() {
            set(data.unchecked_ref(), "expires_in", &seconds_left(at).into());
        }
    }
}
