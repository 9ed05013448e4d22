//! What the person marks on profiles — favourite, hidden, an environment tag such as
//! `prod` — kept in Awning's data folder, never in the AWS files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::problem::{Field, FieldProblem, FieldRule};
use crate::safe_write::{StagedWrite, read_text};

const FILE_NAME: &str = "profile-marks.json";
/// Tags are labels, not notes.
const LONGEST_TAG: usize = 16;

/// One profile's marks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(default, rename_all = "camelCase")]
pub struct Mark {
    /// Listed first, and offered in the tray.
    pub favourite: bool,
    /// Left out of the list unless hidden profiles are shown.
    pub hidden: bool,
    /// An environment, such as `prod`: a colour wherever the profile appears.
    pub tag: Option<String>,
}

impl Mark {
    /// What is wrong with the mark: a tag is 1 to 16 letters, digits, `-` or `_`.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let fits = |tag: &str| {
            (1..=LONGEST_TAG).contains(&tag.len())
                && tag
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        };
        match &self.tag {
            Some(tag) if !fits(tag) => vec![FieldProblem {
                field: Field::Tag,
                rule: FieldRule::BadCharacters,
            }],
            Some(_) | None => Vec::new(),
        }
    }
}

/// Every profile's marks, by profile name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marks(BTreeMap<String, Mark>);

impl Marks {
    /// The marks kept in `data_dir`; none when there are none yet or the file cannot
    /// be read (marks are a convenience: losing them costs a click, not a profile).
    pub fn load(data_dir: &Path) -> Self {
        read_text(&data_dir.join(FILE_NAME))
            .ok()
            .flatten()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let text = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        StagedWrite::new(&data_dir.join(FILE_NAME), &text)?.commit()
    }

    pub fn of(&self, profile: &str) -> Mark {
        self.0.get(profile).cloned().unwrap_or_default()
    }

    /// Sets the profile's marks; a profile with none is forgotten.
    pub fn set(&mut self, profile: &str, mark: Mark) {
        if mark == Mark::default() {
            self.0.remove(profile);
        } else {
            self.0.insert(profile.to_owned(), mark);
        }
    }

    /// The marks follow a renamed profile.
    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(mark) = self.0.remove(from) {
            self.0.insert(to.to_owned(), mark);
        }
    }

    pub fn forget(&mut self, profile: &str) {
        self.0.remove(profile);
    }

    /// The favourite profiles, by name.
    pub fn favourites(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(|(_, mark)| mark.favourite)
            .map(|(name, _)| name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_kept_follow_a_rename_and_a_profile_without_any_is_forgotten() {
        let data = tempfile::tempdir().unwrap();
        let mut marks = Marks::load(data.path());
        let prod = Mark {
            favourite: true,
            hidden: false,
            tag: Some("prod".to_owned()),
        };
        marks.set("admin", prod.clone());
        marks.set("dev", Mark::default());
        marks.rename("admin", "prod-admin");
        marks.save(data.path()).unwrap();
        let kept = Marks::load(data.path());
        assert_eq!(kept.of("prod-admin"), prod);
        assert_eq!(kept.of("admin"), Mark::default());
        assert_eq!(kept.favourites().collect::<Vec<_>>(), ["prod-admin"]);
        assert_eq!(kept.0.len(), 1, "no entry for a profile without marks");
    }

    #[test]
    fn a_tag_is_a_short_label() {
        let tagged = |tag: &str| Mark {
            tag: Some(tag.to_owned()),
            ..Mark::default()
        };
        assert_eq!(tagged("prod").problems(), []);
        assert_eq!(tagged("本番").problems(), []);
        for bad in ["", "two words", "a-very-long-tag-name"] {
            assert_eq!(tagged(bad).problems().len(), 1, "{bad:?}");
        }
    }
}
