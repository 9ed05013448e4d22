//! A lossless, line-based model of the YAML Yarn Berry reads (`.yarnrc.yml`): block
//! mappings of `key: value` lines, nested by indentation. Awning sets a value by its
//! path of keys (`npmRegistries` → `"https://…"` → `npmAuthToken`), creating the
//! mappings on the way, and each change says how to take itself back; every other line
//! is kept as it is.

use serde::{Deserialize, Serialize};

use super::lines::Unparsable;
use super::text_lines::{self, content};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlDoc {
    lines: Vec<String>,
    ending: &'static str,
}

/// How to take one value back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum YamlUndo {
    /// The key's line read `original`.
    Replaced { original: String },
    /// The key's line was inserted, with `parents` mappings above it that did not
    /// exist; `newline_added` when the line before had no ending.
    Inserted { parents: usize, newline_added: bool },
}

/// One line as far as Awning reads it.
struct Shape<'a> {
    indent: usize,
    /// The key of a `key: …` line, unquoted.
    key: Option<String>,
    rest: &'a str,
}

impl YamlDoc {
    /// Reads `text`: its top level must be a mapping (keys, comments, blank lines and
    /// what is indented under them); anything else is named by its line.
    pub fn parse(text: &str) -> Result<Self, Unparsable> {
        let (lines, ending) = text_lines::split(text);
        for (index, line) in lines.iter().enumerate() {
            let body = content(line);
            let top_level = !body.is_empty() && !body.starts_with([' ', '\t']);
            let fine = !top_level
                || body.starts_with('#')
                || body == "---"
                || shape(body).is_some_and(|shape| shape.key.is_some());
            if !fine {
                return Err(Unparsable(index + 1));
            }
        }
        Ok(Self { lines, ending })
    }

    /// Makes the value at `path` read `value` (YAML, such as `"https://…"` or `true`).
    /// `None` when it already does.
    pub fn set(&mut self, path: &[String], value: &str) -> Option<YamlUndo> {
        let (last, parents) = path.split_last()?;
        let mut start = 0;
        let mut end = self.lines.len();
        let mut indent = 0;
        let mut created = Vec::new();
        for parent in parents {
            match self.find(parent, start, end, indent) {
                Some(at) if created.is_empty() => {
                    indent = self.child_indent(at, indent);
                    (start, end) = (at + 1, self.block_end(at));
                }
                _ => created.push(parent),
            }
        }
        let key_line = format!(
            "{}{}: {value}",
            " ".repeat(indent + 2 * created.len()),
            quote(last)
        );
        if created.is_empty()
            && let Some(at) = self.find(last, start, end, indent)
        {
            let original = content(&self.lines[at]).to_owned();
            let current = shape(&original)?;
            if current.rest.trim() == value {
                return None;
            }
            let ending = self.lines[at][original.len()..].to_owned();
            // Keeps the line's own indentation; only the value changes.
            self.lines[at] = format!(
                "{}{}: {value}{ending}",
                &original[..current.indent],
                quote(last)
            );
            return Some(YamlUndo::Replaced { original });
        }
        let mut block: Vec<String> = created
            .iter()
            .enumerate()
            .map(|(depth, key)| format!("{}{}:", " ".repeat(indent + 2 * depth), quote(key)))
            .collect();
        block.push(key_line);
        let at = self.insertion_point(start, end);
        let newline_added = self.end_line_before(at);
        let ending = self.ending;
        self.lines.splice(
            at..at,
            block.into_iter().map(|line| format!("{line}{ending}")),
        );
        Some(YamlUndo::Inserted {
            parents: created.len(),
            newline_added,
        })
    }

