//! One parameter's value, checked against what the operation declares: the text of a
//! path, query or form value by its kind (arrays comma-joined, a comma inside one value
//! refused), the top-level type of a body value, a path segment that cannot change the
//! path, and a `page_size` within the largest page the operation serves.

use serde_json::Value;

use crate::error::{Error, Result};
use crate::operations::{Kind, Param, Version};

use super::encode::encode;
use super::Name;

/// The text of a path or query value, checked against its declared kind.
/// Arrays are comma-joined; booleans are `true` / `false`.
pub fn query_text(field: &str, kind: Kind, value: Value, op: Name) -> Result<String> {
    let wrong = |what: &str| Error::invalid(field, format!("`{field}` of {op} must be {what}"));
    match (kind, value) {
        (Kind::Array, Value::Array(items)) => {
            let mut out = String::new();
            for (i, item) in items.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let text = scalar_text(item).ok_or_else(|| wrong("an array of strings, numbers or booleans"))?;
                // The array goes comma-joined: a comma inside one value would make it two.
                if text.contains(',') {
                    let at = format!("{field}[{i}]");
                    return Err(Error::invalid(
                        &at,
                        format!("`{at}` of {op} contains a comma, which would send it as two values: give each value its own element"),
                    ));
                }
                out.push_str(&text);
            }
            Ok(out)
        }
        (_, Value::Array(_)) => Err(wrong(article(kind))),
        (Kind::Int, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        (Kind::Int, Value::String(s)) if is_integer(&s) => Ok(s),
        (Kind::Int, _) => Err(wrong("an integer")),
        (Kind::Num, Value::Number(n)) => Ok(n.to_string()),
        (Kind::Num, Value::String(s)) if s.trim().parse::<f64>().is_ok() => Ok(s),
        (Kind::Num, _) => Err(wrong("a number")),
        (Kind::Bool, Value::Bool(b)) => Ok(b.to_string()),
        (Kind::Bool, Value::String(s)) if s == "true" || s == "false" => Ok(s),
        (Kind::Bool, _) => Err(wrong("a boolean")),
        (_, value) => scalar_text(value).ok_or_else(|| wrong("a string, number or boolean")),
    }
}

/// Checks the top-level type of a body value from its JSON text (no parse of what is
/// inside objects and arrays: that is the API's to judge).
pub fn check_body_kind(p: &Param, raw: &str, op: Name) -> Result<()> {
    let ok = match (p.kind, raw.as_bytes().first()) {
        (Kind::Str, Some(b'"')) | (Kind::Bool, Some(b't' | b'f')) => true,
        (Kind::Array, Some(b'[')) | (Kind::Object, Some(b'{')) => true,
        (Kind::Num, Some(b'-' | b'0'..=b'9')) => true,
        // An integer literal within 64 bits, as serde_json would hold it exactly.
        (Kind::Int, Some(b'-' | b'0'..=b'9')) => raw.parse::<i64>().is_ok() || raw.parse::<u64>().is_ok(),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        let what = match p.kind {
            Kind::Str => "a string",
            other => article(other),
        };
        Err(Error::invalid(p.name, format!("`{}` of {op} must be {what}", p.name)))
    }
}

/// A `page_size` within what the operation serves: the table knows the largest, so a page
/// TikTok would refuse is refused here, before sending, naming the maximum.
pub fn check_page_size(text: &str, v: &Version, name: Name) -> Result<()> {
    if v.page_size_max == 0 {
        return Ok(());
    }
    let max = u64::from(v.page_size_max);
    match text.parse::<u64>() {
        Ok(n) if (1..=max).contains(&n) => Ok(()),
        _ => Err(Error::invalid(
            "page_size",
            format!("`page_size` of {name} must be from 1 to {max} (the largest page this operation serves)"),
        )),
    }
}

/// A path parameter, encoded. `.` and `..` survive encoding (they are unreserved) and
/// would move the call to another path, so they are refused, as is an empty value.
pub fn path_segment(field: &str, text: &str, name: Name) -> Result<String> {
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::invalid(
            field,
            format!("`{field}` of {name} must not be empty, '.' or '..'"),
        ));
    }
    Ok(encode(text))
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Int => "an integer",
        Kind::Num => "a number",
        Kind::Bool => "a boolean",
        Kind::Array => "an array",
        Kind::Object => "an object",
        Kind::Str | Kind::Binary => "a single value",
    }
}

fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::Loc;

    fn param(kind: Kind) -> Param {
        Param {
            name: "x",
            loc: Loc::Body,
            required: false,
            kind,
        }
    }

    #[test]
    fn body_kinds_from_the_first_byte() {
        let ok = |kind, raw| check_body_kind(&param(kind), raw, Name::Raw).is_ok();
        assert!(ok(Kind::Str, r#""a""#) && !ok(Kind::Str, "1"));
        assert!(ok(Kind::Int, "-12") && !ok(Kind::Int, "1.5") && !ok(Kind::Int, "1e3"));
        assert!(ok(Kind::Num, "1.5") && !ok(Kind::Num, r#""1""#));
        assert!(ok(Kind::Bool, "false") && !ok(Kind::Bool, "null"));
        assert!(ok(Kind::Array, "[]") && ok(Kind::Object, r#"{"a":[1]}"#) && !ok(Kind::Object, "[]"));
    }
}
