//! Sends a prepared request through the host's `fetch` and decodes the reply.
//! The only module that touches `fetch`, `Response` and `FormData`.
//!
//! Two synchronous halves: `start` builds the request and calls `fetch`, returning its
//! promise; `finish` decodes the reply once the glue has awaited it and its text. The
//! waiting happens in JS, where it is cheap: no future machinery crosses the boundary.
//! Per-call cost matters here (bulk exports): properties are read and written through
//! typed bindings (no property-name strings cross the boundary), constant strings are
//! made once, and the reply text goes from `text()` to `JSON.parse` without entering wasm.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Blob, FormData, RequestInit};

use crate::envelope::{self, Envelope};
use crate::error::{Error, ErrorKind, Result};
use crate::js::{get, text};
use crate::operations::{Loc, Param};
use crate::request::{self, Body, Prepared};

#[wasm_bindgen]
extern "C" {
    /// What the transport reads of a fetch `Response`: `status` and `headers.get()` (read
    /// structurally, so a replacement `fetch` may answer with a look-alike).
    type FetchResponse;
    #[wasm_bindgen(method, getter)]
    fn status(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &FetchResponse) -> HeaderLookup;

    type HeaderLookup;
    #[wasm_bindgen(method, catch)]
    fn get(this: &HeaderLookup, name: &JsValue) -> std::result::Result<JsValue, JsValue>;

    /// The parsed envelope `{ code, message, request_id, data }`.
    type ParsedEnvelope;
    #[wasm_bindgen(method, getter)]
    fn code(this: &ParsedEnvelope) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn message(this: &ParsedEnvelope) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn request_id(this: &ParsedEnvelope) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn data(this: &ParsedEnvelope) -> JsValue;

    /// The host's `JSON.parse`, taking the JS string as is.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> std::result::Result<JsValue, JsValue>;
}

/// JS strings used on every call, made once.
struct Constants {
    global: JsValue,
    content_type: JsValue,
    application_json: JsValue,
    access_token: JsValue,
    retry_after: JsValue,
}

thread_local! {
    static CONSTANTS: Constants = Constants {
        global: js_sys::global().into(),
        content_type: JsValue::from_str("content-type"),
        application_json: JsValue::from_str("application/json"),
        access_token: JsValue::from_str("x-tts-access-token"),
        retry_after: JsValue::from_str("retry-after"),
    };
}

/// A successful reply: the envelope's `data` and what identifies the reply.
pub struct Reply {
    pub data: JsValue,
    /// `request_id` as the JS string it arrived as.
    pub request_id: JsValue,
    pub status: u16,
}

/// The pieces of a call that stay on the JS side.
pub struct Extras<'a> {
    pub access_token: Option<&'a JsValue>,
    /// The caller's params object, for multipart parts.
    pub params: &'a JsValue,
    /// `AbortSignal` combining the caller's signal and the timeout, or undefined.
    pub signal: JsValue,
}

/// Builds the request and calls `fetch(url, init)` (with `globalThis` as `this`: Workers
/// reject other receivers). Returns fetch's promise of the response.
pub fn start(fetch: &Function, req: &Prepared, extras: Extras<'_>) -> Result<Promise> {
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    let headers = Object::new();
    CONSTANTS.with(|c| -> Result<()> {
        if req.access_token {
            if let Some(token) = extras.access_token {
                let _ = Reflect::set(&headers, &c.access_token, token);
            }
        }
        match &req.body {
            Body::None => {
                let _ = Reflect::set(&headers, &c.content_type, &c.application_json);
            }
            Body::Json(text) => {
                let _ = Reflect::set(&headers, &c.content_type, &c.application_json);
                init.set_body(&JsValue::from_str(text));
            }
            // fetch sets the multipart content type with its boundary.
            Body::Multipart(parts) => {
                init.set_body(&form(parts, extras.params, &request::operation_name(req.op))?.into())
            }
        }
        Ok(())
    })?;
    init.set_headers(&headers);
    if let Some(signal) = extras.signal.dyn_ref::<AbortSignal>() {
        init.set_signal(Some(signal));
    } else if extras.signal.is_object() {
        init.set_signal(Some(extras.signal.unchecked_ref()));
    }
    let this = CONSTANTS.with(|c| c.global.clone());
    let promise = fetch
        .call2(&this, &JsValue::from_str(&req.url), &init)
        .map_err(|e| fetch_error(&e, "fetch threw"))?;
    promise
        .dyn_into()
        .map_err(|_| Error::new(ErrorKind::Config, "`fetch` must return a Promise").with_field("fetch"))
}

