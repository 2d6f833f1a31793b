//! The call plan: what the core decides about a call before anything is built, once, for
//! the JS policy to follow (lib/client.js reads it and decides none of it again).
//!
//! - the version: the newest the operation lists, or the one asked for ([`version`]);
//! - what that version is: method, path template, host, the API its rate limit counts
//!   (`METHOD /path/template`), read or write, upload or not, its timeout class, where a
//!   page's items are and the page size a walk asks for ([`version_json`]);
//! - the shop it goes to: one rule for the call's `shop_cipher` parameter, the call's
//!   `shopCipher` option and the client's ([`shop`]). The request carries that shop and
//!   the call waits in that shop's rate-limit bucket: the same decision, made here.
//!
//! Requests the catalog does not describe (`shop.request()`) get the same plan from
//! [`raw`].

use std::fmt::Write;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::operations::{flags, paging_and_files, Host, Method, Operation, ShopCipher, Version};
use crate::request::{check_raw_path, operation_name};

/// The per-attempt timeout of an ordinary call, unless the client or the call sets one.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;
/// The per-attempt timeout of an upload (multipart), unless the client or the call sets one.
pub const UPLOAD_TIMEOUT_MS: u32 = 120_000;

/// Where the shop of a call comes from. The numbers cross the boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shop {
    /// No shop: the operation takes none, or nobody named one.
    None = 0,
    /// The client's `shopCipher`.
    Client = 1,
    /// The call's `shopCipher` option.
    Call = 2,
    /// The call's own `shop_cipher` parameter.
    Params = 3,
}

impl Shop {
    pub fn from_code(code: u32) -> Option<Shop> {
        [Shop::None, Shop::Client, Shop::Call, Shop::Params]
            .get(code as usize)
            .copied()
    }
}

/// The cipher a planned call sends: the client's, or the one the call named (`named`:
/// its option or its `shop_cipher` parameter, as the JS client holds it).
pub fn cipher<'a>(shop: Shop, named: Option<&'a str>, config: &'a Config) -> Option<&'a str> {
    match shop {
        Shop::None => None,
        Shop::Client => config.shop_cipher.as_deref(),
        Shop::Call | Shop::Params => named,
    }
}

/// The shop ciphers a call offers: in its parameters, in its options, on the client.
#[derive(Clone, Copy, Debug, Default)]
pub struct Offered {
    pub params: bool,
    pub call: bool,
    pub client: bool,
}

