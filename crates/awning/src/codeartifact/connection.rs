//! A connection: one tool configured for one repository, remembered in the data folder
//! (never its token) so the app can renew it and `logout` can take it back.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::journal::Journal;
use super::repository::{Repository, TokenLifetime};
use super::tools::{Choices, Scope, Tool};
use crate::safe_write::{EditLock, StagedWrite, read_text, short_hash};
use crate::timestamps::epoch_seconds;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub id: String,
    pub tool: Tool,
    pub scope: Scope,
    pub repository: Repository,
    /// The profile whose identity gets the tokens.
    pub profile: String,
    pub lifetime: TokenLifetime,
    pub choices: Choices,
    /// The repository's URL for the tool's format.
    pub endpoint: String,
    /// The files that hold the connection's settings, the token's file among them.
    pub files: Vec<PathBuf>,
    /// When the token written last was issued, and when it ends.
    #[serde(with = "epoch_seconds")]
    pub issued_at: SystemTime,
    #[serde(with = "epoch_seconds")]
    pub expires_at: SystemTime,
}

impl Connection {
    /// How long before its token ends the connection is renewed: [`RENEW_BEFORE`], or
    /// half the token's life when that is shorter.
    ///
    /// [`RENEW_BEFORE`]: super::engine::RENEW_BEFORE
    pub fn renew_before(&self) -> std::time::Duration {
        let life = self
            .expires_at
            .duration_since(self.issued_at)
            .unwrap_or_default();
        super::engine::RENEW_BEFORE.min(life / 2)
    }

    /// The id of `tool` for `repository` in `scope`: configuring them again updates the
    /// same connection.
    pub fn id_of(tool: Tool, repository: &Repository, scope: &Scope) -> String {
        let named = serde_json::json!([tool, repository, scope]).to_string();
        format!("{}-{}", tool.name(), short_hash(&named))
    }
}

/// What the data folder remembers: the connections, and the journal of what they wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Remembered {
    #[serde(default)]
    pub connections: Vec<Connection>,
    #[serde(default)]
    pub journal: Journal,
}

impl Remembered {
    pub fn connection(&self, id: &str) -> Option<&Connection> {
        self.connections
            .iter()
            .find(|connection| connection.id == id)
    }

    /// Adds `connection`, or replaces the one with its id.
    pub fn keep(&mut self, connection: Connection) {
        match self.connections.iter_mut().find(|c| c.id == connection.id) {
            Some(kept) => *kept = connection,
            None => self.connections.push(connection),
        }
    }

    pub fn forget(&mut self, id: &str) {
        self.connections.retain(|connection| connection.id != id);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path} is not what Awning writes (line {line})")]
    Damaged { path: PathBuf, line: usize },
}

/// `codeartifact.json` in the data folder, changed by one Awning process at a time.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    data_dir: PathBuf,
}

/// Holds the store's lock: every change of connections and tool files happens under it.
#[derive(Debug)]
pub struct Held {
    _lock: EditLock,
}

impl Store {
    pub fn in_folder(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("codeartifact.json"),
            data_dir: data_dir.to_owned(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn lock(&self) -> Result<Held, StoreError> {
        let lock = EditLock::acquire(&self.data_dir, &self.path).map_err(|cause| self.io(cause))?;
        Ok(Held { _lock: lock })
    }

    pub fn read(&self) -> Result<Remembered, StoreError> {
        let Some(bytes) = read_text(&self.path).map_err(|cause| self.io(cause))? else {
            return Ok(Remembered::default());
        };
        serde_json::from_slice(&bytes).map_err(|error| StoreError::Damaged {
            path: self.path.clone(),
            line: error.line(),
        })
    }

    /// Writes `remembered` whole; the lock proves no other process writes meanwhile.
    pub fn write(&self, remembered: &Remembered, _held: &Held) -> Result<(), StoreError> {
        let text = serde_json::to_vec_pretty(remembered).map_err(|error| self.io(error.into()))?;
        StagedWrite::new(&self.path, &text)
            .and_then(StagedWrite::commit)
            .map_err(|cause| self.io(cause))
    }

    fn io(&self, cause: std::io::Error) -> StoreError {
        StoreError::Io {
            path: self.path.clone(),
            cause,
        }
    }
}

impl StoreError {
    pub fn problem(&self) -> crate::problem::Problem {
        use crate::problem::Problem;
        match self {
            Self::Io { path, cause } => Problem::FileUnusable {
                path: path.display().to_string(),
                detail: cause.to_string(),
            },
            Self::Damaged { path, line } => Problem::FileUnusable {
                path: path.display().to_string(),
                detail: format!("not what Awning writes (line {line})"),
            },
        }
    }
}
