//! Request and webhook signatures (HMAC-SHA256, lowercase hex).
//!
//! The request string-to-sign is
//! `app_secret + path + Σ(key + value for the sorted query, without sign/access_token) + body + app_secret`,
//! where `body` is empty for multipart requests. See `shared/api/README.md`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Query keys that are never part of the string to sign.
const UNSIGNED_KEYS: [&str; 2] = ["sign", "access_token"];

/// Feeds the string to sign, piece by piece, to `sink`: the one place the rule lives.
/// `query` holds decoded values; its order does not matter.
fn feed<K: AsRef<str>, V: AsRef<str>>(
    app_secret: &str,
    path: &str,
    query: &[(K, V)],
    body: &[u8],
    mut sink: impl FnMut(&[u8]),
) {
    let mut pairs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, _)| !UNSIGNED_KEYS.contains(k))
        .collect();
    // Byte order of the keys, as TikTok sorts them.
    pairs.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    sink(app_secret.as_bytes());
    sink(path.as_bytes());
    for (k, v) in pairs {
        sink(k.as_bytes());
        sink(v.as_bytes());
    }
    sink(body);
    sink(app_secret.as_bytes());
}

/// Builds the exact string that the request signature covers.
pub fn string_to_sign<K: AsRef<str>, V: AsRef<str>>(
    app_secret: &str,
    path: &str,
    query: &[(K, V)],
    body: &[u8],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 * app_secret.len() + path.len() + body.len() + 128);
    feed(app_secret, path, query, body, |part| out.extend_from_slice(part));
    out
}

/// HMAC-SHA256 of `message` keyed with `secret`, as lowercase hex.
pub fn hmac_hex(secret: &[u8], message: &[&[u8]]) -> String {
    hex(&hmac_raw(secret, message))
}

fn keyed(secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any size")
}

fn hmac_raw(secret: &[u8], message: &[&[u8]]) -> [u8; 32] {
    let mut mac = keyed(secret);
    for part in message {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The `sign` query value of a business request.
pub fn sign_request<K: AsRef<str>, V: AsRef<str>>(
    app_secret: &str,
    path: &str,
    query: &[(K, V)],
    body: &[u8],
) -> String {
    Signer::new(app_secret).sign(path, query, body)
}

/// Signs the requests of one app secret. The HMAC key schedule is computed once (two of
/// the few SHA-256 blocks a request costs) and the string to sign is hashed as it is
/// produced, never built.
#[derive(Clone)]
pub struct Signer {
    secret: String,
    mac: HmacSha256,
}

impl Signer {
    pub fn new(app_secret: &str) -> Signer {
        Signer {
            secret: app_secret.to_owned(),
            mac: keyed(app_secret.as_bytes()),
        }
    }

    pub fn sign<K: AsRef<str>, V: AsRef<str>>(&self, path: &str, query: &[(K, V)], body: &[u8]) -> String {
        let mut mac = self.mac.clone();
        feed(&self.secret, path, query, body, |part| mac.update(part));
        hex(&mac.finalize().into_bytes())
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([redacted])")
    }
}

/// The `Authorization` header TikTok puts on a webhook delivery:
/// HMAC-SHA256 keyed with the app secret over `app_key + raw body`.
pub fn webhook_signature(app_key: &str, app_secret: &str, body: &[u8]) -> String {
    hmac_hex(app_secret.as_bytes(), &[app_key.as_bytes(), body])
}

/// Checks a webhook signature in constant time (with respect to the expected value).
/// Accepts the lowercase hex TikTok sends; anything else fails.
pub fn verify_webhook(app_key: &str, app_secret: &str, body: &[u8], signature: &str) -> bool {
    let expected = hmac_raw(app_secret.as_bytes(), &[app_key.as_bytes(), body]);
    let given = signature.trim().as_bytes();
    if given.len() != 64 {
        return false;
    }
    let mut diff = 0u8;
    for (i, byte) in expected.iter().enumerate() {
        let hi = from_hex_lower(given[2 * i]);
        let lo = from_hex_lower(given[2 * i + 1]);
        // An invalid digit sets bit 8, which the second line folds into `diff`.
        let got = (hi << 4) | (lo & 0x0f);
        diff |= (got as u8) ^ byte;
        diff |= ((hi | lo) >> 8) as u8;
    }
    diff == 0
}

/// Value of one lowercase hex digit, or a value >= 0x100 for anything else,
/// computed without branching on the digit.
fn from_hex_lower(c: u8) -> u16 {
    let c = c as u16;
    let digit = c.wrapping_sub(b'0' as u16);
    let letter = c.wrapping_sub(b'a' as u16);
    let is_digit = ((digit < 10) as u16).wrapping_neg();
    let is_letter = ((letter < 6) as u16).wrapping_neg();
    (digit & is_digit) | (letter.wrapping_add(10) & is_letter) | (0x100 & !(is_digit | is_letter))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_example() {
        let q = [("app_key", "29a39d"), ("timestamp", "1623812664")];
        assert_eq!(
            sign_request("e59af819cc", "/authorization/202309/shops", &q, b""),
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
        );
    }

    #[test]
    fn a_reused_signer_signs_like_a_fresh_one() {
        let signer = Signer::new("e59af819cc");
        let q = [("app_key", "29a39d"), ("timestamp", "1623812664")];
        for _ in 0..3 {
            assert_eq!(
                signer.sign("/authorization/202309/shops", &q, b""),
                sign_request("e59af819cc", "/authorization/202309/shops", &q, b"")
            );
        }
        assert!(!format!("{signer:?}").contains("e59af819cc"));
    }

    #[test]
    fn sign_and_access_token_are_not_signed() {
        let a = [("app_key", "k"), ("timestamp", "1")];
        let b = [
            ("sign", "x"),
            ("app_key", "k"),
            ("access_token", "t"),
            ("timestamp", "1"),
        ];
        assert_eq!(string_to_sign("s", "/p", &a, b""), string_to_sign("s", "/p", &b, b""));
    }

    #[test]
    fn keys_sort_by_bytes() {
        let q = [("b", "2"), ("B", "1"), ("a_b", "3"), ("ab", "4")];
        assert_eq!(string_to_sign("s", "/p", &q, b""), b"s/pB1a_b3ab4b2s".to_vec());
    }

    #[test]
    fn webhook_published_example() {
        let body = br#"{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507","timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178","order_status":"UNPAID","update_time":1718305585}}"#;
        let sig = "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05";
        assert_eq!(webhook_signature("abcdef", "123", body), sig);
        assert!(verify_webhook("abcdef", "123", body, sig));
        assert!(!verify_webhook("abcdef", "123", body, &sig.to_uppercase()));
        assert!(!verify_webhook("abcdef", "124", body, sig));
        assert!(!verify_webhook("abcdef", "123", &body[1..], sig));
        assert!(!verify_webhook("abcdef", "123", body, &sig[1..]));
        let mut bad = sig.to_string();
        bad.replace_range(0..1, "g");
        assert!(!verify_webhook("abcdef", "123", body, &bad));
    }

    #[test]
    fn hex_digit_decoding() {
        for c in 0u8..=255 {
            let v = from_hex_lower(c);
            match c {
                b'0'..=b'9' => assert_eq!(v, (c - b'0') as u16),
                b'a'..=b'f' => assert_eq!(v, (c - b'a' + 10) as u16),
                _ => assert!(v >= 0x100, "{c}"),
            }
        }
    }
}
