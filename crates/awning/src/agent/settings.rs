//! The tray app's settings, kept as JSON in the data folder.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::messages::LanguageChoice;
use crate::problem::{Field, FieldProblem, FieldRule, Problem};
use crate::safe_write::{StagedWrite, read_text};

const FILE_NAME: &str = "settings.json";
/// Longest lead time accepted: a warning a day ahead is already noise.
const MAX_LEAD_MINUTES: u32 = 24 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Settings {
    /// Minutes before a session the user must renew ends at which to say so.
    pub warn_minutes_before: Vec<u32>,
    /// Start Awning in the tray when the user logs in.
    pub start_at_login: bool,
    /// The language of the window, the tray and the notifications.
    pub language: LanguageChoice,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            warn_minutes_before: vec![15, 5],
            start_at_login: false,
            language: LanguageChoice::System,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("could not read the settings in {path}: {cause}")]
    Read { path: PathBuf, cause: io::Error },
    #[error(
        "the settings in {path} are damaged ({cause}); fix or delete the file and Awning \
         starts with its defaults"
    )]
    Damaged { path: PathBuf, cause: String },
    #[error("could not save the settings to {path}: {cause}")]
    Write { path: PathBuf, cause: io::Error },
    #[error("a warning time must be between 1 and {MAX_LEAD_MINUTES} minutes, not {0}")]
    LeadOutOfRange(u32),
}

impl Settings {
    /// The settings kept in `data_dir`, or the defaults when there are none yet.
    pub fn load(data_dir: &Path) -> Result<Self, SettingsError> {
        let path = data_dir.join(FILE_NAME);
        let Some(bytes) = read_text(&path).map_err(|cause| SettingsError::Read {
            path: path.clone(),
            cause,
        })?
        else {
            return Ok(Self::default());
        };
        // serde_json's messages name the field and position, never a value worth hiding.
        let settings: Self =
            serde_json::from_slice(&bytes).map_err(|cause| SettingsError::Damaged {
                path: path.clone(),
                cause: cause.to_string(),
            })?;
        settings.check()?;
        Ok(settings)
    }

    pub fn save(&self, data_dir: &Path) -> Result<(), SettingsError> {
        self.check()?;
        let path = data_dir.join(FILE_NAME);
        let text = serde_json::to_vec_pretty(self).expect("settings always serialise");
        StagedWrite::new(&path, &text)
            .and_then(StagedWrite::commit)
            .map_err(|cause| SettingsError::Write { path, cause })
    }

    /// The lead times, longest first, without repeats.
    pub fn lead_times(&self) -> Vec<Duration> {
        let mut minutes = self.warn_minutes_before.clone();
        minutes.sort_unstable_by(|a, b| b.cmp(a));
        minutes.dedup();
        minutes
            .into_iter()
            .map(|m| Duration::from_secs(u64::from(m) * 60))
            .collect()
    }

    /// Whether the settings can be saved as they are.
    pub fn check(&self) -> Result<(), SettingsError> {
        match self
            .warn_minutes_before
            .iter()
            .find(|&&m| m == 0 || m > MAX_LEAD_MINUTES)
        {
            Some(&bad) => Err(SettingsError::LeadOutOfRange(bad)),
            None => Ok(()),
        }
    }
}

impl SettingsError {
    /// The code the person is shown.
    pub fn problem(&self) -> Problem {
        let shown = |path: &Path| path.display().to_string();
        match self {
            Self::Read { path, cause } | Self::Write { path, cause } => Problem::FileUnusable {
                path: shown(path),
                detail: cause.to_string(),
            },
            Self::Damaged { path, .. } => Problem::SettingsDamaged { file: shown(path) },
            Self::LeadOutOfRange(value) => Problem::InvalidFields {
                fields: vec![FieldProblem {
                    field: Field::WarnMinutesBefore,
                    rule: FieldRule::OutOfRange {
                        value: *value,
                        min: 1,
                        max: MAX_LEAD_MINUTES,
                    },
                }],
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_until_saved_then_what_was_saved() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap(), Settings::default());
        let chosen = Settings {
            warn_minutes_before: vec![5, 30, 5],
            start_at_login: true,
            language: LanguageChoice::Ja,
        };
        chosen.save(dir.path()).unwrap();
        let loaded = Settings::load(dir.path()).unwrap();
        assert_eq!(loaded, chosen);
        assert_eq!(
            loaded.lead_times(),
            [Duration::from_secs(1800), Duration::from_secs(300)]
        );
    }

    #[test]
    fn damaged_or_out_of_range_settings_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "{\"warnMinutesBefore\": [").unwrap();
        let error = Settings::load(dir.path()).unwrap_err().to_string();
        assert!(error.contains("settings.json are damaged"), "{error}");
        let zero = Settings {
            warn_minutes_before: vec![0],
            ..Settings::default()
        };
        assert!(matches!(
            zero.save(dir.path()),
            Err(SettingsError::LeadOutOfRange(0))
        ));
    }
}