/// The newest version of an operation (the table lists them newest first): the one a
/// call uses unless it asks for another, and the one `listOperations()` describes at the top.
pub fn newest(op: &'static Operation) -> &'static Version {
    &op.versions[0]
}

/// The version a call uses and its place in the operation's list (what crosses back):
/// the newest when none is asked for, else the one asked for if the operation lists it.
pub fn version(op: &Operation, wanted: Option<&str>) -> Result<(usize, &'static Version)> {
    let found = match wanted {
        None => Some(0),
        Some(name) => op.versions.iter().position(|v| v.version == name),
    };
    found.map(|at| (at, &op.versions[at])).ok_or_else(|| {
        let name = operation_name(op);
        Error::invalid(
            "version",
            format!(
                "{name} has no version {}; available: {}",
                wanted.unwrap_or_default(),
                op.version_list()
            ),
        )
        .with_operation(name)
    })
}

/// The version at `ordinal` (as [`version`] handed it out).
pub fn version_at(op: &'static Operation, ordinal: u32) -> Result<&'static Version> {
    op.versions
        .get(ordinal as usize)
        .ok_or_else(|| Error::invalid("version", format!("{} has no version #{ordinal}", operation_name(op))))
}

/// The shop a call of `v` goes to, and waits for in the rate limit. The most specific
/// wins: the call's `shop_cipher` parameter, then its `shopCipher` option, then the
/// client's. An operation that takes no `shop_cipher` goes to no shop (a `shop_cipher`
/// parameter is an error there: TikTok rejects it); one that requires it fails without one.
pub fn shop(op: &'static Operation, v: &Version, offered: Offered) -> Result<Shop> {
    let name = || operation_name(op);
    if v.shop_cipher == ShopCipher::Forbidden {
        if offered.params {
            return Err(Error::invalid(
                "shop_cipher",
                format!(
                    "{} does not take `shop_cipher`: TikTok rejects it on this operation",
                    name()
                ),
            )
            .with_operation(name()));
        }
        return Ok(Shop::None);
    }
    if let Host::Auth { .. } = v.host {
        return Ok(Shop::None);
    }
    Ok(if offered.params {
        Shop::Params
    } else if offered.call {
        Shop::Call
    } else if offered.client {
        Shop::Client
    } else if v.shop_cipher == ShopCipher::Required {
        return Err(Error::invalid(
            "shop_cipher",
            format!(
                "{} needs a shop cipher: pass `shopCipher` to the client or `shop_cipher` to the call",
                name()
            ),
        )
        .with_operation(name()));
    } else {
        Shop::None
    })
}

/// What a version is, as the JS client keeps it (once per operation-version):
/// `{ operation, version, ordinal, method, path, host, api, read, upload, timeoutMs,
/// shopCipher, paginated, items?, pageSize?, pageSizeMax? }`.
pub fn version_json(op: &'static Operation, ordinal: usize) -> Option<String> {
    let v = op.versions.get(ordinal)?;
    let upload = v.has(flags::MULTIPART);
    let mut out = String::with_capacity(384);
    // Names, paths and versions are identifiers from the spec: nothing to escape.
    let _ = write!(
        out,
        r#"{{"operation":"{}.{}","version":"{}","ordinal":{ordinal},"method":"{}","path":"{}","host":"{}","api":"{} {}","read":{},"upload":{upload},"timeoutMs":{},"shopCipher":"{}","paginated":{}"#,
        op.group,
        op.operation,
        v.version,
        v.method.as_str(),
        v.path,
        host_name(v.host),
        v.method.as_str(),
        v.path,
        v.has(flags::READ),
        timeout_ms(upload),
        v.shop_cipher.as_str(),
        v.has(flags::PAGINATED),
    );
    paging_and_files(&mut out, v);
    out.push('}');
    Some(out)
}

/// "api" or "auth": which of the client's hosts a version goes to.
pub fn host_name(host: Host) -> &'static str {
    match host {
        Host::Api => "api",
        Host::Auth { .. } => "auth",
    }
}

fn timeout_ms(upload: bool) -> u32 {
    if upload {
        UPLOAD_TIMEOUT_MS
    } else {
        DEFAULT_TIMEOUT_MS
    }
}

/// Which shop a `shop.request()` names: none, the client's (`shopCipher: true`) or its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawShop {
    None,
    Client,
    Own,
}

/// The method of a `shop.request()`: one of the four the API uses.
pub fn raw_method(method: &str) -> Result<Method> {
    match method {
        "GET" => Ok(Method::Get),
        "POST" => Ok(Method::Post),
        "PUT" => Ok(Method::Put),
        "DELETE" => Ok(Method::Delete),
        _ => Err(Error::invalid("method", "`method` must be GET, POST, PUT or DELETE")),
    }
}

