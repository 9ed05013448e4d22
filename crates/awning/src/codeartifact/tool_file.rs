//! Reading and writing one package manager's file: parsed before anything is written,
//! staged beside it and renamed over it only if nobody changed it meanwhile, private
//! (0600) whenever it holds a token, its own mode kept otherwise.

use std::io;
use std::path::{Path, PathBuf};

use super::document::Document;
use super::lines::Unparsable;
use super::tools::Format;
use crate::config::FileError;
use crate::problem::Problem;
use crate::safe_write::{StagedWrite, read_text, remove_abandoned_stages, resolve_target};

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
/// its document.
#[derive(Debug)]
pub struct Read {
    pub bytes: Option<Vec<u8>>,
    pub document: Document,
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
    format: Format,
}

impl ToolFile {
    pub fn new(path: &Path, format: Format) -> Self {
        Self {
            path: path.to_owned(),
            target: resolve_target(path),
            format,
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
        let document =
            Document::parse(self.format, text).map_err(|cause| ToolFileError::Unparsable {
                path: self.path.clone(),
                cause,
            })?;
        Ok(Read { bytes, document })
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
        // Under the file's edit lock: a stage of it found now was left by a killed
        // process, and may hold a token.
        remove_abandoned_stages(&self.target).map_err(write_error)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_written_over() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join(".npmrc");
        std::fs::write(&path, "fund=false\n").unwrap();
        let file = ToolFile::new(&path, Format::Ini);
        let read = file.read().unwrap();
        std::fs::write(&path, "fund=true\n").unwrap();
        let written = file
            .replace(read.bytes.as_deref(), Some("registry=x\n"), true)
            .unwrap();
        assert!(!written);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fund=true\n");
        let leftovers = std::fs::read_dir(folder.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no staging file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_holds_a_token_becomes_private_and_another_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let folder = tempfile::tempdir().unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        for (private, expected) in [(false, 0o644), (true, 0o600)] {
            let path = folder.path().join(format!("npmrc-{private}"));
            std::fs::write(&path, "fund=false\n").unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let file = ToolFile::new(&path, Format::Ini);
            let read = file.read().unwrap();
            assert!(
                file.replace(read.bytes.as_deref(), Some("a=1\n"), private)
                    .unwrap()
            );
            assert_eq!(mode(&path), expected);
        }
        let created = folder.path().join("project-npmrc");
        let file = ToolFile::new(&created, Format::Ini);
        assert!(file.replace(None, Some("registry=x\n"), false).unwrap());
        assert_eq!(
            mode(&created),
            0o644,
            "a project's new file is as readable as its others"
        );
    }

    #[test]
    fn a_line_the_format_rejects_is_named_before_anything_is_written() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("config.toml");
        std::fs::write(&path, "[net]\nretry = = 2\n").unwrap();
        let error = ToolFile::new(&path, Format::Toml).read().unwrap_err();
        assert_eq!(
            error.problem(),
            Problem::ToolFileUnparsable {
                file: path.display().to_string(),
                line: Some(2),
            }
        );
    }
}
