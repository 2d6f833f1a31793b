//! Builds one request, after the plan (src/plan.rs) decided its version and its shop:
//! the caller's parameters routed by the version's definition (`route`), checked on the
//! way (`values`), then `app_key`, `timestamp` and `shop_cipher` added, the body
//! serialised once and exactly those bytes signed, and the URL encoded (`encode`).
//! Requests the catalog does not describe are `raw`.

mod encode;
mod params;
mod raw;
mod route;
mod values;

use std::borrow::Cow;
use std::fmt;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::operations::{flags, Host, Method, Operation, Version};

pub use encode::encode;
pub use params::JsonParams;
pub use raw::{check_raw_path, prepare_raw};

/// What a request depends on besides its parameters.
pub struct Context<'a> {
    pub config: &'a Config,
    /// Unix seconds; each attempt is signed with a fresh one.
    pub timestamp: u64,
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

/// The request of one attempt of `op` at version `v`, to `shop` (the plan's cipher, or
/// none), from the caller's parameters.
pub fn prepare<'a>(
    op: &'static Operation,
    v: &'static Version,
    shop: Option<&'a str>,
    params: &JsonParams,
    ctx: &Context<'a>,
) -> Result<Prepared> {
    crate::scopes::check(op, v, ctx.config.granted_scopes.as_deref())?;
    build(v, shop, params, ctx, Name::Op(op)).map_err(|e| e.with_operation(operation_name(op)))
}

/// Query pairs as sent: names, and values borrowed where they are the client's own.
pub(crate) type Query<'a> = Vec<(&'a str, Cow<'a, str>)>;

fn build<'a>(
    v: &'static Version,
    shop: Option<&'a str>,
    params: &JsonParams,
    ctx: &Context<'a>,
    name: Name,
) -> Result<Prepared> {
    let config = ctx.config;
    let route::Routed {
        path,
        mut query,
        mut body,
        parts,
    } = route::route(v, params, ctx, name)?;
    if let Host::Auth { grant_type } = v.host {
        query.push(("app_key", Cow::Borrowed(&config.app_key)));
        query.push(("app_secret", Cow::Borrowed(&config.app_secret)));
        query.push(("grant_type", Cow::Borrowed(grant_type)));
        return Ok(Prepared {
            method: v.method,
            url: encode::url(&config.auth_base_url, &path, &query, None),
            path,
            body: Body::None,
            access_token: false,
        });
    }
    if let Some(c) = shop {
        query.push(("shop_cipher", Cow::Borrowed(c)));
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

/// Adds `app_key` and `timestamp`, signs path, query and body bytes, and makes the URL.
pub(crate) fn signed<'a>(
    method: Method,
    path: String,
    mut query: Query<'a>,
    body: Body,
    ctx: &Context<'a>,
    name: Name,
) -> Result<Prepared> {
    let config = ctx.config;
    if config.access_token.is_none() {
        return Err(Error::config(
            "accessToken",
            format!("{name} needs an access token: pass `accessToken` to the client"),
        ));
    }
    query.push(("app_key", Cow::Borrowed(&config.app_key)));
    query.push(("timestamp", Cow::Owned(ctx.timestamp.to_string())));
    let signed_body: &[u8] = match &body {
        Body::Json(text) => text.as_bytes(),
        _ => b"",
    };
    let signature = config.signer.sign(&path, &query, signed_body);
    Ok(Prepared {
        method,
        url: encode::url(&config.base_url, &path, &query, Some(&signature)),
        path,
        body,
        access_token: true,
    })
}
