//! Percent-encoding and the request URL: RFC 3986 (everything but unreserved characters
//! encoded, `%20` for a space), the same bytes the signature covers decoded.

/// RFC 3986 percent-encoding: everything but unreserved characters, `%20` for spaces.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}

/// Unreserved: `A-Z a-z 0-9 - _ . ~`, by byte.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

/// Appends `s` encoded. Runs of unreserved characters are copied whole (ids, tokens and
/// most values are nothing else).
pub fn encode_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if UNRESERVED[b as usize] {
            continue;
        }
        // A run of unreserved bytes is ASCII, so both its ends are char boundaries.
        if start < i {
            out.push_str(&s[start..i]);
        }
        out.push('%');
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
        start = i + 1;
    }
    // After the last encoded byte (the end of a character) or at 0: a boundary.
    out.push_str(&s[start..]);
}

/// `base + path`, then the query pairs and the signature, each encoded.
pub fn url<K: AsRef<str>, V: AsRef<str>>(base: &str, path: &str, query: &[(K, V)], sign: Option<&str>) -> String {
    let mut out = String::with_capacity(base.len() + path.len() + 192);
    out.push_str(base);
    out.push_str(path);
    let mut sep = '?';
    for (k, v) in query
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3986() {
        assert_eq!(encode("AZaz09-_.~"), "AZaz09-_.~");
        assert_eq!(encode(" +&=%,"), "%20%2B%26%3D%25%2C");
        assert_eq!(encode("ü😀a"), "%C3%BC%F0%9F%98%80a");
        assert_eq!(encode(""), "");
    }

    #[test]
    fn query_then_sign() {
        let q = [("a", "1 2".to_owned()), ("b", "x".to_owned())];
        assert_eq!(url("http://h", "/p", &q, Some("s")), "http://h/p?a=1%202&b=x&sign=s");
        assert_eq!(url::<&str, &str>("http://h", "/p", &[], None), "http://h/p");
    }
}
