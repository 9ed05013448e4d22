//! Moving a key between the AWS files and the keychain, and back. The keychain is
//! written before the key leaves the file and the file before the keychain forgets it,
//! so a failure at any step leaves the key in one place at least.

use std::path::Path;

use super::{KEY_MARKER, KeyTarget, KeysError};
use crate::config::{Change, ConfigFile, ConfigView, Document, FileKind, SectionName, digest};
use crate::credentials::bridge::bridge_command;
use crate::vault::{AccessKey, Record, Secret, SessionKey, Vault};

const ID: &str = "aws_access_key_id";
const SECRET: &str = "aws_secret_access_key";
/// What a long-term key never carries: a key with one is temporary.
const SESSION_KEYS: [&str; 2] = ["aws_session_token", "aws_security_token"];

/// The AWS files, and the data folder their backups and locks live in.
#[derive(Debug, Clone, Copy)]
pub struct KeyFiles<'a> {
    pub config: &'a ConfigFile,
    pub credentials: &'a ConfigFile,
    pub data_dir: &'a Path,
}

impl KeyFiles<'_> {
    fn view(&self) -> Result<ConfigView, KeysError> {
        Ok(ConfigView::read(
            &self.config.read()?,
            &self.credentials.read()?,
        ))
    }

    /// Applies `edit` to the config file; if that fails, takes `first` back.
    fn config_then(
        &self,
        first: &Change,
        edit: impl Fn(&mut Document) -> Result<(), crate::config::EditError>,
    ) -> Result<Change, KeysError> {
        self.config.apply(self.data_dir, edit).map_err(|error| {
            if !first.is_empty() {
                // Best effort: the person reads the config file's error either way.
                let _ = self.credentials.take_back(self.data_dir, first);
            }
            KeysError::from(error)
        })
    }
}

/// Moves `profile`'s access key into the vault and points the profile at
/// `awning credential-process`. `mfa_serial`: the user's MFA device, for sessions.
pub async fn import(
    vault: &Vault,
    files: KeyFiles<'_>,
    profile: &str,
    mfa_serial: Option<String>,
) -> Result<Vec<Change>, KeysError> {
    let view = files.view()?;
    let no_key = || KeysError::NoAccessKey {
        profile: profile.to_owned(),
    };
    let settings = view.profile(profile).ok_or_else(no_key)?;
    if SESSION_KEYS.iter().any(|key| settings.get(key).is_some()) {
        return Err(KeysError::TemporaryKeys {
            profile: profile.to_owned(),
        });
    }
    let (Some(id), Some(secret)) = (settings.get(ID), settings.get(SECRET)) else {
        return Err(no_key());
    };
    let key = SessionKey::AccessKey(id.to_owned());
    let mfa_serial = mfa_serial.or_else(|| settings.get("mfa_serial").map(str::to_owned));
    let mut kept = AccessKey {
        access_key_id: id.to_owned(),
        secret_access_key: Secret::new(secret),
        mfa_serial,
        session: None,
        imported_as: None,
    };
    vault.save(&key, &Record::AccessKey(kept.clone())).await?;
    let section = SectionName::Profile(profile.to_owned());
    let moved = async {
        let credentials = files.credentials.apply(files.data_dir, |document| {
            drop_keys(document, FileKind::Credentials, &section)
        })?;
        let config = files.config_then(&credentials, |document| {
            drop_keys(document, FileKind::Config, &section)?;
            document.set(
                FileKind::Config,
                &section,
                "credential_process",
                &bridge_command(profile),
            )?;
            document.set(FileKind::Config, &section, KEY_MARKER, id)
        })?;
        Ok::<_, KeysError>(vec![credentials, config])
    }
    .await;
    match moved {
        Ok(changes) => {
            let [credentials, config] = [&changes[0], &changes[1]];
            kept.imported_as = Some([digest(&config.after), digest(&credentials.after)]);
            vault.save(&key, &Record::AccessKey(kept)).await?;
            Ok(changes)
        }
        Err(error) => {
            // The key is still in the file: the keychain need not hold a second copy.
            let _ = vault.forget(&key).await;
            Err(error)
        }
    }
}

/// Puts `profile`'s key back in the credentials file and removes it from the vault.
pub async fn restore(
    vault: &Vault,
    files: KeyFiles<'_>,
    profile: &str,
) -> Result<Vec<Change>, KeysError> {
    let target =
        KeyTarget::of_profile(&files.view()?, profile).ok_or_else(|| KeysError::NotKept {
            profile: profile.to_owned(),
        })?;
    let Some(Record::AccessKey(kept)) = vault.load(&target.key).await? else {
        return Err(KeysError::KeyMissing {
            profile: profile.to_owned(),
        });
    };
    let now = [
        files.config.read()?.to_string(),
        files.credentials.read()?.to_string(),
    ];
    let untouched = kept
        .imported_as
        .as_ref()
        .is_some_and(|digests| digests[0] == digest(&now[0]) && digests[1] == digest(&now[1]));
    let changes = if untouched {
        // The import's own backups, its key filled back from the keychain: both files
        // exactly as they were, comments and order too.
        let credentials = files
            .credentials
            .undo_with(files.data_dir, &[&kept.secret_access_key])?;
        vec![credentials, files.config.undo(files.data_dir)?]
    } else {
        put_back(files, profile, &kept)?
    };
    vault.forget(&target.key).await?;
    Ok(changes)
}

/// The key set again in the credentials file, the profile's pointer at Awning removed:
/// for files that changed since the import.
fn put_back(
    files: KeyFiles<'_>,
    profile: &str,
    kept: &AccessKey,
) -> Result<Vec<Change>, KeysError> {
    let section = SectionName::Profile(profile.to_owned());
    let credentials = files.credentials.apply(files.data_dir, |document| {
        document.set(FileKind::Credentials, &section, ID, &kept.access_key_id)?;
        document.set(
            FileKind::Credentials,
            &section,
            SECRET,
            kept.secret_access_key.expose(),
        )
    })?;
    let config = files.config_then(&credentials, |document| {
        for key in ["credential_process", KEY_MARKER] {
            if document.value(FileKind::Config, &section, key).is_some() {
                document.unset(FileKind::Config, &section, key)?;
            }
        }
        Ok(())
    })?;
    Ok(vec![credentials, config])
}

/// Removes the key's lines from `section`, and the section once it holds nothing else.
fn drop_keys(
    document: &mut Document,
    kind: FileKind,
    section: &SectionName,
) -> Result<(), crate::config::EditError> {
    let mut dropped = false;
    for key in [ID, SECRET] {
        if document.value(kind, section, key).is_some() {
            document.unset(kind, section, key)?;
            dropped = true;
        }
    }
    if dropped && !document.has_keys(kind, section) {
        document.remove_section(kind, section)?;
    }
    Ok(())
}
