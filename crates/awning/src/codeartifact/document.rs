//! A tool's file as Awning edits it — INI-like lines, TOML, YAML or XML — and one [`Change`]
//! performed on it, or taken back.

use serde::{Deserialize, Serialize};

use super::lines::{ItemUndo, Lines, SectionAdded, Undo, Unparsable};
use super::toml_doc::{TomlDoc, ValueUndo};
use super::tools::{Change, Format, XmlRoot};
use super::xml_doc::{XmlDoc, XmlUndo};
use super::yaml_doc::{YamlDoc, YamlUndo};

#[derive(Debug, Clone)]
pub enum Document {
    Lines(Lines),
    Toml(TomlDoc),
    Yaml(YamlDoc),
    /// With the root element it was read for.
    Xml(XmlDoc, XmlRoot),
}

/// How to take one change back, with the part of the file it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "of")]
pub enum Reversal {
    Section {
        name: String,
        added: SectionAdded,
    },
    Entry {
        section: Option<String>,
        key: String,
        undo: Undo,
    },
    Item {
        section: Option<String>,
        key: String,
        marker: String,
        undo: ItemUndo,
    },
    TomlTable {
        path: Vec<String>,
    },
    TomlValue {
        path: Vec<String>,
        key: String,
        undo: ValueUndo,
    },
    YamlValue {
        path: Vec<String>,
        undo: YamlUndo,
    },
    XmlElement {
        path: Vec<String>,
        undo: XmlUndo,
    },
}

impl Reversal {
    /// The old text of a replaced line, which may be a secret.
    pub fn original_mut(&mut self) -> Option<&mut String> {
        match self {
            Self::Entry {
                undo: Undo::Replaced { original },
                ..
            }
            | Self::Item {
                undo:
                    ItemUndo::Replaced { original }
                    | ItemUndo::Entry {
                        undo: Undo::Replaced { original },
                    },
                ..
            }
            | Self::TomlValue {
                undo: ValueUndo::Replaced { original },
                ..
            }
            | Self::YamlValue {
                undo: YamlUndo::Replaced { original },
                ..
            }
            | Self::XmlElement {
                undo: XmlUndo::Replaced { original },
                ..
            } => Some(original),
            Self::Section { .. }
            | Self::TomlTable { .. }
            | Self::Entry {
                undo: Undo::Inserted { .. },
                ..
            }
            | Self::Item {
                undo:
                    ItemUndo::Added
                    | ItemUndo::Entry {
                        undo: Undo::Inserted { .. },
                    },
                ..
            }
            | Self::TomlValue {
                undo: ValueUndo::Inserted,
                ..
            }
            | Self::YamlValue {
                undo: YamlUndo::Inserted { .. },
                ..
            }
            | Self::XmlElement {
                undo: XmlUndo::AttributeAdded | XmlUndo::Inserted { .. },
                ..
            } => None,
        }
    }
}

impl Document {
    /// Reads `text` as `format`; a line no reader of it would accept is an error.
    pub fn parse(format: Format, text: &str) -> Result<Self, Unparsable> {
        Ok(match format {
            Format::Ini => Self::Lines(Lines::parse(text)?),
            Format::Netrc => Self::Lines(Lines::parse_netrc(text)?),
            Format::Toml => Self::Toml(TomlDoc::parse(text)?),
            Format::Yaml => Self::Yaml(YamlDoc::parse(text)?),
            Format::Xml(root) => Self::Xml(XmlDoc::parse(text, root.name())?, root),
        })
    }

    pub fn format(&self) -> Format {
        match self {
            Self::Lines(lines) if lines.is_netrc() => Format::Netrc,
            Self::Lines(_) => Format::Ini,
            Self::Toml(_) => Format::Toml,
            Self::Yaml(_) => Format::Yaml,
            Self::Xml(_, root) => Format::Xml(*root),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Self::Lines(lines) => lines.is_empty(),
            Self::Toml(doc) => doc.is_empty(),
            Self::Yaml(doc) => doc.is_empty(),
            Self::Xml(doc, _) => doc.is_empty(),
        }
    }

