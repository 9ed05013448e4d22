//! The writing style a file already uses, so new lines look like their neighbours.

use super::document::{Document, LineKind, inline_comment_start};
use super::sections::SectionSpan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Style {
    /// `"\r\n"` when the file's first line ending is CRLF, else `"\n"`.
    pub eol: &'static str,
    /// What stands between a key and its value, as in the file's first `key = value`.
    pub assign: String,
}

impl Style {
    pub fn of(document: &Document) -> Self {
        let eol = match document
            .lines()
            .iter()
            .find(|line| line.raw().ends_with('\n'))
        {
            Some(line) if line.raw().ends_with("\r\n") => "\r\n",
            _ => "\n",
        };
        let assign = document
            .lines()
            .iter()
            .find_map(|line| match line.kind() {
                LineKind::Property { value, .. } if !value.is_empty() => {
                    assignment(line.raw().trim_start())
                }
                _ => None,
            })
            .unwrap_or_else(|| " = ".to_owned());
        Self { eol, assign }
    }

    /// The indentation of the section's first key, which a new key copies.
    pub fn key_indent<'a>(&self, document: &'a Document, span: &SectionSpan) -> &'a str {
        span.lines
            .clone()
            .find_map(|index| {
                let raw = document.lines()[index].raw();
                matches!(document.lines()[index].kind(), LineKind::Property { .. })
                    .then(|| &raw[..raw.len() - raw.trim_start().len()])
            })
            .unwrap_or("")
    }
}

/// `key<assign>value`: the text from the end of the key to the start of the value.
fn assignment(line: &str) -> Option<String> {
    let equals = line.find('=')?;
    let key_end = line[..equals].trim_end().len();
    let value_start =
        equals + 1 + (line[equals + 1..].len() - line[equals + 1..].trim_start().len());
    Some(line[key_end..value_start].to_owned())
}

/// `raw` (a `key = value` line) with its value replaced; indentation, spacing and the
/// line ending stay. An inline comment moves onto its own line above the key: botocore
/// reads it as part of the value where the other SDKs end the value before it, and a
/// value Awning writes must mean the same to every one of them.
pub(super) fn replace_value(raw: &str, value: &str) -> Vec<String> {
    let (body, eol) = raw.split_at(raw.trim_end_matches(['\n', '\r']).len());
    let Some(equals) = body.find('=') else {
        return vec![raw.to_owned()];
    };
    let after = &body[equals + 1..];
    let old = &after[..inline_comment_start(after)];
    let comment = after[old.len()..].trim();
    let leading = match old.len() - old.trim_start().len() {
        _ if old.trim().is_empty() => " ",
        spaces => &old[..spaces],
    };
    // Spaces after a value with no comment are the person's; keep them.
    let trailing = if comment.is_empty() {
        &old[old.trim_end().len()..]
    } else {
        ""
    };
    let line = format!("{}{leading}{value}{trailing}{eol}", &body[..=equals]);
    if comment.is_empty() {
        return vec![line];
    }
    let indent = &body[..body.len() - body.trim_start().len()];
    vec![format!("{indent}{comment}{eol}"), line]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_ending_and_assignment_set_the_style() {
        let style = Style::of(&Document::parse("[a]\r\ns3 =\r\nregion=x\n"));
        assert_eq!(
            style,
            Style {
                eol: "\r\n",
                assign: "=".into()
            }
        );
        let style = Style::of(&Document::parse(""));
        assert_eq!(
            style,
            Style {
                eol: "\n",
                assign: " = ".into()
            }
        );
    }

    #[test]
    fn replacing_a_value_keeps_spacing_and_ending_and_puts_a_comment_above() {
        assert_eq!(
            replace_value("  region  =  a # prod\r\n", "b"),
            ["  # prod\r\n", "  region  =  b\r\n"]
        );
        assert_eq!(replace_value("region=a", "bb"), ["region=bb"]);
        assert_eq!(replace_value("region = a  \n", "b"), ["region = b  \n"]);
        assert_eq!(replace_value("s3 =\n", "x"), ["s3 = x\n"]);
        assert_eq!(replace_value("url = https://x/#y\n", "z"), ["url = z\n"]);
        assert_eq!(
            replace_value("key =   ; empty\n", "v"),
            ["; empty\n", "key = v\n"]
        );
    }
}