    /// Takes back what [`YamlDoc::set`] did at `path`.
    pub fn undo(&mut self, path: &[String], undo: &YamlUndo) {
        let Some(mut at) = self.locate(path) else {
            return;
        };
        match undo {
            YamlUndo::Replaced { original } => {
                let ending = self.lines[at][content(&self.lines[at]).len()..].to_owned();
                self.lines[at] = format!("{original}{ending}");
            }
            YamlUndo::Inserted {
                parents,
                newline_added,
            } => {
                let mut remove = at..at + 1;
                // The mappings Awning created above it go too, once they hold nothing.
                for _ in 0..*parents {
                    let Some(parent) = at.checked_sub(1) else {
                        break;
                    };
                    // It holds nothing but what is being removed (blank lines aside).
                    let holds_more = (remove.end..self.block_end(parent))
                        .any(|index| !content(&self.lines[index]).trim().is_empty());
                    if holds_more {
                        break;
                    }
                    at = parent;
                    remove = parent..remove.end;
                }
                let at_end = remove.end == self.lines.len();
                self.lines.drain(remove);
                if *newline_added && at_end {
                    text_lines::strip_last_ending(&mut self.lines);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The value at `path`, as written.
    #[cfg(test)]
    pub fn get(&self, path: &[String]) -> Option<String> {
        let at = self.locate(path)?;
        Some(shape(content(&self.lines[at]))?.rest.trim().to_owned())
    }

    /// The line of the key at `path`.
    fn locate(&self, path: &[String]) -> Option<usize> {
        let (mut start, mut end, mut indent) = (0, self.lines.len(), 0);
        let mut found = None;
        for key in path {
            let at = self.find(key, start, end, indent)?;
            indent = self.child_indent(at, indent);
            (start, end) = (at + 1, self.block_end(at));
            found = Some(at);
        }
        found
    }

    /// The line in `start..end` holding `key` at `indent`.
    fn find(&self, key: &str, start: usize, end: usize, indent: usize) -> Option<usize> {
        (start..end).find(|&index| {
            shape(content(&self.lines[index]))
                .is_some_and(|shape| shape.indent == indent && shape.key.as_deref() == Some(key))
        })
    }

    /// The indentation of the keys under the line `at` (two more, if it has none yet).
    fn child_indent(&self, at: usize, indent: usize) -> usize {
        (at + 1..self.block_end(at))
            .filter_map(|index| shape(content(&self.lines[index])))
            .find(|shape| shape.key.is_some())
            .map_or(indent + 2, |shape| shape.indent)
    }

    /// Where the block under the line `at` ends: the next line indented no deeper.
    fn block_end(&self, at: usize) -> usize {
        let Some(own) = shape(content(&self.lines[at])) else {
            return at + 1;
        };
        (at + 1..self.lines.len())
            .find(|&index| {
                let body = content(&self.lines[index]);
                !body.trim().is_empty()
                    && !body.trim_start().starts_with('#')
                    && body.len() - body.trim_start().len() <= own.indent
            })
            .unwrap_or(self.lines.len())
    }

    /// After the last line of `start..end` that is not blank (a new key joins its
    /// siblings, before the blank lines that part blocks).
    fn insertion_point(&self, start: usize, end: usize) -> usize {
        (start..end)
            .rev()
            .find(|&index| !content(&self.lines[index]).trim().is_empty())
            .map_or(start, |index| index + 1)
    }

    fn end_line_before(&mut self, at: usize) -> bool {
        text_lines::end_line_before(&mut self.lines, at, self.ending)
    }
}

impl std::fmt::Display for YamlDoc {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        text_lines::write(&self.lines, formatter)
    }
}

/// `  "https://x/": value` → indent 2, key `https://x/`, rest ` value`.
fn shape(line: &str) -> Option<Shape<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let body = &line[indent..];
    if body.is_empty() || body.starts_with('#') || body.starts_with('-') {
        return Some(Shape {
            indent,
            key: None,
            rest: body,
        });
    }
    let (key, rest) = match body.chars().next() {
        Some(quote @ ('"' | '\'')) => {
            let close = body[1..].find(quote)? + 1;
            let rest = body[close + 1..].strip_prefix(':')?;
            (body[1..close].to_owned(), rest)
        }
        _ => {
            let colon = body
                .find(": ")
                .or_else(|| body.strip_suffix(':').map(|k| k.len()))?;
            (body[..colon].to_owned(), &body[colon + 1..])
        }
    };
    Some(Shape {
        indent,
        key: Some(key),
        rest,
    })
}

/// A key as YAML needs it: quoted when it holds `:` or other markers.
fn quote(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_owned()
    } else {
        format!("\"{key}\"")
    }
}

#[cfg(test)]
#[path = "yaml_doc_tests.rs"]
mod tests;
