//! Webhook (push notification) event types. The signature itself is in `sign.rs`.

/// Names of the event types TikTok documents; other numbers pass through unnamed.
const TYPES: &[(u32, &str)] = &[
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

pub fn type_name(event_type: u32) -> Option<&'static str> {
    TYPES.iter().find(|(t, _)| *t == event_type).map(|(_, n)| *n)
}

pub fn types() -> &'static [(u32, &'static str)] {
    TYPES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_types() {
        assert_eq!(type_name(1), Some("ORDER_STATUS_CHANGE"));
        assert_eq!(type_name(37), Some("PRODUCT_AUDIT_STATUS_CHANGE"));
        assert_eq!(type_name(2), None);
        assert_eq!(type_name(999), None);
        assert_eq!(types().len(), 16);
    }
}
