//! What one client is configured with. The values arrive checked: every option is
//! validated, with the field named, by the JS client (`lib/options.js`) before it
//! reaches the core, so nothing here can fail.

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
    /// The access token's `granted_scopes`, when known (src/scopes.rs refuses a call the
    /// token cannot make); `None` when not known.
    pub granted_scopes: Option<Vec<String>>,
    pub shop_cipher: Option<String>,
    /// Without a trailing slash: paths are appended to it.
    pub base_url: String,
    pub auth_base_url: String,
}

impl Config {
    /// `base_url` / `auth_base_url`: `None` for TikTok's own hosts.
    pub fn new(app_key: &str, app_secret: &str, base_url: Option<&str>, auth_base_url: Option<&str>) -> Config {
        let route = |url: Option<&str>, default: &str| url.unwrap_or(default).trim_end_matches('/').to_owned();
        Config {
            app_key: app_key.to_owned(),
            app_secret: app_secret.to_owned(),
            signer: Signer::new(app_secret),
            access_token: None,
            granted_scopes: None,
            shop_cipher: None,
            base_url: route(base_url, DEFAULT_BASE_URL),
            auth_base_url: route(auth_base_url, DEFAULT_AUTH_BASE_URL),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_trailing_slashes() {
        let c = Config::new("k", "s", None, Some("http://127.0.0.1:8080/"));
        assert_eq!(c.base_url, DEFAULT_BASE_URL);
        assert_eq!(c.auth_base_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn debug_redacts_secrets() {
        let mut c = Config::new("k", "very-secret", None, None);
        c.access_token = Some("tok-123".into());
        let d = format!("{c:?}");
        assert!(!d.contains("very-secret") && !d.contains("tok-123"), "{d}");
    }
}
