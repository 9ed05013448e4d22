//! Every problem in a config file, with its line, as a coded [`Issue`] (worded by the
//! catalogues) and, where the fix is mechanical, the [`Fix`].
//!
//! Where botocore and the AWS SDK for Rust disagree, the stricter rule applies: a file
//! that passes works with every AWS tool.

use std::collections::{HashMap, HashSet};

use super::document::{Document, LineKind, inline_comment_start};
use super::header_quirks::{Quirk, quirky_headers};
use super::issues::{Fix, Issue, Problem, Source};
use super::section_header::SectionHeader;
use super::sections::spans;

/// Credential sources a profile can name, in the order the Rust SDK tries them.
const SOURCES: [(Source, &[&str]); 6] = [
    // `role_arn` alone is no source: with a web identity token it is part of that one.
    (Source::AssumeRole, &["source_profile", "credential_source"]),
    (Source::WebIdentity, &["web_identity_token_file"]),
    (Source::IdentityCenter, &["sso_account_id", "sso_role_name"]),
    (Source::ConsoleLogin, &["login_session"]),
    (Source::CredentialProcess, &["credential_process"]),
    (Source::AccessKeys, &["aws_access_key_id"]),
];

/// What the checks collect: problems by line, before each learns its profile.
#[derive(Default)]
struct Found(Vec<(usize, Issue, Option<Fix>)>);

impl Found {
    fn push(&mut self, line: usize, issue: Issue) {
        self.0.push((line, issue, None));
    }

    fn fixable(&mut self, line: usize, issue: Issue, fix: Fix) {
        self.0.push((line, issue, Some(fix)));
    }
}

/// One section occurrence's keys: lowercased key → (value, 1-based line).
type Keys = HashMap<String, (String, usize)>;

/// The problems of a config file, in line order. `credentials` is the credentials file
/// (empty if there is none): a `source_profile` may name a profile that only it has.
pub fn validate_config(document: &Document, credentials: &Document) -> Vec<Problem> {
    let mut problems = Found::default();
    let mut seen_sections: HashMap<String, usize> = HashMap::new();
    let mut profiles: Vec<(String, usize, Keys)> = Vec::new();
    let mut sessions: HashMap<String, (usize, Keys)> = HashMap::new();

    let quirky = quirky_headers(document);
    for (index, line) in document.lines().iter().enumerate() {
        let header = quirky.iter().find(|found| found.index == index);
        match header {
            Some(found) => {
                let header = found.text.trim().to_owned();
                let issue = match found.quirk {
                    Quirk::Indented => Issue::IndentedHeader { header },
                    Quirk::Spaced => Issue::SpacedHeader { header },
                };
                let fix = Fix::TidyHeader {
                    line: to_line(index + 1),
                };
                problems.fixable(index + 1, issue, fix);
            }
            None if line.kind() == &LineKind::Unparsed => {
                problems.push(index + 1, Issue::UnparsedLine);
            }
            None => {}
        }
    }

    for (span, header) in spans(document) {
        let line = span.header + 1;
        let keys = section_keys(document, span.lines.clone(), &mut problems);
        let raw_header = document.lines()[span.header].raw().trim().to_owned();
        if let Some(first) = seen_sections.insert(section_identity(header), line) {
            problems.push(
                line,
                Issue::RepeatedSection {
                    header: raw_header,
                    first: to_line(first),
                },
            );
        }
        match header {
            SectionHeader::Profile { name, .. } => {
                if let Some(suggestion) = acceptable_name(name) {
                    let fix = Fix::RenameProfile {
                        from: name.clone(),
                        to: suggestion.clone(),
                    };
                    let issue = Issue::BadProfileName {
                        name: name.clone(),
                        suggestion,
                    };
                    problems.fixable(line, issue, fix);
                }
                profiles.push((name.clone(), line, keys));
            }
            SectionHeader::SsoSession(name) => {
                if let Some(suggestion) = acceptable_name(name) {
                    let fix = Fix::RenameSession {
                        from: name.clone(),
                        to: suggestion.clone(),
                    };
                    let issue = Issue::BadSessionName {
                        name: name.clone(),
                        suggestion,
                    };
                    problems.fixable(line, issue, fix);
                }
                sessions.insert(name.clone(), (line, keys));
            }
            SectionHeader::Services(_) => {}
            SectionHeader::Bare(name) => {
                problems.push(line, Issue::BareSection { name: name.clone() })
            }
            SectionHeader::Malformed(text) => {
                problems.push(line, Issue::MalformedSection { text: text.clone() });
            }
        }
    }

    let credential_profiles =
        spans(credentials)
            .into_iter()
            .filter_map(|(_, header)| match header {
                SectionHeader::Bare(name) | SectionHeader::Profile { name, .. } => {
                    Some(name.as_str())
                }
                _ => None,
            });
    let profile_names: HashSet<&str> = profiles
        .iter()
        .map(|(name, ..)| name.as_str())
        .chain(credential_profiles)
        .collect();
    for (name, line, keys) in &profiles {
        check_profile(name, *line, keys, &sessions, &profile_names, &mut problems);
    }
    for (name, (line, keys)) in &sessions {
        for required in ["sso_start_url", "sso_region"] {
            if !keys.contains_key(required) {
                let issue = Issue::SessionMissingKey {
                    session: name.clone(),
                    key: required.to_owned(),
                };
                problems.push(*line, issue);
            }
        }
    }
    let mut found: Vec<Problem> = problems
        .0
        .into_iter()
        .map(|(line, issue, fix)| Problem {
            line: to_line(line),
            profile: profile_at(document, line),
            issue,
            fix,
        })
        .collect();
    found.sort_by_key(|problem| problem.line);
    found
}

