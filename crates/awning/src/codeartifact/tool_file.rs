//! Reading and writing one package manager's file: parsed before anything is written,
//! staged beside it and renamed over it only if nobody changed it meanwhile, private
//! (0600) whenever it holds a token, its own mode kept otherwise.

use std::io;
use std::path::{Path, PathBuf};

use super::lines::{Lines, Unparsable};
use crate::config::FileError;
use crate::problem::Problem;
use crate::safe_write::{StagedWrite, read_text, resolve_target};

/// The mode of a file Awning creates that holds no token (a project's `.npmrc`).
const SHARED_MODE: u32 = 0o644;
const PRIVATE_MODE: u32 = 0o600;

/// What reading or writing a tool's file ends in: the failures any file has (read,
/// not text, write, kept changing), or a line the tool's format does not allow.
#[derive(Debug, thiserror::Error)]
pub enum ToolFileError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{path}: {cause}; nothing was written")]
    Unparsable { path: PathBuf, cause: Unparsable },
}

impl ToolFileError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::File(error) => error.problem(),
            Self::Unparsable { path, cause } => Problem::ToolFileUnparsable {
                file: path.display().to_string(),
                line: u32::try_from(cause.0).ok(),
            },
        }
    }

    pub fn keeps_changing(path: &Path) -> Self {
        FileError::KeepsChanging {
            path: path.to_owned(),
        }
        .into()
    }

    pub fn write(path: &Path, cause: io::Error) -> Self {
        FileError::Write {
            path: path.to_owned(),
            cause,
        }
        .into()
    }
}

/// One version of a tool's file as read: its bytes (`None` when it does not exist) and
/// its lines.
#[derive(Debug)]
pub struct Read {
    pub bytes: Option<Vec<u8>>,
    pub lines: Lines,
}

impl Read {
    pub fn text(&self) -> &str {
        self.bytes
            .as_deref()
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or_default()
    }
}

/// A tool's file, written through a symlink to its target (dotfiles managers).
#[derive(Debug, Clone)]
pub struct ToolFile {
    path: PathBuf,
    target: PathBuf,
}

impl ToolFile {
    pub fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            target: resolve_target(path),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file where the edits happen, which names its lock.
    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn read(&self) -> Result<Read, ToolFileError> {
        let bytes = self.current()?;
        let text = match &bytes {
            None => "",
            Some(bytes) => std::str::from_utf8(bytes).map_err(|_| FileError::NotUtf8 {
                path: self.path.clone(),
            })?,
        };
        let lines = Lines::parse(text).map_err(|cause| ToolFileError::Unparsable {
            path: self.path.clone(),
            cause,
        })?;
        Ok(Read { bytes, lines })
    }

    /// Replaces the file with `text` if it still holds `expected`; `Ok(false)` when it
    /// changed meanwhile. `None` removes the file.
    pub fn replace(
        &self,
        expected: Option<&[u8]>,
        text: Option<&str>,
        private: bool,
    ) -> Result<bool, ToolFileError> {
        let write_error = |cause| ToolFileError::write(&self.path, cause);
        let Some(text) = text else {
            if self.current()?.as_deref() != expected {
                return Ok(false);
            }
            std::fs::remove_file(&self.target).map_err(write_error)?;
            return Ok(true);
        };
        let staged = StagedWrite::new(&self.target, text.as_bytes()).map_err(write_error)?;
        let mode = match (private, self.mode()) {
            (true, _) => PRIVATE_MODE,
            (false, Some(mode)) => mode,
            (false, None) => SHARED_MODE,
        };
        staged.set_mode(mode).map_err(write_error)?;
        if self.current()?.as_deref() != expected {
            return Ok(false);
        }
        staged.commit().map_err(write_error)?;
        Ok(true)
    }

    fn current(&self) -> Result<Option<Vec<u8>>, ToolFileError> {
        read_text(&self.target).map_err(|cause| {
            FileError::Read {
                path: self.path.clone(),
                cause,
            }
            .into()
        })
    }

    /// The file's permission bits, if it exists (Unix).
    fn mode(&self) -> Option<u32> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(&self.target)
                .ok()
                .map(|meta| meta.permissions().mode() & 0o7777)
        }
        #[cfg(not(unix))]
        None
    }
}
