//! The Awning engine: everything Awning does, without a GUI.
//!
//! The desktop shell (`src-tauri`) and the CLI (`awning-cli`) are thin adapters over this
//! crate. Nothing here may depend on Tauri or any windowing toolkit.

pub mod agent;
pub mod aws_names;
#[cfg(unix)]
pub mod broker;
pub mod channel;
pub mod clock;
pub mod codeartifact;
pub mod config;
pub mod console;
pub mod credentials;
pub mod keys;
pub mod manager;
pub mod messages;
pub mod paths;
pub mod problem;
mod reach;
mod safe_write;
pub use safe_write::append_private;
mod sdk;
pub mod sso;
#[cfg(test)]
mod test_support;
pub mod timestamps;
pub mod urls;
pub mod vault;
