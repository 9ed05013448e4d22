//! Where the shared config file lives: `AWS_CONFIG_FILE`, else `~/.aws/config`.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigPathError {
    #[error(
        "cannot tell where your AWS config file is: no home folder is known — set HOME, or \
         AWS_CONFIG_FILE to the file's path"
    )]
    NoHome,
}

/// The config file path from the process environment, as the AWS SDKs resolve it.
pub fn config_file_path() -> Result<PathBuf, ConfigPathError> {
    resolve(
        |name| std::env::var_os(name).filter(|value| !value.is_empty()),
        std::env::home_dir(),
    )
}

fn resolve(
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
    home: Option<PathBuf>,
) -> Result<PathBuf, ConfigPathError> {
    match env("AWS_CONFIG_FILE") {
        Some(path) => expand_home(PathBuf::from(path), home),
        None => Ok(home
            .ok_or(ConfigPathError::NoHome)?
            .join(".aws")
            .join("config")),
    }
}

/// The SDKs expand a leading `~` in `AWS_CONFIG_FILE`; a shell that quoted it would not.
fn expand_home(path: PathBuf, home: Option<PathBuf>) -> Result<PathBuf, ConfigPathError> {
    match path.strip_prefix("~") {
        Ok(rest) => Ok(home.ok_or(ConfigPathError::NoHome)?.join(rest)),
        Err(_) => Ok(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(value: Option<&str>) -> impl Fn(&str) -> Option<std::ffi::OsString> {
        let value = value.map(std::ffi::OsString::from);
        move |name| (name == "AWS_CONFIG_FILE").then(|| value.clone()).flatten()
    }

    #[test]
    fn the_variable_wins_and_a_leading_tilde_means_home() {
        let home = Some(PathBuf::from("/home/ada"));
        assert_eq!(
            resolve(env_with(Some("/etc/aws.cfg")), home.clone()),
            Ok("/etc/aws.cfg".into())
        );
        assert_eq!(
            resolve(env_with(Some("~/work/config")), home),
            Ok("/home/ada/work/config".into())
        );
    }

    #[test]
    fn without_the_variable_it_is_under_dot_aws_in_home() {
        assert_eq!(
            resolve(env_with(None), Some("/home/ada".into())),
            Ok("/home/ada/.aws/config".into())
        );
        assert_eq!(resolve(env_with(None), None), Err(ConfigPathError::NoHome));
    }
}
