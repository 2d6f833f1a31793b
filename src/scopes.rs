//! Scopes: what a token must have been granted to call an operation-version. TikTok's
//! reference pages name them per version (spec/scopes, in the table as
//! [`Version::scopes`]); any one of them is enough. The client refuses, before sending, a
//! call whose token is known not to hold any of them: an unknown scope list, or a token whose
//! grants are unknown, is sent, and TikTok judges it (105005).

use crate::error::{Error, ErrorKind, Result};
use crate::operations::{Operation, Version};
use crate::request::operation_name;

/// How many granted scopes a message lists before it says how many more there are.
const LISTED: usize = 12;

/// Refuses a call of `v` when `granted` (the token's `granted_scopes`, if known) holds none
/// of the scopes `v` needs.
pub fn check(op: &Operation, v: &Version, granted: Option<&[String]>) -> Result<()> {
    let Some(granted) = granted else { return Ok(()) };
    if v.scopes.is_empty() || v.scopes.iter().any(|s| granted.iter().any(|g| g == s)) {
        return Ok(());
    }
    let name = operation_name(op);
    let mut err = Error::new(
        ErrorKind::Scope,
        format!(
            "{name} (version {}) needs the scope {}, which the access token was not granted (granted: {}); \
             add it to the app in Partner Center and have the account authorize again",
            v.version,
            needed(v),
            listed(granted)
        ),
    );
    err.field = Some("granted_scopes".to_owned());
    Err(err.with_operation(name))
}

/// `a`, or `a or b`: the scopes any one of which the version takes.
pub fn needed(v: &Version) -> String {
    match v.scopes {
        [one] => (*one).to_owned(),
        many => format!("{} (any one of them)", many.join(" or ")),
    }
}

fn listed(granted: &[String]) -> String {
    if granted.is_empty() {
        return "none".to_owned();
    }
    let shown = granted
        .iter()
        .take(LISTED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    match granted.len().saturating_sub(LISTED) {
        0 => shown,
        more => format!("{shown} and {more} more"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::find;

    fn granted(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn refuses_only_a_token_known_to_lack_every_scope() {
        let op = find("order", "getOrderList").unwrap();
        let v = crate::plan::newest(op);
        assert!(!v.scopes.is_empty(), "the table names getOrderList's scopes");
        // Unknown grants: sent.
        assert!(check(op, v, None).is_ok());
        // One of the scopes is enough.
        assert!(check(op, v, Some(&granted(&["seller.finance.info", v.scopes[0]]))).is_ok());
        let e = check(op, v, Some(&granted(&["seller.finance.info"]))).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Scope);
        assert_eq!(e.operation.as_deref(), Some("order.getOrderList"));
        assert_eq!(e.field.as_deref(), Some("granted_scopes"));
        assert!(
            e.message.contains(v.scopes[0]) && e.message.contains("granted: seller.finance.info"),
            "{}",
            e.message
        );
        let none = check(op, v, Some(&[])).unwrap_err();
        assert!(none.message.contains("granted: none"), "{}", none.message);
        let many: Vec<String> = (0..30).map(|i| format!("s.{i}")).collect();
        assert!(check(op, v, Some(&many)).unwrap_err().message.contains("and 18 more"));
    }

    #[test]
    fn a_version_without_known_scopes_is_sent() {
        let unknown = crate::operations::OPERATIONS
            .iter()
            .flat_map(|op| op.versions.iter().map(move |v| (op, v)))
            .find(|(_, v)| v.scopes.is_empty())
            .expect("some version has no known scope");
        assert!(check(unknown.0, unknown.1, Some(&[])).is_ok());
    }
}
