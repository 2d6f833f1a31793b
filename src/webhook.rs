//! Webhook (push notification) event types. The signature itself is in `sign.rs`.
//!
//! The table (`src/generated/webhooks.rs`) is generated from `spec/webhooks/` by
//! `scripts/codegen`, the one list the sandbox reads too.

use std::fmt::Write;

use sha2::{Digest, Sha256};

pub use crate::generated::webhooks::WEBHOOK_TYPES;

/// Which account a delivery is about, by the id its envelope carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookAccount {
    /// `shop_id`
    Shop,
    /// `seller_open_id`
    Seller,
    /// `creator_open_id`
    Creator,
}

impl WebhookAccount {
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookAccount::Shop => "shop",
            WebhookAccount::Seller => "seller",
            WebhookAccount::Creator => "creator",
        }
    }

    /// The envelope field that carries the account's id.
    pub fn id_field(self) -> &'static str {
        match self {
            WebhookAccount::Shop => "shop_id",
            WebhookAccount::Seller => "seller_open_id",
            WebhookAccount::Creator => "creator_open_id",
        }
    }
}

/// One documented webhook type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WebhookType {
    pub code: u32,
    pub name: &'static str,
    pub account: WebhookAccount,
    /// `name` is TikTok's own event name (its Update Shop Webhook operation takes it);
    /// the other names are made from the pages' titles.
    pub registrable: bool,
}

/// The documented type of a code; other codes pass through unnamed.
pub fn find(code: u32) -> Option<&'static WebhookType> {
    WEBHOOK_TYPES.iter().find(|t| t.code == code)
}

/// The name of a documented type (`ORDER_STATUS_CHANGE`...).
pub fn type_name(code: u32) -> Option<&'static str> {
    find(code).map(|t| t.name)
}

pub fn types() -> &'static [WebhookType] {
    WEBHOOK_TYPES
}

/// The table as JSON text, `[{"code":1,"name":"ORDER_STATUS_CHANGE","account":"shop"},...]`
/// (`listWebhookTypes()`).
pub fn types_json() -> String {
    let mut out = String::with_capacity(WEBHOOK_TYPES.len() * 64);
    out.push('[');
    for (i, t) in WEBHOOK_TYPES.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"code":{},"name":"{}","account":"{}","registrable":{}}}"#,
            t.code,
            t.name,
            t.account.as_str(),
            t.registrable
        );
    }
    out.push(']');
    out
}

