//! Which lines belong to which section, and which section a name refers to.

use std::ops::Range;

use super::document::{Document, LineKind};
use super::section_header::SectionHeader;

/// The two shared files differ in how a profile's section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `~/.aws/config`: `[default]`, `[profile NAME]`, `[sso-session NAME]`, `[services NAME]`.
    Config,
    /// `~/.aws/credentials`: `[NAME]`.
    Credentials,
}

/// A section as a user names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SectionName {
    Profile(String),
    SsoSession(String),
    Services(String),
}

impl SectionName {
    pub fn name(&self) -> &str {
        match self {
            Self::Profile(name) | Self::SsoSession(name) | Self::Services(name) => name,
        }
    }

    /// How people read it in messages: `profile dev`, `sso-session corp`.
    pub fn describe(&self) -> String {
        match self {
            Self::Profile(name) => format!("profile {name}"),
            Self::SsoSession(name) => format!("sso-session {name}"),
            Self::Services(name) => format!("services {name}"),
        }
    }

    /// Whether `header` names this section in a file of `kind` (the SDKs ignore a
    /// prefixed header in the credentials file and a bare one in the config file).
    pub(super) fn matches(&self, header: &SectionHeader, kind: FileKind) -> bool {
        match (self, header, kind) {
            (
                Self::Profile(name),
                SectionHeader::Profile {
                    name: found,
                    bare_default,
                },
                _,
            ) => name == found && (kind == FileKind::Config || *bare_default),
            (Self::Profile(name), SectionHeader::Bare(found), FileKind::Credentials) => {
                name == found
            }
            (Self::SsoSession(name), SectionHeader::SsoSession(found), FileKind::Config)
            | (Self::Services(name), SectionHeader::Services(found), FileKind::Config) => {
                name == found
            }
            _ => false,
        }
    }
}

/// One occurrence of a section: its header line and the lines up to the next section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SectionSpan {
    pub header: usize,
    /// Header through the line before the next section's header — less the comment
    /// block directly above that header, which belongs to the next section.
    pub lines: Range<usize>,
}

impl SectionSpan {
    /// The line after which a new key goes: the last key (or nested key) of the section,
    /// else the header.
    pub fn last_key_line(&self, document: &Document) -> usize {
        self.lines
            .clone()
            .rev()
            .find(|&index| {
                matches!(
                    document.lines()[index].kind(),
                    LineKind::Property { .. } | LineKind::SubProperty { .. } | LineKind::Unparsed
                )
            })
            .unwrap_or(self.header)
    }
}

/// Every section occurrence in file order, with its header.
pub(super) fn spans(document: &Document) -> Vec<(SectionSpan, &SectionHeader)> {
    let lines = document.lines();
    let headers: Vec<(usize, &SectionHeader)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| match line.kind() {
            LineKind::Section(header) => Some((index, header)),
            _ => None,
        })
        .collect();
    headers
        .iter()
        .enumerate()
        .map(|(position, &(start, header))| {
            let end = headers.get(position + 1).map_or(lines.len(), |&(next, _)| {
                start_of_comment_block(document, start + 1, next)
            });
            (
                SectionSpan {
                    header: start,
                    lines: start..end,
                },
                header,
            )
        })
        .collect()
}

/// The first line of the run of comments directly above `header` (no blank line between),
/// at `lowest` or later. An indented comment is a note on the keys above it, so it ends
/// the run.
pub(super) fn start_of_comment_block(document: &Document, lowest: usize, header: usize) -> usize {
    let mut start = header;
    while start > lowest {
        let line = &document.lines()[start - 1];
        let unindented = !line.raw().starts_with([' ', '\t']);
        if !(matches!(line.kind(), LineKind::Comment) && unindented) {
            break;
        }
        start -= 1;
    }
    start
}

/// The sections an AWS SDK reads in a file of `kind`: in the config file
/// `[profile default]` replaces `[default]` (as in the AWS SDK for Rust), so a bare
/// `[default]` is left out when the prefixed one exists.
pub(super) fn readable_spans(
    document: &Document,
    kind: FileKind,
) -> Vec<(SectionSpan, &SectionHeader)> {
    let all = spans(document);
    let is_default = |header: &SectionHeader, bare: bool| matches!(header, SectionHeader::Profile { name, bare_default } if name == "default" && *bare_default == bare);
    let shadowed =
        kind == FileKind::Config && all.iter().any(|(_, header)| is_default(header, false));
    all.into_iter()
        .filter(|(_, header)| !(shadowed && is_default(header, true)))
        .collect()
}

/// The occurrences of `name` in a file of `kind`, among the sections an SDK reads.
pub(super) fn occurrences(
    document: &Document,
    name: &SectionName,
    kind: FileKind,
) -> Vec<SectionSpan> {
    readable_spans(document, kind)
        .into_iter()
        .filter(|(_, header)| name.matches(header, kind))
        .map(|(span, _)| span)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# file comment

[default]
region = a

# about dev
# more about dev
[profile dev]
region = b
  ; trailing note
[sso-session dev]
sso_region = c
";

    #[test]
    fn a_comment_block_above_a_header_belongs_to_the_next_section() {
        let document = Document::parse(TEXT);
        let found: Vec<_> = spans(&document)
            .into_iter()
            .map(|(span, _)| span.lines)
            .collect();
        assert_eq!(found, vec![2..5, 7..10, 10..12]);
    }

    #[test]
    fn names_find_their_own_kind_of_section() {
        let document = Document::parse(TEXT);
        let profile = occurrences(
            &document,
            &SectionName::Profile("dev".into()),
            FileKind::Config,
        );
        let session = occurrences(
            &document,
            &SectionName::SsoSession("dev".into()),
            FileKind::Config,
        );
        assert_eq!(
            profile.iter().map(|span| span.header).collect::<Vec<_>>(),
            [7]
        );
        assert_eq!(
            session.iter().map(|span| span.header).collect::<Vec<_>>(),
            [10]
        );
    }

    #[test]
    fn profile_default_shadows_bare_default_in_the_config_file_only() {
        let text = "[default]\na = 1\n[profile default]\nb = 2\n";
        let document = Document::parse(text);
        let default = SectionName::Profile("default".into());
        let in_config = occurrences(&document, &default, FileKind::Config);
        let in_credentials = occurrences(&document, &default, FileKind::Credentials);
        assert_eq!(
            in_config.iter().map(|span| span.header).collect::<Vec<_>>(),
            [2]
        );
        assert_eq!(
            in_credentials
                .iter()
                .map(|span| span.header)
                .collect::<Vec<_>>(),
            [0]
        );
    }

    #[test]
    fn credentials_sections_are_bare_names() {
        let document = Document::parse("[dev]\naws_access_key_id = A\n[profile dev]\n");
        let dev = SectionName::Profile("dev".into());
        let found = occurrences(&document, &dev, FileKind::Credentials);
        assert_eq!(
            found.iter().map(|span| span.header).collect::<Vec<_>>(),
            [0]
        );
        assert!(
            occurrences(&document, &dev, FileKind::Config)
                .iter()
                .all(|s| s.header == 2)
        );
    }

    #[test]
    fn new_keys_go_after_the_last_key_not_after_trailing_comments() {
        let document = Document::parse(TEXT);
        let dev = &occurrences(
            &document,
            &SectionName::Profile("dev".into()),
            FileKind::Config,
        )[0];
        assert_eq!(dev.last_key_line(&document), 8);
    }
}
