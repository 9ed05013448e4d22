//! Where the shared files live: `AWS_CONFIG_FILE`, else `~/.aws/config`, and
//! `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.

use crate::problem::Problem;
use std::ffi::OsString;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigPathError {
    #[error(
        "cannot tell where your AWS files are: no home folder is known — set HOME, or \
         AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE to the files' paths"
    )]
    NoHome,
}

/// The config file path from the process environment, as the AWS SDKs resolve it.
pub fn config_file_path() -> Result<PathBuf, ConfigPathError> {
    resolve(SharedFile::CONFIG, env_var, std::env::home_dir())
}

/// The credentials file path from the process environment, as the AWS SDKs resolve it.
pub fn credentials_file_path() -> Result<PathBuf, ConfigPathError> {
    resolve(SharedFile::CREDENTIALS, env_var, std::env::home_dir())
}

struct SharedFile {
    variable: &'static str,
    file_name: &'static str,
}

impl SharedFile {
    const CONFIG: Self = Self {
        variable: "AWS_CONFIG_FILE",
        file_name: "config",
    };
    const CREDENTIALS: Self = Self {
        variable: "AWS_SHARED_CREDENTIALS_FILE",
        file_name: "credentials",
    };
}

fn env_var(name: &str) -> Option<OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

fn resolve(
    file: SharedFile,
    env: impl Fn(&str) -> Option<OsString>,
    home: Option<PathBuf>,
) -> Result<PathBuf, ConfigPathError> {
    match env(file.variable) {
        Some(path) => expand_home(PathBuf::from(path), home),
        None => Ok(home
            .ok_or(ConfigPathError::NoHome)?
            .join(".aws")
            .join(file.file_name)),
    }
}

/// The SDKs expand a leading `~` in these variables; a shell that quoted it would not.
fn expand_home(path: PathBuf, home: Option<PathBuf>) -> Result<PathBuf, ConfigPathError> {
    match path.strip_prefix("~") {
        Ok(rest) => Ok(home.ok_or(ConfigPathError::NoHome)?.join(rest)),
        Err(_) => Ok(path),
    }
}

impl ConfigPathError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        match self {
            Self::NoHome => Problem::ConfigNotLocated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(name: &'static str, value: &'static str) -> impl Fn(&str) -> Option<OsString> {
        move |asked| (asked == name).then(|| OsString::from(value))
    }

    fn home() -> Option<PathBuf> {
        Some(PathBuf::from("/home/ada"))
    }

    #[test]
    fn the_variable_wins_and_a_leading_tilde_means_home() {
        let env = env_with("AWS_CONFIG_FILE", "/etc/aws.cfg");
        assert_eq!(
            resolve(SharedFile::CONFIG, env, home()),
            Ok("/etc/aws.cfg".into())
        );
        let env = env_with("AWS_CONFIG_FILE", "~/work/config");
        assert_eq!(
            resolve(SharedFile::CONFIG, env, home()),
            Ok("/home/ada/work/config".into())
        );
    }

    #[test]
    fn without_the_variable_each_file_is_under_dot_aws_in_home() {
        let none = |_: &str| None;
        assert_eq!(
            resolve(SharedFile::CONFIG, none, home()),
            Ok("/home/ada/.aws/config".into())
        );
        assert_eq!(
            resolve(SharedFile::CREDENTIALS, none, home()),
            Ok("/home/ada/.aws/credentials".into())
        );
        assert_eq!(
            resolve(SharedFile::CONFIG, none, None),
            Err(ConfigPathError::NoHome)
        );
    }

    #[test]
    fn each_file_has_its_own_variable() {
        let env = env_with("AWS_SHARED_CREDENTIALS_FILE", "/c");
        assert_eq!(
            resolve(SharedFile::CREDENTIALS, &env, home()),
            Ok("/c".into())
        );
        assert_eq!(
            resolve(SharedFile::CONFIG, &env, home()),
            Ok("/home/ada/.aws/config".into())
        );
    }
}
