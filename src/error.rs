//! The one error type of the client. It crosses into JS as a `TikTokShopError`.

use std::fmt;

/// Declares [`ErrorKind`] and its names from one table; `scripts/codegen` reads the same
/// table to write the JS list (`ERROR_KINDS`) and the TypeScript `ErrorKind` union.
macro_rules! error_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// What went wrong, coarse enough to act on. Classified by exact code (see `envelope.rs`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum ErrorKind {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorKind {
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $name,)*
                }
            }
        }
    };
}

error_kinds! {
    /// Credentials, app key, auth code, account kind or IP allow list rejected.
    Auth = "auth",
    /// The access token has expired (105002): refresh it and retry.
    ExpiredToken = "expired_token",
    /// The seller must authorize the app again (36004001, 36004005): refreshing cannot help.
    Reauthorize = "reauthorize",
    /// The request signature was rejected (106001): wrong app secret or a signing bug.
    Signature = "signature",
    /// The token lacks the scope for this endpoint (105005).
    Scope = "scope",
    /// Too many requests (429 / 36009002), or the client's own queue is full.
    RateLimit = "rate_limit",
    /// The request was malformed or failed validation (client- or server-side).
    InvalidRequest = "invalid_request",
    /// No such path, method or entity.
    NotFound = "not_found",
    /// A 5xx reply or a gateway timeout (36009007).
    Server = "server",
    /// The request never got a reply (connection refused, reset, DNS...).
    Network = "network",
    /// The request took longer than its timeout.
    Timeout = "timeout",
    /// The server answered with a redirect, which the client never follows.
    Redirect = "redirect",
    /// The reply was not the JSON envelope (HTML, truncated, empty...).
    Decode = "decode",
    /// The reply was larger than `maxResponseBytes`; it was not read to the end.
    TooLarge = "too_large",
    /// The client was configured or called wrongly; nothing was sent.
    Config = "config",
    /// A bug in the client: its wasm core failed. Please report it.
    Internal = "internal",
}

/// An error of the client or of the API. Never holds a secret: messages are
/// built from field names and the API's own message, not from values.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// The API's business code, when the reply carried one.
    pub code: Option<i64>,
    pub request_id: Option<String>,
    pub http_status: Option<u16>,
    /// The option or parameter at fault, for `config` and `invalid_request` errors.
    pub field: Option<String>,
    /// `group.method` of the call, when the error belongs to one.
    pub operation: Option<String>,
    /// Seconds to wait before retrying, from a `Retry-After` header.
    pub retry_after: Option<f64>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            code: None,
            request_id: None,
            http_status: None,
            field: None,
            operation: None,
            retry_after: None,
        }
    }

    /// A configuration error about one option, raised before anything is sent.
    pub fn config(field: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Config, message).with_field(field)
    }

    /// A client-side validation error about one parameter.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidRequest, message).with_field(field)
    }

    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    pub fn with_operation(mut self, operation: String) -> Self {
        self.operation = Some(operation);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;