/// What de-duplicates a delivery: its `tts_notification_id` where TikTok sent one (the id
/// is the same on every retry), else a digest of what the delivery says (type, account,
/// timestamp, the payload), so a repeat is recognised either way. The payload is
/// canonicalised first (object keys sorted, JSON re-serialised), so the key does not
/// depend on key order or spacing. `data` is its JSON text; text that is not JSON is
/// digested as it is.
pub fn dedupe_key(notification_id: Option<&str>, code: u32, account_id: &str, timestamp: &str, data: &str) -> String {
    if let Some(id) = notification_id.filter(|id| !id.is_empty()) {
        return id.to_owned();
    }
    // serde_json's maps are sorted by key (no `preserve_order`): serialising a parsed
    // value is its canonical form.
    let canonical = serde_json::from_str::<serde_json::Value>(data)
        .ok()
        .and_then(|v| serde_json::to_string(&v).ok());
    let mut digest = Sha256::new();
    for part in [
        &code.to_string(),
        account_id,
        timestamp,
        canonical.as_deref().unwrap_or(data),
    ] {
        // Length-prefixed, so that no two different deliveries feed the same bytes.
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part.as_bytes());
    }
    format!("sha256:{}", &crate::sign::hex(&digest.finalize())[..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The names the core gave before the table was generated; they never change.
    const NAMED_BEFORE: &[(u32, &str)] = &[
        (1, "ORDER_STATUS_CHANGE"),
        (3, "RECIPIENT_ADDRESS_UPDATE"),
        (4, "PACKAGE_UPDATE"),
        (5, "PRODUCT_STATUS_CHANGE"),
        (6, "SELLER_DEAUTHORIZATION"),
        (7, "UPCOMING_AUTHORIZATION_EXPIRATION"),
        (11, "CANCELLATION_STATUS_CHANGE"),
        (12, "RETURN_STATUS_CHANGE"),
        (13, "NEW_CONVERSATION"),
        (14, "NEW_MESSAGE"),
        (15, "PRODUCT_INFORMATION_CHANGE"),
        (16, "PRODUCT_CREATION"),
        (18, "PRODUCT_CATEGORY_CHANGE"),
        (33, "NEW_MESSAGE_LISTENER"),
        (36, "INVOICE_STATUS_CHANGE"),
        (37, "PRODUCT_AUDIT_STATUS_CHANGE"),
    ];

    #[test]
    fn earlier_names_unchanged() {
        for &(code, name) in NAMED_BEFORE {
            assert_eq!(type_name(code), Some(name), "type {code}");
            assert_eq!(find(code).map(|t| t.account), Some(WebhookAccount::Shop), "type {code}");
        }
    }

    #[test]
    fn codes_and_names_unique_unknown_unnamed() {
        let codes: HashSet<u32> = types().iter().map(|t| t.code).collect();
        let names: HashSet<&str> = types().iter().map(|t| t.name).collect();
        assert_eq!(codes.len(), types().len());
        assert_eq!(names.len(), types().len());
        assert!(types().len() > NAMED_BEFORE.len());
        assert!(types().windows(2).all(|w| w[0].code < w[1].code), "sorted by code");
        assert_eq!(type_name(2), None);
        assert_eq!(type_name(999), None);
        assert_eq!(type_name(u32::MAX), None);
    }

    #[test]
    fn dedupe_key_prefers_the_notification_id_else_digests_the_delivery() {
        assert_eq!(dedupe_key(Some("7301"), 1, "s1", "1700000000", "{}"), "7301");
        let key = |data: &str| dedupe_key(None, 3, "s1", "1700000000", data);
        let a = key(r#"{"order_id":"1","update_time":5}"#);
        assert!(a.starts_with("sha256:") && a.len() == 39, "{a}");
        // Key order and spacing do not matter; every part does.
        assert_eq!(a, key(r#"{ "update_time": 5, "order_id": "1" }"#));
        assert_ne!(a, key(r#"{"order_id":"2","update_time":5}"#));
        assert_ne!(
            a,
            dedupe_key(None, 4, "s1", "1700000000", r#"{"order_id":"1","update_time":5}"#)
        );
        assert_ne!(
            a,
            dedupe_key(None, 3, "s2", "1700000000", r#"{"order_id":"1","update_time":5}"#)
        );
        assert_ne!(
            a,
            dedupe_key(None, 3, "s1", "1700000001", r#"{"order_id":"1","update_time":5}"#)
        );
        // An empty id is no id; text that is not JSON is digested as it is.
        assert_eq!(dedupe_key(Some(""), 3, "s1", "1700000000", "{}"), key("{}"));
        assert_ne!(key("not json"), key("not json!"));
        // Parts are length-prefixed: moving bytes between them changes the key.
        assert_ne!(
            dedupe_key(None, 1, "ab", "c", "{}"),
            dedupe_key(None, 1, "a", "bc", "{}")
        );
    }

    #[test]
    fn types_json_lists_every_type() {
        let v: serde_json::Value = serde_json::from_str(&types_json()).unwrap();
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), types().len());
        assert_eq!(list[0]["name"], "ORDER_STATUS_CHANGE");
        assert_eq!(list[0]["account"], "shop");
        assert_eq!(list[0]["registrable"], true);
        assert_eq!(
            list.iter().filter(|t| t["registrable"] == true).count(),
            16,
            "TikTok's own event names"
        );
    }

    #[test]
    fn account_ids_by_kind() {
        // The envelopes TikTok documents with seller_open_id / creator_open_id (issue 19).
        let kind = |account| -> Vec<u32> {
            types()
                .iter()
                .filter(|t| t.account == account)
                .map(|t| t.code)
                .collect()
        };
        assert_eq!(kind(WebhookAccount::Seller), [19, 21, 22, 23, 24, 35, 52, 58]);
        assert_eq!(kind(WebhookAccount::Creator), [17, 20, 55, 59]);
        assert_eq!(find(19).map(|t| t.account.id_field()), Some("seller_open_id"));
        assert_eq!(find(20).map(|t| t.account.id_field()), Some("creator_open_id"));
        assert_eq!(
            find(1).map(|t| (t.account.as_str(), t.account.id_field())),
            Some(("shop", "shop_id"))
        );
    }
}
