//! Webhook (push notification) event types. The signature itself is in `sign.rs`.
//!
//! The table (`src/generated/webhooks.rs`) is generated from `spec/webhooks/` by
//! `scripts/codegen`, the one list the sandbox reads too.

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
