//! Everything the core calls on the JS side, in one place: `fetch`, `JSON.parse`, the
//! request's init object and multipart form, and the plain objects errors cross as.
//!
//! A JS exception must never unwind through wasm frames (Rust's cleanup would not run,
//! and the instance would degrade for the whole process), so every import that can
//! throw is declared `catch` and its failure handled here. The calls that are not
//! (`Object::new`, the setters of `Init` and `Headers`) only create or fill objects made
//! just now.
//! And none is expected to throw in practice: a JS exception caught this way costs a slot
//! of wasm-bindgen's externref table that is never given back, so the client hands the
//! core a `fetch` that cannot throw and a reply `JSON.parse` already read (lib/transport.js).

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Blob, FormData};

use crate::error::{Error, Result};
use crate::operations::Method;
use crate::request::{Body, Part, Prepared};

#[wasm_bindgen]
extern "C" {
    /// A parsed reply `{ code, message, request_id, data }`, read through typed getters.
    pub type Envelope;
    #[wasm_bindgen(method, getter, catch)]
    fn code(this: &Envelope) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn message(this: &Envelope) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn request_id(this: &Envelope) -> std::result::Result<JsValue, JsValue>;

    /// The headers of a request: a plain object made just now, so setting its two
    /// properties cannot throw (no `catch`, and no wrapper around every call).
    #[wasm_bindgen(extends = Object)]
    type Headers;
    #[wasm_bindgen(method, setter = "content-type")]
    fn set_content_type(this: &Headers, value: &JsValue);
    #[wasm_bindgen(method, setter = "x-tts-access-token")]
    fn set_access_token(this: &Headers, value: &JsValue);

    /// The init object of `fetch(url, init)`: a plain object made just now (so, again, no
    /// setter can throw), its values JS strings made once where they repeat.
    #[wasm_bindgen(extends = Object)]
    pub type Init;
    #[wasm_bindgen(method, setter = "method")]
    fn set_method(this: &Init, value: &JsValue);
    #[wasm_bindgen(method, setter = "redirect")]
    fn set_redirect(this: &Init, value: &JsValue);
    #[wasm_bindgen(method, setter = "headers")]
    fn set_headers(this: &Init, value: &Headers);
    #[wasm_bindgen(method, setter = "body")]
    fn set_body(this: &Init, value: &JsValue);
    #[wasm_bindgen(method, setter = "signal")]
    fn set_signal(this: &Init, value: &JsValue);
}

/// JS strings used on every call, made once.
struct Constants {
    global: JsValue,
    application_json: JsValue,
    manual: JsValue,
    /// `GET`, `POST`, `PUT`, `DELETE`, in `Method` order.
    methods: [JsValue; 4],
}

thread_local! {
    static CONSTANTS: Constants = Constants {
        global: js_sys::global().into(),
        application_json: JsValue::from_str("application/json"),
        manual: JsValue::from_str("manual"),
        methods: [Method::Get, Method::Post, Method::Put, Method::Delete].map(|m| JsValue::from_str(m.as_str())),
    };
}

/// Seconds since the Unix epoch, from the host's clock.
pub fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Calls `fetch(url, init)` with `globalThis` as `this` (Workers reject other receivers)
/// and returns its promise. A `fetch` that throws, or returns something other than a
/// promise, is an error here, not an exception through the core.
pub fn fetch(
    fetch: &Function,
    req: &Prepared,
    token: Option<&JsValue>,
    files: &JsValue,
    signal: &JsValue,
) -> Result<Promise> {
    let init = request_init(req, token, files, signal)?;
    let this = CONSTANTS.with(|c| c.global.clone());
    let promise = fetch
        .call2(&this, &JsValue::from_str(&req.url), &init)
        .map_err(|_| Error::config("fetch", "`fetch` threw before sending the request"))?;
    promise
        .dyn_into()
        .map_err(|_| Error::config("fetch", "`fetch` must return a Promise"))
}

