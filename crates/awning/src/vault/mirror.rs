//! The compatibility mirror: the AWS CLI's own cache files, kept in step with the vault
//! for tools that only read files. Opt-in per session.

use std::path::{Path, PathBuf};

use sha1::Sha1;
use sha2::{Digest, Sha256};

use super::cli_cache::{LoginCacheFile, SsoCacheFile};
use super::error::VaultError;
use super::records::{Record, SessionKey, SsoToken};
use crate::safe_write::{EditLock, read_text, replace_locked};

/// Where the AWS tools look for their caches.
#[derive(Debug, Clone)]
pub struct CachePaths {
    /// `~/.aws/sso/cache` (no override exists).
    pub sso: PathBuf,
    /// `$AWS_LOGIN_CACHE_DIRECTORY`, else `~/.aws/login/cache`.
    pub login: PathBuf,
}

impl CachePaths {
    pub fn from_env() -> Result<Self, VaultError> {
        let home = dirs::home_dir()
            .ok_or_else(|| VaultError::NoFolder("no home folder is known; set HOME".to_owned()))?;
        let login = std::env::var_os("AWS_LOGIN_CACHE_DIRECTORY")
            .filter(|dir| !dir.is_empty())
            .map(|dir| expand_home(Path::new(&dir), &home));
        Ok(Self::under(&home, login))
    }

    /// The caches of a home folder, with the login cache moved when `login` is given.
    pub fn under(home: &Path, login: Option<PathBuf>) -> Self {
        let aws = home.join(".aws");
        Self {
            sso: aws.join("sso").join("cache"),
            login: login.unwrap_or_else(|| aws.join("login").join("cache")),
        }
    }

    /// The cache file the AWS tools read for `key`, if that kind of session has one.
    pub fn file_of(&self, key: &SessionKey) -> Option<PathBuf> {
        match key {
            // The SSO cache is named after the sso-session, or for legacy profiles after
            // the start URL exactly as configured.
            SessionKey::SsoSession(name) => Some(self.sso.join(sha1_file(name))),
            SessionKey::SsoStartUrl(url) => Some(self.sso.join(sha1_file(url))),
            SessionKey::Login(arn) => Some(self.login.join(login_file(arn))),
            // No AWS tool reads an access key from a cache: there is nothing to mirror.
            SessionKey::CodeArtifact(_) | SessionKey::AccessKey(_) => None,
        }
    }
}

/// botocore expands `~` in `AWS_LOGIN_CACHE_DIRECTORY`; the Rust SDK does not, so a
/// literal `~` there would send the two to different folders. Awning follows botocore.
fn expand_home(dir: &Path, home: &Path) -> PathBuf {
    match dir.strip_prefix("~") {
        Ok(rest) => home.join(rest),
        Err(_) => dir.to_path_buf(),
    }
}

fn sha1_file(text: &str) -> String {
    format!("{}.json", hex(&Sha1::digest(text.as_bytes())))
}

fn login_file(arn: &str) -> String {
    format!("{}.json", hex(&Sha256::digest(arn.trim().as_bytes())))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Writes `record` as the AWS CLI would, atomically and 0600, under the file's lock in
/// Awning's `data_dir` (so the stage a killed writer left is cleared, never another's).
pub(crate) fn write(
    data_dir: &Path,
    paths: &CachePaths,
    key: &SessionKey,
    record: &Record,
) -> Result<(), VaultError> {
    let Some(path) = paths.file_of(key) else {
        return Ok(());
    };
    let bytes = match record {
        Record::Sso(token) => SsoCacheFile::of(token).render(),
        Record::Login(session) => LoginCacheFile::of(session).render(),
        Record::CodeArtifact(_) | Record::AccessKey(_) => return Ok(()),
    };
    EditLock::acquire(data_dir, &path)
        .and_then(|_lock| replace_locked(&path, &bytes))
        .map_err(|error| VaultError::file(&path, error))
}

/// Removes the session's cache file, if there is one.
pub(crate) fn remove(paths: &CachePaths, key: &SessionKey) -> Result<(), VaultError> {
    let Some(path) = paths.file_of(key) else {
        return Ok(());
    };
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(VaultError::file(&path, error)),
    }
}

