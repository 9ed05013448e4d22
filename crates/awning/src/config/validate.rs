//! Every problem in a config file, with its line and a concrete fix.
//!
//! Where botocore and the AWS SDK for Rust disagree, the stricter rule applies: a file
//! that passes works with every AWS tool.

use std::collections::{HashMap, HashSet};

use super::document::{Document, LineKind};
use super::section_header::SectionHeader;
use super::sections::spans;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
    pub fix: String,
}

/// Credential sources a profile can name, in the order the Rust SDK tries them.
const SOURCES: [(&str, &[&str]); 6] = [
    // `role_arn` alone is no source: with a web identity token it is part of that one.
    ("assume role", &["source_profile", "credential_source"]),
    ("web identity", &["web_identity_token_file"]),
    ("IAM Identity Center", &["sso_account_id", "sso_role_name"]),
    ("console login", &["login_session"]),
    ("credential process", &["credential_process"]),
    ("access keys", &["aws_access_key_id"]),
];

/// One section occurrence's keys: lowercased key → (value, 1-based line).
type Keys = HashMap<String, (String, usize)>;

/// The problems of a config file, in line order. `credentials` is the credentials file
/// (empty if there is none): a `source_profile` may name a profile that only it has.
pub fn validate_config(document: &Document, credentials: &Document) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen_sections: HashMap<String, usize> = HashMap::new();
    let mut profiles: Vec<(String, usize, Keys)> = Vec::new();
    let mut sessions: HashMap<String, (usize, Keys)> = HashMap::new();

    for (index, line) in document.lines().iter().enumerate() {
        if line.kind() == &LineKind::Unparsed {
            problems.push(Problem {
                line: index + 1,
                message: "this line is not a [section], a `key = value` or a comment".into(),
                fix: "correct it, or turn it into a comment with `#`".into(),
            });
        }
    }

    for (span, header) in spans(document) {
        let line = span.header + 1;
        let keys = section_keys(document, span.lines.clone(), &mut problems);
        let raw_header = document.lines()[span.header].raw().trim().to_owned();
        if let Some(first) = seen_sections.insert(section_identity(header), line) {
            problems.push(Problem {
                line,
                message: format!("{raw_header} appears again (first on line {first}); botocore refuses files with repeated sections"),
                fix: format!("merge this section into the one on line {first}"),
            });
        }
        match header {
            SectionHeader::Profile { name, .. } => {
                check_name(name, "profile", line, &mut problems);
                profiles.push((name.clone(), line, keys));
            }
            SectionHeader::SsoSession(name) => {
                check_name(name, "sso-session", line, &mut problems);
                sessions.insert(name.clone(), (line, keys));
            }
            SectionHeader::Services(_) => {}
            SectionHeader::Bare(name) => problems.push(Problem {
                line,
                message: format!("[{name}] has no `profile` prefix, so the AWS tools ignore it in the config file"),
                fix: format!("write it as [profile {name}]"),
            }),
            SectionHeader::Malformed(text) => problems.push(Problem {
                line,
                message: format!("[{text}] is not a section the AWS tools can read; they ignore it"),
                fix: "quote a name with spaces, as in [profile 'my name'], or remove the extra words".into(),
            }),
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
                problems.push(Problem {
                    line: *line,
                    message: format!("sso-session {name} has no `{required}`"),
                    fix: format!("add `{required} = …` to [sso-session {name}]"),
                });
            }
        }
    }
    problems.sort_by_key(|problem| problem.line);
    problems
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
fn section_keys(
    document: &Document,
    lines: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) -> Keys {
    let mut keys = Keys::new();
    for index in lines {
        if let LineKind::Property { key, value } = document.lines()[index].kind() {
            let previous = keys.insert(key.to_ascii_lowercase(), (value.clone(), index + 1));
            if let Some((_, first)) = previous {
                problems.push(Problem {
                    line: index + 1,
                    message: format!("`{key}` is set again (first on line {first}); botocore refuses the file, the AWS SDK for Rust takes this one"),
                    fix: format!("keep one `{key}` line and delete the other"),
                });
            }
        }
    }
    keys
}

