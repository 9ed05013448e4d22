//! The local socket through which the CLI asks the running app: one JSON request line,
//! one JSON reply line ([`protocol`]). Only the same user can connect: the socket is
//! 0600 in a 0700 folder of the runtime directory, and the peer's uid is checked as
//! well ([`server`]). On Windows a named pipe takes its place (`pipe`), where a
//! handshake does what the peer's uid does here. The CLI asks with [`ask`] and works
//! alone when no app answers.

#[cfg(unix)]
mod client;
mod conversation;
// Only Windows speaks it; its tests run everywhere.
#[cfg(any(windows, test))]
mod handshake;
#[cfg(windows)]
mod pipe;
pub mod protocol;
#[cfg(unix)]
mod server;

use std::path::PathBuf;

#[cfg(unix)]
pub use client::ask;
#[cfg(windows)]
pub use pipe::{ask, serve};
pub use protocol::{CallerFiles, Reply, Request, StatusRow};
#[cfg(unix)]
pub use server::serve;

/// Where the app listens: its pipe, on Windows.
#[cfg(windows)]
pub fn socket_path() -> Option<PathBuf> {
    pipe::pipe_path()
}

/// Where the app listens: `$XDG_RUNTIME_DIR/awning/agent-<service>.sock` (the service
/// keeps test and development builds apart), else the same under the data folder.
#[cfg(unix)]
pub fn socket_path() -> Option<PathBuf> {
    let folder = match dirs::runtime_dir() {
        Some(runtime) => runtime.join("awning"),
        None => crate::paths::data_dir().ok()?.join("run"),
    };
    Some(folder.join(format!(
        "agent-{}.sock",
        crate::channel::Channel::current().keychain_service()
    )))
}

#[cfg(test)]
mod server_tests;
