//! The operations table: every TikTok Shop operation the client can call.
//!
//! The table itself (`src/generated/operations.rs`) is generated from TikTok's OpenAPI
//! description (`spec/oas/`) by `scripts/codegen`; this module holds its types and the
//! lookups everything else uses (request building, `listOperations()`, the JS client's
//! method objects).

mod list;

pub use crate::generated::operations::OPERATIONS;
pub use list::{entry_json, list_json, names_json};

/// HTTP method of one operation version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a parameter goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// Substituted into the path template (`{order_id}`), URL-encoded.
    Path,
    /// Query string; signed.
    Query,
    /// Top-level field of the JSON body; signed as part of the body bytes.
    Body,
    /// Text field of a multipart form (upload operations); not signed.
    Form,
    /// The file part of a multipart form (upload operations); not signed.
    File,
}

impl Loc {
    pub fn as_str(self) -> &'static str {
        match self {
            Loc::Path => "path",
            Loc::Query => "query",
            Loc::Body => "body",
            Loc::Form => "form",
            Loc::File => "file",
        }
    }
}

/// The declared type of a parameter, as far as the client checks it.
/// Nested body structure is passed through untouched; only the top level is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Int,
    Num,
    Bool,
    /// Array of scalars (comma-joined in the query) or of anything (in a body).
    Array,
    Object,
    /// Binary content of a multipart file part.
    Binary,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Str => "string",
            Kind::Int => "integer",
            Kind::Num => "number",
            Kind::Bool => "boolean",
            Kind::Array => "array",
            Kind::Object => "object",
            Kind::Binary => "binary",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub loc: Loc,
    pub required: bool,
    pub kind: Kind,
}

/// Whether an operation takes `shop_cipher` (from the spec's parameter list).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShopCipher {
    Required,
    Optional,
    /// Not a parameter of the operation: must never be sent.
    Forbidden,
}

impl ShopCipher {
    pub fn as_str(self) -> &'static str {
        match self {
            ShopCipher::Required => "required",
            ShopCipher::Optional => "optional",
            ShopCipher::Forbidden => "forbidden",
        }
    }
}

/// Which host and signing scheme an operation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// The business API: signed, access token header.
    Api,
    /// The token endpoints on the auth host: unsigned, app key and secret in the query.
    Auth { grant_type: &'static str },
}

/// Which kind of account authorizes an operation: whose access token it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Account {
    Seller,
    Creator,
    Partner,
    /// The token calls, made for any kind of account.
    Any,
}

impl Account {
    pub fn as_str(self) -> &'static str {
        match self {
            Account::Seller => "seller",
            Account::Creator => "creator",
            Account::Partner => "partner",
            Account::Any => "any",
        }
    }
}

/// Flags of one operation version (bit set in [`Version::flags`]).
pub mod flags {
    /// Sends a JSON body (even `{}`), because the spec defines a request body.
    pub const JSON_BODY: u8 = 1;
    /// Sends `multipart/form-data`; the body is not signed.
    pub const MULTIPART: u8 = 2;
    /// Cursor-paginated (`page_token` in, `next_page_token` out).
    pub const PAGINATED: u8 = 4;
    /// Safe to repeat: a GET, or a POST search / query that changes nothing.
    pub const READ: u8 = 8;
}

/// One version of an operation: everything needed to build the request.
#[derive(Debug)]
pub struct Version {
    /// `YYYYMM`, or `v2` for the token operations.
    pub version: &'static str,
    pub method: Method,
    /// Path template, e.g. `/order/202309/orders/{order_id}/price_detail`.
    pub path: &'static str,
    pub host: Host,
    pub shop_cipher: ShopCipher,
    pub flags: u8,
    /// Largest `page_size` the operation accepts (0 when not paginated).
    pub page_size_max: u16,
    /// Field of the response `data` that holds a page's items, a dotted path when nested
    /// (`performance.intervals`); "" when not paginated.
    pub items: &'static str,
    pub params: &'static [Param],
}

impl Version {
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// One operation: a group, a method name and its versions, latest first.
#[derive(Debug)]
pub struct Operation {
    /// camelCase group, e.g. `returnRefund`.
    pub group: &'static str,
    /// camelCase method name, e.g. `getOrderList` (`operation` everywhere: the JS client's
    /// `listOperations()` entries, the sandbox's catalog).
    pub operation: &'static str,
    pub account: Account,
    pub versions: &'static [Version],
}

impl Operation {
    pub fn latest(&self) -> &'static Version {
        &self.versions[0]
    }

    /// Every version, latest first, for messages: `202507, 202309`.
    pub fn version_list(&self) -> String {
        self.versions.iter().map(|v| v.version).collect::<Vec<_>>().join(", ")
    }

    /// The requested version, or the latest when `None`.
    pub fn version(&self, wanted: Option<&str>) -> Option<&'static Version> {
        match wanted {
            None => Some(self.latest()),
            Some(v) => self.versions.iter().find(|x| x.version == v),
        }
    }
}

/// Looks an operation up by group and method name.
pub fn find(group: &str, name: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|op| op.group == group && op.operation == name)
}
