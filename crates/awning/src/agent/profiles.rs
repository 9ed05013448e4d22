//! The profile manager's reads and writes, over the agent's config and credentials
//! files (re-read on every call: the person may edit them any time).

use std::path::PathBuf;

use super::{Agent, AgentError};
use crate::manager::{AccountNames, ProfileRow, rows};

/// Every profile, with what the list filters by.
#[derive(Debug, Clone)]
pub struct ProfileListing {
    pub config_file: PathBuf,
    pub credentials_file: PathBuf,
    pub profiles: Vec<ProfileRow>,
    /// The `[sso-session]` names, for the filters and the forms.
    pub sso_sessions: Vec<String>,
}

impl Agent {
    pub fn profile_listing(&self) -> Result<ProfileListing, AgentError> {
        let view = self.config_view()?;
        let sessions: Vec<String> = view
            .sso_sessions
            .iter()
            .map(|session| session.name.clone())
            .collect();
        let names = AccountNames::cached(&self.data_dir, sessions.iter().map(String::as_str));
        Ok(ProfileListing {
            config_file: self.files.config.path().to_path_buf(),
            credentials_file: self.files.credentials.path().to_path_buf(),
            profiles: rows(&view, &names),
            sso_sessions: sessions,
        })
    }
}