/// Decodes a reply: `response` as fetch resolved it, `text` its body text.
pub fn finish(response: &JsValue, text: JsValue) -> Result<Reply> {
    if !response.is_object() {
        return Err(Error::new(
            ErrorKind::Config,
            "`fetch` resolved to something that is not a Response",
        )
        .with_field("fetch"));
    }
    let response: &FetchResponse = response.unchecked_ref();
    let status = response.status().as_f64().unwrap_or(0.0) as u16;
    decode(response, text, status)
}

/// Parses the envelope with the host's `JSON.parse`: the reply text never enters wasm
/// memory, and `data` reaches the caller as the object `JSON.parse` made.
fn decode(response: &FetchResponse, text: JsValue, status: u16) -> Result<Reply> {
    let empty = text.dyn_ref::<js_sys::JsString>().is_none_or(|s| s.length() == 0);
    if empty {
        return Err(envelope::undecodable(status, "the body is empty"));
    }
    let parsed = json_parse(&text).map_err(|_| envelope::undecodable(status, "invalid or truncated JSON"))?;
    if !parsed.is_object() {
        return Err(envelope::undecodable(status, "not a JSON object"));
    }
    let parsed: ParsedEnvelope = parsed.unchecked_into();
    let Some(code) = parsed.code().as_f64().filter(|c| c.fract() == 0.0) else {
        return Err(envelope::undecodable(status, "no numeric `code` field"));
    };
    if code == 0.0 && (200..300).contains(&status) {
        return Ok(Reply {
            data: parsed.data(),
            request_id: parsed.request_id(),
            status,
        });
    }
    // A failure: only now do strings come into Rust, for the error.
    let env = Envelope {
        code: code as i64,
        message: parsed.message().as_string().unwrap_or_default(),
        request_id: parsed.request_id().as_string().unwrap_or_default(),
    };
    let mut err = envelope::check(env, status).unwrap_or_else(|| envelope::undecodable(status, "unexpected envelope"));
    err.retry_after = retry_after(response);
    Err(err)
}

fn retry_after(response: &FetchResponse) -> Option<f64> {
    let value = CONSTANTS.with(|c| response.headers().get(&c.retry_after)).ok()?;
    envelope::parse_retry_after(&value.as_string()?)
}

/// Classifies a rejected fetch or body read: a timeout or a network failure. (An abort
/// by the caller's own signal is rethrown as the signal's reason by the glue.)
pub fn fetch_error(e: &JsValue, context: &str) -> Error {
    let name = get(e, "name").as_string().unwrap_or_default();
    let detail = get(e, "message").as_string().unwrap_or_default();
    if name == "TimeoutError" {
        return Error::new(ErrorKind::Timeout, "the request timed out");
    }
    let cause = get(&get(e, "cause"), "message").as_string();
    let mut message = format!("{context}: {detail}");
    if let Some(cause) = cause.filter(|c| !c.is_empty()) {
        message.push_str(" (");
        message.push_str(&cause);
        message.push(')');
    }
    Error::new(ErrorKind::Network, message)
}

/// The multipart form of an upload: file parts as `Blob`s, text fields as strings.
fn form(parts: &[&'static Param], params: &JsValue, operation: &str) -> Result<FormData> {
    let form = FormData::new().map_err(|_| Error::new(ErrorKind::Config, "this runtime has no FormData"))?;
    for p in parts {
        let value = get(params, p.name);
        let appended = match p.loc {
            Loc::File => {
                let blob = to_blob(&value).ok_or_else(|| {
                    Error::invalid(
                        p.name,
                        format!(
                            "`{}` of {operation} must be a Blob, File, Uint8Array or ArrayBuffer",
                            p.name
                        ),
                    )
                })?;
                let name = get(&value, "name").as_string().unwrap_or_else(|| p.name.to_owned());
                form.append_with_blob_and_filename(p.name, &blob, &name)
            }
            _ => {
                let text = text(&value)
                    .ok_or_else(|| Error::invalid(p.name, format!("`{}` of {operation} must be a string", p.name)))?;
                form.append_with_str(p.name, &text)
            }
        };
        appended.map_err(|_| Error::invalid(p.name, format!("`{}` could not be added to the form", p.name)))?;
    }
    Ok(form)
}

fn to_blob(value: &JsValue) -> Option<Blob> {
    if let Some(blob) = value.dyn_ref::<Blob>() {
        return Some(blob.clone());
    }
    let bytes = if let Some(u8s) = value.dyn_ref::<Uint8Array>() {
        u8s.clone()
    } else if value.is_instance_of::<js_sys::ArrayBuffer>() {
        Uint8Array::new(value)
    } else {
        return None;
    };
    let parts = js_sys::Array::of1(&bytes);
    Blob::new_with_u8_array_sequence(&parts).ok()
}
