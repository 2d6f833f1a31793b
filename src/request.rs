//! Builds one request: from an operation version and the caller's parameters (routing
//! each to the path, query, body or form, checking types and required ones), or from a
//! method and path the catalog does not know (`shop.request()`); then adds `app_key`,
//! `timestamp` and `shop_cipher`, serialises the body once and signs exactly those bytes.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::operations::{flags, Host, Kind, Loc, Method, Operation, Param, ShopCipher, Version};

/// The caller's parameters (the JSON text the JS client sends; a JSON map in tests).
pub trait ParamSource {
    /// Names of the parameters given, in the caller's order, without null ones.
    fn keys(&self) -> Vec<String>;
    /// Shallow view of a value: scalars exactly and arrays of scalars; what nested
    /// objects contain does not matter here.
    fn value(&self, key: &str) -> Value;
    /// The value serialised as JSON text (for body parameters).
    fn json(&self, key: &str) -> Result<String>;
}

/// Parameters given as the JSON text of one object: one `JSON.stringify` on the JS side
/// instead of a crossing per parameter. Keeps the caller's order, and hands body values
/// on as the exact JSON text given.
pub struct JsonParams {
    pairs: Vec<(String, Box<RawValue>)>,
}

impl JsonParams {
    pub fn parse(text: &str) -> Result<JsonParams> {
        serde_json::from_str::<Pairs>(text)
            .map(|p| JsonParams { pairs: p.0 })
            .map_err(|_| Error::invalid("params", "params must be an object"))
    }

    fn raw(&self, key: &str) -> Option<&RawValue> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| &**v)
    }

    /// The pairs as text, for a query given whole (`shop.request()`): scalars as they
    /// print, arrays comma-joined.
    pub fn query_pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::with_capacity(self.pairs.len());
        for key in self.keys() {
            let text = query_text(&key, Kind::Array, self.value(&key), Name::Raw)?;
            out.push((key, text));
        }
        Ok(out)
    }
}

impl ParamSource for JsonParams {
    fn keys(&self) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(_, v)| v.get() != "null")
            .map(|(k, _)| k.clone())
            .collect()
    }
    fn value(&self, key: &str) -> Value {
        self.raw(key)
            .and_then(|raw| serde_json::from_str(raw.get()).ok())
            .unwrap_or(Value::Null)
    }
    fn json(&self, key: &str) -> Result<String> {
        Ok(self.raw(key).map(|raw| raw.get().to_owned()).unwrap_or_default())
    }
}

/// A JSON object's members in order, values left as raw text.
struct Pairs(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Pairs, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Pairs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Pairs, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(pair) = map.next_entry::<String, Box<RawValue>>()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// What a request depends on besides its parameters.
pub struct Context<'a> {
    pub config: &'a Config,
    /// Unix seconds; each attempt is signed with a fresh one.
    pub timestamp: u64,
    /// Per-call `shopCipher` option, overriding the client's.
    pub shop_cipher: Option<&'a str>,
    /// Whether the client's `fetch` can send a body with GET (a caller-supplied one may;
    /// the runtime's cannot).
    pub get_body: bool,
}

#[derive(Debug, PartialEq)]
pub enum Body {
    None,
    Json(String),
    /// A multipart form (uploads), in the order given; not signed.
    Multipart(Vec<Part>),
}

/// One part of a multipart form.
#[derive(Debug, PartialEq)]
pub enum Part {
    Text {
        name: &'static str,
        value: String,
    },
    /// A file the caller gave; its bytes never enter the core.
    File {
        name: &'static str,
    },
}

/// One request, ready for the transport.
#[derive(Debug)]
pub struct Prepared {
    pub method: Method,
    pub url: String,
    /// The path as sent and signed (parameters substituted and encoded).
    pub path: String,
    pub body: Body,
    /// Whether the `x-tts-access-token` header goes with it (business calls).
    pub access_token: bool,
}

/// How an error names the call: `group.method` of an operation, or "the request" for one
/// the catalog does not describe (`shop.request()`, `signRequest()`).
#[derive(Clone, Copy)]
pub enum Name<'a> {
    Op(&'a Operation),
    Raw,
}

impl fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Op(op) => write!(f, "{}.{}", op.group, op.operation),
            Name::Raw => f.write_str("the request"),
        }
    }
}