    /// Makes the file read as `change` says; how to take it back, if it changed
    /// anything. A change of the other format's kind changes nothing (a plan never
    /// mixes them in one file).
    pub fn perform(&mut self, change: &Change) -> Option<Reversal> {
        match (self, change) {
            (Self::Lines(lines), Change::Section { name }) => {
                (!lines.has_section(name)).then(|| Reversal::Section {
                    name: name.clone(),
                    added: lines.add_section(name),
                })
            }
            (
                Self::Lines(lines),
                Change::Entry {
                    section,
                    key,
                    entry,
                },
            ) => lines
                .set(section.as_deref(), key, entry)
                .map(|undo| Reversal::Entry {
                    section: section.clone(),
                    key: key.clone(),
                    undo,
                }),
            (
                Self::Lines(lines),
                Change::Item {
                    section,
                    key,
                    item,
                    marker,
                },
            ) => lines
                .add_item(section.as_deref(), key, item, marker)
                .map(|undo| Reversal::Item {
                    section: section.clone(),
                    key: key.clone(),
                    marker: marker.clone(),
                    undo,
                }),
            (Self::Toml(doc), Change::TomlTable { path }) => doc
                .add_table(path)
                .then(|| Reversal::TomlTable { path: path.clone() }),
            (Self::Toml(doc), Change::TomlValue { path, key, value }) => {
                doc.set(path, key, value).map(|undo| Reversal::TomlValue {
                    path: path.clone(),
                    key: key.clone(),
                    undo,
                })
            }
            (Self::Yaml(doc), Change::YamlValue { path, value }) => {
                doc.set(path, value).map(|undo| Reversal::YamlValue {
                    path: path.clone(),
                    undo,
                })
            }
            (Self::Xml(doc, _), Change::XmlElement { path, value }) => doc
                .set(path, value.as_deref())
                .map(|undo| Reversal::XmlElement {
                    path: path.clone(),
                    undo,
                }),
            (
                Self::Lines(_),
                Change::TomlTable { .. }
                | Change::TomlValue { .. }
                | Change::YamlValue { .. }
                | Change::XmlElement { .. },
            )
            | (
                Self::Toml(_),
                Change::Section { .. }
                | Change::Entry { .. }
                | Change::Item { .. }
                | Change::YamlValue { .. }
                | Change::XmlElement { .. },
            )
            | (
                Self::Yaml(_),
                Change::Section { .. }
                | Change::Entry { .. }
                | Change::Item { .. }
                | Change::TomlTable { .. }
                | Change::TomlValue { .. }
                | Change::XmlElement { .. },
            )
            | (
                Self::Xml(..),
                Change::Section { .. }
                | Change::Entry { .. }
                | Change::Item { .. }
                | Change::TomlTable { .. }
                | Change::TomlValue { .. }
                | Change::YamlValue { .. },
            ) => None,
        }
    }

    /// Takes back what [`Document::perform`] did.
    pub fn reverse(&mut self, reversal: &Reversal) {
        match (self, reversal) {
            (Self::Lines(lines), Reversal::Section { name, added }) => {
                lines.remove_section(name, *added);
            }
            (Self::Lines(lines), Reversal::Entry { section, key, undo }) => {
                lines.undo(section.as_deref(), key, undo);
            }
            (
                Self::Lines(lines),
                Reversal::Item {
                    section,
                    key,
                    marker,
                    undo,
                },
            ) => lines.remove_item(section.as_deref(), key, marker, undo),
            (Self::Toml(doc), Reversal::TomlTable { path }) => doc.remove_table(path),
            (Self::Toml(doc), Reversal::TomlValue { path, key, undo }) => {
                doc.undo(path, key, undo);
            }
            (Self::Yaml(doc), Reversal::YamlValue { path, undo }) => doc.undo(path, undo),
            (Self::Xml(doc, _), Reversal::XmlElement { path, undo }) => doc.undo(path, undo),
            (
                Self::Lines(_),
                Reversal::TomlTable { .. }
                | Reversal::TomlValue { .. }
                | Reversal::YamlValue { .. }
                | Reversal::XmlElement { .. },
            )
            | (
                Self::Toml(_),
                Reversal::Section { .. }
                | Reversal::Entry { .. }
                | Reversal::Item { .. }
                | Reversal::YamlValue { .. }
                | Reversal::XmlElement { .. },
            )
            | (
                Self::Yaml(_),
                Reversal::Section { .. }
                | Reversal::Entry { .. }
                | Reversal::Item { .. }
                | Reversal::TomlTable { .. }
                | Reversal::TomlValue { .. }
                | Reversal::XmlElement { .. },
            )
            | (
                Self::Xml(..),
                Reversal::Section { .. }
                | Reversal::Entry { .. }
                | Reversal::Item { .. }
                | Reversal::TomlTable { .. }
                | Reversal::TomlValue { .. }
                | Reversal::YamlValue { .. },
            ) => {}
        }
    }
}

impl std::fmt::Display for Document {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Lines(lines) => lines.fmt(formatter),
            Self::Toml(doc) => doc.fmt(formatter),
            Self::Yaml(doc) => doc.fmt(formatter),
            Self::Xml(doc, _) => doc.fmt(formatter),
        }
    }
}
