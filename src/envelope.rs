//! The reply envelope `{ code, message, request_id, data }` and error classification.
//!
//! Classification is by exact code (never by prefix), then by HTTP status for codes
//! the table does not know. 36009004 covers several request faults; its message says which.

use crate::error::{Error, ErrorKind};

/// The envelope fields other than `data`, read from a parsed reply.
#[derive(Debug, Default, PartialEq)]
pub struct Envelope {
    pub code: i64,
    pub message: String,
    pub request_id: String,
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
        36009002 => RateLimit,
        36009007 => Server,
        36009009 | 36009010 => NotFound,
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
    let ok_status = (200..300).contains(&http_status);
    if env.code == 0 && ok_status {
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
    use ErrorKind::*;

    fn env(code: i64, message: &str) -> Envelope {
        Envelope {
            code,
            message: message.into(),
            request_id: "rid".into(),
        }
    }

    #[test]
    fn success_is_code_zero_with_2xx() {
        assert_eq!(check(env(0, "Success"), 200), None);
        assert_eq!(check(env(0, "Success"), 204), None);
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
            (36009002, 429, RateLimit),
            (36009007, 200, Server),
            (36009009, 404, NotFound),
            (36009010, 405, NotFound),
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
    fn undecodable_keeps_status() {
        let e = undecodable(502, "unexpected end of JSON input");
        assert_eq!(e.kind, Decode);
        assert_eq!(e.http_status, Some(502));
    }

    #[test]
    fn retry_after() {
        assert_eq!(parse_retry_after("2"), Some(2.0));
        assert_eq!(parse_retry_after(" 0.5 "), Some(0.5));
        assert_eq!(parse_retry_after("-1"), None);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