fn to_line(line: usize) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// The profile whose section holds the 1-based `line`.
fn profile_at(document: &Document, line: usize) -> Option<String> {
    let index = line.checked_sub(1)?;
    spans(document)
        .into_iter()
        .find(|(span, _)| span.header == index || span.lines.contains(&index))
        .and_then(|(_, header)| match header {
            SectionHeader::Profile { name, .. } => Some(name.clone()),
            _ => None,
        })
}

fn section_identity(header: &SectionHeader) -> String {
    match header {
        SectionHeader::Profile {
            name,
            bare_default: true,
        } => format!("default-bare {name}"),
        SectionHeader::Profile { name, .. } => format!("profile {name}"),
        SectionHeader::SsoSession(name) => format!("sso-session {name}"),
        SectionHeader::Services(name) => format!("services {name}"),
        SectionHeader::Bare(name) => format!("bare {name}"),
        SectionHeader::Malformed(text) => format!("malformed {text}"),
    }
}

/// The keys of one section occurrence, reporting repeated keys.
fn section_keys(document: &Document, lines: std::ops::Range<usize>, problems: &mut Found) -> Keys {
    let mut keys = Keys::new();
    for index in lines {
        if let LineKind::Property { key, value } = document.lines()[index].kind() {
            if has_inline_comment(document.lines()[index].raw()) {
                let issue = Issue::InlineComment { key: key.clone() };
                let fix = Fix::CommentOnOwnLine {
                    line: to_line(index + 1),
                };
                problems.fixable(index + 1, issue, fix);
            }
            let previous = keys.insert(key.to_ascii_lowercase(), (value.clone(), index + 1));
            if let Some((_, first)) = previous {
                let issue = Issue::RepeatedKey {
                    key: key.clone(),
                    first: to_line(first),
                };
                let profile = profile_at(document, index + 1);
                match profile {
                    Some(profile) => problems.fixable(
                        index + 1,
                        issue,
                        Fix::DropShadowed {
                            profile,
                            key: key.clone(),
                            line: to_line(first),
                        },
                    ),
                    None => problems.push(index + 1, issue),
                }
            }
        }
    }
    keys
}

