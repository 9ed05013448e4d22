//! Edits that change only the lines they must.
//!
//! New lines follow the style the file already uses: its line ending, its spacing around
//! `=`, the indentation of the section's keys, and whether the file ends with a newline.
//! Removing a section takes the comment block directly above its header (unindented
//! comments, no blank line between), which describes it. A comment separated by a blank
//! line, indented under the previous section's keys, or at the very top of the file (it
//! describes the file) stays.

use super::document::{Document, LineKind};
use super::header_quirks::{quirky_headers, tidy_header};
use super::sections::{FileKind, SectionName, SectionSpan, occurrences, start_of_comment_block};
use super::style::{Style, replace_value};
use crate::problem::{ConfigRule, Problem, Thing};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("there is no {} in the file", .0.describe())]
    NoSuchSection(SectionName),
    #[error("{} has no key `{key}`", section.describe())]
    NoSuchKey { section: SectionName, key: String },
    #[error("{} already exists: choose another name, or remove it first", .0.describe())]
    NameTaken(SectionName),
    #[error("`{0}` cannot be a key: keys are one word without `=`, `[`, `#` or `;`")]
    InvalidKey(String),
    #[error("the name `{name}` cannot be used: {reason}")]
    InvalidName { name: String, reason: &'static str },
    #[error("the value for `{key}` cannot be used: {reason}")]
    InvalidValue { key: String, reason: &'static str },
    #[error("{} sections belong in the config file, not the credentials file", .0)]
    WrongFile(&'static str),
    /// Line `line` is a header the SDKs read differently; an edit there would reach some
    /// of them and not others, or make the file one botocore cannot read.
    #[error(
        "line {line} (`{text}`) is read differently by botocore and the other SDKs: tidy it first (`awning config check` says how)"
    )]
    ReadOtherwise { line: usize, text: String },
}

impl Document {
    /// The value of `key` in `section` as the SDKs read it: the last occurrence wins.
    pub fn value(&self, kind: FileKind, section: &SectionName, key: &str) -> Option<&str> {
        let line = winning_key_line(self, &occurrences(self, section, kind), key)?;
        match self.lines()[line].kind() {
            LineKind::Property { value, .. } => Some(value.as_str()),
            _ => None,
        }
    }

    /// Removes the 1-based `line` if it sets `key` in an occurrence of `section` (with
    /// the lines nested under it); the file is left alone otherwise.
    pub fn remove_key_line(
        &mut self,
        kind: FileKind,
        section: &SectionName,
        key: &str,
        line: usize,
    ) -> Result<(), EditError> {
        let index = line.wrapping_sub(1);
        let span = occurrences(self, section, kind)
            .into_iter()
            .find(|span| span.lines.contains(&index))
            .filter(|_| is_key(self, index, key))
            .ok_or_else(|| EditError::NoSuchKey {
                section: section.clone(),
                key: key.to_owned(),
            })?;
        let nested = (index + 1..span.lines.end)
            .take_while(|&next| matches!(self.lines()[next].kind(), LineKind::SubProperty { .. }))
            .count();
        let doomed = index..index + 1 + nested;
        self.remove_ranges(std::iter::once(doomed).collect());
        Ok(())
    }

    /// Whether `section` appears in the file.
    pub fn has_section(&self, kind: FileKind, section: &SectionName) -> bool {
        !occurrences(self, section, kind).is_empty()
    }

    /// Whether any occurrence of `section` holds a key.
    pub fn has_keys(&self, kind: FileKind, section: &SectionName) -> bool {
        occurrences(self, section, kind).iter().any(|span| {
            span.lines
                .clone()
                .any(|line| matches!(self.lines()[line].kind(), LineKind::Property { .. }))
        })
    }

    /// Sets `key` to `value` in `section`, creating the section at the end of the file if
    /// it does not exist. An existing key keeps its line, spacing and inline comment.
    pub fn set(
        &mut self,
        kind: FileKind,
        section: &SectionName,
        key: &str,
        value: &str,
    ) -> Result<(), EditError> {
        check_key(key)?;
        check_value(key, value)?;
        self.refuse_read_otherwise(kind, [section])?;
        let style = Style::of(self);
        let spans = occurrences(self, section, kind);
        if let Some(line) = winning_key_line(self, &spans, key) {
            let lines = replace_value(self.lines()[line].raw(), value);
            self.splice(line..line + 1, lines);
        } else if let Some(span) = spans.last() {
            let after = span.last_key_line(self);
            let indent = style.key_indent(self, span);
            let new_line = format!("{indent}{key}{}{value}", style.assign);
            self.insert_after(after, vec![new_line], &style);
        } else {
            self.append_sections(
                kind,
                &[(section.clone(), vec![(key.to_owned(), value.to_owned())])],
            )?;
        }
        Ok(())
    }

