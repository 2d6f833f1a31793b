//! Files written by `scripts/codegen`; never edited by hand.

pub mod operations;
pub mod webhooks;
