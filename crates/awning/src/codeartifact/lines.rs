//! A lossless, line-based model of the INI-like files package managers read: `.npmrc`
//! (keys at the top, npm's `ini`), `pip.conf` and `.pypirc` (Python's configparser:
//! `[sections]`, `=` or `:`, indented continuation lines), `gradle.properties`.
//!
//! Every line keeps its bytes. Awning only replaces one entry's lines, inserts one, or
//! appends a section, and each change says exactly how to take it back, so a change
//! undone in a file nobody else touched gives the file back byte for byte.

use serde::{Deserialize, Serialize};

use super::text_lines::{self, content};

/// Where a key lives: in a `[section]`, or at the top of the file (`None`).
pub type Section<'a> = Option<&'a str>;

/// A text file as lines, each with its own line ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    lines: Vec<String>,
    ending: &'static str,
    flavor: Flavor,
}

/// How the lines are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    /// `key = value` entries, `[sections]`, indented continuations.
    Ini,
    /// `.netrc`: an entry is `machine HOST` and what follows it up to the next one
    /// (`machine`, `default` or `macdef`); its key is `machine HOST`.
    Netrc,
}

/// How to take one change back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Undo {
    /// The entry's lines were `original` (without the last line ending).
    Replaced { original: String },
    /// The entry was inserted; `newline_added` when the line before had no ending.
    Inserted { newline_added: bool },
}

/// How to take back one item Awning put in a list value (`index-servers`,
/// `extra-index-url`), found again by the text that marks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ItemUndo {
    /// The whole entry was set (it did not exist, or held only this item).
    Entry { undo: Undo },
    /// A continuation line was added.
    Added,
    /// The item's continuation line read `original`.
    Replaced { original: String },
}

/// How to take back a section Awning appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SectionAdded {
    /// A blank line was put before the header.
    pub blank_before: bool,
    /// The file's last line had no ending, and got one.
    pub newline_added: bool,
}

/// The file cannot be read as key-value lines: a line that is none of a comment, a
/// section header, an entry or a continuation (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("line {0} is not a key, a section or a comment")]
pub struct Unparsable(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    Header,
    Entry,
    Continuation,
}

impl Lines {
    /// Reads `text`; an unreadable line is an error, so nothing is written over it.
    pub fn parse(text: &str) -> Result<Self, Unparsable> {
        Self::parse_as(text, Flavor::Ini)
    }

    /// Reads a `.netrc`, whose entries are keyed `machine HOST`.
    pub fn parse_netrc(text: &str) -> Result<Self, Unparsable> {
        Self::parse_as(text, Flavor::Netrc)
    }

    fn parse_as(text: &str, flavor: Flavor) -> Result<Self, Unparsable> {
        let (lines, ending) = text_lines::split(text);
        let parsed = Self {
            lines,
            ending,
            flavor,
        };
        match parsed.kinds().iter().position(Option::is_none) {
            Some(index) => Err(Unparsable(index + 1)),
            None => Ok(parsed),
        }
    }

    /// The value of `key`, continuation lines joined by `\n`.
    #[cfg(test)]
    pub fn get(&self, section: Section<'_>, key: &str) -> Option<String> {
        let range = self.entry(section, key)?;
        let mut value = self
            .split_entry(content(&self.lines[range.start]))?
            .1
            .to_owned();
        for line in &self.lines[range.start + 1..range.end] {
            value.push('\n');
            value.push_str(content(line));
        }
        Some(value)
    }

    /// Makes `key`'s entry read `entry` (`key=value`, continuation lines after `\n`),
    /// replacing the entry's lines or inserting them at the end of the section, which
    /// must exist. `None` when the entry already reads so.
    pub fn set(&mut self, section: Section<'_>, key: &str, entry: &str) -> Option<Undo> {
        let new_lines: Vec<String> = entry
            .split('\n')
            .map(|line| format!("{line}{}", self.ending))
            .collect();
        if let Some(range) = self.entry(section, key) {
            let original = self.text_of(range.clone());
            if original == entry {
                return None;
            }
            let unended_end = range.end == self.lines.len() && !self.ends_with_newline();
            self.lines.splice(range, new_lines);
            if unended_end {
                self.strip_last_ending();
            }
            return Some(Undo::Replaced { original });
        }
        let at = self.insertion_point(section);
        let newline_added = self.end_line_before(at);
        self.lines.splice(at..at, new_lines);
        Some(Undo::Inserted { newline_added })
    }

    /// Takes back what [`Lines::set`] did for `key`, if its entry is still there.
    pub fn undo(&mut self, section: Section<'_>, key: &str, undo: &Undo) {
        let Some(range) = self.entry(section, key) else {
            return;
        };
        match undo {
            Undo::Replaced { original } => {
                let restored = original
                    .split('\n')
                    .map(|line| format!("{line}{}", self.ending))
                    .collect::<Vec<_>>();
                let unended_end = range.end == self.lines.len() && !self.ends_with_newline();
                self.lines.splice(range, restored);
                if unended_end {
                    self.strip_last_ending();
                }
            }
            Undo::Inserted { newline_added } => {
                let at_end = range.end == self.lines.len();
                self.lines.drain(range);
                if *newline_added && at_end {
                    self.strip_last_ending();
                }
            }
        }
    }

