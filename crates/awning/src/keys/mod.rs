//! Static keys out of plaintext (`awning keys`), as aws-vault keeps them: an IAM user's
//! long-term access key moves from `~/.aws/credentials` into the keychain, its profile
//! then takes credentials from `awning credential-process`, and tools get temporary
//! credentials from `GetSessionToken` (after an MFA code when the user has a device),
//! kept until they end — never the key itself.

mod error;
mod files;
mod session;

use std::time::{Duration, SystemTime};

pub use error::KeysError;
pub use files::{KeyFiles, import, restore};

use crate::config::ConfigView;
use crate::reach::Reach;
use crate::sso::lock::SessionLock;
use crate::vault::{AccessKey, AwsCredentials, Record, SessionKey};

/// The key that names, in a profile, the access key Awning keeps for it.
pub const KEY_MARKER: &str = "awning_access_key";
/// A session is reused while more than this remains, as role credentials are.
const REUSE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a second process waits for the one asking STS for the same key.
const PATIENCE: Duration = Duration::from_secs(60);

/// A profile whose access key Awning keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyTarget {
    pub profile: String,
    pub key: SessionKey,
    /// Where STS is called: the profile's region, else `us-east-1`.
    pub region: String,
}

impl KeyTarget {
    /// The target of `name`, if its profile names a key Awning keeps.
    pub fn of_profile(view: &ConfigView, name: &str) -> Option<Self> {
        let profile = view.profile(name)?;
        let id = profile.get(KEY_MARKER)?;
        Some(Self {
            profile: name.to_owned(),
            key: SessionKey::AccessKey(id.to_owned()),
            region: profile.region().unwrap_or("us-east-1").to_owned(),
        })
    }
}

/// Serves the credentials of the keys Awning keeps.
#[derive(Debug, Clone)]
pub struct KeysEngine {
    reach: Reach,
}

impl KeysEngine {
    pub(crate) fn over(reach: Reach) -> Self {
        Self { reach }
    }

    /// Temporary credentials for `target`: the kept session while more than fifteen
    /// minutes remain, else a new one from STS — which wants `mfa_code` when the user has
    /// an MFA device ([`KeysError::NeedsMfaCode`] without it).
    pub async fn credentials(
        &self,
        target: &KeyTarget,
        mfa_code: Option<&str>,
    ) -> Result<AwsCredentials, KeysError> {
        if let Some(session) = reusable(self.load(target).await?.session) {
            return Ok(session);
        }
        let _lock = SessionLock::acquire(&self.reach.data_dir, &target.key, PATIENCE).await?;
        let mut key = self.load(target).await?;
        if let Some(session) = reusable(key.session.clone()) {
            return Ok(session);
        }
        if key.mfa_serial.is_some() && mfa_code.is_none() {
            return Err(KeysError::NeedsMfaCode {
                profile: target.profile.clone(),
            });
        }
        let config = self.reach.sdk_config(&target.region).await;
        let session = session::session_token(&config, &key, mfa_code).await?;
        key.session = Some(session.clone());
        self.reach
            .vault
            .save(&target.key, &Record::AccessKey(key))
            .await?;
        Ok(session)
    }

    async fn load(&self, target: &KeyTarget) -> Result<AccessKey, KeysError> {
        match self.reach.vault.load(&target.key).await? {
            Some(Record::AccessKey(key)) => Ok(key),
            _ => Err(KeysError::KeyMissing {
                profile: target.profile.clone(),
            }),
        }
    }
}

fn reusable(session: Option<AwsCredentials>) -> Option<AwsCredentials> {
    session.filter(|session| {
        session
            .expires_at
            .duration_since(SystemTime::now())
            .is_ok_and(|left| left > REUSE_WINDOW)
    })
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
