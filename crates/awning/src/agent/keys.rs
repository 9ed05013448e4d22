//! The profile manager's key buttons: a profile's access key into the keychain, and back.

use super::activity::file_changed;
use super::{Agent, AgentError};
use crate::config::Change;
use crate::keys::KeyFiles;

impl Agent {
    /// Moves `profile`'s access key into the keychain (`awning keys import`).
    pub async fn import_access_key(&self, profile: &str) -> Result<Vec<Change>, AgentError> {
        let changes =
            crate::keys::import(self.engine.vault(), self.key_files(), profile, None).await?;
        Ok(self.written(changes))
    }

    /// Puts `profile`'s key back in the credentials file (`awning keys restore`).
    pub async fn restore_access_key(&self, profile: &str) -> Result<Vec<Change>, AgentError> {
        let changes = crate::keys::restore(self.engine.vault(), self.key_files(), profile).await?;
        Ok(self.written(changes))
    }

    fn key_files(&self) -> KeyFiles<'_> {
        KeyFiles {
            config: &self.files.config,
            credentials: &self.files.credentials,
            data_dir: &self.data_dir,
        }
    }

    fn written(&self, changes: Vec<Change>) -> Vec<Change> {
        let changes: Vec<Change> = changes
            .into_iter()
            .filter(|change| !change.is_empty())
            .collect();
        for change in &changes {
            self.activity.record(file_changed(change));
        }
        self.changed();
        changes
    }
}
