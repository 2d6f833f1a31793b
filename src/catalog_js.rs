//! `listOperations()`: the operations table as JSON text, parsed once by the glue (one
//! string crossing the boundary instead of a call per property: this runs at start-up).

use std::fmt::Write;

use crate::operations::{flags, Version, OPERATIONS};

pub fn list_json() -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push('[');
    for (i, op) in OPERATIONS.iter().enumerate() {
        let latest = op.latest();
        if i > 0 {
            out.push(',');
        }
        // Names, paths and versions are identifiers from the spec: nothing to escape.
        let _ = write!(
            out,
            r#"{{"group":"{}","operation":"{}","method":"{}","versions":["#,
            op.group,
            op.name,
            latest.method.as_str()
        );
        join(&mut out, op.versions.iter().map(|v| format!(r#""{}""#, v.version)));
        out.push_str(r#"],"paths":{"#);
        join(
            &mut out,
            op.versions.iter().map(|v| format!(r#""{}":"{}""#, v.version, v.path)),
        );
        out.push_str(r#"},"params":["#);
        params(&mut out, latest);
        let _ = write!(
            out,
            r#"],"shopCipher":"{}","paginated":{},"multipart":{},"read":{}"#,
            latest.shop_cipher.as_str(),
            latest.has(flags::PAGINATED),
            latest.has(flags::MULTIPART),
            latest.has(flags::READ)
        );
        if latest.has(flags::PAGINATED) {
            let _ = write!(
                out,
                r#","items":"{}","pageSizeMax":{},"itemsByVersion":{{"#,
                latest.items, latest.page_size_max
            );
            // The items field can differ between versions (statement_transactions vs transactions).
            join(
                &mut out,
                op.versions
                    .iter()
                    .filter(|v| v.has(flags::PAGINATED))
                    .map(|v| format!(r#""{}":"{}""#, v.version, v.items)),
            );
            out.push('}');
        }
        out.push('}');
    }
    out.push(']');
    out
}

fn params(out: &mut String, v: &Version) {
    join(
        out,
        v.params.iter().map(|p| {
            format!(
                r#"{{"name":"{}","in":"{}","required":{},"type":"{}"}}"#,
                p.name,
                p.loc.as_str(),
                p.required,
                p.kind.as_str()
            )
        }),
    );
}

fn join(out: &mut String, items: impl Iterator<Item = String>) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_valid_json_with_every_operation() {
        let list: serde_json::Value = serde_json::from_str(&list_json()).unwrap();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), OPERATIONS.len());
        let orders = list
            .iter()
            .find(|e| e["group"] == "order" && e["operation"] == "getOrderList")
            .unwrap();
        assert_eq!(orders["paths"]["202309"], "/order/202309/orders/search");
        assert_eq!(orders["items"], "orders");
        assert_eq!(orders["pageSizeMax"], 100);
        assert_eq!(orders["params"][0]["in"], "query");
        let detail = list.iter().find(|e| e["operation"] == "getOrderDetail").unwrap();
        assert_eq!(detail["versions"], serde_json::json!(["202507", "202309"]));
        let statements = list
            .iter()
            .find(|e| e["operation"] == "getTransactionsByStatement")
            .unwrap();
        assert_eq!(statements["itemsByVersion"]["202309"], "statement_transactions");
        assert_eq!(statements["itemsByVersion"]["202501"], "transactions");
    }
}
