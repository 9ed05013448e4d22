//! The profile manager's reads and writes, over the agent's config and credentials
//! files (re-read on every call: the person may edit them any time).

use std::path::PathBuf;

use super::activity::file_changed;
use super::credentials::session_of;
use super::snapshot::FavouriteView;
use super::{Agent, AgentError, locked};
use crate::config::{
    self, Change, ConfigFile, ConfigView, EditError, FileError, Fix, SectionName, session_move,
    validate_config,
};
use crate::manager::{
    AccountNames, Files, Mark, ProfileForm, ProfileRow, delete, duplicate, problems, rows, save,
};
use crate::problem::{Field, FieldProblem};
use crate::sso::SsoTarget;
use crate::sso::discover::Discovery;

use super::discovery::{DiscoveryWrite, write_discovered};
use crate::sso::session_form::check_name;

/// Every profile, with what the list filters by.
#[derive(Debug, Clone)]
pub struct ProfileListing {
    pub config_file: PathBuf,
    pub credentials_file: PathBuf,
    pub profiles: Vec<ProfileRow>,
    /// The `[sso-session]` names, for the filters and the forms.
    pub sso_sessions: Vec<String>,
    /// What `awning config check` reports of the config file.
    pub problems: Vec<config::Problem>,
    /// The move onto an sso-session of each legacy SSO profile.
    pub session_moves: Vec<Fix>,
}

impl Agent {
    pub fn profile_listing(&self) -> Result<ProfileListing, AgentError> {
        let config = self.files.config.read()?;
        let credentials = self.files.credentials.read()?;
        let view = ConfigView::read(&config, &credentials);
        let sessions: Vec<String> = view
            .sso_sessions
            .iter()
            .map(|session| session.name.clone())
            .collect();
        let names = AccountNames::cached(&self.data_dir, sessions.iter().map(String::as_str));
        let session_moves = view
            .profiles
            .iter()
            .filter_map(|profile| session_move(&view, profile))
            .collect();
        Ok(ProfileListing {
            config_file: self.files.config.path().to_path_buf(),
            credentials_file: self.files.credentials.path().to_path_buf(),
            profiles: rows(&view, &names, &locked(&self.marks)),
            sso_sessions: sessions,
            problems: validate_config(&config, &credentials),
            session_moves,
        })
    }
}

/// A change to the profiles the window asks for.
#[derive(Debug, Clone)]
pub enum ProfileWrite {
    /// Creates the profile (`original` is `None`) or rewrites `original` (perhaps
    /// renaming it) as the form says.
    Save {
        original: Option<String>,
        form: Box<ProfileForm>,
    },
    Duplicate {
        from: String,
        name: String,
    },
    Delete {
        name: String,
    },
    /// A one-click fix of a problem `config check` found.
    Fix(Fix),
    /// Profiles for the accounts and roles discovery listed.
    Discover(Box<DiscoveryWrite>),
}

/// A write as previewed: what each file would become. Applying it needs its `id`, so
/// what is written is what was shown.
#[derive(Debug, Clone)]
pub struct ProfilePreview {
    pub id: u32,
    /// The files that change (masked diffs through [`Change::unified_diff`]).
    pub changes: Vec<Change>,
}

/// The last preview, waiting to be applied: the write, and the texts it was computed on.
#[derive(Debug)]
pub(super) struct PendingWrite {
    id: u32,
    write: ProfileWrite,
    config: String,
    credentials: String,
}

impl Agent {
    /// The form of the profile `name`, as its fields show it (no secret).
    pub fn profile_form(&self, name: &str) -> Result<ProfileForm, AgentError> {
        let view = self.config_view()?;
        let profile = view
            .profile(name)
            .ok_or_else(|| AgentError::NoSuchProfile(name.to_owned()))?;
        Ok(ProfileForm::of(profile))
    }

