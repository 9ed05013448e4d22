//! A lossless model of the TOML files package managers read (Cargo's `config.toml`,
//! `uv.toml`), over `toml_edit`, which prints every untouched byte as it was. Awning sets
//! a value (keeping the comment beside it), adds a table or an element of an array of
//! tables, and each change says how to take itself back, as `lines` does for INI files.

use serde::{Deserialize, Serialize};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::lines::Unparsable;

/// A table by its path: each segment a key, or `NAME[KEY=VALUE]` for the element of the
/// array of tables `NAME` whose `KEY` is `VALUE` (uv's `[[index]]` named `VALUE`).
pub type TablePath = [String];

#[derive(Debug, Clone)]
pub struct TomlDoc {
    doc: DocumentMut,
}

/// How to take a value back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ValueUndo {
    /// It held `original` (TOML, without the comment beside it, which stays).
    Replaced {
        original: String,
    },
    Inserted,
}

impl TomlDoc {
    pub fn parse(text: &str) -> Result<Self, Unparsable> {
        text.parse::<DocumentMut>()
            .map(|doc| Self { doc })
            .map_err(|error| {
                let at = error.span().map_or(0, |span| span.start);
                Unparsable(text[..at.min(text.len())].matches('\n').count() + 1)
            })
    }

    /// Whether the table exists.
    pub fn has_table(&self, path: &TablePath) -> bool {
        table(self.doc.as_table(), path).is_some()
    }

    /// Creates the table (and its parents, implicit); `true` if it was added.
    pub fn add_table(&mut self, path: &TablePath) -> bool {
        if self.has_table(path) {
            return false;
        }
        let mut current = self.doc.as_table_mut();
        for (index, segment) in path.iter().enumerate() {
            let last = index + 1 == path.len();
            current = match element_of(segment) {
                Some((array, key, value)) => {
                    let tables = current
                        .entry(array)
                        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
                    let Some(tables) = tables.as_array_of_tables_mut() else {
                        return false;
                    };
                    if find_element(tables, key, value).is_none() {
                        let mut element = Table::new();
                        element.insert(key, toml_edit::value(value));
                        tables.push(element);
                    }
                    let at = find_element(tables, key, value).unwrap_or_default();
                    match tables.get_mut(at) {
                        Some(element) => element,
                        None => return false,
                    }
                }
                None => {
                    let item = current.entry(segment).or_insert_with(|| {
                        let mut table = Table::new();
                        table.set_implicit(!last);
                        Item::Table(table)
                    });
                    match item.as_table_mut() {
                        Some(table) => table,
                        None => return false,
                    }
                }
            };
        }
        true
    }

    /// Removes the table Awning added, if nothing but what made it is left in it; and
    /// parents that were implicit and are empty now.
    pub fn remove_table(&mut self, path: &TablePath) {
        for depth in (1..=path.len()).rev() {
            let (parent, last) = path[..depth].split_at(depth - 1);
            let Some(parent) = table_mut(self.doc.as_table_mut(), parent) else {
                return;
            };
            let segment = &last[0];
            match element_of(segment) {
                Some((array, key, value)) => {
                    let Some(tables) = parent.get_mut(array).and_then(Item::as_array_of_tables_mut)
                    else {
                        return;
                    };
                    let Some(at) = find_element(tables, key, value) else {
                        return;
                    };
                    let only_marker = tables
                        .get(at)
                        .is_some_and(|element| element.iter().all(|(k, _)| k == key));
                    if !only_marker {
                        return;
                    }
                    tables.remove(at);
                    if tables.is_empty() {
                        parent.remove(array);
                    }
                }
                None => {
                    let empty = parent
                        .get(segment)
                        .and_then(Item::as_table)
                        .is_some_and(Table::is_empty);
                    if !empty {
                        return;
                    }
                    parent.remove(segment);
                }
            }
        }
    }

    /// Makes `key` of the table (which must exist) hold `value` (TOML, such as
    /// `"sparse+https://…"`). `None` when it already does.
    pub fn set(&mut self, path: &TablePath, key: &str, value: &str) -> Option<ValueUndo> {
        let mut new: Value = value.parse().ok()?;
        let table = table_mut(self.doc.as_table_mut(), path)?;
        match table.get_mut(key).and_then(Item::as_value_mut) {
            Some(old) => {
                if bare(old) == bare(&new) {
                    return None;
                }
                let original = bare(old);
                *new.decor_mut() = old.decor().clone();
                *old = new;
                Some(ValueUndo::Replaced { original })
            }
            None => {
                table.insert(key, Item::Value(new));
                Some(ValueUndo::Inserted)
            }
        }
    }

    /// Takes back what [`TomlDoc::set`] did.
    pub fn undo(&mut self, path: &TablePath, key: &str, undo: &ValueUndo) {
        let Some(table) = table_mut(self.doc.as_table_mut(), path) else {
            return;
        };
        match undo {
            ValueUndo::Inserted => {
                table.remove(key);
            }
            ValueUndo::Replaced { original } => {
                let (Some(old), Ok(mut restored)) = (
                    table.get_mut(key).and_then(Item::as_value_mut),
                    original.parse::<Value>(),
                ) else {
                    return;
                };
                *restored.decor_mut() = old.decor().clone();
                *old = restored;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.doc.as_table().is_empty() && self.doc.trailing().as_str().is_none_or(str::is_empty)
    }

    /// `key`'s value, as TOML.
    #[cfg(test)]
    pub fn get(&self, path: &TablePath, key: &str) -> Option<String> {
        table(self.doc.as_table(), path)?
            .get(key)?
            .as_value()
            .map(bare)
    }
}

impl std::fmt::Display for TomlDoc {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}", self.doc)
    }
}

/// The value as TOML, without the whitespace and comment around it.
fn bare(value: &Value) -> String {
    let mut value = value.clone();
    value.decor_mut().clear();
    value.to_string()
}

/// `NAME[KEY=VALUE]` → (NAME, KEY, VALUE).
fn element_of(segment: &str) -> Option<(&str, &str, &str)> {
    let (array, rest) = segment.split_once('[')?;
    let (key, value) = rest.strip_suffix(']')?.split_once('=')?;
    Some((array, key, value))
}

fn find_element(tables: &ArrayOfTables, key: &str, value: &str) -> Option<usize> {
    tables
        .iter()
        .position(|element| element.get(key).and_then(Item::as_str) == Some(value))
}

fn table<'a>(root: &'a Table, path: &TablePath) -> Option<&'a Table> {
    path.iter()
        .try_fold(root, |current, segment| match element_of(segment) {
            Some((array, key, value)) => {
                let tables = current.get(array)?.as_array_of_tables()?;
                tables.get(find_element(tables, key, value)?)
            }
            None => current.get(segment)?.as_table(),
        })
}

fn table_mut<'a>(root: &'a mut Table, path: &TablePath) -> Option<&'a mut Table> {
    path.iter()
        .try_fold(root, |current, segment| match element_of(segment) {
            Some((array, key, value)) => {
                let tables = current.get_mut(array)?.as_array_of_tables_mut()?;
                let at = find_element(tables, key, value)?;
                tables.get_mut(at)
            }
            None => current.get_mut(segment)?.as_table_mut(),
        })
}

#[cfg(test)]
#[path = "toml_doc_tests.rs"]
mod tests;