    /// Puts `item` in `key`'s list: replaces the line holding `marker`, or adds a
    /// continuation line (configparser's way of continuing a value), or creates the
    /// entry. `None` when the item is there as given.
    pub fn add_item(
        &mut self,
        section: Section<'_>,
        key: &str,
        item: &str,
        marker: &str,
    ) -> Option<ItemUndo> {
        let Some(range) = self.entry(section, key) else {
            let undo = self.set(section, key, &format!("{key} = {item}"))?;
            return Some(ItemUndo::Entry { undo });
        };
        let first = content(&self.lines[range.start]);
        if first.contains(marker) {
            let undo = self.set(section, key, &format!("{key} = {item}"))?;
            return Some(ItemUndo::Entry { undo });
        }
        let continuation = (range.start + 1..range.end)
            .find(|&index| content(&self.lines[index]).contains(marker));
        if let Some(index) = continuation {
            let original = content(&self.lines[index]).to_owned();
            let indent = &original[..original.len() - original.trim_start().len()];
            let replaced = format!("{indent}{item}");
            if replaced == original {
                return None;
            }
            let ending = &self.lines[index][original.len()..];
            self.lines[index] = format!("{replaced}{ending}");
            return Some(ItemUndo::Replaced { original });
        }
        let indent = range
            .clone()
            .skip(1)
            .map(|index| content(&self.lines[index]))
            .map(|line| &line[..line.len() - line.trim_start().len()])
            .next()
            .unwrap_or("    ")
            .to_owned();
        let newline_added = self.end_line_before(range.end);
        let line = format!("{indent}{item}{}", self.ending);
        self.lines.insert(range.end, line);
        if newline_added {
            // Only the end of the file lacks an ending; keep it so.
            self.strip_last_ending();
        }
        Some(ItemUndo::Added)
    }

    /// Takes back what [`Lines::add_item`] did.
    pub fn remove_item(&mut self, section: Section<'_>, key: &str, marker: &str, undo: &ItemUndo) {
        let Some(range) = self.entry(section, key) else {
            return;
        };
        let Some(index) = range
            .clone()
            .find(|&index| content(&self.lines[index]).contains(marker))
        else {
            return;
        };
        match undo {
            ItemUndo::Entry { undo } => self.undo(section, key, undo),
            ItemUndo::Added => {
                let at_end = index + 1 == self.lines.len() && !self.ends_with_newline();
                self.lines.remove(index);
                if at_end {
                    self.strip_last_ending();
                }
            }
            ItemUndo::Replaced { original } => {
                let line = content(&self.lines[index]).len();
                let ending = self.lines[index][line..].to_owned();
                self.lines[index] = format!("{original}{ending}");
            }
        }
    }

    /// Whether `[name]` is in the file.
    pub fn has_section(&self, name: &str) -> bool {
        self.header(name).is_some()
    }

    /// Appends `[name]` at the end of the file.
    pub fn add_section(&mut self, name: &str) -> SectionAdded {
        let newline_added = self.end_line_before(self.lines.len());
        let blank_before = self
            .lines
            .last()
            .is_some_and(|line| !content(line).trim().is_empty());
        if blank_before {
            self.lines.push(self.ending.to_owned());
        }
        self.lines.push(format!("[{name}]{}", self.ending));
        SectionAdded {
            blank_before,
            newline_added,
        }
    }

