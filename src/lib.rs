//! tiktok-shop-wasm: the TikTok Shop Partner API client core.
//!
//! What a request is (signing, routing parameters, the operations table) and what a
//! reply means (classification by exact code) are plain Rust, tested natively; the
//! JS interface is `boundary`, compiled for wasm only.

// `Error` carries the API's message and request id by value: it is only built on the
// failure path, where its size does not matter.
#![allow(clippy::result_large_err)]

pub mod config;
pub mod error;
mod generated;
pub mod operations;
pub mod plan;
pub mod reply;
pub mod request;
pub mod scopes;
pub mod sign;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
mod boundary;
