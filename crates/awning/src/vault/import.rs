//! Sessions the AWS CLI left in its caches, found so the user can move them into the
//! keychain.

use std::fs;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::cli_cache::{LoginCacheFile, SsoCacheFile};
use super::mirror::CachePaths;
use super::records::{Record, SessionKey};
use crate::config::ConfigView;
use crate::console::IdClaims;

/// A session found in a cache file.
#[derive(Debug)]
pub struct Found {
    pub key: SessionKey,
    pub record: Record,
    pub file: PathBuf,
}

/// A cache file that looks like a session but cannot be imported, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Skipped {
    pub file: PathBuf,
    pub reason: String,
}

/// Reads every session in the SSO and login caches. Each is matched to the config the
/// way the AWS tools name their files (SHA-1 of the sso-session name or legacy start
/// URL; SHA-256 of the login session ARN), so an imported session is the one the
/// user's profiles use. Client-registration files are not sessions and are passed over.
pub fn scan_cli_caches(caches: &CachePaths, config: &ConfigView) -> (Vec<Found>, Vec<Skipped>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for (file, bytes) in json_files(&caches.sso) {
        match sso_session_in(&file, &bytes, caches, config) {
            Ok(Some(session)) => found.push(session),
            Ok(None) => {}
            Err(reason) => skipped.push(Skipped { file, reason }),
        }
    }
    for (file, bytes) in json_files(&caches.login) {
        match login_session_in(&file, &bytes, caches, config) {
            Ok(session) => found.push(session),
            Err(reason) => skipped.push(Skipped { file, reason }),
        }
    }
    (found, skipped)
}

fn sso_session_in(
    file: &Path,
    bytes: &[u8],
    caches: &CachePaths,
    config: &ConfigView,
) -> Result<Option<Found>, String> {
    let cache = match SsoCacheFile::parse(bytes) {
        Ok(cache) => cache,
        // A client registration (same folder, no token) is not a session.
        Err(reason) if reason.contains("missing field `accessToken`") => return Ok(None),
        Err(reason) => return Err(reason),
    };
    let names_file = |key: &SessionKey| caches.file_of(key).as_deref() == Some(file);
    let by_session = config.sso_sessions.iter().find_map(|session| {
        let key = SessionKey::SsoSession(session.name.clone());
        names_file(&key).then(|| {
            let scopes = session.scopes().into_iter().map(str::to_owned).collect();
            (key, session.start_url(), session.region(), scopes)
        })
    });
    let legacy = || {
        let configured = config.profiles.iter().filter_map(|profile| {
            let url = profile.get("sso_start_url")?;
            Some((url.to_owned(), profile.get("sso_region")))
        });
        let written = cache.start_url.clone().map(|url| (url, None));
        configured.chain(written).find_map(|(url, region)| {
            let key = SessionKey::SsoStartUrl(url);
            names_file(&key).then(|| (key, None, region, Vec::new()))
        })
    };
    let (key, start_url, region, scopes) = by_session.or_else(legacy).ok_or_else(|| {
        "no sso-session or profile in your config uses it, so Awning cannot tell whose it is"
            .to_owned()
    })?;
    let start_url = start_url.map(str::to_owned).or_else(|| match &key {
        SessionKey::SsoStartUrl(url) => Some(url.clone()),
        _ => cache.start_url.clone(),
    });
    let (Some(start_url), Some(region)) = (
        start_url,
        region.map(str::to_owned).or(cache.region.clone()),
    ) else {
        return Err(
            "neither the file nor your config says its start URL and SSO region".to_owned(),
        );
    };
    let token = cache.into_token(&start_url, &region, scopes);
    Ok(Some(Found {
        key,
        record: Record::Sso(token),
        file: file.to_path_buf(),
    }))
}

fn login_session_in(
    file: &Path,
    bytes: &[u8],
    caches: &CachePaths,
    config: &ConfigView,
) -> Result<Found, String> {
    let cache = LoginCacheFile::parse(bytes)?;
    let from_id_token = cache
        .id_token
        .as_ref()
        .and_then(|token| IdClaims::of(token.expose()))
        .map(|claims| claims.session_arn);
    let configured = config
        .profiles
        .iter()
        .filter_map(|profile| profile.get("login_session").map(str::to_owned));
    let key = from_id_token
        .into_iter()
        .chain(configured)
        .map(SessionKey::Login)
        .find(|key| caches.file_of(key).as_deref() == Some(file))
        .ok_or_else(|| {
            "no login_session in your config matches it and it carries no id token naming \
             its session"
                .to_owned()
        })?;
    Ok(Found {
        key,
        record: Record::Login(cache.into_session()),
        file: file.to_path_buf(),
    })
}

/// The `.json` files of a folder with their bytes; a missing folder has none.
fn json_files(dir: &Path) -> Vec<(PathBuf, Zeroizing<Vec<u8>>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, Zeroizing<Vec<u8>>)> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .filter_map(|path| {
            fs::read(&path)
                .ok()
                .map(|bytes| (path, Zeroizing::new(bytes)))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
