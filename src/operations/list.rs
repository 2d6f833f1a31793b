//! The operations table as JSON text, parsed once by the JS client (one string crossing
//! the boundary instead of a call per property: this runs at start-up).
//!
//! `list_json(true)` is what `listOperations()` returns. A client reads less: the names
//! (`names_json`, for the group objects) when it is first made, and the plan of one
//! operation-version (src/plan.rs) the first time it is called; the core routes the
//! parameters itself.

use std::fmt::Write;

use super::{flags, Loc, Operation, Version, OPERATIONS};
use crate::plan::{host_name, newest};

pub fn list_json(with_params: bool) -> String {
    let mut out = String::with_capacity(if with_params { 256 } else { 96 } * 1024);
    out.push('[');
    for (i, op) in OPERATIONS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        entry(&mut out, op, with_params);
    }
    out.push(']');
    out
}

/// `[[group, [[operation, paginated], ...]], ...]` in table order: what the group objects need.
pub fn names_json() -> String {
    let mut out = String::with_capacity(12 * 1024);
    out.push('[');
    let mut group = "";
    for (i, op) in OPERATIONS.iter().enumerate() {
        if op.group != group {
            if i > 0 {
                out.push_str("]],");
            }
            let _ = write!(out, r#"["{}",["#, op.group);
            group = op.group;
        } else {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"["{}",{}]"#,
            op.operation,
            newest(op).has(flags::PAGINATED) as u8
        );
    }
    out.push_str("]]]");
    out
}

/// One operation: its latest version's fields at the top (as they were before versions
/// differed), and every version's own under `byVersion`.
fn entry(out: &mut String, op: &'static Operation, with_params: bool) {
    // Names, paths and versions are identifiers from the spec: nothing to escape.
    let _ = write!(
        out,
        r#"{{"group":"{}","operation":"{}","account":"{}","versions":["#,
        op.group,
        op.operation,
        op.account.as_str()
    );
    join(out, op.versions.iter(), |out, v| {
        let _ = write!(out, r#""{}""#, v.version);
    });
    out.push_str(r#"],"paths":{"#);
    join(out, op.versions.iter(), |out, v| {
        let _ = write!(out, r#""{}":"{}""#, v.version, v.path);
    });
    out.push_str("},");
    version_fields(out, newest(op), with_params);
    out.push_str(r#","byVersion":{"#);
    join(out, op.versions.iter(), |out, v| {
        let _ = write!(out, r#""{}":{{"path":"{}","#, v.version, v.path);
        version_fields(out, v, with_params);
        out.push('}');
    });
    out.push_str("}}");
}

fn version_fields(out: &mut String, v: &Version, with_params: bool) {
    let host = host_name(v.host);
    let _ = write!(
        out,
        r#""method":"{}","host":"{host}","shopCipher":"{}","source":"{}","paginated":{},"multipart":{},"read":{}"#,
        v.method.as_str(),
        v.shop_cipher.as_str(),
        v.source.as_str(),
        v.has(flags::PAGINATED),
        v.has(flags::MULTIPART),
        v.has(flags::READ)
    );
    paging_and_files(out, v);
    if with_params {
        // The scopes: any one lets a token call the version; null when no page names them.
        if v.scopes.is_empty() {
            out.push_str(r#","scopes":null,"scopesSource":null"#);
        } else {
            out.push_str(r#","scopes":["#);
            join(out, v.scopes.iter(), |out, s| {
                let _ = write!(out, r#""{s}""#);
            });
            let from = if v.has(flags::SCOPES_CARRIED) {
                "carried"
            } else {
                "docs"
            };
            let _ = write!(out, r#"],"scopesSource":"{from}""#);
        }
        out.push_str(r#","params":["#);
        join(out, v.params.iter(), |out, p| {
            let _ = write!(
                out,
                r#"{{"name":"{}","in":"{}","required":{},"type":"{}"}}"#,
                p.name,
                p.loc.as_str(),
                p.required,
                p.kind.as_str()
            );
        });
        out.push(']');
    }
}

/// A version's pagination (`items`, `pageSizeMax`, `pageSize`) and an upload's file parts
/// (`files`), as both `listOperations()` and a version's plan (src/plan.rs) give them.
pub(crate) fn paging_and_files(out: &mut String, v: &Version) {
    if v.has(flags::PAGINATED) {
        let _ = write!(out, r#","items":"{}""#, v.items);
        // 0: the version takes no page_size (TikTok pages at its own size), or states no maximum.
        if v.page_size_max > 0 {
            let _ = write!(out, r#","pageSizeMax":{}"#, v.page_size_max);
        }
        if v.page_size > 0 {
            let _ = write!(out, r#","pageSize":{}"#, v.page_size);
        }
    }
    if v.has(flags::MULTIPART) {
        // The client sends these as Blobs beside the JSON of the other parameters.
        out.push_str(r#","files":["#);
        join(out, v.params.iter().filter(|p| p.loc == Loc::File), |out, p| {
            let _ = write!(out, r#""{}""#, p.name);
        });
        out.push(']');
    }
}

fn join<T>(out: &mut String, items: impl Iterator<Item = T>, mut write: impl FnMut(&mut String, T)) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write(out, item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(with_params: bool) -> Vec<serde_json::Value> {
        let list: serde_json::Value = serde_json::from_str(&list_json(with_params)).unwrap();
        list.as_array().unwrap().clone()
    }

    #[test]
    fn every_operation_with_its_versions() {
        let list = list(true);
        assert_eq!(list.len(), OPERATIONS.len());
        let orders = list
            .iter()
            .find(|e| e["group"] == "order" && e["operation"] == "getOrderList")
            .unwrap();
        assert_eq!(orders["paths"]["202309"], "/order/202309/orders/search");
        assert_eq!(orders["account"], "seller");
        assert_eq!(orders["items"], "orders");
        assert_eq!(orders["pageSizeMax"], 100);
        assert_eq!(orders["params"][0]["in"], "query");
        let detail = list.iter().find(|e| e["operation"] == "getOrderDetail").unwrap();
        assert_eq!(detail["versions"], serde_json::json!(["202507", "202309"]));
        let by_statement = list
            .iter()
            .find(|e| e["operation"] == "getTransactionsByStatement")
            .unwrap();
        assert_eq!(by_statement["byVersion"]["202309"]["items"], "statement_transactions");
        assert_eq!(by_statement["byVersion"]["202501"]["items"], "transactions");
    }

    #[test]
    fn parameters_are_per_version() {
        // 202309 takes category_version in the query; later versions do not.
        let list = list(true);
        let search = list
            .iter()
            .find(|e| e["group"] == "product" && e["operation"] == "searchProducts")
            .unwrap();
        let in_202309 = search["byVersion"]["202309"]["params"].as_array().unwrap();
        let category = in_202309.iter().find(|p| p["name"] == "category_version").unwrap();
        assert_eq!(category["in"], "query");
        assert_ne!(search["versions"][0], "202309");
    }

    #[test]
    fn each_version_says_where_it_comes_from() {
        // 202602 is the docs catalog's, newer than TikTok's description's 202309: the default.
        let list = list(true);
        let returns = list
            .iter()
            .find(|e| e["group"] == "returnRefund" && e["operation"] == "searchReturns")
            .unwrap();
        assert_eq!(returns["versions"], serde_json::json!(["202602", "202309"]));
        assert_eq!(returns["source"], "docs-catalog");
        assert_eq!(returns["byVersion"]["202602"]["source"], "docs-catalog");
        assert_eq!(returns["byVersion"]["202309"]["source"], "tiktok-oas");
        let token = list.iter().find(|e| e["operation"] == "getAccessToken").unwrap();
        assert_eq!(token["source"], "builtin");
        let sources: std::collections::BTreeSet<String> = list
            .iter()
            .flat_map(|e| e["byVersion"].as_object().unwrap().values())
            .map(|v| v["source"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            sources.into_iter().collect::<Vec<_>>(),
            ["builtin", "docs-catalog", "tiktok-oas"]
        );
    }

    #[test]
    fn names_and_entries_one_by_one() {
        let names: serde_json::Value = serde_json::from_str(&names_json()).unwrap();
        let names = names.as_array().unwrap();
        let count: usize = names.iter().map(|g| g[1].as_array().unwrap().len()).sum();
        assert_eq!(count, OPERATIONS.len());
        let order = names.iter().find(|g| g[0] == "order").unwrap();
        assert!(order[1]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(["getOrderList", 1])));
        // In table order, as the client counts its operation indexes.
        let full = list(false);
        let flat: Vec<(String, String)> = names
            .iter()
            .flat_map(|g| {
                let group = g[0].as_str().unwrap().to_owned();
                g[1].as_array()
                    .unwrap()
                    .iter()
                    .map(move |n| (group.clone(), n[0].as_str().unwrap().to_owned()))
            })
            .collect();
        for (entry, (group, operation)) in full.iter().zip(&flat) {
            assert_eq!(
                (entry["group"].as_str().unwrap(), entry["operation"].as_str().unwrap()),
                (group.as_str(), operation.as_str())
            );
        }
    }

    #[test]
    fn the_compact_list_has_no_parameters() {
        let list = list(false);
        assert!(list.iter().all(|e| e.get("params").is_none()));
        assert!(list.len() == OPERATIONS.len());
    }

    #[test]
    fn accounts() {
        let list = list(false);
        let account = |group: &str| list.iter().find(|e| e["group"] == group).unwrap()["account"].clone();
        assert_eq!(account("affiliateCreator"), "creator");
        assert_eq!(account("affiliate"), "creator");
        assert_eq!(account("affiliatePartner"), "partner");
        assert_eq!(account("affiliateSeller"), "seller");
        assert_eq!(account("token"), "any");
        let token = list.iter().find(|e| e["group"] == "token").unwrap();
        assert_eq!(token["host"], "auth");
        assert_eq!(list[0]["host"], "api");
    }
}
