//! The caller's parameters as the JS client hands them over: the JSON text of one object
//! (one `JSON.stringify` on the JS side instead of a crossing per parameter). Read without
//! copying: keys and values borrow the text, and a body value goes on as the exact JSON
//! text given.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::operations::Kind;

use super::values::query_text;
use super::Name;

/// The members of a params object, in the caller's order.
pub struct JsonParams<'a> {
    pairs: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> JsonParams<'a> {
    pub fn parse(text: &'a str) -> Result<JsonParams<'a>> {
        serde_json::from_str::<Pairs>(text)
            .map(|p| JsonParams { pairs: p.0 })
            .map_err(|_| Error::invalid("params", "params must be an object"))
    }

    /// Names of the parameters given, in order, without null ones.
    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.pairs.iter().filter(|(_, v)| v.get() != "null").map(|(k, _)| &**k)
    }

    /// Whether `key` is given (and not null).
    pub fn has(&self, key: &str) -> bool {
        self.keys().any(|k| k == key)
    }

    /// The value's JSON text, as given.
    pub fn raw(&self, key: &str) -> Option<&'a str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.get())
    }

    /// The value parsed (path, query and form values: scalars, or arrays of them).
    pub fn value(&self, key: &str) -> Value {
        self.raw(key)
            .and_then(|raw| serde_json::from_str(raw).ok())
            .unwrap_or(Value::Null)
    }

    /// The pairs as text, for a query given whole (`shop.request()`, `signRequest()`):
    /// scalars as they print, arrays comma-joined.
    pub fn query_pairs(&self) -> Result<Vec<(String, String)>> {
        let mut out = Vec::with_capacity(self.pairs.len());
        for key in self.keys() {
            let text = query_text(key, Kind::Array, self.value(key), Name::Raw)?;
            out.push((key.to_owned(), text));
        }
        Ok(out)
    }
}

/// A JSON object's members in order, keys borrowed where they need no unescaping,
/// values left as raw text.
struct Pairs<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Pairs<'de>, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Pairs<'de>, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some((Key(key), value)) = map.next_entry::<Key, &RawValue>()? {
                    pairs.push((key, value));
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

/// A member's name: borrowed from the text unless it had escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Key<'de>, D::Error> {
        struct Name;
        impl<'de> Visitor<'de> for Name {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        deserializer.deserialize_str(Name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_in_order_nulls_left_out() {
        let p = JsonParams::parse(r#"{"b":1,"a\u0041":"x","n":null,"o":{"k":[1,2]}}"#).unwrap();
        assert_eq!(p.keys().collect::<Vec<_>>(), ["b", "aA", "o"]);
        assert_eq!(p.raw("o"), Some(r#"{"k":[1,2]}"#));
        assert!(p.has("b") && !p.has("n") && !p.has("zz"));
        assert_eq!(p.value("b"), serde_json::json!(1));
    }

    #[test]
    fn anything_but_an_object_is_refused() {
        for bad in ["[1]", "5", "\"x\"", "{", ""] {
            assert_eq!(
                JsonParams::parse(bad).err().unwrap().field.as_deref(),
                Some("params"),
                "{bad}"
            );
        }
    }
}
