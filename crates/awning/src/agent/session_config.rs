//! Adding and removing an `[sso-session]` from the app: the form checked first
//! (`sso::session_form`), then written through the config engine (safe write, backup,
//! comments kept).

use super::activity::file_changed;
use super::{Agent, AgentError};
use crate::config::{FileKind, SectionName};
use crate::sso::NewSsoSession;
use crate::vault::SessionKey;

impl Agent {
    /// Adds `[sso-session NAME]` to the AWS config, or says what is wrong with the form.
    pub fn add_session(&self, form: &NewSsoSession) -> Result<(), AgentError> {
        let existing: Vec<String> = self
            .config_view()?
            .sso_sessions
            .into_iter()
            .map(|session| session.name)
            .collect();
        let problems = form.problems(&existing);
        if !problems.is_empty() {
            return Err(AgentError::Invalid(problems));
        }
        let section = SectionName::SsoSession(form.name.trim().to_owned());
        let keys = form.keys();
        let change = self.files.config.apply(&self.data_dir, |document| {
            document.append_sections(FileKind::Config, &[(section.clone(), keys.clone())])
        })?;
        self.activity.record(file_changed(&change));
        self.changed();
        Ok(())
    }

    /// Signs out of `[sso-session NAME]` and removes it from the AWS config. Refused
    /// while profiles use it: removing it would break them.
    pub async fn remove_session(&self, name: &str) -> Result<(), AgentError> {
        let view = self.config_view()?;
        if view.sso_session(name).is_none() {
            return Err(AgentError::NoSuchSession(name.to_owned()));
        }
        let users: Vec<String> = view
            .profiles
            .iter()
            .filter(|profile| profile.sso_session() == Some(name))
            .map(|profile| profile.name.clone())
            .collect();
        if !users.is_empty() {
            return Err(AgentError::SessionInUse {
                session: name.to_owned(),
                profiles: users,
            });
        }
        self.sign_out(&SessionKey::SsoSession(name.to_owned()))
            .await?;
        let section = SectionName::SsoSession(name.to_owned());
        let change = self.files.config.apply(&self.data_dir, |document| {
            document.remove_section(FileKind::Config, &section)
        })?;
        self.activity.record(file_changed(&change));
        self.changed();
        Ok(())
    }
}