    /// Adds sections that do not exist yet, with their keys, at the end of the file in
    /// one splice, so adding thousands of generated profiles stays linear.
    pub fn append_sections(
        &mut self,
        kind: FileKind,
        sections: &[(SectionName, Vec<(String, String)>)],
    ) -> Result<(), EditError> {
        self.refuse_read_otherwise(kind, sections.iter().map(|(section, _)| section))?;
        let style = Style::of(self);
        let mut new_lines = Vec::new();
        // Always one empty line before the first new section (none in an empty file), so
        // removing it again takes exactly that line and gives the file back byte for
        // byte, whatever its last line held.
        let mut after_blank = self.lines().is_empty();
        for (section, keys) in sections {
            let header = header_text(kind, section)?;
            if !after_blank {
                new_lines.push(String::new());
            }
            new_lines.push(header);
            for (key, value) in keys {
                check_key(key)?;
                check_value(key, value)?;
                new_lines.push(format!("{key}{}{value}", style.assign));
            }
            after_blank = false;
        }
        match self.lines().len().checked_sub(1) {
            _ if new_lines.is_empty() => {}
            Some(last) => self.insert_after(last, new_lines, &style),
            None => {
                let text: String = new_lines.into_iter().map(|line| line + style.eol).collect();
                *self = Document::parse(&text);
            }
        }
        Ok(())
    }

