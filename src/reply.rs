//! What a reply means: success, or an error classified by exact code (never by prefix),
//! then by HTTP status for codes the table does not know. 36009004 covers several
//! request faults; its message says which. Redirects are errors: the client never
//! follows one (the access token and a write's body would go to another host).

use crate::error::{Error, ErrorKind};
use crate::operations::{Account, Operation};

/// What the transport read of a reply besides its body.
#[derive(Clone, Copy, Debug, Default)]
pub struct Head<'a> {
    /// 0 when the runtime hid the status (an opaque redirect in a browser).
    pub status: u16,
    pub location: Option<&'a str>,
    pub retry_after: Option<&'a str>,
}

/// The body as far as the core looked into it.
#[derive(Debug, PartialEq)]
pub enum Body {
    Empty,
    /// Not JSON, or cut short.
    Invalid,
    /// JSON, but not an object with a numeric `code`.
    NotEnvelope,
    Envelope(Envelope),
}

/// The envelope fields other than `data`.
#[derive(Debug, Default, PartialEq)]
pub struct Envelope {
    pub code: i64,
    pub message: String,
    pub request_id: String,
}

/// The one success test: a 2xx reply whose envelope says `code: 0`.
pub fn is_success(status: u16, code: Option<f64>) -> bool {
    code == Some(0.0) && (200..300).contains(&status)
}

/// The error of a reply that is not a success, with what the caller needs to act on it.
/// `op` and `version` name the call in messages (none for `shop.request()`).
pub fn failure(head: &Head, body: Body, op: Option<&Operation>, version: Option<&str>) -> Error {
    if let Some(e) = redirect(head) {
        return e;
    }
    let status = head.status;
    let mut err = match body {
        Body::Empty => undecodable(status, "the body is empty"),
        Body::Invalid => undecodable(status, "invalid or truncated JSON"),
        Body::NotEnvelope => undecodable(status, "not a JSON object with a numeric `code`"),
        Body::Envelope(env) => check(env, status).unwrap_or_else(|| undecodable(status, "unexpected envelope")),
    };
    err.retry_after = head.retry_after.and_then(parse_retry_after);
    if let Some(op) = op {
        err = explain(err, op, version);
    }
    err
}

/// A 3xx (or a status the runtime hid) names where it pointed: the host only, never the
/// path or query, which may carry anything.
fn redirect(head: &Head) -> Option<Error> {
    if !(head.status == 0 || (300..400).contains(&head.status)) {
        return None;
    }
    let to = match head.location.map(str::trim) {
        Some(loc) if !loc.is_empty() => {
            host_of(loc).map_or_else(|| "the same host".to_owned(), |h| format!("host {h}"))
        }
        _ => "an unknown location".to_owned(),
    };
    let status = if head.status == 0 {
        "a redirect the runtime hid".to_owned()
    } else {
        format!("HTTP {}", head.status)
    };
    let mut err = Error::new(
        ErrorKind::Redirect,
        format!("TikTok Shop answered with a redirect ({status}) to {to}; redirects are never followed"),
    );
    err.http_status = Some(head.status);
    Some(err)
}

/// `scheme://host[:port]/...` -> `host[:port]`; `None` for a relative location.
fn host_of(location: &str) -> Option<String> {
    let (scheme, rest) = location.split_once("://")?;
    if scheme.is_empty() || !scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Drop credentials: they are not the host and may be secret.
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let clean: String = host
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(*c))
        .take(255)
        .collect();
    Some(clean)
}

/// Kind of a non-zero business code.
pub fn classify(code: i64, message: &str, http_status: u16) -> ErrorKind {
    use ErrorKind::*;
    match code {
        105002 => ExpiredToken,
        106001 => Signature,
        105005 => Scope,
        101000 => Auth,
        106013 => InvalidRequest,
        36004004 => Auth,
        36004001 | 36004005 => Reauthorize,
        36009002 => RateLimit,
        36009007 => Server,
        36009009 | 36009010 => NotFound,
        36009014 => InvalidRequest,
        36009033 => Auth,
        36009004 => classify_request_fault(message),
        _ => by_status(http_status).unwrap_or(InvalidRequest),
    }
}

/// 36009004 is one code for missing sign, bad token, bad app key, timestamp out of
/// window, unexpected shop_cipher, bad version...: the message tells which.
fn classify_request_fault(message: &str) -> ErrorKind {
    let m = message.to_ascii_lowercase();
    if m.contains("sign") {
        ErrorKind::Signature
    } else if m.contains("access token") || m.contains("access_token") || m.contains("app_key") || m.contains("app key")
    {
        ErrorKind::Auth
    } else {
        ErrorKind::InvalidRequest
    }
}

