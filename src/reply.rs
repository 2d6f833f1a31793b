//! What a reply means: success, or an error classified by exact code (never by prefix),
//! then by HTTP status for codes the table does not know. A reply that is not the JSON
//! envelope is classified by its status when the status says enough (a gateway's HTML
//! 502/503 is `server`, its 429 `rate_limit`), and is `decode` otherwise. 36009004 covers
//! several request faults; its message says which. Redirects are errors: the client never
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
    /// Unix seconds now, for a `Retry-After` given as a date.
    pub now: u64,
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
        Body::Empty => not_envelope(status, "the body is empty"),
        Body::Invalid => not_envelope(status, "not JSON, or cut short"),
        Body::NotEnvelope => not_envelope(status, "not a JSON object with a numeric `code`"),
        Body::Envelope(env) => check(env, status).unwrap_or_else(|| undecodable(status, "unexpected envelope")),
    };
    err.retry_after = head.retry_after.and_then(|v| parse_retry_after(v, head.now));
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
            // The version the call's plan chose (src/plan.rs), always known for an operation.
            version.unwrap_or("called"),
            op.version_list()
        )),
        Some(105005) => Some(match version.and_then(|w| crate::plan::version(op, Some(w)).ok()) {
            Some((_, v)) if !v.scopes.is_empty() => format!(
                "the access token lacks the scope for {name}, which TikTok's reference names {}: add it to the app \
                 and have the account authorize again",
                crate::scopes::needed(v)
            ),
            _ => format!(
                "the access token lacks the scope for {name}: add the {} API to the app and have the account authorize again",
                op.group
            ),
        }),
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

/// A reply without the envelope. Its status says what happened when it is a server fault
/// or a rate limit: the HTML page of a gateway or load balancer in front of TikTok (a 502,
/// a 503, a 429) is that, whatever its body, and is retried and backed off as such.
/// Any other status (a 2xx, a proxy's 404 page) leaves the reply undecodable.
fn not_envelope(status: u16, what: &str) -> Error {
    let kind = match status {
        429 => ErrorKind::RateLimit,
        500..=599 => ErrorKind::Server,
        _ => return undecodable(status, what),
    };
    let mut err = Error::new(
        kind,
        format!(
            "TikTok Shop (or a gateway in front of it) replied with HTTP {status} without its JSON envelope ({what})"
        ),
    );
    err.http_status = Some(status);
    err
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

/// Seconds to wait from a `Retry-After` header value: delta-seconds (TikTok's gateway), or
/// an HTTP date (what other gateways may send), counted from `now` (Unix seconds).
pub fn parse_retry_after(value: &str, now: u64) -> Option<f64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then_some(secs);
    }
    let at = http_date(value)?;
    Some(at.saturating_sub(now) as f64)
}

/// Unix seconds of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form RFC 9110
/// requires senders to use.
fn http_date(value: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = value.split_ascii_whitespace();
    let (_weekday, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let day: u64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let year: u64 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let mut hms = time.split(':').map(|t| t.parse::<u64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse).
    let (y, mo) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + m * 60 + s)
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
            status: 200,
            retry_after: Some("3"),
            ..Head::default()
        };
        let e = failure(&h, Body::Invalid, None, None);
        assert_eq!((e.kind, e.http_status, e.retry_after), (Decode, Some(200), Some(3.0)));
        assert_eq!(failure(&head(200), Body::Empty, None, None).kind, Decode);
        assert_eq!(failure(&head(200), Body::NotEnvelope, None, None).kind, Decode);
        // A proxy's HTML 404 or 403 says nothing about TikTok's answer.
        assert_eq!(failure(&head(404), Body::Invalid, None, None).kind, Decode);
        assert_eq!(failure(&head(403), Body::Invalid, None, None).kind, Decode);
    }

    #[test]
    fn a_gateway_page_is_classified_by_its_status() {
        for status in [500, 502, 503, 504, 599] {
            for body in [Body::Invalid, Body::Empty, Body::NotEnvelope] {
                let e = failure(&head(status), body, None, None);
                assert_eq!((e.kind, e.http_status), (Server, Some(status)));
                assert!(e.message.contains(&format!("HTTP {status}")), "{}", e.message);
            }
        }
        let h = Head {
            status: 429,
            retry_after: Some("7"),
            ..Head::default()
        };
        let e = failure(&h, Body::Invalid, None, None);
        assert_eq!(
            (e.kind, e.http_status, e.retry_after),
            (RateLimit, Some(429), Some(7.0))
        );
        // A known code still wins over the status.
        let e = failure(&head(503), Body::Envelope(env(36009002, "limit")), None, None);
        assert_eq!(e.kind, RateLimit);
    }

    #[test]
    fn redirects_name_status_and_host_only() {
        for status in [301, 302, 303, 307, 308] {
            let h = Head {
                status,
                location: Some("https://user:pw@evil.example:8443/steal?sign=abc&access_token=t"),
                retry_after: None,
                now: 0,
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
            now: 0,
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
        // With the version called, the scope TikTok's reference names for it.
        let v = op.versions.iter().find(|v| v.version == "202309").unwrap();
        assert!(!v.scopes.is_empty());
        let e = failure(
            &head(403),
            Body::Envelope(env(105005, "no scope")),
            Some(op),
            Some("202309"),
        );
        assert!(e.message.contains(v.scopes[0]), "{}", e.message);
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
        assert_eq!(parse_retry_after("2", 0), Some(2.0));
        assert_eq!(parse_retry_after(" 0.5 ", 0), Some(0.5));
        assert_eq!(parse_retry_after("-1", 0), None);
        // 2015-10-21T07:28:00Z is 1445412480.
        let date = "Wed, 21 Oct 2015 07:28:00 GMT";
        assert_eq!(parse_retry_after(date, 1_445_412_470), Some(10.0));
        assert_eq!(parse_retry_after(date, 1_445_412_490), Some(0.0));
        assert_eq!(http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(http_date("Tue, 29 Feb 2000 00:00:00 GMT"), Some(951_782_400));
        for bad in [
            "Wed, 21 Oct 2015 07:28:00 PST",
            "21 Oct 2015",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "soon",
        ] {
            assert_eq!(parse_retry_after(bad, 0), None, "{bad}");
        }
    }
}