/// The AWS SDK for Rust accepts names of letters, digits and `-_/.%@:+` only.
pub(crate) fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_/.%@:+".contains(c)
}

fn check_name(name: &str, what: &str, line: usize, problems: &mut Vec<Problem>) {
    let valid = is_name_char;
    if !name.chars().all(valid) {
        let suggestion: String = name
            .chars()
            .map(|c| if valid(c) { c } else { '-' })
            .collect();
        problems.push(Problem {
            line,
            message: format!(
                "the {what} name `{name}` has characters the AWS SDK for Rust rejects"
            ),
            fix: format!(
                "rename it using letters, digits and -_/.%@:+ only, for example `{suggestion}`"
            ),
        });
    }
}

fn check_profile(
    name: &str,
    line: usize,
    keys: &Keys,
    sessions: &HashMap<String, (usize, Keys)>,
    profiles: &HashSet<&str>,
    problems: &mut Vec<Problem>,
) {
    let at = |key: &str| keys.get(key).map_or(line, |(_, line)| *line);
    if let Some((session, session_line)) = keys.get("sso_session") {
        if !sessions.contains_key(session) {
            let hint = closest(session, sessions.keys().map(String::as_str))
                .map_or(String::new(), |near| format!(" (did you mean `{near}`?)"));
            problems.push(Problem {
                line: *session_line,
                message: format!(
                    "profile {name} uses sso-session `{session}`, which does not exist{hint}"
                ),
                fix: format!("add an [sso-session {session}] section, or name an existing one"),
            });
        }
        for key in ["sso_start_url", "sso_region"] {
            if keys.contains_key(key) {
                problems.push(Problem {
                    line: at(key),
                    message: format!("profile {name} has `{key}` and also names an sso-session; the AWS SDK for Rust rejects that"),
                    fix: format!("remove `{key}` from the profile: [sso-session {session}] provides it"),
                });
            }
        }
    }
    match (
        keys.contains_key("sso_account_id"),
        keys.contains_key("sso_role_name"),
    ) {
        (true, false) => problems.push(Problem {
            line: at("sso_account_id"),
            message: format!("profile {name} has `sso_account_id` but no `sso_role_name`"),
            fix: "add `sso_role_name = …`, or remove `sso_account_id`".into(),
        }),
        (false, true) => problems.push(Problem {
            line: at("sso_role_name"),
            message: format!("profile {name} has `sso_role_name` but no `sso_account_id`"),
            fix: "add `sso_account_id = …`, or remove `sso_role_name`".into(),
        }),
        _ => {}
    }
    // A profile may assume a role with its own keys (`source_profile` naming itself).
    let assumes_with_own_keys = keys
        .get("source_profile")
        .is_some_and(|(source, _)| source == name);
    let sources: Vec<&str> = SOURCES
        .iter()
        .filter(|(_, keys_of)| keys_of.iter().any(|key| keys.contains_key(*key)))
        .map(|(source, _)| *source)
        .filter(|source| !(assumes_with_own_keys && *source == "access keys"))
        .collect();
    if let [first, others @ ..] = sources.as_slice()
        && !others.is_empty()
    {
        problems.push(Problem {
            line,
            message: format!(
                "profile {name} names several ways to get credentials ({}); the AWS tools disagree on which wins (the AWS SDK for Rust uses {first})",
                sources.join(", ")
            ),
            fix: "keep one of them in this profile and move the others to profiles of their own".into(),
        });
    }
    if let Some((source, source_line)) = keys.get("source_profile")
        && !profiles.contains(source.as_str())
    {
        problems.push(Problem {
            line: *source_line,
            message: format!(
                "profile {name} takes credentials from profile `{source}`, which does not exist"
            ),
            fix: format!("add [profile {source}], or name an existing profile"),
        });
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