/// The record with what an SDK wrote into the mirror file after refreshing on its own,
/// when that is newer than `record` and of the same session (the same client, and for
/// console sessions the same key); `None` when the vault's copy is current. A file
/// that cannot be read as a cache, or that another program put there for another
/// session, is not newer: the vault's copy wins and is rewritten.
pub(crate) fn newer_in_file(
    paths: &CachePaths,
    key: &SessionKey,
    record: &Record,
) -> Result<Option<Record>, VaultError> {
    let Some(path) = paths.file_of(key) else {
        return Ok(None);
    };
    let Some(bytes) = read_text(&path).map_err(|error| VaultError::file(&path, error))? else {
        return Ok(None);
    };
    let bytes = zeroize::Zeroizing::new(bytes);
    let newer = match record {
        Record::Sso(token) => SsoCacheFile::parse(&bytes)
            .ok()
            .filter(|file| same_sso_session(file, token))
            .filter(|file| {
                file.expires_at > token.expires_at
                    || (file.expires_at >= whole_seconds(token.expires_at)
                        && file.access_token.expose() != token.access_token.expose())
            })
            .map(|file| {
                let mut token = token.clone();
                token.access_token = file.access_token;
                token.expires_at = file.expires_at;
                // botocore drops the refresh token when the service sent none back;
                // the one the vault holds then still stands.
                if let Some(refresh_token) = file.refresh_token {
                    token.refresh_token = Some(refresh_token);
                }
                Record::Sso(token)
            }),
        // Expiries are whole seconds in the files: an SDK that refreshed within a second
        // of Awning's last write leaves the same one, with other tokens (the Sso arm
        // above likewise).
        Record::Login(session) => LoginCacheFile::parse(&bytes)
            .ok()
            .filter(|file| {
                file.client_id == session.client_id
                    && file.access_token.account_id == session.account_id
                    && same_key(file.dpop_key.expose(), session.dpop_key.expose())
            })
            .filter(|file| {
                let (theirs, ours) = (&file.access_token, &session.credentials);
                theirs.expires_at > ours.expires_at
                    || (theirs.expires_at >= whole_seconds(ours.expires_at)
                        && theirs.access_key_id != ours.access_key_id)
            })
            .map(|file| {
                let mut session = session.clone();
                let fresh = file.into_session();
                session.credentials = fresh.credentials;
                session.refresh_token = fresh.refresh_token;
                Record::Login(session)
            }),
        Record::CodeArtifact(_) | Record::AccessKey(_) => None,
    };
    Ok(newer)
}

/// The file's portal, region and client are the token's (a file that names none of them
/// cannot be told apart, and is taken only where the token has no client either).
fn same_sso_session(file: &SsoCacheFile, token: &SsoToken) -> bool {
    let client = token
        .registration
        .as_ref()
        .map(|registration| &registration.client_id);
    file.start_url
        .as_ref()
        .is_none_or(|url| url == &token.start_url)
        && file
            .region
            .as_ref()
            .is_none_or(|region| region == &token.region)
        && file.client_id.as_ref() == client
}

/// Two PEMs of one key, whichever way their line breaks were written.
fn same_key(theirs: &str, ours: &str) -> bool {
    theirs.replace("\\n", "\n").trim() == ours.trim()
}

fn whole_seconds(instant: std::time::SystemTime) -> std::time::SystemTime {
    let since = instant
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_files_are_named_as_the_aws_tools_name_them() {
        let paths = CachePaths::under(Path::new("/home/ada"), None);
        let file = |key| paths.file_of(&key).unwrap();
        assert_eq!(
            file(SessionKey::SsoSession("my-sso".to_owned())),
            Path::new("/home/ada/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
        );
        assert_eq!(
            file(SessionKey::SsoStartUrl(
                "https://d-1234567890.awsapps.com/start".to_owned()
            )),
            Path::new("/home/ada/.aws/sso/cache/7487b5b67d5fa1132cf33fa93ae51ef38cc37752.json")
        );
        assert_eq!(
            file(SessionKey::Login(
                "arn:aws:sts::012345678910:assumed-role/Admin/admin".to_owned()
            )),
            Path::new(
                "/home/ada/.aws/login/cache/4b0ba8f99f075c0633e122fd73346ce203a3faf18ea0310eb2d29df1bab2e255.json"
            )
        );
    }

    #[test]
    fn the_login_cache_folder_follows_its_variable_with_the_home_expanded() {
        let home = Path::new("/home/ada");
        assert_eq!(
            expand_home(Path::new("~/caches/login"), home),
            Path::new("/home/ada/caches/login")
        );
        assert_eq!(
            expand_home(Path::new("/srv/login"), home),
            Path::new("/srv/login")
        );
    }
}
