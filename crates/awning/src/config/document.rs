//! A lossless, line-based model of an AWS INI file.
//!
//! Every line keeps its exact bytes (including its line ending), so printing a document
//! that was not edited reproduces the input byte for byte — whatever the input, valid INI
//! or not. Meaning is attached to lines as a classification, never by rewriting them:
//! tools that rewrote `~/.aws/config` from a parsed model lost users' comments.

use super::section_header::SectionHeader;

const BOM: char = '\u{feff}';

/// One physical line, with its line ending (`\n`, `\r\n`, or none on the last line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    raw: String,
    kind: LineKind,
}

/// What a line means to the INI reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind {
    Blank,
    /// A whole-line comment starting with `#` or `;`.
    Comment,
    Section(SectionHeader),
    /// `key = value` at the top level of a section.
    Property {
        key: String,
        value: String,
    },
    /// An indented `key = value` under a property with an empty value (`s3 =` and the
    /// blocks of `[services NAME]`).
    SubProperty {
        key: String,
        value: String,
    },
    /// Anything the INI reader would reject; kept verbatim so nothing is lost.
    Unparsed,
}

impl Line {
    pub fn raw(&self) -> &str {
        &self.raw
    }

    pub fn kind(&self) -> &LineKind {
        &self.kind
    }
}

/// A parsed AWS config or credentials file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    lines: Vec<Line>,
}

impl Document {
    pub fn parse(text: &str) -> Self {
        let mut lines = Vec::new();
        let mut after_property = false;
        for (index, raw) in text.split_inclusive('\n').enumerate() {
            let content = raw.trim_end_matches(['\n', '\r']);
            // A UTF-8 byte-order mark belongs to the file, not to the first line's meaning.
            let content = if index == 0 {
                content.trim_start_matches(BOM)
            } else {
                content
            };
            let kind = classify(content, after_property);
            after_property = match &kind {
                LineKind::Property { .. } | LineKind::SubProperty { .. } => true,
                LineKind::Comment => after_property,
                _ => false,
            };
            lines.push(Line {
                raw: raw.to_owned(),
                kind,
            });
        }
        Self { lines }
    }

    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    /// Replaces the lines in `range` with `replacement` (each with its own line ending)
    /// and re-reads the result, since a line's meaning depends on the lines before it.
    /// A byte-order mark opening the file stays, whatever happens to the first line.
    pub(super) fn splice(&mut self, range: std::ops::Range<usize>, replacement: Vec<String>) {
        let mut raws: Vec<String> = self.lines.drain(..).map(|line| line.raw).collect();
        let had_bom = raws.first().is_some_and(|first| first.starts_with(BOM));
        raws.splice(range, replacement);
        let mut text = raws.concat();
        if had_bom && !text.starts_with(BOM) {
            text.insert(0, BOM);
        }
        *self = Self::parse(&text);
    }
}

impl std::fmt::Display for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.lines
            .iter()
            .try_for_each(|line| f.write_str(&line.raw))
    }
}

fn classify(content: &str, after_property: bool) -> LineKind {
    let trimmed = content.trim();
    if trimmed.is_empty() {
        return LineKind::Blank;
    }
    if trimmed.starts_with('#') || trimmed.starts_with(';') {
        return LineKind::Comment;
    }
    let indented = content.starts_with([' ', '\t']);
    if !indented && trimmed.starts_with('[') {
        return SectionHeader::parse(trimmed).map_or(LineKind::Unparsed, LineKind::Section);
    }
    let Some((key, value)) = trimmed.split_once('=') else {
        return LineKind::Unparsed;
    };
    let key = key.trim().to_owned();
    if key.is_empty() {
        return LineKind::Unparsed;
    }
    let value = value[..inline_comment_start(value)].trim().to_owned();
    if indented && after_property {
        LineKind::SubProperty { key, value }
    } else {
        LineKind::Property { key, value }
    }
}

/// Where an inline comment starts in the text after `=`, else its length: the AWS SDKs
/// end a value at a `#` or `;` that follows whitespace.
pub(super) fn inline_comment_start(text: &str) -> usize {
    let mut previous_is_space = false;
    for (at, character) in text.char_indices() {
        if previous_is_space && (character == '#' || character == ';') {
            return at;
        }
        previous_is_space = character.is_whitespace();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<LineKind> {
        Document::parse(text)
            .lines()
            .iter()
            .map(|line| line.kind().clone())
            .collect()
    }

    fn property(key: &str, value: &str) -> LineKind {
        LineKind::Property {
            key: key.into(),
            value: value.into(),
        }
    }

    #[test]
    fn printing_an_unedited_document_gives_back_every_byte() {
        let inputs = [
            "",
            "\n",
            "[default]\r\nregion = eu-west-1\r\n",
            "\u{feff}[profile a]\nregion=x",
            "# only a comment",
            "[broken\nkey without equals\n\t\n=\n[profile \"quoted name\"]\n",
            "[services s]\ns3 =\n  endpoint_url = http://localhost\n",
            "mixed\r\nendings\nhere\r",
        ];
        for input in inputs {
            assert_eq!(Document::parse(input).to_string(), input, "input {input:?}");
        }
    }

    #[test]
    fn inline_comments_end_a_value_only_after_whitespace() {
        assert_eq!(
            kinds("region = us-east-1 # prod\nurl = https://x/#frag\n"),
            vec![
                property("region", "us-east-1"),
                property("url", "https://x/#frag")
            ]
        );
    }

    #[test]
    fn indented_lines_under_a_property_are_sub_properties() {
        assert_eq!(
            kinds("s3 =\n  max_concurrent_requests = 20\n# note\n  addressing_style = path\n"),
            vec![
                property("s3", ""),
                LineKind::SubProperty {
                    key: "max_concurrent_requests".into(),
                    value: "20".into()
                },
                LineKind::Comment,
                LineKind::SubProperty {
                    key: "addressing_style".into(),
                    value: "path".into()
                },
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_first_section() {
        let kinds = kinds("\u{feff}[default]\n");
        assert!(matches!(&kinds[0], LineKind::Section(header) if header.is_default_profile()));
    }

    #[test]
    fn lines_the_ini_reader_rejects_are_kept_as_unparsed() {
        assert_eq!(
            kinds("[unterminated\n= no key\njust words\n"),
            vec![LineKind::Unparsed, LineKind::Unparsed, LineKind::Unparsed]
        );
    }
}