/// The init object: method, headers, body, the attempt's signal, and `redirect: manual`
/// (a redirect is reported, never followed: see `reply.rs`).
fn request_init(req: &Prepared, token: Option<&JsValue>, files: &JsValue, signal: &JsValue) -> Result<Init> {
    let init: Init = Object::new().unchecked_into();
    let headers: Headers = Object::new().unchecked_into();
    CONSTANTS.with(|c| -> Result<()> {
        init.set_method(&c.methods[req.method as usize]);
        init.set_redirect(&c.manual);
        if req.access_token {
            if let Some(token) = token {
                headers.set_access_token(token);
            }
        }
        match &req.body {
            Body::None => headers.set_content_type(&c.application_json),
            Body::Json(text) => {
                headers.set_content_type(&c.application_json);
                init.set_body(&JsValue::from_str(text));
            }
            // fetch sets the multipart content type with its boundary.
            Body::Multipart(parts) => init.set_body(&form(parts, files)?.into()),
        }
        Ok(())
    })?;
    init.set_headers(&headers);
    if signal.is_instance_of::<AbortSignal>() {
        init.set_signal(signal);
    }
    Ok(init)
}

/// The multipart form of an upload: text parts from the core, file parts from `files`
/// (the client made each a `Blob` before the call, so nothing here reads caller objects).
fn form(parts: &[Part], files: &JsValue) -> Result<FormData> {
    let form = FormData::new().map_err(|_| Error::config("fetch", "this runtime has no FormData"))?;
    for part in parts {
        let added = match part {
            Part::Text { name, value } => form.append_with_str(name, value),
            Part::File { name } => {
                let blob: Blob = Reflect::get(files, &JsValue::from_str(name))
                    .ok()
                    .and_then(|v| v.dyn_into().ok())
                    .ok_or_else(|| {
                        Error::invalid(
                            name,
                            format!("`{name}` must be a Blob, File, Uint8Array or ArrayBuffer"),
                        )
                    })?;
                form.append_with_blob(name, &blob)
            }
        };
        let name = match part {
            Part::Text { name, .. } | Part::File { name } => name,
        };
        added.map_err(|_| Error::invalid(name, format!("`{name}` could not be added to the form")))?;
    }
    Ok(form)
}

/// A reply body as the client parsed it (`JSON.parse`, once): what the core reads of it
/// is `code`, and `message` and `request_id` only when the reply is a failure.
pub enum Parsed {
    /// An empty body.
    Empty,
    /// Not JSON, or cut short.
    Invalid,
    Value(JsValue),
}

/// `parsed` is `JSON.parse`'s result, undefined when the text was not JSON.
pub fn parsed(parsed: JsValue, empty: bool) -> Parsed {
    match (parsed.is_undefined(), empty) {
        (false, _) => Parsed::Value(parsed),
        (true, true) => Parsed::Empty,
        (true, false) => Parsed::Invalid,
    }
}

impl Parsed {
    /// The envelope's numeric `code`, when the body is an object that has one.
    pub fn code(&self) -> Option<f64> {
        match self {
            Parsed::Value(v) if v.is_object() => v
                .unchecked_ref::<Envelope>()
                .code()
                .ok()?
                .as_f64()
                .filter(|c| c.fract() == 0.0),
            _ => None,
        }
    }

    /// The envelope as the core classifies it (only on the failure path).
    pub fn body(&self) -> crate::reply::Body {
        use crate::reply::{Body as B, Envelope as E};
        match self {
            Parsed::Empty => B::Empty,
            Parsed::Invalid => B::Invalid,
            Parsed::Value(v) => match self.code() {
                None => B::NotEnvelope,
                Some(code) => {
                    let env: &Envelope = v.unchecked_ref();
                    let text = |r: std::result::Result<JsValue, JsValue>| {
                        r.ok().and_then(|x| x.as_string()).unwrap_or_default()
                    };
                    B::Envelope(E {
                        code: code as i64,
                        message: text(env.message()),
                        request_id: text(env.request_id()),
                    })
                }
            },
        }
    }
}

/// An error as the plain object the JS client turns into a `TikTokShopError`.
pub fn error_object(err: Error) -> JsValue {
    let fields = Object::new();
    let put = |key: &str, value: JsValue| {
        // A plain object made just now: defining a property cannot fail.
        let _ = Reflect::set(&fields, &JsValue::from_str(key), &value);
    };
    let text = |s: Option<String>| s.map_or(JsValue::NULL, |s| JsValue::from_str(&s));
    put("kind", JsValue::from_str(err.kind.as_str()));
    put("message", JsValue::from_str(&err.message));
    put("code", err.code.map_or(JsValue::NULL, |c| JsValue::from_f64(c as f64)));
    put("requestId", text(err.request_id));
    put(
        "httpStatus",
        err.http_status.map_or(JsValue::NULL, |s| JsValue::from_f64(s.into())),
    );
    put("field", text(err.field));
    put("operation", text(err.operation));
    put("retryAfter", err.retry_after.map_or(JsValue::NULL, JsValue::from_f64));
    fields.into()
}
