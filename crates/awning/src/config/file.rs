//! Changing a config or credentials file on disk: preview, apply, undo.
//!
//! Every write goes through a temporary file in the same folder (0600, flushed) renamed
//! over the original, under a lock that every Awning process shares, and keeps the
//! previous version, its secrets masked, for `undo`. If the file changes on disk between reading and writing
//! (an editor, the AWS CLI), the edit is applied again to the new content; someone
//! else's change is never overwritten.

use std::path::{Path, PathBuf};

use super::backups::Backups;
use super::document::Document;
use super::edit::EditError;
use super::location::{ConfigPathError, config_file_path, credentials_file_path};
use super::secrets::mask_secrets;
use super::sections::FileKind;
use crate::problem::Problem;
use crate::safe_write::{
    EditLock, StagedWrite, read_text, remove_abandoned_stages, resolve_target,
};
use crate::vault::Secret;

/// Where undo finds the secrets its masked backup left out.
#[derive(Clone, Copy)]
enum Fill<'a> {
    /// In the file as it is, and in these extra lines.
    FromFile(&'a str),
    /// Nowhere: the caller has the whole old text.
    Known(&'a str),
}

/// How often an edit is re-applied to a file that keeps changing under it.
const ATTEMPTS: usize = 3;

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read {path}: {cause} — check that it is a file you can read")]
    Read {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path} is not UTF-8 text — save it as UTF-8 and try again")]
    NotUtf8 { path: PathBuf },
    #[error("cannot write {path}: {cause} — nothing was changed")]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("cannot keep a backup of {path} in {data_dir}: {cause} — nothing was changed")]
    Backup {
        path: PathBuf,
        data_dir: PathBuf,
        cause: std::io::Error,
    },
    #[error(
        "undo would bring back the secret on line {line} of {path}, which is no longer in \
         the file — Awning keeps no copy of secrets outside the keychain; nothing was changed"
    )]
    UndoSecretGone { path: PathBuf, line: usize },
    #[error("{path} kept changing while Awning was writing it — nothing was changed; try again")]
    KeepsChanging { path: PathBuf },
    #[error("Awning has made no change to {path} that it could undo")]
    NothingToUndo { path: PathBuf },
    #[error(
        "{path} was changed by something else after Awning's last change, so undo would lose \
         that — the version before Awning's change is in {backup}"
    )]
    UndoConflict { path: PathBuf, backup: PathBuf },
    #[error("{path}: {cause}")]
    Edit { path: PathBuf, cause: EditError },
    #[error(transparent)]
    Location(#[from] ConfigPathError),
}

/// A change to a file: what it was and what it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: PathBuf,
    pub before: String,
    pub after: String,
    /// The file changed on disk after it was first read, and the edit was applied again.
    pub reapplied: bool,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.before == self.after
    }

    /// A unified diff of the change, with secret values masked.
    pub fn unified_diff(&self) -> String {
        unified_diff(
            &self.path,
            &mask_secrets(&self.before),
            &mask_secrets(&self.after),
        )
    }
}

/// The unified diff of a file's two versions (whose secrets the caller has masked).
pub(crate) fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}

/// The AWS config or credentials file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFile {
    path: PathBuf,
    kind: FileKind,
}

impl ConfigFile {
    pub fn new(path: impl Into<PathBuf>, kind: FileKind) -> Self {
        Self {
            path: path.into(),
            kind,
        }
    }