pub fn operation_name(op: &Operation) -> String {
    Name::Op(op).to_string()
}

/// Picks the version of a call: the latest, or the one asked for if the operation lists it.
pub fn select_version(op: &'static Operation, wanted: Option<&str>) -> Result<&'static Version> {
    op.version(wanted).ok_or_else(|| {
        Error::invalid(
            "version",
            format!(
                "{} has no version {}; available: {}",
                operation_name(op),
                wanted.unwrap_or_default(),
                op.version_list()
            ),
        )
        .with_operation(operation_name(op))
    })
}

pub fn prepare(
    op: &'static Operation,
    v: &'static Version,
    params: &dyn ParamSource,
    ctx: &Context,
) -> Result<Prepared> {
    build(v, params, ctx, Name::Op(op)).map_err(|e| e.with_operation(operation_name(op)))
}

fn build(v: &'static Version, params: &dyn ParamSource, ctx: &Context, name: Name) -> Result<Prepared> {
    let config = ctx.config;
    let mut path = v.path.to_owned();
    let mut query: Vec<(&str, String)> = Vec::with_capacity(8);
    let mut body = String::new();
    let mut parts = Vec::new();
    let mut cipher = ctx.shop_cipher.or(config.shop_cipher.as_deref()).map(str::to_owned);

    let keys = params.keys();
    for key in &keys {
        if key == "shop_cipher" {
            if v.shop_cipher == ShopCipher::Forbidden {
                return Err(Error::invalid(
                    "shop_cipher",
                    format!("{name} does not take `shop_cipher`: TikTok rejects it on this operation"),
                ));
            }
            cipher = Some(query_text(key, Kind::Str, params.value(key), name)?);
            continue;
        }
        let mut routed = false;
        for p in v.params.iter().filter(|p| p.name == key) {
            routed = true;
            match p.loc {
                Loc::Path => {
                    let text = query_text(p.name, p.kind, params.value(key), name)?;
                    path = path.replace(&format!("{{{}}}", p.name), &path_segment(p.name, &text, name)?);
                }
                Loc::Query => {
                    let text = query_text(p.name, p.kind, params.value(key), name)?;
                    if p.name == "page_size" {
                        check_page_size(&text, v, name)?;
                    }
                    query.push((p.name, text));
                }
                Loc::Body => {
                    check_body_kind(p, &params.value(key), name)?;
                    if v.method == Method::Get && !ctx.get_body {
                        return Err(Error::invalid(
                            p.name,
                            format!(
                                "`{}` of {name} travels in the body of a GET, which the runtime's fetch cannot \
                                 send; pass the client a `fetch` that can (see the README), or leave it out",
                                p.name
                            ),
                        ));
                    }
                    body.push(if body.is_empty() { '{' } else { ',' });
                    body.push('"');
                    body.push_str(p.name);
                    body.push_str("\":");
                    body.push_str(&params.json(key)?);
                }
                Loc::Form => parts.push(Part::Text {
                    name: p.name,
                    value: query_text(p.name, p.kind, params.value(key), name)?,
                }),
                Loc::File => parts.push(Part::File { name: p.name }),
            }
        }
        if !routed {
            return Err(Error::invalid(
                key,
                format!("`{key}` is not a parameter of {name} (version {})", v.version),
            ));
        }
    }

    if let Some(missing) = v
        .params
        .iter()
        .find(|p| p.required && !keys.iter().any(|k| k == p.name))
    {
        return Err(Error::invalid(
            missing.name,
            format!(
                "{name} requires `{}` ({} parameter)",
                missing.name,
                missing.loc.as_str()
            ),
        ));
    }

    if let Host::Auth { grant_type } = v.host {
        query.push(("app_key", config.app_key.clone()));
        query.push(("app_secret", config.app_secret.clone()));
        query.push(("grant_type", grant_type.to_owned()));
        return Ok(Prepared {
            method: v.method,
            url: url(&config.auth_base_url, &path, &query, None),
            path,
            body: Body::None,
            access_token: false,
        });
    }

    match (v.shop_cipher, cipher) {
        (ShopCipher::Forbidden, _) | (ShopCipher::Optional, None) => {}
        (ShopCipher::Required, None) => {
            return Err(Error::invalid(
                "shop_cipher",
                format!("{name} needs a shop cipher: pass `shopCipher` to the client or `shop_cipher` to the call"),
            ))
        }
        (_, Some(c)) => query.push(("shop_cipher", c)),
    }
    let body = if v.has(flags::MULTIPART) {
        Body::Multipart(parts)
    } else if v.has(flags::JSON_BODY) || !body.is_empty() {
        // The operation defines a body: send one, even `{}`, and sign it.
        if body.is_empty() {
            body.push('{');
        }
        body.push('}');
        Body::Json(body)
    } else {
        Body::None
    };
    signed(v.method, path, query, body, ctx, name)
}

/// A request the catalog does not describe: `method path`, the query pairs and the JSON
/// body as given, signed like any business call.
pub fn prepare_raw(
    method: Method,
    path: &str,
    query: &[(String, String)],
    body: Option<String>,
    ctx: &Context,
) -> Result<Prepared> {
    check_raw_path(path)?;
    if method == Method::Get && body.is_some() && !ctx.get_body {
        return Err(Error::invalid(
            "body",
            "a GET body cannot be sent by the runtime's fetch; pass the client a `fetch` that can",
        ));
    }
    let mut pairs: Vec<(&str, String)> = Vec::with_capacity(query.len() + 3);
    for (k, v) in query {
        if ["app_key", "timestamp", "sign", "access_token", "shop_cipher"].contains(&k.as_str()) {
            return Err(Error::invalid(
                k,
                format!("`{k}` is added by the client (use the `shopCipher` option for shop_cipher)"),
            ));
        }
        pairs.push((k, v.clone()));
    }
    if let Some(c) = ctx.shop_cipher {
        pairs.push(("shop_cipher", c.to_owned()));
    }
    let body = body.map_or(Body::None, Body::Json);
    signed(method, path.to_owned(), pairs, body, ctx, Name::Raw)
}

/// Adds `app_key` and `timestamp`, signs path, query and body bytes, and makes the URL.
fn signed(
    method: Method,
    path: String,
    mut query: Vec<(&str, String)>,
    body: Body,
    ctx: &Context,
    name: Name,
) -> Result<Prepared> {
    let config = ctx.config;
    if config.access_token.is_none() {
        return Err(Error::config(
            "accessToken",
            format!("{name} needs an access token: pass `accessToken` to the client"),
        ));
    }
    query.push(("app_key", config.app_key.clone()));
    query.push(("timestamp", ctx.timestamp.to_string()));
    let signed_body: &[u8] = match &body {
        Body::Json(text) => text.as_bytes(),
        _ => b"",
    };
    let signature = config.signer.sign(&path, &query, signed_body);
    Ok(Prepared {
        method,
        url: url(&config.base_url, &path, &query, Some(&signature)),
        path,
        body,
        access_token: true,
    })
}

/// A path given to `shop.request()`: absolute, no query or fragment, and no segment that
/// would send the call elsewhere (`.`, `..`, empty).
fn check_raw_path(path: &str) -> Result<()> {
    let bad = |why: &str| Error::invalid("path", format!("`path` {why}"));
    let rest = path.strip_prefix('/').ok_or_else(|| bad("must start with '/'"))?;
    if path.len() > 2048 {
        return Err(bad("is longer than 2048 characters"));
    }
    if !path
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'?' | b'#' | b'\\'))
    {
        return Err(bad("must be printable ASCII without spaces, '?', '#' or '\\'"));
    }
    // Servers and proxies may decode `%2e`, `%2f` and `%5c` before they resolve dot
    // segments (and take `\\` for `/`), so the segments are judged as such a server sees them.
    if decoded_separators(rest)
        .split(['/', '\\'])
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(bad(
            "must not have empty, '.' or '..' segments (also when written %2e, %2f or %5c)",
        ));
    }
    Ok(())
}