    /// Checks `write` and computes what it would change; nothing is written. The
    /// preview replaces any earlier one.
    pub fn preview_profile_write(&self, write: ProfileWrite) -> Result<ProfilePreview, AgentError> {
        let config = self.files.config.read()?;
        let credentials = self.files.credentials.read()?;
        let view = ConfigView::read(&config, &credentials);
        check(&write, &view)?;
        let listing = self.listing_for(&write)?;
        let (mut new_config, mut new_credentials) = (config.clone(), credentials.clone());
        perform(
            &write,
            &view,
            &listing,
            &mut Files {
                config: &mut new_config,
                credentials: &mut new_credentials,
            },
        )
        .map_err(|cause| self.edit_error(cause))?;
        let changes = [
            (&self.files.config, &config, &new_config),
            (&self.files.credentials, &credentials, &new_credentials),
        ]
        .into_iter()
        .map(|(file, before, after)| Change {
            path: file.path().to_path_buf(),
            before: before.to_string(),
            after: after.to_string(),
            reapplied: false,
        })
        .filter(|change| !change.is_empty())
        .collect();
        let id = locked(&self.profile_preview)
            .as_ref()
            .map_or(1, |pending| pending.id.wrapping_add(1));
        *locked(&self.profile_preview) = Some(PendingWrite {
            id,
            write,
            config: config.to_string(),
            credentials: credentials.to_string(),
        });
        Ok(ProfilePreview { id, changes })
    }

    /// Writes the previewed change `id`: the credentials file first, then the config
    /// file (taking the first back if the second cannot be written). Refused with
    /// `preview-outdated` when a file changed since the preview.
    pub fn apply_profile_write(&self, id: u32) -> Result<Vec<Change>, AgentError> {
        let pending = locked(&self.profile_preview)
            .take_if(|pending| pending.id == id)
            .ok_or_else(|| AgentError::PreviewOutdated(self.files.config.path().to_path_buf()))?;
        let config = self.files.config.read()?;
        let credentials = self.files.credentials.read()?;
        for (file, now, then) in [
            (&self.files.config, &config, &pending.config),
            (&self.files.credentials, &credentials, &pending.credentials),
        ] {
            if now.to_string() != *then {
                return Err(AgentError::PreviewOutdated(file.path().to_path_buf()));
            }
        }
        let view = ConfigView::read(&config, &credentials);
        let write = &pending.write;
        let listing = self.listing_for(write)?;
        let credentials_change = self.files.credentials.apply(&self.data_dir, |document| {
            let mut scratch = config.clone();
            perform(
                write,
                &view,
                &listing,
                &mut Files {
                    config: &mut scratch,
                    credentials: document,
                },
            )
        })?;
        let config_change = self.files.config.apply(&self.data_dir, |document| {
            let mut scratch = credentials.clone();
            perform(
                write,
                &view,
                &listing,
                &mut Files {
                    config: document,
                    credentials: &mut scratch,
                },
            )
        });
        let config_change = match config_change {
            Ok(change) => change,
            Err(error) => {
                if !credentials_change.is_empty() {
                    // Best effort: the person reads the config file's error either way.
                    let _ = self
                        .files
                        .credentials
                        .take_back(&self.data_dir, &credentials_change);
                }
                return Err(error.into());
            }
        };
        let changes: Vec<Change> = [credentials_change, config_change]
            .into_iter()
            .filter(|change| !change.is_empty())
            .collect();
        for change in &changes {
            self.activity.record(file_changed(change));
        }
        self.follow_marks(write);
        self.changed();
        Ok(changes)
    }

    /// Takes back the last profile write: each file it changed, the config file first,
    /// refused (with the reason) for a file changed since.
    pub fn undo_profile_write(&self, files: &[PathBuf]) -> Result<Vec<Change>, AgentError> {
        let written: Vec<&ConfigFile> = [&self.files.config, &self.files.credentials]
            .into_iter()
            .filter(|file| files.iter().any(|path| path == file.path()))
            .collect();
        // Both files or neither: a secret one of them cannot bring back stops the undo.
        for file in &written {
            file.check_undo(&self.data_dir)?;
        }
        let mut undone = Vec::new();
        for file in written {
            let change = file.undo(&self.data_dir)?;
            self.activity.record(file_changed(&change));
            undone.push(change);
        }
        self.changed();
        Ok(undone)
    }

    fn listing_for(&self, write: &ProfileWrite) -> Result<Listing, AgentError> {
        match write {
            ProfileWrite::Discover(discovery) => self.discovery_of(&discovery.session).map(Some),
            ProfileWrite::Save { .. }
            | ProfileWrite::Duplicate { .. }
            | ProfileWrite::Delete { .. }
            | ProfileWrite::Fix(_) => Ok(None),
        }
    }

