//! Client options: what is required, what the defaults are, and URL checks.
//! Every rule here runs before any request is sent.

use crate::error::{Error, Result};
use crate::sign::Signer;

pub const DEFAULT_BASE_URL: &str = "https://open-api.tiktokglobalshop.com";
pub const DEFAULT_AUTH_BASE_URL: &str = "https://auth.tiktok-shops.com";

/// Credentials and routes of one client. `Debug` redacts the secrets.
#[derive(Clone)]
pub struct Config {
    pub app_key: String,
    pub app_secret: String,
    /// Signs with `app_secret` (its HMAC key computed once).
    pub signer: Signer,
    pub access_token: Option<String>,
    pub shop_cipher: Option<String>,
    pub base_url: String,
    pub auth_base_url: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("app_key", &self.app_key)
            .field("app_secret", &"[redacted]")
            .field("access_token", &self.access_token.as_ref().map(|_| "[redacted]"))
            .field("shop_cipher", &self.shop_cipher)
            .field("base_url", &self.base_url)
            .field("auth_base_url", &self.auth_base_url)
            .finish()
    }
}

/// Options as given by the caller, before validation.
#[derive(Default)]
pub struct Options {
    pub app_key: Option<String>,
    pub app_secret: Option<String>,
    pub access_token: Option<String>,
    pub shop_cipher: Option<String>,
    pub base_url: Option<String>,
    pub auth_base_url: Option<String>,
}

impl Config {
    pub fn from_options(o: Options) -> Result<Config> {
        let app_key = required(o.app_key, "appKey")?;
        let app_secret = required(o.app_secret, "appSecret")?;
        let auth_base_url = base_url(o.auth_base_url, "authBaseUrl", DEFAULT_AUTH_BASE_URL)?;
        let base_url = base_url(o.base_url, "baseUrl", DEFAULT_BASE_URL)?;
        let access_token = non_empty(o.access_token);
        let shop_cipher = non_empty(o.shop_cipher);
        let signer = Signer::new(&app_secret);
        Ok(Config {
            app_key,
            app_secret,
            signer,
            access_token,
            shop_cipher,
            base_url,
            auth_base_url,
        })
    }
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.filter(|s| !s.trim().is_empty())
}

fn required(v: Option<String>, field: &str) -> Result<String> {
    match v {
        None => Err(Error::config(field, format!("`{field}` is required"))),
        Some(s) if s.trim().is_empty() => Err(Error::config(field, format!("`{field}` must not be empty"))),
        Some(s) => Ok(s),
    }
}

fn base_url(v: Option<String>, field: &str, default: &str) -> Result<String> {
    match v {
        None => Ok(default.to_owned()),
        Some(s) => {
            let url = HttpUrl::parse(&s).map_err(|why| Error::config(field, format!("`{field}` {why}")))?;
            if url.has_credentials || url.has_query {
                return Err(Error::config(
                    field,
                    format!("`{field}` must not carry credentials, a query or a fragment"),
                ));
            }
            // Paths are appended to it, so drop a trailing slash.
            Ok(s.trim_end_matches('/').to_owned())
        }
    }
}

/// Checks a proxy URL: `http://` or `https://`, a host, optional `user:password@` and port.
pub fn check_proxy(proxy: &str) -> Result<()> {
    let url = HttpUrl::parse(proxy).map_err(|why| Error::config("proxy", format!("`proxy` {why}")))?;
    if url.has_query {
        return Err(Error::config("proxy", "`proxy` must not carry a query or a fragment"));
    }
    Ok(())
}

/// Just enough of an http(s) URL to reject malformed ones with a useful reason.
/// The reasons never quote the URL itself: it may carry a password.
struct HttpUrl {
    has_credentials: bool,
    has_query: bool,
}

impl HttpUrl {
    fn parse(s: &str) -> std::result::Result<HttpUrl, &'static str> {
        if s.is_empty() {
            return Err("must not be empty");
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("must be a URL without spaces");
        }
        let rest = if let Some(r) = strip_prefix_ci(s, "https://") {
            r
        } else if let Some(r) = strip_prefix_ci(s, "http://") {
            r
        } else {
            return Err("must be an http:// or https:// URL");
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let has_query = tail.contains(['?', '#']);
        let (has_credentials, hostport) = match authority.rfind('@') {
            Some(at) => {
                let user = &authority[..at];
                if user.is_empty() || user.starts_with(':') {
                    return Err("has an empty user name before '@'");
                }
                (true, &authority[at + 1..])
            }
            None => (false, authority),
        };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let close = v6.find(']').ok_or("has an unterminated IPv6 address")?;
            let after = &v6[close + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err("has garbage after the IPv6 address"),
            };
            (&v6[..close], port)
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            return Err("has no host");
        }
        if !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
        {
            return Err("has an invalid host name");
        }
        if let Some(p) = port {
            match p.parse::<u32>() {
                Ok(n) if (1..=65535).contains(&n) && p.bytes().all(|b| b.is_ascii_digit()) => {}
                _ => return Err("has an invalid port"),
            }
        }
        Ok(HttpUrl {
            has_credentials,
            has_query,
        })
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn opts(key: Option<&str>, secret: Option<&str>) -> Options {
        Options {
            app_key: key.map(Into::into),
            app_secret: secret.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn app_key_and_secret_required() {
        let e = Config::from_options(opts(None, Some("s"))).unwrap_err();
        assert_eq!((e.kind, e.field.as_deref()), (ErrorKind::Config, Some("appKey")));
        let e = Config::from_options(opts(Some("k"), Some("  "))).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("appSecret"));
        assert!(e.message.contains("empty"));
        let c = Config::from_options(opts(Some("k"), Some("s"))).unwrap();
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.auth_base_url, DEFAULT_AUTH_BASE_URL);
    }

    #[test]
    fn debug_redacts_secrets() {
        let mut o = opts(Some("k"), Some("very-secret"));
        o.access_token = Some("tok-123".into());
        let c = Config::from_options(o).unwrap();
        let d = format!("{c:?}");
        assert!(!d.contains("very-secret") && !d.contains("tok-123"), "{d}");
    }

    #[test]
    fn base_url_trailing_slash_and_errors() {
        let mut o = opts(Some("k"), Some("s"));
        o.base_url = Some("http://127.0.0.1:8080/".into());
        assert_eq!(Config::from_options(o).unwrap().base_url, "http://127.0.0.1:8080");
        let mut o = opts(Some("k"), Some("s"));
        o.auth_base_url = Some("ftp://x".into());
        assert_eq!(
            Config::from_options(o).unwrap_err().field.as_deref(),
            Some("authBaseUrl")
        );
    }

    #[test]
    fn proxy_urls() {
        for ok in [
            "http://proxy.local:3128",
            "https://user:pa%40ss@proxy.example.com",
            "HTTP://10.0.0.1:8080/",
            "http://[::1]:8080",
        ] {
            assert!(check_proxy(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "proxy.local:3128",
            "socks5://proxy:1080",
            "http://",
            "http://:8080",
            "http://host:0",
            "http://host:99999",
            "http://host:80a",
            "http://ho st",
            "http://@host",
            "http://[::1",
            "http://host?x=1",
        ] {
            let e = check_proxy(bad).unwrap_err();
            assert_eq!(
                (e.kind, e.field.as_deref()),
                (ErrorKind::Config, Some("proxy")),
                "{bad}"
            );
        }
    }

    #[test]
    fn proxy_error_never_echoes_the_password() {
        let e = check_proxy("http://user:hunter2@:99").unwrap_err();
        assert!(!e.message.contains("hunter2"));
    }
}
