//! Routing the caller's parameters by the operation version's definition: each one to the
//! path (substituted and encoded), the query, the JSON body or the multipart form, checked
//! on the way; an unknown parameter, a missing required one or a GET body the runtime's
//! `fetch` cannot send is an error naming it.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::operations::{Loc, Method, Version};

use super::params::JsonParams;
use super::values::{check_body_kind, check_page_size, path_segment, query_text};
use super::{Context, Name, Part};

/// The parameters, routed.
pub struct Routed {
    /// The path as sent and signed (parameters substituted and encoded).
    pub path: String,
    pub query: Vec<(&'static str, Cow<'static, str>)>,
    /// The body's members as JSON text: `{` and the members, without the closing brace
    /// ("" when none).
    pub body: String,
    pub parts: Vec<Part>,
}

pub fn route(v: &'static Version, params: &JsonParams, ctx: &Context, name: Name) -> Result<Routed> {
    let mut out = Routed {
        path: v.path.to_owned(),
        query: Vec::with_capacity(8),
        body: String::new(),
        parts: Vec::new(),
    };
    for key in params.keys() {
        // The shop is the plan's (src/plan.rs), whoever named it.
        if key == "shop_cipher" {
            continue;
        }
        let mut routed = false;
        for p in v.params.iter().filter(|p| p.name == key) {
            routed = true;
            match p.loc {
                Loc::Path => {
                    let text = query_text(p.name, p.kind, params.value(key), name)?;
                    out.path = out
                        .path
                        .replace(&format!("{{{}}}", p.name), &path_segment(p.name, &text, name)?);
                }
                Loc::Query => {
                    let text = query_text(p.name, p.kind, params.value(key), name)?;
                    if p.name == "page_size" {
                        check_page_size(&text, v, name)?;
                    }
                    out.query.push((p.name, Cow::Owned(text)));
                }
                Loc::Body => {
                    let raw = params.raw(key).unwrap_or_default();
                    check_body_kind(p, raw, name)?;
                    if v.method == Method::Get && !ctx.get_body {
                        return Err(Error::invalid(
                            p.name,
                            format!(
                                "`{}` of {name} travels in the body of a GET, which the runtime's fetch cannot \
                                 send; pass the client a `fetch` that can (see the README), or leave it out",
                                p.name
                            ),
                        ));
                    }
                    out.body.push(if out.body.is_empty() { '{' } else { ',' });
                    out.body.push('"');
                    out.body.push_str(p.name);
                    out.body.push_str("\":");
                    out.body.push_str(raw);
                }
                Loc::Form => out.parts.push(Part::Text {
                    name: p.name,
                    value: query_text(p.name, p.kind, params.value(key), name)?,
                }),
                Loc::File => out.parts.push(Part::File { name: p.name }),
            }
        }
        if !routed {
            return Err(Error::invalid(
                key,
                format!("`{key}` is not a parameter of {name} (version {})", v.version),
            ));
        }
    }
    if let Some(missing) = v.params.iter().find(|p| p.required && !params.has(p.name)) {
        return Err(Error::invalid(
            missing.name,
            format!(
                "{name} requires `{}` ({} parameter)",
                missing.name,
                missing.loc.as_str()
            ),
        ));
    }
    Ok(out)
}