/// `path` with `%2e`, `%2f` and `%5c` (any case) decoded; every other escape kept.
fn decoded_separators(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at + 1..at + 3).map(str::to_ascii_lowercase);
        let decoded = match escape.as_deref() {
            Some("2e") => Some('.'),
            Some("2f") => Some('/'),
            Some("5c") => Some('\\'),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 3..];
            }
            None => {
                out.push('%');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A `page_size` within what the operation serves: the table knows the largest, so a page
/// TikTok would refuse is refused here, before sending, naming the maximum.
fn check_page_size(text: &str, v: &Version, name: Name) -> Result<()> {
    if v.page_size_max == 0 {
        return Ok(());
    }
    let max = u64::from(v.page_size_max);
    match text.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(()),
        _ => Err(Error::invalid(
            "page_size",
            format!("`page_size` of {name} must be from 1 to {max} (the largest page this operation serves)"),
        )),
    }
}

/// A path parameter, encoded. `.` and `..` survive encoding (they are unreserved) and
/// would move the call to another path, so they are refused, as is an empty value.
fn path_segment(field: &str, text: &str, name: Name) -> Result<String> {
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::invalid(
            field,
            format!("`{field}` of {name} must not be empty, '.' or '..'"),
        ));
    }
    Ok(encode(text))
}