/// Whether a `key = value` line ends in a comment (which botocore reads as value).
fn has_inline_comment(raw: &str) -> bool {
    let body = raw.trim_end_matches(['\n', '\r']);
    body.split_once('=')
        .is_some_and(|(_, after)| inline_comment_start(after) < after.len())
}

/// The AWS SDK for Rust accepts names of letters, digits and `-_/.%@:+` only.
pub(crate) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_/.%@:+".contains(c)
}

/// A name the AWS SDK for Rust accepts, for a `name` it rejects (`None` if it accepts it).
fn acceptable_name(name: &str) -> Option<String> {
    (!name.chars().all(is_name_char)).then(|| {
        name.chars()
            .map(|c| if is_name_char(c) { c } else { '-' })
            .collect()
    })
}

fn check_profile(
    name: &str,
    line: usize,
    keys: &Keys,
    sessions: &HashMap<String, (usize, Keys)>,
    profiles: &HashSet<&str>,
    problems: &mut Found,
) {
    let at = |key: &str| keys.get(key).map_or(line, |(_, line)| *line);
    if let Some((session, session_line)) = keys.get("sso_session") {
        if !sessions.contains_key(session) {
            let near = closest(session, sessions.keys().map(String::as_str)).map(str::to_owned);
            let issue = Issue::UnknownSession {
                profile: name.to_owned(),
                session: session.clone(),
                near: near.clone(),
            };
            match near {
                Some(near) => problems.fixable(
                    *session_line,
                    issue,
                    Fix::PointAtSession {
                        profile: name.to_owned(),
                        session: near,
                    },
                ),
                None => problems.push(*session_line, issue),
            }
        }
        for key in ["sso_start_url", "sso_region"] {
            if keys.contains_key(key) {
                let issue = Issue::SsoKeyBesideSession {
                    profile: name.to_owned(),
                    key: key.to_owned(),
                    session: session.clone(),
                };
                if sessions.contains_key(session) {
                    let fix = Fix::MoveIntoSession {
                        profile: name.to_owned(),
                        key: key.to_owned(),
                        session: session.clone(),
                    };
                    problems.fixable(at(key), issue, fix);
                } else {
                    problems.push(at(key), issue);
                }
            }
        }
    }
    match (
        keys.contains_key("sso_account_id"),
        keys.contains_key("sso_role_name"),
    ) {
        (true, false) => problems.push(
            at("sso_account_id"),
            Issue::AccountWithoutRole {
                profile: name.to_owned(),
            },
        ),
        (false, true) => problems.push(
            at("sso_role_name"),
            Issue::RoleWithoutAccount {
                profile: name.to_owned(),
            },
        ),
        _ => {}
    }
    // A profile may assume a role with its own keys (`source_profile` naming itself).
    let assumes_with_own_keys = keys
        .get("source_profile")
        .is_some_and(|(source, _)| source == name);
    let sources: Vec<Source> = SOURCES
        .iter()
        .filter(|(_, keys_of)| keys_of.iter().any(|key| keys.contains_key(*key)))
        .map(|(source, _)| *source)
        .filter(|source| !(assumes_with_own_keys && *source == Source::AccessKeys))
        .collect();
    if let [first, others @ ..] = sources.as_slice()
        && !others.is_empty()
    {
        let issue = Issue::SeveralSources {
            profile: name.to_owned(),
            first: *first,
            sources,
        };
        problems.push(line, issue);
    }
    if let Some((source, source_line)) = keys.get("source_profile")
        && !profiles.contains(source.as_str())
    {
        let issue = Issue::UnknownSourceProfile {
            profile: name.to_owned(),
            source: source.clone(),
        };
        problems.push(*source_line, issue);
    }
}

/// The candidate within two edits of `wanted`, for "did you mean" hints.
fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
