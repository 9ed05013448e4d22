//! What the tray, the notifications and the CLI say, from one catalogue per language
//! (`en.toml`, `ja.toml` beside this file). The window has a catalogue of its own in
//! `ui/src/i18n/`.
//!
//! A message is a key and `{placeholder}`s filled in by name; neither language needs
//! plural forms, since time is written as "7 h 12 m" / "7 時間 12 分". To add a message,
//! add the key to both files with the same placeholders (a test fails otherwise) and
//! call [`Catalogue::text`].

mod issues;
mod problems;

use std::collections::BTreeMap;
use std::sync::LazyLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::credentials::status::SessionState;

pub use issues::{advise_issue, describe_issue};
pub use problems::describe_problem;

/// A language Awning speaks; English where none is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    #[default]
    En,
    Ja,
}

/// The language the user chose in Settings, or the system's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum LanguageChoice {
    #[default]
    System,
    En,
    Ja,
}

impl LanguageChoice {
    pub fn resolve(self) -> Language {
        match self {
            Self::System => Language::of_system(),
            Self::En => Language::En,
            Self::Ja => Language::Ja,
        }
    }
}

impl Language {
    /// The language of the user's locale: on Linux and other Unix systems the first of
    /// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set, as gettext reads them; English
    /// unless it is Japanese.
    pub fn of_system() -> Self {
        let variables = ["LC_ALL", "LC_MESSAGES", "LANG"];
        let locale = variables
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .or_else(sys_locale::get_locale);
        Self::of_locale(locale.as_deref().unwrap_or("en"))
    }

    /// `ja_JP.UTF-8`, `ja-JP`, `ja` → Japanese; anything else → English.
    fn of_locale(locale: &str) -> Self {
        let language = locale.split(['_', '-', '.', '@']).next().unwrap_or("");
        if language.eq_ignore_ascii_case("ja") {
            Self::Ja
        } else {
            Self::En
        }
    }

    pub fn catalogue(self) -> Catalogue {
        Catalogue { language: self }
    }
}

static EN: LazyLock<Texts> = LazyLock::new(|| Texts::parse(include_str!("en.toml")));
static JA: LazyLock<Texts> = LazyLock::new(|| Texts::parse(include_str!("ja.toml")));

/// The messages of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Catalogue {
    language: Language,
}

impl Catalogue {
    /// The message `key` with its placeholders filled from `args`. A key the catalogue
    /// lacks (a test makes sure none does) reads as the key itself.
    pub fn text(self, key: &str, args: &[(&str, &str)]) -> String {
        let texts = match self.language {
            Language::En => &*EN,
            Language::Ja => &*JA,
        };
        let Some(template) = texts.0.get(key) else {
            return key.to_owned();
        };
        fill(template, args)
    }

    /// "signed in", "needs sign-in": a session's state as the tray names it.
    pub fn state(self, state: SessionState) -> String {
        self.text(&format!("state.{}", name_of(state)), &[])
    }

    /// "7 h 12 m", "4 m", "under a minute", "ended" — or in Japanese "7 時間 12 分".
    pub fn duration(self, left: Duration) -> String {
        let minutes = left.as_secs() / 60;
        let (hours, minutes) = (minutes / 60, minutes % 60);
        let (h, m) = (hours.to_string(), minutes.to_string());
        match (hours, minutes) {
            (0, 0) if left.is_zero() => self.text("duration.ended", &[]),
            (0, 0) => self.text("duration.under-a-minute", &[]),
            (0, _) => self.text("duration.minutes", &[("minutes", &m)]),
            _ => self.text("duration.hours-minutes", &[("hours", &h), ("minutes", &m)]),
        }
    }
}

/// The kebab-case name serde gives a unit variant — `missing-key`, `signed-in` — which
/// is also its key in both catalogues and the window's.
fn name_of(variant: impl Serialize) -> String {
    match serde_json::to_value(variant) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// Replaces each `{name}` of `template` with its value; unknown names stay as written.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut text = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            rest = &rest[open..];
            break;
        };
        let name = &after[..close];
        match args.iter().find(|(arg, _)| *arg == name) {
            Some((_, value)) => text.push_str(value),
            None => text.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    text.push_str(rest);
    text
}

/// A catalogue file, its nested tables flattened to dotted keys.
#[derive(Debug)]
struct Texts(BTreeMap<String, String>);

impl Texts {
    fn parse(source: &str) -> Self {
        let table: toml::Table = source.parse().expect("the message catalogues are TOML");
        let mut texts = BTreeMap::new();
        flatten("", &table, &mut texts);
        Self(texts)
    }
}

fn flatten(prefix: &str, table: &toml::Table, into: &mut BTreeMap<String, String>) {
    for (key, value) in table {
        let key = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten(&key, inner, into),
            toml::Value::String(text) => {
                into.insert(key, text.clone());
            }
            other => panic!("message {key} is {other:?}, not text"),
        }
    }
}

#[cfg(test)]
mod tests;
