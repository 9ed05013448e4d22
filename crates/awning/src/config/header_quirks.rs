//! Header lines botocore reads otherwise than the AWS SDK for Rust (and Awning's reader):
//! an indented `[profile a]` is a header to botocore and not to the others, and in
//! `[ default ]` botocore sees a section named ` default `, which is no profile at all.

use super::document::{Document, LineKind};
use super::section_header::SectionHeader;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quirk {
    Indented,
    /// Spaces just inside the brackets.
    Spaced,
}

/// A header line the SDKs disagree on: its 0-based index, how, and what it says tidied.
#[derive(Debug, Clone)]
pub(super) struct QuirkyHeader {
    pub index: usize,
    pub quirk: Quirk,
    pub header: SectionHeader,
    /// The line as written, without its line ending.
    pub text: String,
}

pub(super) fn quirky_headers(document: &Document) -> Vec<QuirkyHeader> {
    document
        .lines()
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let text = line.raw().trim_end_matches(['\n', '\r']);
            let tidy = tidy_header(text)?;
            let quirk = match line.kind() {
                LineKind::Section(_) if tidy.trim_end() != text.trim_end() => Quirk::Spaced,
                LineKind::Unparsed if text.starts_with([' ', '\t']) => Quirk::Indented,
                _ => return None,
            };
            let header = SectionHeader::parse(&tidy)?;
            Some(QuirkyHeader {
                index,
                quirk,
                header,
                text: text.to_owned(),
            })
        })
        .collect()
}

/// `text` as a header every SDK reads alike: no indentation, no spaces inside the
/// brackets; what follows `]` stays. `None` when it is no header.
pub(super) fn tidy_header(text: &str) -> Option<String> {
    let trimmed = text.trim_start();
    let inner_start = trimmed.strip_prefix('[')?;
    let close = inner_start.rfind(']')?;
    let (inner, rest) = inner_start.split_at(close);
    // `rest` begins with the closing bracket.
    Some(format!("[{}{rest}", inner.trim()))
}