    /// Refuses an edit of `sections` where a header of one is one the SDKs read
    /// differently (an indented one, `[ default ]`). The file is read once for all of
    /// them: discovery adds thousands at a time.
    fn refuse_read_otherwise<'a>(
        &self,
        kind: FileKind,
        sections: impl IntoIterator<Item = &'a SectionName>,
    ) -> Result<(), EditError> {
        let quirky = quirky_headers(self);
        if quirky.is_empty() {
            return Ok(());
        }
        let found = sections.into_iter().find_map(|section| {
            quirky
                .iter()
                .find(|quirky| section.matches(&quirky.header, kind))
        });
        match found.cloned() {
            Some(quirky) => Err(EditError::ReadOtherwise {
                line: quirky.index + 1,
                text: quirky.text,
            }),
            None => Ok(()),
        }
    }

    /// Moves the inline comment of the 1-based `line` onto a line of its own above it,
    /// where every SDK reads it as a comment; a line without one is left alone.
    pub fn comment_on_own_line(&mut self, line: usize) -> Result<(), EditError> {
        let Some(index) = line
            .checked_sub(1)
            .filter(|&index| index < self.lines().len())
        else {
            return Ok(());
        };
        if let LineKind::Property { value, .. } = self.lines()[index].kind() {
            let lines = replace_value(self.lines()[index].raw(), &value.clone());
            self.splice(index..index + 1, lines);
        }
        Ok(())
    }

    /// Writes the header of the 1-based `line` without indentation or spaces inside
    /// its brackets; any other line is left alone.
    pub fn tidy_header(&mut self, line: usize) -> Result<(), EditError> {
        let found = quirky_headers(self)
            .into_iter()
            .find(|quirky| quirky.index + 1 == line);
        if let Some(quirky) = found {
            let raw = self.lines()[quirky.index].raw();
            let eol = &raw[raw.trim_end_matches(['\n', '\r']).len()..];
            let tidy = tidy_header(&quirky.text).unwrap_or(quirky.text) + eol;
            self.splice(quirky.index..quirky.index + 1, vec![tidy]);
        }
        Ok(())
    }

    /// Removes `key` (and any lines nested under it) from every occurrence of `section`.
    pub fn unset(
        &mut self,
        kind: FileKind,
        section: &SectionName,
        key: &str,
    ) -> Result<(), EditError> {
        let spans = occurrences(self, section, kind);
        if spans.is_empty() {
            return Err(EditError::NoSuchSection(section.clone()));
        }
        let mut doomed = Vec::new();
        for span in &spans {
            for line in span.lines.clone() {
                if is_key(self, line, key) {
                    let nested = (line + 1..span.lines.end)
                        .take_while(|&next| {
                            matches!(self.lines()[next].kind(), LineKind::SubProperty { .. })
                        })
                        .count();
                    doomed.push(line..line + 1 + nested);
                }
            }
        }
        if doomed.is_empty() {
            return Err(EditError::NoSuchKey {
                section: section.clone(),
                key: key.to_owned(),
            });
        }
        self.remove_ranges(doomed);
        Ok(())
    }

    /// Removes every occurrence of `section`, with the comment block directly above it.
    pub fn remove_section(
        &mut self,
        kind: FileKind,
        section: &SectionName,
    ) -> Result<(), EditError> {
        let spans = occurrences(self, section, kind);
        if spans.is_empty() {
            return Err(EditError::NoSuchSection(section.clone()));
        }
        let ranges = spans
            .iter()
            .map(|span| {
                let comments = start_of_comment_block(self, 0, span.header);
                // Comments opening the file describe the file, not its first section.
                let start = if comments == 0 { span.header } else { comments };
                start..span.lines.end
            })
            .collect();
        self.remove_ranges(ranges);
        Ok(())
    }

    /// Renames `section` to `new_name`, and points the keys that refer to it there too
    /// (`sso_session` for an sso-session, `source_profile` for a profile).
    pub fn rename_section(
        &mut self,
        kind: FileKind,
        section: &SectionName,
        new_name: &str,
    ) -> Result<(), EditError> {
        let renamed = section.with_name(new_name);
        header_text(kind, &renamed)?;
        if !occurrences(self, &renamed, kind).is_empty() {
            return Err(EditError::NameTaken(renamed));
        }
        let spans = occurrences(self, section, kind);
        if spans.is_empty() {
            return Err(EditError::NoSuchSection(section.clone()));
        }
        for span in spans {
            let raw = self.lines()[span.header].raw();
            let close = raw.rfind(']').unwrap_or(raw.len().saturating_sub(1));
            let indent = &raw[..raw.len() - raw.trim_start().len()];
            let rest = &raw[close + 1..];
            let line = format!("{indent}{}{rest}", header_text(kind, &renamed)?);
            self.splice(span.header..span.header + 1, vec![line]);
        }
        let reference = match section {
            SectionName::SsoSession(_) => "sso_session",
            SectionName::Profile(_) => "source_profile",
            SectionName::Services(_) => "services",
        };
        let referring: Vec<usize> = (0..self.lines().len())
            .filter(|&line| {
                matches!(self.lines()[line].kind(),
                    LineKind::Property { key, value } if key.eq_ignore_ascii_case(reference) && value == section.name())
            })
            .collect();
        // From the end, as a moved comment adds a line.
        for line in referring.into_iter().rev() {
            let lines = replace_value(self.lines()[line].raw(), new_name);
            self.splice(line..line + 1, lines);
        }
        Ok(())
    }

    /// Inserts `new_lines` (without line endings) after line `after`, keeping the file's
    /// choice of ending its last line with a newline or not.
    fn insert_after(&mut self, after: usize, new_lines: Vec<String>, style: &Style) {
        let previous = self.lines()[after].raw();
        let previous_ended = previous.ends_with('\n');
        let mut replacement = vec![if previous_ended {
            previous.to_owned()
        } else {
            format!("{previous}{}", style.eol)
        }];
        let count = new_lines.len();
        for (index, line) in new_lines.into_iter().enumerate() {
            let last = index + 1 == count;
            replacement.push(if last && !previous_ended {
                line
            } else {
                line + style.eol
            });
        }
        self.splice(after..after + 1, replacement);
    }

    /// Removes the line ranges (ascending, disjoint). Removing the end of the file also
    /// removes the one empty line before it, and keeps a missing final newline missing.
    fn remove_ranges(&mut self, ranges: Vec<std::ops::Range<usize>>) {
        let ended_with_newline = self
            .lines()
            .last()
            .is_none_or(|line| line.raw().ends_with('\n'));
        for mut range in ranges.into_iter().rev() {
            // A section that ends the file takes the one empty line before it: the one
            // `append_sections` puts there. Lines of spaces are the person's.
            if range.end == self.lines().len()
                && range.start > 0
                && self.lines()[range.start - 1]
                    .raw()
                    .trim_end_matches(['\n', '\r'])
                    .is_empty()
            {
                range.start -= 1;
            }
            self.splice(range, Vec::new());
        }
        if !ended_with_newline && let Some(last) = self.lines().len().checked_sub(1) {
            // Take off exactly the line end an insert gave it: the file's own, as the
            // lines before tell (a lone `\r` of the person's stays).
            let crlf = self.lines()[..last]
                .iter()
                .find(|line| line.raw().ends_with('\n'))
                .is_some_and(|line| line.raw().ends_with("\r\n"));
            let raw = self.lines()[last].raw();
            let without_lf = raw.strip_suffix('\n').unwrap_or(raw);
            let trimmed = match without_lf.strip_suffix('\r') {
                Some(without_cr) if crlf => without_cr,
                _ => without_lf,
            };
            let trimmed = trimmed.to_owned();
            self.splice(last..last + 1, vec![trimmed]);
        }
    }
}

