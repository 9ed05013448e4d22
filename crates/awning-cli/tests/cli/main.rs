//! The CLI's integration tests, in one binary (one link instead of one per file).

mod commands;
mod config;
mod endpoints;
mod vault_keychain;