fn url(base: &str, path: &str, query: &[(&str, String)], sign: Option<&str>) -> String {
    let mut out = String::with_capacity(base.len() + path.len() + 192);
    out.push_str(base);
    out.push_str(path);
    let mut sep = '?';
    for (k, v) in query
        .iter()
        .map(|(k, v)| (*k, v.as_str()))
        .chain(sign.map(|s| ("sign", s)))
    {
        out.push(sep);
        sep = '&';
        encode_into(&mut out, k);
        out.push('=');
        encode_into(&mut out, v);
    }
    out
}

/// RFC 3986 percent-encoding: everything but unreserved characters, `%20` for spaces.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// The text of a path or query value, checked against its declared kind.
/// Arrays are comma-joined; booleans are `true` / `false`.
fn query_text(field: &str, kind: Kind, value: Value, op: Name) -> Result<String> {
    let wrong = |what: &str| Error::invalid(field, format!("`{field}` of {op} must be {what}"));
    match (kind, value) {
        (Kind::Array, Value::Array(items)) => {
            let mut out = String::new();
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let text = scalar_text(item).ok_or_else(|| wrong("an array of strings, numbers or booleans"))?;
                // The array goes comma-joined: a comma inside one value would make it two.
                if text.contains(',') {
                    let at = format!("{field}[{i}]");
                    return Err(Error::invalid(
                        &at,
                        format!("`{at}` of {op} contains a comma, which would send it as two values: give each value its own element"),
                    ));
                }
                out.push_str(&text);
            }
            Ok(out)
        }
        (_, Value::Array(_)) => Err(wrong(article(kind))),
        (Kind::Int, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        (Kind::Int, Value::String(s)) if is_integer(&s) => Ok(s),
        (Kind::Int, _) => Err(wrong("an integer")),
        (Kind::Num, Value::Number(n)) => Ok(n.to_string()),
        (Kind::Num, Value::String(s)) if s.trim().parse::<f64>().is_ok() => Ok(s),
        (Kind::Num, _) => Err(wrong("a number")),
        (Kind::Bool, Value::Bool(b)) => Ok(b.to_string()),
        (Kind::Bool, Value::String(s)) if s == "true" || s == "false" => Ok(s),
        (Kind::Bool, _) => Err(wrong("a boolean")),
        (_, value) => scalar_text(value).ok_or_else(|| wrong("a string, number or boolean")),
    }
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "an integer",
        Kind::Num => "a number",
        Kind::Bool => "a boolean",
        Kind::Array => "an array",
        Kind::Object => "an object",
        Kind::Str | Kind::Binary => "a single value",
    }
}

fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Checks the top-level type of a body value; what is inside objects and arrays is the API's to judge.
fn check_body_kind(p: &Param, value: &Value, op: Name) -> Result<()> {
    let ok = match (p.kind, value) {
        (Kind::Str, Value::String(_)) | (Kind::Bool, Value::Bool(_)) | (Kind::Num, Value::Number(_)) => true,
        (Kind::Int, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Kind::Array, Value::Array(_)) | (Kind::Object, Value::Object(_)) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let what = match p.kind {
            Kind::Str => "a string",
            other => article(other),
        };
        Err(Error::invalid(p.name, format!("`{}` of {op} must be {what}", p.name)))
    }
}