/// The plan of a request the catalog does not describe: its method, its path checked
/// (no segment that would send it elsewhere), the API its rate limit counts, and its
/// shop. Only a GET is a read. As JSON text: `{ method, path, api, read, upload,
/// timeoutMs, shop }`, `shop` being a [`Shop`] code.
pub fn raw(method: &str, path: &str, shop: RawShop, client_has_shop: bool) -> Result<(Method, String)> {
    let method = raw_method(method)?;
    check_raw_path(path)?;
    let source = match shop {
        RawShop::None => Shop::None,
        RawShop::Own => Shop::Call,
        RawShop::Client if client_has_shop => Shop::Client,
        RawShop::Client => {
            return Err(Error::config(
                "shopCipher",
                "`shopCipher: true` needs the client's `shopCipher`",
            ))
        }
    };
    // The path is the caller's, checked: printable ASCII without `\`, so a `"` is all
    // there is to escape in JSON.
    let path = path.replace('"', "\\\"");
    let mut out = String::with_capacity(96 + 2 * path.len());
    let _ = write!(
        out,
        r#"{{"method":"{m}","path":"{path}","api":"{m} {path}","read":{},"upload":false,"timeoutMs":{},"shop":{}}}"#,
        method == Method::Get,
        DEFAULT_TIMEOUT_MS,
        source as u8,
        m = method.as_str(),
    );
    Ok((method, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::find;

    fn offered(params: bool, call: bool, client: bool) -> Offered {
        Offered { params, call, client }
    }

    #[test]
    fn the_most_specific_shop_wins() {
        let op = find("order", "getOrderList").unwrap();
        let v = newest(op);
        assert_eq!(shop(op, v, offered(true, true, true)).unwrap(), Shop::Params);
        assert_eq!(shop(op, v, offered(false, true, true)).unwrap(), Shop::Call);
        assert_eq!(shop(op, v, offered(false, false, true)).unwrap(), Shop::Client);
        assert_eq!(shop(op, v, offered(false, false, false)).unwrap(), Shop::None);
    }

    #[test]
    fn an_operation_without_shop_cipher_goes_to_no_shop() {
        let op = find("authorization", "getAuthorizedShops").unwrap();
        assert_eq!(shop(op, newest(op), offered(false, true, true)).unwrap(), Shop::None);
        let e = shop(op, newest(op), offered(true, false, false)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("shop_cipher"));
        assert_eq!(e.operation.as_deref(), Some("authorization.getAuthorizedShops"));
        let token = find("token", "refreshAccessToken").unwrap();
        assert_eq!(
            shop(token, newest(token), offered(false, true, true)).unwrap(),
            Shop::None
        );
    }

    #[test]
    fn a_required_shop_cipher_must_come_from_somewhere() {
        let op = find("analytics", "getShopPerformance").unwrap();
        let (_, v) = version(op, Some("202405")).unwrap();
        assert_eq!(v.shop_cipher, ShopCipher::Required);
        let e = shop(op, v, offered(false, false, false)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("shop_cipher"));
        assert!(e.message.contains("needs a shop cipher"), "{}", e.message);
        assert_eq!(shop(op, v, offered(false, true, false)).unwrap(), Shop::Call);
    }

    #[test]
    fn versions_newest_first_or_as_asked() {
        let op = find("order", "getOrderDetail").unwrap();
        assert_eq!(version(op, None).unwrap().1.version, "202507");
        let (at, v) = version(op, Some("202309")).unwrap();
        assert_eq!((at, v.path), (1, "/order/202309/orders"));
        assert_eq!(version_at(op, 1).unwrap().version, "202309");
        assert!(version_at(op, 2).is_err());
        let e = version(op, Some("202401")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("version"));
        assert!(e.message.contains("202507, 202309"), "{}", e.message);
    }

    #[test]
    fn a_version_plan_says_what_the_policy_needs() {
        let op = find("order", "getOrderList").unwrap();
        let plan: serde_json::Value = serde_json::from_str(&version_json(op, 0).unwrap()).unwrap();
        assert_eq!(plan["operation"], "order.getOrderList");
        assert_eq!(plan["api"], "POST /order/202309/orders/search");
        assert_eq!(plan["host"], "api");
        assert_eq!(
            (plan["read"].as_bool(), plan["upload"].as_bool()),
            (Some(true), Some(false))
        );
        assert_eq!(plan["timeoutMs"], DEFAULT_TIMEOUT_MS);
        assert_eq!(
            (plan["items"].as_str(), plan["pageSize"].as_u64()),
            (Some("orders"), Some(100))
        );
        let upload = find("product", "uploadProductImage").unwrap();
        let plan: serde_json::Value = serde_json::from_str(&version_json(upload, 0).unwrap()).unwrap();
        assert_eq!(
            (plan["upload"].as_bool(), plan["timeoutMs"].as_u64()),
            (Some(true), Some(120_000))
        );
        assert_eq!(plan["files"], serde_json::json!(["data"]));
        let token = find("token", "getAccessToken").unwrap();
        let plan: serde_json::Value = serde_json::from_str(&version_json(token, 0).unwrap()).unwrap();
        assert_eq!(plan["host"], "auth");
        assert!(version_json(op, 9).is_none());
    }

    #[test]
    fn a_raw_request_is_planned_the_same_way() {
        let (method, text) = raw("GET", "/product/202601/things", RawShop::Client, true).unwrap();
        assert_eq!(method, Method::Get);
        let plan: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(plan["api"], "GET /product/202601/things");
        assert_eq!((plan["read"].as_bool(), plan["shop"].as_u64()), (Some(true), Some(1)));
        let (_, text) = raw("GET", "/a/\"b\"", RawShop::None, false).unwrap();
        let plan: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(plan["api"], "GET /a/\"b\"");
        let (_, text) = raw("POST", "/a/b", RawShop::Own, false).unwrap();
        let plan: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!((plan["read"].as_bool(), plan["shop"].as_u64()), (Some(false), Some(2)));
        assert_eq!(
            raw("GET", "/a", RawShop::Client, false).unwrap_err().field.as_deref(),
            Some("shopCipher")
        );
        assert_eq!(
            raw("PATCH", "/a", RawShop::None, false).unwrap_err().field.as_deref(),
            Some("method")
        );
        assert_eq!(
            raw("GET", "/a/../b", RawShop::None, false)
                .unwrap_err()
                .field
                .as_deref(),
            Some("path")
        );
    }
}