/// Kind implied by an HTTP status alone (for replies without a usable code).
pub fn by_status(status: u16) -> Option<ErrorKind> {
    use ErrorKind::*;
    Some(match status {
        401 => Auth,
        403 => Scope,
        404 | 405 => NotFound,
        429 => RateLimit,
        500..=599 => Server,
        400..=499 => InvalidRequest,
        _ => return None,
    })
}

/// The error for a decoded envelope, or `None` when the call succeeded.
pub fn check(env: Envelope, http_status: u16) -> Option<Error> {
    if is_success(http_status, Some(env.code as f64)) {
        return None;
    }
    let kind = if env.code != 0 {
        classify(env.code, &env.message, http_status)
    } else {
        by_status(http_status).unwrap_or(ErrorKind::Server)
    };
    let message = if env.message.is_empty() {
        format!("TikTok Shop replied with HTTP {http_status}")
    } else {
        env.message
    };
    let mut err = Error::new(kind, message);
    err.code = (env.code != 0).then_some(env.code);
    err.request_id = (!env.request_id.is_empty()).then_some(env.request_id);
    err.http_status = Some(http_status);
    Some(err)
}

/// What the API's message leaves out and the client knows: the operation's other
/// versions, its account kind, what to do next.
fn explain(mut err: Error, op: &Operation, version: Option<&str>) -> Error {
    let name = format!("{}.{}", op.group, op.operation);
    let extra = match err.code {
        Some(36009014) => Some(format!(
            "{name} version {} is not (or no longer) valid at TikTok; versions this client knows: {}",
            version.unwrap_or(op.latest().version),
            op.version_list()
        )),
        Some(105005) => Some(format!(
            "the access token lacks the scope for {name}: add the {} API to the app and have the seller authorize again",
            op.group
        )),
        Some(101000) => Some(match op.account {
            Account::Seller => format!(
                "{name} needs a seller access token and a shop_cipher of a shop that token authorizes"
            ),
            other => format!("{name} needs a {} access token", other.as_str()),
        }),
        Some(36004001 | 36004005) => {
            Some("the seller must authorize the app again; refreshing cannot restore this token".to_owned())
        }
        _ => None,
    };
    if let Some(extra) = extra {
        err.message = format!("{}: {extra}", err.message);
    }
    err.with_operation(name)
}

/// The error for a reply that is not a JSON envelope (HTML error page, truncated body...).
pub fn undecodable(http_status: u16, what: &str) -> Error {
    let mut err = Error::new(
        ErrorKind::Decode,
        format!("the reply (HTTP {http_status}) is not a TikTok Shop JSON envelope: {what}"),
    );
    err.http_status = Some(http_status);
    err
}

