//! A config file's problems in words: what is wrong (`config-issue.*`) and what to do
//! (`config-advice.*`), with the issue's fields as the placeholders.

use crate::config::{Issue, Source};

use super::{Catalogue, name_of};

/// What is wrong, in one sentence.
pub fn describe_issue(catalogue: Catalogue, issue: &Issue) -> String {
    let key = match issue {
        Issue::UnknownSession { near: Some(_), .. } => "unknown-session-near".to_owned(),
        _ => tag(issue),
    };
    let arguments = arguments(catalogue, issue);
    catalogue.text(&format!("config-issue.{key}"), &borrowed(&arguments))
}

/// What to do about it.
pub fn advise_issue(catalogue: Catalogue, issue: &Issue) -> String {
    let arguments = arguments(catalogue, issue);
    catalogue.text(
        &format!("config-advice.{}", tag(issue)),
        &borrowed(&arguments),
    )
}

fn borrowed<'a>(arguments: &'a [(&'static str, String)]) -> Vec<(&'a str, &'a str)> {
    arguments
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect()
}

fn tag(issue: &Issue) -> String {
    serde_json::to_value(issue)
        .ok()
        .and_then(|value| value.get("issue")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Every field of the issue by its name; a source as the catalogue names it.
fn arguments(catalogue: Catalogue, issue: &Issue) -> Vec<(&'static str, String)> {
    let source = |source: &Source| catalogue.text(&format!("source.{}", name_of(source)), &[]);
    let text = |value: &str| value.to_owned();
    match issue {
        Issue::UnparsedLine => vec![],
        Issue::RepeatedSection { header, first } => {
            vec![("header", text(header)), ("first", first.to_string())]
        }
        Issue::BadProfileName { name, suggestion } | Issue::BadSessionName { name, suggestion } => {
            vec![("name", text(name)), ("suggestion", text(suggestion))]
        }
        Issue::BareSection { name } => vec![("name", text(name))],
        Issue::MalformedSection { text: header } => vec![("text", text(header))],
        Issue::SessionMissingKey { session, key } => {
            vec![("session", text(session)), ("key", text(key))]
        }
        Issue::RepeatedKey { key, first } => vec![("key", text(key)), ("first", first.to_string())],
        Issue::UnknownSession {
            profile,
            session,
            near,
        } => vec![
            ("profile", text(profile)),
            ("session", text(session)),
            ("near", near.clone().unwrap_or_default()),
        ],
        Issue::SsoKeyBesideSession {
            profile,
            key,
            session,
        } => vec![
            ("profile", text(profile)),
            ("key", text(key)),
            ("session", text(session)),
        ],
        Issue::AccountWithoutRole { profile } | Issue::RoleWithoutAccount { profile } => {
            vec![("profile", text(profile))]
        }
        Issue::SeveralSources {
            profile,
            sources,
            first,
        } => vec![
            ("profile", text(profile)),
            (
                "sources",
                sources.iter().map(source).collect::<Vec<_>>().join(", "),
            ),
            ("first", source(first)),
        ],
        Issue::UnknownSourceProfile { profile, source } => {
            vec![("profile", text(profile)), ("source", text(source))]
        }
        Issue::InlineComment { key } => vec![("key", text(key))],
        Issue::IndentedHeader { header } | Issue::SpacedHeader { header } => {
            vec![("header", text(header))]
        }
    }
}