    /// The file named by `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/…`.
    pub fn from_env(kind: FileKind) -> Result<Self, ConfigPathError> {
        let path = match kind {
            FileKind::Config => config_file_path()?,
            FileKind::Credentials => credentials_file_path()?,
        };
        Ok(Self::new(path, kind))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The document as it is on disk; a missing file is an empty document.
    pub fn read(&self) -> Result<Document, FileError> {
        let bytes = self.read_bytes(&self.path)?;
        Ok(Document::parse(
            &self.text(bytes.as_deref().unwrap_or_default())?,
        ))
    }

    /// What `edit` would change, without writing anything.
    pub fn preview(
        &self,
        edit: impl Fn(&mut Document) -> Result<(), EditError>,
    ) -> Result<Change, FileError> {
        let before = self.read()?;
        let mut after = before.clone();
        edit(&mut after).map_err(|cause| self.edit_error(cause))?;
        Ok(Change {
            path: self.path.clone(),
            before: before.to_string(),
            after: after.to_string(),
            reapplied: false,
        })
    }

    /// Applies `edit` and writes the result safely, keeping the old version in `data_dir`.
    pub fn apply(
        &self,
        data_dir: &Path,
        edit: impl Fn(&mut Document) -> Result<(), EditError>,
    ) -> Result<Change, FileError> {
        let target = resolve_target(&self.path);
        let _lock = EditLock::acquire(data_dir, &target)
            .map_err(|cause| self.backup_error(data_dir, cause))?;
        remove_abandoned_stages(&target).map_err(|cause| FileError::Write {
            path: self.path.clone(),
            cause,
        })?;
        for attempt in 0..ATTEMPTS {
            let current = self.read_bytes(&target)?;
            let before = self.text(current.as_deref().unwrap_or_default())?;
            let mut document = Document::parse(&before);
            edit(&mut document).map_err(|cause| self.edit_error(cause))?;
            let change = Change {
                path: self.path.clone(),
                before,
                after: document.to_string(),
                reapplied: attempt > 0,
            };
            if change.is_empty() {
                return Ok(change);
            }
            let before = current.as_ref().map(|_| change.before.as_str());
            if self.replace_if_unchanged(
                &target,
                current.as_deref(),
                &change.after,
                |backups| {
                    backups
                        .record(before, &change.after)
                        .map_err(|cause| self.backup_error(data_dir, cause))
                },
                data_dir,
            )? {
                return Ok(change);
            }
        }
        Err(FileError::KeepsChanging {
            path: self.path.clone(),
        })
    }

    /// Puts back the version before Awning's last change, if nobody edited the file since
    /// and every secret it held is still in the file.
    pub fn undo(&self, data_dir: &Path) -> Result<Change, FileError> {
        self.put_back(data_dir, Fill::FromFile(""), true)
    }

    /// Whether [`Self::undo`] would succeed now, writing nothing: so a change of two files
    /// is undone in both or neither.
    pub fn check_undo(&self, data_dir: &Path) -> Result<(), FileError> {
        self.put_back(data_dir, Fill::FromFile(""), false).map(drop)
    }

    /// [`Self::undo`], with `secrets` (from the keychain) as well as the file's own to
    /// fill the old version from.
    pub fn undo_with(&self, data_dir: &Path, secrets: &[&Secret]) -> Result<Change, FileError> {
        let lines: String = secrets
            .iter()
            .map(|secret| format!("aws_secret_access_key = {}\n", secret.expose()))
            .collect();
        let lines = zeroize::Zeroizing::new(lines);
        self.put_back(data_dir, Fill::FromFile(&lines), true)
    }

    /// Takes back `change`, just applied, with the text it replaced — secrets and all,
    /// which no backup holds: for a write of two files whose second one failed.
    pub fn take_back(&self, data_dir: &Path, change: &Change) -> Result<(), FileError> {
        self.put_back(data_dir, Fill::Known(&change.before), true)
            .map(drop)
    }

    /// Undo: the latest backup's version, filled as `fill` says; written when `write`.
    fn put_back(&self, data_dir: &Path, fill: Fill<'_>, write: bool) -> Result<Change, FileError> {
        let target = resolve_target(&self.path);
        let _lock = EditLock::acquire(data_dir, &target)
            .map_err(|cause| self.backup_error(data_dir, cause))?;
        let backups = Backups::for_file(data_dir, &target);
        let entry = backups
            .latest()
            .map_err(|cause| self.backup_error(data_dir, cause))?
            .ok_or_else(|| FileError::NothingToUndo {
                path: self.path.clone(),
            })?;
        let current = self.text(&self.read_bytes(&target)?.unwrap_or_default())?;
        if !entry.is_after(&current) {
            return Err(FileError::UndoConflict {
                path: self.path.clone(),
                backup: entry.before_path,
            });
        }
        let before = match (&entry.before, fill) {
            (Some(_), Fill::Known(known)) => Some(known.to_owned()),
            (Some(copy), Fill::FromFile(also)) => {
                let available = zeroize::Zeroizing::new(format!("{current}\n{also}"));
                Some(
                    copy.restore(&available)
                        .map_err(|line| FileError::UndoSecretGone {
                            path: self.path.clone(),
                            line,
                        })?,
                )
            }
            (None, _) => None,
        };
        if write {
            let written = match &before {
                Some(before) => {
                    StagedWrite::new(&target, before.as_bytes()).and_then(StagedWrite::commit)
                }
                None => std::fs::remove_file(&target),
            };
            written.map_err(|cause| FileError::Write {
                path: self.path.clone(),
                cause,
            })?;
            backups
                .discard(&entry)
                .map_err(|cause| self.backup_error(data_dir, cause))?;
        }
        Ok(Change {
            path: self.path.clone(),
            before: current,
            after: before.unwrap_or_default(),
            reapplied: false,
        })
    }

    /// Stages `after`, then renames it over `target` only if `target` still holds
    /// `expected`, with the backup recorded in between: a failure at any step leaves the
    /// file as it was, so "nothing was changed" stays true. `Ok(false)` when the file
    /// changed in the meantime.
    fn replace_if_unchanged(
        &self,
        target: &Path,
        expected: Option<&[u8]>,
        after: &str,
        record: impl FnOnce(&Backups) -> Result<u64, FileError>,
        data_dir: &Path,
    ) -> Result<bool, FileError> {
        let write_error = |cause| FileError::Write {
            path: self.path.clone(),
            cause,
        };
        let staged = StagedWrite::new(target, after.as_bytes()).map_err(write_error)?;
        if self.read_bytes(target)?.as_deref() != expected {
            return Ok(false);
        }
        let backups = Backups::for_file(data_dir, target);
        let sequence = record(&backups)?;
        if let Err(cause) = staged.commit() {
            // The change did not happen: its backup must not offer an undo.
            let _ = backups.discard_sequence(sequence);
            return Err(write_error(cause));
        }
        Ok(true)
    }

    fn read_bytes(&self, path: &Path) -> Result<Option<Vec<u8>>, FileError> {
        read_text(path).map_err(|cause| FileError::Read {
            path: self.path.clone(),
            cause,
        })
    }

    fn text(&self, bytes: &[u8]) -> Result<String, FileError> {
        String::from_utf8(bytes.to_vec()).map_err(|_| FileError::NotUtf8 {
            path: self.path.clone(),
        })
    }

    fn edit_error(&self, cause: EditError) -> FileError {
        FileError::Edit {
            path: self.path.clone(),
            cause,
        }
    }

    fn backup_error(&self, data_dir: &Path, cause: std::io::Error) -> FileError {
        FileError::Backup {
            path: self.path.clone(),
            data_dir: data_dir.to_path_buf(),
            cause,
        }
    }
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;

impl FileError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        let shown = |path: &Path| path.display().to_string();
        match self {
            Self::Read { path, cause } => Problem::ConfigUnreadable {
                file: shown(path),
                detail: cause.to_string(),
            },
            Self::NotUtf8 { path } => Problem::ConfigNotText { file: shown(path) },
            Self::Write { path, cause } => Problem::FileUnusable {
                path: shown(path),
                detail: cause.to_string(),
            },
            Self::Backup {
                data_dir, cause, ..
            } => Problem::FileUnusable {
                path: shown(data_dir),
                detail: cause.to_string(),
            },
            Self::KeepsChanging { path } => Problem::ConfigChanged { file: shown(path) },
            Self::NothingToUndo { path } => Problem::NothingToUndo { file: shown(path) },
            Self::UndoConflict { path, backup } => Problem::UndoConflict {
                file: shown(path),
                backup: shown(backup),
            },
            Self::UndoSecretGone { path, line } => Problem::UndoSecretGone {
                file: shown(path),
                line: u32::try_from(*line).unwrap_or(u32::MAX),
            },
            Self::Edit { path, cause } => cause.problem(path),
            Self::Location(error) => error.problem(),
        }
    }
}
