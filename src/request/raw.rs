//! Requests the catalog does not describe (`shop.request()`): a method, a path checked so
//! that it cannot be sent elsewhere, the query pairs and JSON body as given, signed like
//! any business call.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::operations::Method;

use super::{signed, Body, Context, Name, Prepared, Query};

/// Query keys the client adds itself: a caller's would be signed twice or override ours.
const RESERVED: [&str; 5] = ["app_key", "timestamp", "sign", "access_token", "shop_cipher"];

/// `method path` with `query` and `body`, to `shop` (the plan's, if any).
pub fn prepare_raw<'a>(
    method: Method,
    path: &str,
    query: &'a [(String, String)],
    body: Option<String>,
    shop: Option<&'a str>,
    ctx: &Context<'a>,
) -> Result<Prepared> {
    check_raw_path(path)?;
    if method == Method::Get && body.is_some() && !ctx.get_body {
        return Err(Error::invalid(
            "body",
            "a GET body cannot be sent by the runtime's fetch; pass the client a `fetch` that can",
        ));
    }
    let mut pairs: Query<'a> = Vec::with_capacity(query.len() + 3);
    for (k, v) in query {
        if RESERVED.contains(&k.as_str()) {
            return Err(Error::invalid(
                k,
                format!("`{k}` is added by the client (use the `shopCipher` option for shop_cipher)"),
            ));
        }
        pairs.push((k, Cow::Borrowed(v)));
    }
    if let Some(c) = shop {
        pairs.push(("shop_cipher", Cow::Borrowed(c)));
    }
    let body = body.map_or(Body::None, Body::Json);
    signed(method, path.to_owned(), pairs, body, ctx, Name::Raw)
}

/// A path given to `shop.request()`: absolute, no query or fragment, and no segment that
/// would send the call elsewhere (`.`, `..`, empty).
pub fn check_raw_path(path: &str) -> Result<()> {
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