    /// Removes `[name]` if Awning appended it and it holds nothing now (the end of
    /// the file), as it was before.
    pub fn remove_section(&mut self, name: &str, added: SectionAdded) {
        let Some(at) = self.header(name) else {
            return;
        };
        if at + 1 != self.lines.len() {
            return;
        }
        self.lines.pop();
        if added.blank_before
            && self
                .lines
                .last()
                .is_some_and(|line| content(line).is_empty())
        {
            self.lines.pop();
        }
        if added.newline_added {
            self.strip_last_ending();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Whether the lines are a `.netrc`'s.
    pub fn is_netrc(&self) -> bool {
        self.flavor == Flavor::Netrc
    }

    /// The lines of `[section]`'s entries, or of the top of the file.
    fn section_span(&self, section: Section<'_>) -> Option<std::ops::Range<usize>> {
        let kinds = self.kinds();
        let start = match section {
            None => 0,
            Some(name) => self.header(name)? + 1,
        };
        let end = (start..self.lines.len())
            .find(|&index| kinds[index] == Some(Kind::Header))
            .unwrap_or(self.lines.len());
        Some(start..end)
    }

    fn header(&self, name: &str) -> Option<usize> {
        let kinds = self.kinds();
        (0..self.lines.len()).find(|&index| {
            kinds[index] == Some(Kind::Header)
                && header_name(content(&self.lines[index])) == Some(name)
        })
    }

    /// The lines of `key`'s entry: its line and its continuation lines.
    fn entry(&self, section: Section<'_>, key: &str) -> Option<std::ops::Range<usize>> {
        let span = self.section_span(section)?;
        let kinds = self.kinds();
        let start = span.clone().find(|&index| {
            kinds[index] == Some(Kind::Entry)
                && self
                    .split_entry(content(&self.lines[index]))
                    .map(|(k, _)| k)
                    == Some(key)
        })?;
        let end = (start + 1..span.end)
            .find(|&index| kinds[index] != Some(Kind::Continuation))
            .unwrap_or(span.end);
        Some(start..end)
    }

    /// After the section's last entry (or its header), before the blank lines and
    /// comments that lead to the next section.
    fn insertion_point(&self, section: Section<'_>) -> usize {
        let Some(span) = self.section_span(section) else {
            return self.lines.len();
        };
        let kinds = self.kinds();
        let last_entry = span
            .clone()
            .rev()
            .find(|&index| matches!(kinds[index], Some(Kind::Entry | Kind::Continuation)));
        match (last_entry, section) {
            (Some(index), _) => index + 1,
            (None, Some(_)) => span.start,
            // A file of only comments: the new key goes after them.
            (None, None) => span.end,
        }
    }

    fn end_line_before(&mut self, at: usize) -> bool {
        text_lines::end_line_before(&mut self.lines, at, self.ending)
    }

    fn ends_with_newline(&self) -> bool {
        self.lines.last().is_none_or(|line| line.ends_with('\n'))
    }

    fn strip_last_ending(&mut self) {
        text_lines::strip_last_ending(&mut self.lines);
    }

    fn text_of(&self, range: std::ops::Range<usize>) -> String {
        self.lines[range]
            .iter()
            .map(|line| content(line))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// What each line is; `None` for a line no reader would accept.
    fn kinds(&self) -> Vec<Option<Kind>> {
        if self.flavor == Flavor::Netrc {
            return self.netrc_kinds();
        }
        let mut kinds = Vec::with_capacity(self.lines.len());
        let mut in_entry = false;
        for line in &self.lines {
            let line = content(line);
            let trimmed = line.trim();
            let kind = if trimmed.is_empty() {
                Some(Kind::Blank)
            } else if trimmed.starts_with('#') || trimmed.starts_with(';') {
                Some(Kind::Comment)
            } else if line.starts_with([' ', '\t']) {
                // configparser reads an indented line after an entry as more of its value.
                in_entry.then_some(Kind::Continuation)
            } else if header_name(line).is_some() {
                Some(Kind::Header)
            } else {
                self.split_entry(line).map(|_| Kind::Entry)
            };
            in_entry = match kind {
                Some(Kind::Entry | Kind::Continuation) => true,
                Some(Kind::Comment) => in_entry,
                _ => false,
            };
            kinds.push(kind);
        }
        kinds
    }

    /// A `.netrc`: `machine` lines start entries; any other line belongs to the entry
    /// before it (or stands alone, as a comment would, before the first).
    fn netrc_kinds(&self) -> Vec<Option<Kind>> {
        let mut in_entry = false;
        self.lines
            .iter()
            .map(|line| {
                let first = content(line).split_whitespace().next();
                let kind = match first {
                    None => Kind::Blank,
                    Some(word) if word.starts_with('#') => Kind::Comment,
                    Some("machine") => Kind::Entry,
                    Some("default" | "macdef") => Kind::Comment,
                    Some(_) if in_entry => Kind::Continuation,
                    Some(_) => Kind::Comment,
                };
                in_entry = match kind {
                    Kind::Entry | Kind::Continuation => true,
                    Kind::Blank | Kind::Comment | Kind::Header => false,
                };
                Some(kind)
            })
            .collect()
    }

    /// The key and value of an entry line, as the flavor reads it.
    fn split_entry<'a>(&self, line: &'a str) -> Option<(&'a str, &'a str)> {
        match self.flavor {
            Flavor::Ini => split_entry(line),
            Flavor::Netrc => netrc_entry(line),
        }
    }
}

/// `machine HOST login …` → (`machine HOST`, `login …`).
fn netrc_entry(line: &str) -> Option<(&str, &str)> {
    let trimmed = line.trim_start();
    let rest = trimmed.strip_prefix("machine")?;
    let host_start = rest.len() - rest.trim_start().len();
    let host_end = rest[host_start..]
        .find(char::is_whitespace)
        .map_or(rest.len(), |at| host_start + at);
    let key_len = "machine".len() + host_end;
    Some((&trimmed[..key_len], trimmed[key_len..].trim()))
}

impl std::fmt::Display for Lines {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        text_lines::write(&self.lines, formatter)
    }
}

fn header_name(line: &str) -> Option<&str> {
    line.trim()
        .strip_prefix('[')?
        .strip_suffix(']')
        .map(str::trim)
}

/// `key = value`, `key=value` or configparser's `key: value`. npm keys hold `:` (as in
/// `//host/path/:_authToken`), so `=` is looked for first.
fn split_entry(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=').or_else(|| line.split_once(':'))?;
    let key = key.trim();
    (!key.is_empty()).then(|| (key, value.trim()))
}

#[cfg(test)]
#[path = "lines_tests.rs"]
mod tests;
