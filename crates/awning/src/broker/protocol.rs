//! What the CLI and the app say over the socket: a request line and a reply line, JSON.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::problem::Problem;
use crate::vault::Entry;

/// A request line longer than this is refused (requests are a few hundred bytes).
pub(super) const MAX_REQUEST: u64 = 16 * 1024;
/// A reply line longer than this is not read (credentials are a few kilobytes).
pub(super) const MAX_REPLY: u64 = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// `awning credential-process --profile NAME [--login]`, for the profile of the
    /// caller's config and credentials files (as its environment resolves them).
    CredentialProcess {
        profile: String,
        login: bool,
        files: CallerFiles,
    },
    /// `awning status`.
    Status,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reply {
    /// The `Version: 1` JSON to print.
    Credentials(String),
    /// Each session the app knows, by item name, with whether a sign-in is under way.
    Status(Vec<StatusRow>),
    /// What went wrong; the CLI words it and adds what to run.
    Failed(Problem),
    /// The caller reads other AWS files than the app: it works alone.
    OtherFiles,
}

/// The AWS files a caller reads, so the app answers only for its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerFiles {
    pub config: PathBuf,
    pub credentials: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRow {
    pub session: String,
    pub entry: Option<Entry>,
    pub signing_in: bool,
}
