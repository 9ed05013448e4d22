//! What the CLI and the app say over the socket: a request line and a reply line, JSON.

use serde::{Deserialize, Serialize};

use crate::problem::Problem;
use crate::vault::Entry;

/// A request line longer than this is refused (requests are a few dozen bytes).
pub(super) const MAX_REQUEST: u64 = 16 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    /// `awning credential-process --profile NAME [--login]`.
    CredentialProcess { profile: String, login: bool },
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRow {
    pub session: String,
    pub entry: Option<Entry>,
    pub signing_in: bool,
}
