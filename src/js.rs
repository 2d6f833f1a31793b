//! Conversions at the JS boundary: caller parameters into a [`ParamSource`],
//! options objects into Rust values, and [`Error`] into a JS `TikTokShopError`.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{Error, ErrorKind, Result};
use crate::request::ParamSource;

#[wasm_bindgen]
extern "C" {
    /// Per-call options the glue passes to `Core.send` (read through typed getters:
    /// no property-name strings cross the boundary on each call).
    pub type SendOptions;
    #[wasm_bindgen(method, getter)]
    pub fn version(this: &SendOptions) -> JsValue;
    #[wasm_bindgen(method, getter = shopCipher)]
    pub fn shop_cipher(this: &SendOptions) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn signal(this: &SendOptions) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn fetch(this: &SendOptions) -> JsValue;

    /// What `Core.send` resolves to: `{ data, requestId, httpStatus }`.
    pub type ReplyObject;
    #[wasm_bindgen(method, setter)]
    pub fn set_data(this: &ReplyObject, value: &JsValue);
    #[wasm_bindgen(method, setter = requestId)]
    pub fn set_request_id(this: &ReplyObject, value: &JsValue);
    #[wasm_bindgen(method, setter = httpStatus)]
    pub fn set_http_status(this: &ReplyObject, value: u16);
}

/// An optional string read through a typed getter; a non-string is a `config` error.
pub fn string_or_none(value: JsValue, key: &str) -> Result<Option<String>> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    value
        .as_string()
        .map(Some)
        .ok_or_else(|| Error::config(key, format!("`{key}` must be a string")))
}

thread_local! {
    /// The JS `TikTokShopError` class, registered once by the package's glue.
    static ERROR_CLASS: RefCell<Option<Function>> = const { RefCell::new(None) };
}

pub fn register_error_class(class: Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// Turns an error into a `TikTokShopError` (or a plain `Error` carrying the same
/// fields if the glue has not registered the class).
pub fn to_js(err: Error) -> JsValue {
    let fields = Object::new();
    set(&fields, "kind", &err.kind.as_str().into());
    set(&fields, "message", &err.message.as_str().into());
    set(&fields, "code", &err.code.map_or(JsValue::NULL, |c| (c as f64).into()));
    set(&fields, "requestId", &opt_str(err.request_id.as_deref()));
    set(
        &fields,
        "httpStatus",
        &err.http_status.map_or(JsValue::NULL, |s| s.into()),
    );
    set(&fields, "field", &opt_str(err.field.as_deref()));
    set(&fields, "operation", &opt_str(err.operation.as_deref()));
    set(
        &fields,
        "retryAfter",
        &err.retry_after.map_or(JsValue::NULL, JsValue::from),
    );
    let class = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = class {
        if let Ok(e) = Reflect::construct(&class, &Array::of1(&fields)) {
            return e;
        }
    }
    let e = js_sys::Error::new(&err.message);
    let _ = Object::assign(&e, &fields);
    e.into()
}

pub fn set(target: &Object, key: &str, value: &JsValue) {
    // Defining a property on a plain object we created cannot fail.
    let _ = Reflect::set(target, &key.into(), value);
}

pub fn get(target: &JsValue, key: &str) -> JsValue {
    if target.is_object() {
        Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn opt_str(s: Option<&str>) -> JsValue {
    s.map_or(JsValue::NULL, JsValue::from_str)
}

/// An optional string option. A non-string value is a `config` error naming the option.
pub fn opt_string(options: &JsValue, key: &str) -> Result<Option<String>> {
    string_or_none(get(options, key), key)
}

/// Requires `value` to be an object (or absent), for an options or params argument.
pub fn object_or_empty(value: JsValue, what: &str, kind: ErrorKind) -> Result<Object> {
    if value.is_undefined() || value.is_null() {
        return Ok(Object::new());
    }
    if value.is_object() && !Array::is_array(&value) {
        return Ok(value.unchecked_into());
    }
    Err(Error::new(kind, format!("{what} must be an object")).with_field(what))
}

/// The text of a scalar: strings as they are, numbers, booleans and BigInts printed.
pub fn text(v: &JsValue) -> Option<String> {
    if let Some(s) = v.as_string() {
        Some(s)
    } else if let Some(b) = v.as_bool() {
        Some(b.to_string())
    } else if v.as_f64().is_some() {
        // As JS prints it (no `.0` on integers).
        js_sys::Number::unchecked_from_js_ref(v)
            .to_string_with_radix(10)
            .ok()
            .map(String::from)
    } else if v.is_bigint() {
        js_sys::BigInt::unchecked_from_js_ref(v)
            .to_string(10)
            .ok()
            .map(String::from)
    } else {
        None
    }
}

/// A caller's params object.
pub struct JsParams {
    pub object: Object,
}

impl ParamSource for JsParams {
    fn keys(&self) -> Vec<String> {
        Object::keys(&self.object)
            .iter()
            .filter_map(|k| {
                let key = k.as_string()?;
                let v = Reflect::get(&self.object, &k).ok()?;
                (!v.is_undefined() && !v.is_null()).then_some(key)
            })
            .collect()
    }

    fn value(&self, key: &str) -> Value {
        shallow(&get(&self.object, key), true)
    }

    fn json(&self, key: &str) -> Result<String> {
        let v = get(&self.object, key);
        js_sys::JSON::stringify(&v)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| Error::invalid(key, format!("`{key}` cannot be serialised as JSON")))
    }
}

/// Scalars as they are; arrays one level deep; objects as an empty map (only their type matters).
fn shallow(v: &JsValue, descend: bool) -> Value {
    if let Some(s) = v.as_string() {
        Value::String(s)
    } else if let Some(n) = v.as_f64() {
        number(n)
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if v.is_bigint() {
        // BigInt ids (int64) travel as their decimal digits.
        text(v).map_or(Value::Null, Value::String)
    } else if Array::is_array(v) {
        if descend {
            Value::Array(Array::from(v).iter().map(|x| shallow(&x, false)).collect())
        } else {
            Value::Array(Vec::new())
        }
    } else if v.is_null() || v.is_undefined() {
        Value::Null
    } else {
        Value::Object(Map::new())
    }
}

fn number(n: f64) -> Value {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        Value::Number(Number::from(n as i64))
    } else {
        Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}
