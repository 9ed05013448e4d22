//! The local socket through which the CLI asks the running app: one JSON request line,
//! one JSON reply line ([`protocol`]). Only the same user can connect: the socket is
//! 0600 in a 0700 folder of the runtime directory, and the peer's uid is checked as
//! well ([`server`]). The CLI asks with [`ask`] and works alone when no app answers.

mod client;
pub mod protocol;
mod server;

use std::path::PathBuf;

pub use client::ask;
pub use protocol::{CallerFiles, Reply, Request, StatusRow};
pub use server::serve;

use crate::channel::Channel;

/// Where the app listens: `$XDG_RUNTIME_DIR/awning/agent-<service>.sock` (the service
/// keeps test and development builds apart), else the same under the data folder.
pub fn socket_path() -> Option<PathBuf> {
    let folder = match dirs::runtime_dir() {
        Some(runtime) => runtime.join("awning"),
        None => crate::paths::data_dir().ok()?.join("run"),
    };
    Some(folder.join(format!(
        "agent-{}.sock",
        Channel::current().keychain_service()
    )))
}

#[cfg(test)]
mod server_tests;
