//! A profile form made into edits of the two files, through the config engine (only the
//! lines that must change do; comments and order stay). Keys stay in the file that holds
//! them; new secrets and access keys go to the credentials file, everything else to the
//! config file.

use crate::config::{Document, EditError, FileKind, Profile, SectionName};

use super::form::{ProfileForm, SECRET_KEYS, Wanted};

/// The config and credentials documents being edited together.
#[derive(Debug)]
pub struct Files<'a> {
    pub config: &'a mut Document,
    pub credentials: &'a mut Document,
}

impl Files<'_> {
    fn of(&mut self, kind: FileKind) -> &mut Document {
        match kind {
            FileKind::Config => self.config,
            FileKind::Credentials => self.credentials,
        }
    }
}

const KINDS: [FileKind; 2] = [FileKind::Config, FileKind::Credentials];

/// Makes the files say what `form` says of `original` (`None`: a new profile).
pub fn save(
    files: &mut Files<'_>,
    original: Option<&Profile>,
    form: &ProfileForm,
) -> Result<(), EditError> {
    let name = form.section_name();
    let section = SectionName::Profile(name.to_owned());
    let wanted = form.wanted();
    let Some(original) = original else {
        return create(files, &section, &wanted);
    };
    if original.name != name {
        rename(files, &original.name, name)?;
    }
    let still_wanted = |key: &str| {
        wanted
            .iter()
            .any(|(wanted, _)| wanted.eq_ignore_ascii_case(key))
    };
    for (key, _) in original
        .settings
        .iter()
        .filter(|(key, _)| !still_wanted(key))
    {
        for kind in KINDS {
            match files.of(kind).unset(kind, &section, key) {
                Ok(()) | Err(EditError::NoSuchKey { .. } | EditError::NoSuchSection(_)) => {}
                Err(error) => return Err(error),
            }
        }
    }
    for (key, value) in &wanted {
        let text = match value {
            Wanted::Value(text) => *text,
            Wanted::Secret(secret) => secret.expose(),
            Wanted::Kept => continue,
        };
        let kind = original
            .settings
            .setting(key)
            .map_or_else(|| file_for(key), |setting| setting.origin.file);
        let document = files.of(kind);
        if document.value(kind, &section, key) != Some(text) {
            document.set(kind, &section, key, text)?;
        }
    }
    // Keys moved out of the credentials file leave no empty section behind.
    let credentials = &mut *files.credentials;
    if credentials.has_section(FileKind::Credentials, &section)
        && !credentials.has_keys(FileKind::Credentials, &section)
    {
        credentials.remove_section(FileKind::Credentials, &section)?;
    }
    Ok(())
}

/// A new profile `name` holding every key of `original`, each in the file it is in
/// there (secrets included: they never leave the engine).
pub fn duplicate(files: &mut Files<'_>, original: &Profile, name: &str) -> Result<(), EditError> {
    let section = SectionName::Profile(name.to_owned());
    for kind in KINDS {
        let keys: Vec<(String, String)> = original
            .settings
            .iter()
            .filter(|(_, setting)| setting.origin.file == kind)
            .map(|(key, setting)| (key.clone(), setting.value.clone()))
            .collect();
        if !keys.is_empty() || kind == FileKind::Config {
            files
                .of(kind)
                .append_sections(kind, &[(section.clone(), keys)])?;
        }
    }
    Ok(())
}

/// Removes the profile from both files.
pub fn delete(files: &mut Files<'_>, name: &str) -> Result<(), EditError> {
    let section = SectionName::Profile(name.to_owned());
    let mut removed = false;
    for kind in KINDS {
        match files.of(kind).remove_section(kind, &section) {
            Ok(()) => removed = true,
            Err(EditError::NoSuchSection(_)) => {}
            Err(error) => return Err(error),
        }
    }
    if removed {
        Ok(())
    } else {
        Err(EditError::NoSuchSection(section))
    }
}

fn create(
    files: &mut Files<'_>,
    section: &SectionName,
    wanted: &[(&str, Wanted<'_>)],
) -> Result<(), EditError> {
    for kind in KINDS {
        let keys: Vec<(String, String)> = wanted
            .iter()
            .filter(|(key, _)| file_for(key) == kind)
            .filter_map(|(key, value)| {
                let text = match value {
                    Wanted::Value(text) => *text,
                    Wanted::Secret(secret) => secret.expose(),
                    Wanted::Kept => return None,
                };
                Some(((*key).to_owned(), text.to_owned()))
            })
            .collect();
        // The config file gets the section even when it holds no key (settings only).
        if !keys.is_empty() || kind == FileKind::Config {
            files
                .of(kind)
                .append_sections(kind, &[(section.clone(), keys)])?;
        }
    }
    Ok(())
}

/// Renames the profile in each file that has it; references follow (`source_profile`).
fn rename(files: &mut Files<'_>, from: &str, to: &str) -> Result<(), EditError> {
    let section = SectionName::Profile(from.to_owned());
    for kind in KINDS {
        let document = files.of(kind);
        if document.has_section(kind, &section) {
            document.rename_section(kind, &section, to)?;
        }
    }
    Ok(())
}

/// Where a key a profile did not have goes.
fn file_for(key: &str) -> FileKind {
    if key == "aws_access_key_id" || SECRET_KEYS.contains(&key) {
        FileKind::Credentials
    } else {
        FileKind::Config
    }
}