/// Seconds to wait from a `Retry-After` header value (delta-seconds form only;
/// TikTok's gateway does not send dates).
pub fn parse_retry_after(value: &str) -> Option<f64> {
    let secs: f64 = value.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then_some(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::find;
    use ErrorKind::*;

    fn env(code: i64, message: &str) -> Envelope {
        Envelope {
            code,
            message: message.into(),
            request_id: "rid".into(),
        }
    }

    fn head(status: u16) -> Head<'static> {
        Head {
            status,
            ..Head::default()
        }
    }

    #[test]
    fn success_is_code_zero_with_2xx() {
        assert!(is_success(200, Some(0.0)));
        assert!(is_success(204, Some(0.0)));
        assert!(!is_success(200, Some(1.0)));
        assert!(!is_success(500, Some(0.0)));
        assert!(!is_success(302, Some(0.0)));
        assert!(!is_success(200, None));
        assert_eq!(check(env(0, "Success"), 200), None);
    }

    #[test]
    fn exact_codes() {
        let cases = [
            (105002, 401, ExpiredToken),
            (106001, 401, Signature),
            (105005, 403, Scope),
            (101000, 200, Auth),
            (106013, 200, InvalidRequest),
            (36004004, 200, Auth),
            (36004001, 200, Reauthorize),
            (36004005, 200, Reauthorize),
            (36009002, 429, RateLimit),
            (36009007, 200, Server),
            (36009009, 404, NotFound),
            (36009010, 405, NotFound),
            (36009014, 200, InvalidRequest),
            (36009033, 200, Auth),
        ];
        for (code, status, kind) in cases {
            let e = check(env(code, "m"), status).unwrap();
            assert_eq!(e.kind, kind, "code {code}");
            assert_eq!(e.code, Some(code));
            assert_eq!(e.http_status, Some(status));
            assert_eq!(e.request_id.as_deref(), Some("rid"));
            assert_eq!(e.message, "m");
        }
    }

    #[test]
    fn never_by_prefix() {
        // Codes that share a prefix with known ones fall back to the HTTP status.
        assert_eq!(classify(1050020, "", 200), InvalidRequest);
        assert_eq!(classify(36009, "", 200), InvalidRequest);
        assert_eq!(classify(105003, "", 401), Auth);
        assert_eq!(classify(12345678, "", 503), Server);
    }

    #[test]
    fn request_fault_by_message() {
        assert_eq!(classify(36009004, "Missing required parameter: sign", 400), Signature);
        assert_eq!(classify(36009004, "Invalid access token", 401), Auth);
        assert_eq!(classify(36009004, "Invalid app_key", 400), Auth);
        assert_eq!(
            classify(36009004, "Timestamp is out of the allowed window", 400),
            InvalidRequest
        );
        assert_eq!(
            classify(36009004, "shop_cipher is not allowed for this API", 400),
            InvalidRequest
        );
    }

    #[test]
    fn error_status_without_code() {
        let e = check(env(0, ""), 503).unwrap();
        assert_eq!(e.kind, Server);
        assert_eq!(e.code, None);
        assert!(e.message.contains("503"));
        assert_eq!(check(env(0, ""), 429).unwrap().kind, RateLimit);
    }

    #[test]
    fn undecodable_replies_keep_status_and_retry_after() {
        let h = Head {
            status: 502,
            retry_after: Some("3"),
            ..Head::default()
        };
        let e = failure(&h, Body::Invalid, None, None);
        assert_eq!((e.kind, e.http_status, e.retry_after), (Decode, Some(502), Some(3.0)));
        assert_eq!(failure(&head(200), Body::Empty, None, None).kind, Decode);
        assert_eq!(failure(&head(200), Body::NotEnvelope, None, None).kind, Decode);
    }

    #[test]
    fn redirects_name_status_and_host_only() {
        for status in [301, 302, 303, 307, 308] {
            let h = Head {
                status,
                location: Some("https://user:pw@evil.example:8443/steal?sign=abc&access_token=t"),
                retry_after: None,
            };
            let e = failure(&h, Body::Envelope(env(0, "Success")), None, None);
            assert_eq!((e.kind, e.http_status), (Redirect, Some(status)));
            assert!(e.message.contains(&format!("HTTP {status}")), "{}", e.message);
            assert!(e.message.contains("evil.example:8443"), "{}", e.message);
            for secret in ["steal", "sign", "abc", "pw", "user", "access_token"] {
                assert!(!e.message.contains(secret), "{secret} in {}", e.message);
            }
        }
        let relative = Head {
            status: 302,
            location: Some("/elsewhere?x=1"),
            retry_after: None,
        };
        assert!(failure(&relative, Body::Empty, None, None)
            .message
            .contains("the same host"));
        assert_eq!(failure(&head(0), Body::Empty, None, None).kind, Redirect);
    }

    #[test]
    fn messages_say_what_the_client_knows() {
        let op = find("finance", "getTransactionsByOrder").unwrap();
        let e = failure(
            &head(200),
            Body::Envelope(env(36009014, "Invalid version")),
            Some(op),
            Some("202309"),
        );
        assert_eq!(e.operation.as_deref(), Some("finance.getTransactionsByOrder"));
        assert!(
            e.message.contains("202309") && e.message.contains(&op.version_list()),
            "{}",
            e.message
        );
        let e = failure(&head(403), Body::Envelope(env(105005, "no scope")), Some(op), None);
        assert!(e.message.contains("finance.getTransactionsByOrder") && e.message.contains("scope"));
        let creator = find("affiliateCreator", "getCreatorProfile").unwrap();
        let e = failure(
            &head(200),
            Body::Envelope(env(101000, "wrong token")),
            Some(creator),
            None,
        );
        assert_eq!(e.kind, Auth);
        assert!(e.message.contains("creator access token"), "{}", e.message);
        let e = failure(&head(200), Body::Envelope(env(36004005, "no record")), Some(op), None);
        assert_eq!(e.kind, Reauthorize);
    }

    #[test]
    fn retry_after() {
        assert_eq!(parse_retry_after("2"), Some(2.0));
        assert_eq!(parse_retry_after(" 0.5 "), Some(0.5));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
