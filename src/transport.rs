//! Sends a prepared request through the host's `fetch` and decodes the reply.
//! The only module that touches `fetch`, `Response` and `FormData`.

use js_sys::{Function, Object, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, FormData};

use crate::envelope::{self, Envelope};
use crate::error::{Error, ErrorKind, Result};
use crate::js::{get, set, text};
use crate::operations::{Loc, Param};
use crate::request::{Body, Prepared};

/// A successful reply: the envelope's `data` and what identifies the reply.
pub struct Reply {
    pub data: JsValue,
    pub request_id: String,
    pub status: u16,
}

/// The pieces of a call that stay on the JS side.
pub struct Extras<'a> {
    pub access_token: Option<&'a str>,
    /// The caller's params object, for multipart parts.
    pub params: &'a Object,
    /// `AbortSignal` combining the caller's signal and the timeout, or undefined.
    pub signal: JsValue,
}

pub async fn send(fetch: &Function, req: &Prepared, extras: Extras<'_>) -> Result<Reply> {
    let init = Object::new();
    set(&init, "method", &req.method.as_str().into());
    let headers = Object::new();
    if req.access_token {
        if let Some(token) = extras.access_token {
            set(&headers, "x-tts-access-token", &token.into());
        }
    }
    match &req.body {
        Body::None => set(&headers, "content-type", &"application/json".into()),
        Body::Json(text) => {
            set(&headers, "content-type", &"application/json".into());
            set(&init, "body", &text.as_str().into());
        }
        // fetch sets the multipart content type with its boundary.
        Body::Multipart(parts) => set(&init, "body", &form(parts, extras.params, &req.operation)?.into()),
    }
    set(&init, "headers", &headers);
    if !extras.signal.is_undefined() {
        set(&init, "signal", &extras.signal);
    }

    let response = call_fetch(fetch, &req.url, &init).await?;
    let status = get(&response, "status").as_f64().unwrap_or(0.0) as u16;
    let retry_after = header(&response, "retry-after").and_then(|v| envelope::parse_retry_after(&v));
    let text = match method_promise(&response, "text") {
        Some(p) => JsFuture::from(p).await.map_err(|e| fetch_error(&e, "reading the reply failed"))?,
        None => return Err(envelope::undecodable(status, "the response has no body")),
    };
    decode(text, status, retry_after)
}

/// Calls `fetch(url, init)` with `globalThis` as `this` (Workers reject other receivers).
async fn call_fetch(fetch: &Function, url: &str, init: &Object) -> Result<JsValue> {
    let promise = fetch
        .call2(&js_sys::global(), &url.into(), init)
        .map_err(|e| fetch_error(&e, "fetch threw"))?;
    let promise: Promise = promise
        .dyn_into()
        .map_err(|_| Error::new(ErrorKind::Config, "`fetch` must return a Promise").with_field("fetch"))?;
    JsFuture::from(promise).await.map_err(|e| fetch_error(&e, "the request failed"))
}

fn method_promise(target: &JsValue, name: &str) -> Option<Promise> {
    let f: Function = get(target, name).dyn_into().ok()?;
    f.call0(target).ok()?.dyn_into().ok()
}

fn header(response: &JsValue, name: &str) -> Option<String> {
    let headers = get(response, "headers");
    let f: Function = get(&headers, "get").dyn_into().ok()?;
    f.call1(&headers, &name.into()).ok()?.as_string()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The host's `JSON.parse`, taking the JS string as is.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> std::result::Result<JsValue, JsValue>;
}

/// Parses the envelope with the host's `JSON.parse`: the reply text never enters
/// wasm memory, and `data` reaches the caller as the object `JSON.parse` made.
fn decode(text: JsValue, status: u16, retry_after: Option<f64>) -> Result<Reply> {
    let empty = text.dyn_ref::<js_sys::JsString>().map_or(true, |s| s.length() == 0);
    if empty {
        return Err(envelope::undecodable(status, "the body is empty"));
    }
    let parsed = json_parse(&text).map_err(|_| envelope::undecodable(status, "invalid or truncated JSON"))?;
    let code = get(&parsed, "code").as_f64();
    let Some(code) = code.filter(|c| c.fract() == 0.0) else {
        return Err(envelope::undecodable(status, "no numeric `code` field"));
    };
    let env = Envelope {
        code: code as i64,
        message: get(&parsed, "message").as_string().unwrap_or_default(),
        request_id: get(&parsed, "request_id").as_string().unwrap_or_default(),
    };
    let request_id = env.request_id.clone();
    match envelope::check(env, status) {
        Some(mut err) => {
            err.retry_after = retry_after;
            Err(err)
        }
        None => Ok(Reply { data: get(&parsed, "data"), request_id, status }),
    }
}

/// Classifies a rejected fetch: a timeout or a network failure. (An abort by the
/// caller's own signal is rethrown as the signal's reason by the glue.)
fn fetch_error(e: &JsValue, context: &str) -> Error {
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
fn form(parts: &[&'static Param], params: &Object, operation: &str) -> Result<FormData> {
    let form = FormData::new().map_err(|_| Error::new(ErrorKind::Config, "this runtime has no FormData"))?;
    for p in parts {
        let value = get(params, p.name);
        let appended = match p.loc {
            Loc::File => {
                let blob = to_blob(&value).ok_or_else(|| {
                    Error::invalid(
                        p.name,
                        format!("`{}` of {operation} must be a Blob, File, Uint8Array or ArrayBuffer", p.name),
                    )
                })?;
                let name = get(&value, "name").as_string().unwrap_or_else(|| p.name.to_owned());
                form.append_with_blob_and_filename(p.name, &blob, &name)
            }
            _ => {
                let text = text(&value).ok_or_else(|| Error::invalid(p.name, format!("`{}` of {operation} must be a string", p.name)))?;
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