impl SectionName {
    fn with_name(&self, name: &str) -> Self {
        match self {
            Self::Profile(_) => Self::Profile(name.to_owned()),
            Self::SsoSession(_) => Self::SsoSession(name.to_owned()),
            Self::Services(_) => Self::Services(name.to_owned()),
        }
    }
}

fn is_key(document: &Document, line: usize, wanted: &str) -> bool {
    matches!(document.lines()[line].kind(), LineKind::Property { key, .. } if key.eq_ignore_ascii_case(wanted))
}

/// The line of `key` that the SDKs read: the last one in the last occurrence having it.
fn winning_key_line(document: &Document, spans: &[SectionSpan], key: &str) -> Option<usize> {
    spans.iter().rev().find_map(|span| {
        span.lines
            .clone()
            .rev()
            .find(|&line| is_key(document, line, key))
    })
}

fn check_key(key: &str) -> Result<(), EditError> {
    let bad = key.is_empty()
        || key
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '=' | '[' | ']' | '#' | ';'));
    if bad {
        Err(EditError::InvalidKey(key.to_owned()))
    } else {
        Ok(())
    }
}

fn check_value(key: &str, value: &str) -> Result<(), EditError> {
    let reason = if value.contains(['\n', '\r']) {
        Some("it contains a line break")
    } else if value.trim() != value {
        Some("it starts or ends with spaces, which the AWS tools drop")
    } else if value.contains(" #") || value.contains(" ;") || value.contains("\t#") {
        Some("a space before `#` or `;` starts a comment for some AWS tools and not others")
    } else {
        None
    };
    reason.map_or(Ok(()), |reason| {
        Err(EditError::InvalidValue {
            key: key.to_owned(),
            reason,
        })
    })
}

/// The header line for a new section, quoting a name with spaces as `aws configure` does.
fn header_text(kind: FileKind, section: &SectionName) -> Result<String, EditError> {
    let name = section.name();
    let reason = if name.is_empty() {
        Some("it is empty")
    } else if name.trim() != name {
        Some("it starts or ends with spaces")
    } else if name.contains(['[', ']', '\'', '"', '\n', '\r', '#', ';']) {
        Some("names cannot contain brackets, quotes, `#`, `;` or line breaks")
    } else {
        None
    };
    if let Some(reason) = reason {
        return Err(EditError::InvalidName {
            name: name.to_owned(),
            reason,
        });
    }
    let quoted = if name.contains(char::is_whitespace) {
        format!("'{name}'")
    } else {
        name.to_owned()
    };
    match (kind, section) {
        (FileKind::Credentials, SectionName::Profile(_)) => Ok(format!("[{name}]")),
        (FileKind::Credentials, SectionName::SsoSession(_)) => {
            Err(EditError::WrongFile("sso-session"))
        }
        (FileKind::Credentials, SectionName::Services(_)) => Err(EditError::WrongFile("services")),
        (FileKind::Config, SectionName::Profile(name)) if name == "default" => {
            Ok("[default]".to_owned())
        }
        (FileKind::Config, SectionName::Profile(_)) => Ok(format!("[profile {quoted}]")),
        (FileKind::Config, SectionName::SsoSession(_)) => Ok(format!("[sso-session {quoted}]")),
        (FileKind::Config, SectionName::Services(_)) => Ok(format!("[services {quoted}]")),
    }
}

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;

impl EditError {
    /// The code the person is shown, for an edit of `file`.
    pub fn problem(&self, file: &std::path::Path) -> Problem {
        let invalid = |section: String, key: Option<&str>, rule| Problem::ConfigInvalid {
            file: file.display().to_string(),
            line: None,
            section,
            key: key.map(str::to_owned),
            rule,
        };
        match self {
            Self::NoSuchSection(section) => Problem::NotFound {
                thing: Thing::Section,
                name: section.describe(),
            },
            Self::NoSuchKey { section, key } => Problem::NotFound {
                thing: Thing::Key,
                name: format!("{} {key}", section.describe()),
            },
            Self::NameTaken(section) => Problem::AlreadyExists {
                thing: Thing::Section,
                name: section.describe(),
            },
            Self::InvalidKey(key) => invalid(String::new(), Some(key), ConfigRule::BadText),
            Self::InvalidName { name, .. } => invalid(name.clone(), None, ConfigRule::BadText),
            Self::InvalidValue { key, .. } => {
                invalid(String::new(), Some(key), ConfigRule::BadText)
            }
            Self::WrongFile(kind) => invalid((*kind).to_owned(), None, ConfigRule::WrongFile),
            Self::ReadOtherwise { line, text } => Problem::ConfigInvalid {
                file: file.display().to_string(),
                line: u32::try_from(*line).ok(),
                section: text.clone(),
                key: None,
                rule: ConfigRule::ReadOtherwise,
            },
        }
    }
}
