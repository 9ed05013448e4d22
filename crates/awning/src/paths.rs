//! Awning's own folders.

use std::path::PathBuf;

use crate::channel::Channel;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "cannot tell where Awning keeps its data: no home folder is known — set HOME, or \
     AWNING_DATA_DIR to a folder Awning may use"
)]
pub struct NoDataDir;

/// Where Awning keeps backups and other non-secret state: `AWNING_DATA_DIR`, else the
/// platform's data folder with the channel's name (`$XDG_DATA_HOME/awning`,
/// `~/Library/Application Support/awning`, `%APPDATA%\awning`; `awning-development` for
/// debug builds, `awning-test`, `awning-demo`). Tests may point `AWNING_DATA_DIR` at a
/// throwaway folder.
pub fn data_dir() -> Result<PathBuf, NoDataDir> {
    match std::env::var_os("AWNING_DATA_DIR").filter(|value| !value.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => dirs::data_dir()
            .map(|dir| dir.join(Channel::current().keychain_service()))
            .ok_or(NoDataDir),
    }
}

impl NoDataDir {
    /// The code the person is shown.
    pub fn problem(&self) -> crate::problem::Problem {
        crate::problem::Problem::DataFolderUnknown
    }
}