    /// Marks the profile (favourite, hidden, tag), in Awning's data folder.
    pub fn mark_profile(&self, profile: &str, mark: Mark) -> Result<(), AgentError> {
        let problems = mark.problems();
        if !problems.is_empty() {
            return Err(AgentError::Invalid(problems));
        }
        let mut marks = locked(&self.marks);
        marks.set(profile, mark);
        marks
            .save(&self.data_dir)
            .map_err(|cause| AgentError::DataFile {
                path: self.data_dir.clone(),
                cause,
            })?;
        drop(marks);
        self.changed();
        Ok(())
    }

    /// The favourite profiles the config has, with the session each signs in through.
    pub(super) fn favourite_views(&self, view: &ConfigView) -> Vec<FavouriteView> {
        let marks = locked(&self.marks);
        marks
            .favourites()
            .filter_map(|name| {
                view.profile(name)?;
                Some(FavouriteView {
                    profile: name.to_owned(),
                    session: session_of(view, name),
                })
            })
            .collect()
    }

    /// A profile renamed or deleted takes its marks along.
    fn follow_marks(&self, write: &ProfileWrite) {
        let mut marks = locked(&self.marks);
        match write {
            ProfileWrite::Save {
                original: Some(original),
                form,
            } if original != form.section_name() => marks.rename(original, form.section_name()),
            ProfileWrite::Delete { name } => marks.forget(name),
            ProfileWrite::Save { .. }
            | ProfileWrite::Duplicate { .. }
            | ProfileWrite::Fix(_)
            | ProfileWrite::Discover(_) => return,
        }
        // Marks are a convenience: one not kept costs a click, never the write.
        let _ = marks.save(&self.data_dir);
    }

    fn edit_error(&self, cause: EditError) -> AgentError {
        AgentError::ConfigFile(FileError::Edit {
            path: self.files.config.path().to_path_buf(),
            cause,
        })
    }
}

/// The write's own problems: its fields, or a profile it names that is not there.
fn check(write: &ProfileWrite, view: &ConfigView) -> Result<(), AgentError> {
    let exists = |name: &str| {
        view.profile(name)
            .map(|_| ())
            .ok_or_else(|| AgentError::NoSuchProfile(name.to_owned()))
    };
    let fields = match write {
        ProfileWrite::Save { original, form } => {
            if let Some(original) = original {
                exists(original)?;
            }
            let has_secret = original
                .as_deref()
                .and_then(|name| view.profile(name))
                .is_some_and(|profile| profile.get("aws_secret_access_key").is_some());
            problems(form, view, original.as_deref(), has_secret)
        }
        ProfileWrite::Duplicate { from, name } => {
            exists(from)?;
            let taken: Vec<String> = view
                .profiles
                .iter()
                .map(|profile| profile.name.clone())
                .collect();
            check_name(name.trim(), &taken)
                .err()
                .map(|rule| FieldProblem {
                    field: Field::Name,
                    rule,
                })
                .into_iter()
                .collect()
        }
        ProfileWrite::Delete { name } => {
            exists(name)?;
            Vec::new()
        }
        // A fix that no longer fits the file fails as the edit it is; discovery writes
        // only names its plan made.
        ProfileWrite::Fix(_) | ProfileWrite::Discover(_) => Vec::new(),
    };
    if fields.is_empty() {
        Ok(())
    } else {
        Err(AgentError::Invalid(fields))
    }
}

/// What a write needs beyond the files: for discovery, the session's listing.
type Listing = Option<(SsoTarget, Discovery)>;

fn perform(
    write: &ProfileWrite,
    view: &ConfigView,
    listing: &Listing,
    files: &mut Files<'_>,
) -> Result<(), EditError> {
    match write {
        ProfileWrite::Save { original, form } => {
            let original = original.as_deref().and_then(|name| view.profile(name));
            save(files, original, form)
        }
        ProfileWrite::Duplicate { from, name } => match view.profile(from) {
            Some(profile) => duplicate(files, profile, name.trim()),
            None => Err(EditError::NoSuchSection(SectionName::Profile(from.clone()))),
        },
        ProfileWrite::Delete { name } => delete(files, name),
        ProfileWrite::Fix(fix) => fix.apply(files.config),
        ProfileWrite::Discover(discovery) => match listing {
            Some((target, listed)) => write_discovered(files.config, discovery, target, listed),
            None => Ok(()),
        },
    }
}

#[cfg(test)]
#[path = "profiles_tests.rs"]
mod tests;
