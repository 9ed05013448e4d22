//! Awning's own folders.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "cannot tell where Awning keeps its data: no home folder is known — set HOME, or \
     AWNING_DATA_DIR to a folder Awning may use"
)]
pub struct NoDataDir;

/// Where Awning keeps backups and other non-secret state: `AWNING_DATA_DIR`, else the
/// platform's data folder (`$XDG_DATA_HOME/awning`, `~/Library/Application Support/awning`,
/// `%APPDATA%\awning`). Tests and the demo point `AWNING_DATA_DIR` at a throwaway folder.
pub fn data_dir() -> Result<PathBuf, NoDataDir> {
    match std::env::var_os("AWNING_DATA_DIR").filter(|value| !value.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => dirs::data_dir()
            .map(|dir| dir.join("awning"))
            .ok_or(NoDataDir),
    }
}
