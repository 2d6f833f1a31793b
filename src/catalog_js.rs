//! `listOperations()`: the operations table as plain JS objects.

use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

use crate::js::set;
use crate::operations::{flags, Version, OPERATIONS};

pub fn list() -> Array {
    OPERATIONS
        .iter()
        .map(|op| {
            let latest = op.latest();
            let entry = Object::new();
            set(&entry, "group", &op.group.into());
            set(&entry, "operation", &op.name.into());
            set(&entry, "method", &latest.method.as_str().into());
            let versions = Array::new();
            let paths = Object::new();
            for v in op.versions {
                versions.push(&v.version.into());
                set(&paths, v.version, &v.path.into());
            }
            set(&entry, "versions", &versions);
            set(&entry, "paths", &paths);
            set(&entry, "params", &params(latest));
            set(&entry, "shopCipher", &latest.shop_cipher.as_str().into());
            set(&entry, "paginated", &latest.has(flags::PAGINATED).into());
            set(&entry, "multipart", &latest.has(flags::MULTIPART).into());
            set(&entry, "read", &latest.has(flags::READ).into());
            if latest.has(flags::PAGINATED) {
                set(&entry, "items", &latest.items.into());
                set(&entry, "pageSizeMax", &latest.page_size_max.into());
                // The items field can differ between versions (statement_transactions vs transactions).
                let items = Object::new();
                for v in op.versions.iter().filter(|v| v.has(flags::PAGINATED)) {
                    set(&items, v.version, &v.items.into());
                }
                set(&entry, "itemsByVersion", &items);
            }
            JsValue::from(entry)
        })
        .collect()
}

fn params(v: &Version) -> Array {
    v.params
        .iter()
        .map(|p| {
            let o = Object::new();
            set(&o, "name", &p.name.into());
            set(&o, "in", &p.loc.as_str().into());
            set(&o, "required", &p.required.into());
            set(&o, "type", &p.kind.as_str().into());
            JsValue::from(o)
        })
        .collect()
}
