//! A lossless model of the XML files Maven (`settings.xml`) and NuGet (`NuGet.Config`)
//! read. quick-xml checks that the file is well-formed and tells where each element
//! lies; Awning then edits the text in place — a value, an attribute, or new elements
//! indented as their neighbours are — so every other byte stays as it was, and each
//! change says how to take itself back.
//!
//! A path names an element by steps from the root: `NAME`, or `NAME[KEY=VALUE]` for the
//! `NAME` whose child element `KEY` reads `VALUE` (Maven's `server[id=…]`), whose
//! attribute reads it (`add[@key=…]`, NuGet's) or whose own text does
//! (`activeProfile[.=…]`). A last step `@NAME` is an attribute of the element before.

use std::ops::Range;

use quick_xml::escape::{escape, unescape};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use serde::{Deserialize, Serialize};

use super::lines::Unparsable;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlDoc {
    text: String,
    ending: &'static str,
}

/// How to take one change back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum XmlUndo {
    /// The element (or the attribute's value) read `original`, as written.
    Replaced { original: String },
    /// The attribute was added to an element that was there.
    AttributeAdded,
    /// The last `created` elements of the path were added; `trail` is the text that
    /// followed the outermost to keep its parent's closing tag on its own line, and
    /// `reopened` the parent as it was when it was an empty tag (`<servers/>`).
    Inserted {
        created: usize,
        trail: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reopened: Option<String>,
    },
}

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step<'a> {
    Element { name: &'a str, key: Option<Key<'a>> },
    Attribute(&'a str),
}

/// What tells one element from its same-named siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key<'a> {
    Child(&'a str, &'a str),
    Attribute(&'a str, &'a str),
    Text(&'a str),
}

/// Where an element and its parts lie in the text.
#[derive(Debug)]
struct Node {
    name: String,
    /// From its `<` to the end of its closing tag.
    span: Range<usize>,
    /// Between its tags; empty, at the end of the tag, when it is an empty tag.
    content: Range<usize>,
    empty_tag: bool,
    attributes: Vec<Attribute>,
    children: Vec<Node>,
}

#[derive(Debug)]
struct Attribute {
    name: String,
    /// From the name to the closing quote.
    span: Range<usize>,
    /// Between the quotes.
    value: Range<usize>,
}

impl XmlDoc {
    /// Reads `text`, which must be well-formed with one root element named `root` (or
    /// none yet); anything else is named by its line.
    pub fn parse(text: &str, root: &str) -> Result<Self, Unparsable> {
        let document = tree(text)?;
        if let Some(other) = document.children.iter().find(|node| node.name != root) {
            return Err(Unparsable(line_of(text, other.span.start)));
        }
        let ending = if text.contains("\r\n") { "\r\n" } else { "\n" };
        Ok(Self {
            text: text.to_owned(),
            ending,
        })
    }

    /// Makes the element at `path` exist and, with a `value`, read it (as its text, or
    /// as the attribute a last `@NAME` step names). `None` when it already does, or when
    /// the path does not start at the file's root element.
    pub fn set(&mut self, path: &[String], value: Option<&str>) -> Option<XmlUndo> {
        let (elements, attribute) = steps(path)?;
        let document = tree(&self.text).ok()?;
        let (found, parent) = walk(&self.text, &document, &elements);
        if found.is_empty() && !document.children.is_empty() {
            return None;
        }
        if found.len() == elements.len() {
            let node = *found.last()?;
            return match (attribute, value) {
                (Some(name), Some(value)) => self.set_attribute(node, name, value),
                (None, Some(value)) => self.set_text(node, value),
                (_, None) => None,
            };
        }
        let indent = self.child_indent(&document, parent);
        let block = self.build(&elements[found.len()..], attribute, value, &indent);
        let (trail, reopened) = if parent.empty_tag {
            let original = self.text[parent.span.clone()].to_owned();
            (self.reopen_with(parent, &block, &indent), Some(original))
        } else {
            (self.insert_child(parent, &block, &indent), None)
        };
        Some(XmlUndo::Inserted {
            created: elements.len() - found.len(),
            trail,
            reopened,
        })
    }

    /// Takes back what [`XmlDoc::set`] did at `path`.
    pub fn undo(&mut self, path: &[String], undo: &XmlUndo) {
        let Some((elements, attribute)) = steps(path) else {
            return;
        };
        match undo {
            XmlUndo::Replaced { original } => {
                let Some(span) = self.locate(&elements, |node, _| match attribute {
                    Some(name) => node.attribute(name).map(|found| found.value.clone()),
                    None => Some(node.span.clone()),
                }) else {
                    return;
                };
                self.text.replace_range(span, original);
            }
            XmlUndo::AttributeAdded => {
                let Some(name) = attribute else {
                    return;
                };
                let Some(span) = self.locate(&elements, |node, text| {
                    let found = node.attribute(name)?;
                    let start = text[..found.span.start].trim_end().len();
                    Some(start..found.span.end)
                }) else {
                    return;
                };
                self.text.replace_range(span, "");
            }
            XmlUndo::Inserted {
                created,
                trail,
                reopened,
            } => self.remove_created(&elements, *created, trail, reopened.as_deref()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The text or attribute value at `path`, unescaped.
    #[cfg(test)]
    pub fn get(&self, path: &[String]) -> Option<String> {
        let (elements, attribute) = steps(path)?;
        let document = tree(&self.text).ok()?;
        let (found, _) = walk(&self.text, &document, &elements);
        if found.len() != elements.len() {
            return None;
        }
        let node = found.last()?;
        match attribute {
            Some(name) => {
                let value = &self.text[node.attribute(name)?.value.clone()];
                Some(unescape(value).ok()?.into_owned())
            }
            None => node.text(&self.text),
        }
    }

    fn set_attribute(&mut self, node: &Node, name: &str, value: &str) -> Option<XmlUndo> {
        let escaped = escape(value);
        match node.attribute(name) {
            Some(found) => {
                let original = self.text[found.value.clone()].to_owned();
                if unescape(&original).is_ok_and(|current| current == value) {
                    return None;
                }
                self.text.replace_range(found.value.clone(), &escaped);
                Some(XmlUndo::Replaced { original })
            }
            None => {
                let tag_body_end = node.span.start + open_tag_body(&self.text, node).len();
                self.text
                    .insert_str(tag_body_end, &format!(" {name}=\"{escaped}\""));
                Some(XmlUndo::AttributeAdded)
            }
        }
    }

    fn set_text(&mut self, node: &Node, value: &str) -> Option<XmlUndo> {
        if node.text(&self.text).as_deref() == Some(value) {
            return None;
        }
        let original = self.text[node.span.clone()].to_owned();
        let replacement = format!(
            "{}>{}</{}>",
            open_tag_body(&self.text, node),
            escape(value),
            node.name
        );
        self.text.replace_range(node.span.clone(), &replacement);
        Some(XmlUndo::Replaced { original })
    }

    /// Turns the empty tag `parent` into one holding `block`; the text after it.
    fn reopen_with(&mut self, parent: &Node, block: &str, indent: &str) -> String {
        let trail = self.ending_and(&self.indent_of(parent));
        let opened = format!(
            "{}>{}{block}{trail}</{}>",
            open_tag_body(&self.text, parent),
            self.ending_and(indent),
            parent.name
        );
        self.text.replace_range(parent.span.clone(), &opened);
        trail
    }

    /// Puts `block` after the last thing in `parent` (the document, or an element with
    /// both tags), on its own line; the text added after it, if any.
    fn insert_child(&mut self, parent: &Node, block: &str, indent: &str) -> String {
        let content = parent.content.clone();
        let at = content.start + self.text[content.clone()].trim_end().len();
        let lead = if at == 0 {
            String::new()
        } else {
            self.ending_and(indent)
        };
        let trail = if self.text[at..content.end].contains('\n') {
            String::new()
        } else {
            self.ending_and(&self.indent_of(parent))
        };
        self.text.insert_str(at, &format!("{lead}{block}{trail}"));
        trail
    }

    /// Removes the elements [`XmlDoc::set`] created, innermost first, each parent only
    /// once it holds nothing more than what tells it apart.
    fn remove_created(
        &mut self,
        elements: &[Step<'_>],
        created: usize,
        trail: &str,
        reopened: Option<&str>,
    ) {
        let outermost = elements.len().saturating_sub(created);
        for depth in (outermost..elements.len()).rev() {
            let innermost = depth + 1 == elements.len();
            let step = elements[depth];
            let Some(span) = self.locate(&elements[..=depth], |node, text| {
                (innermost || node.holds_only_its_key(text, step)).then(|| node.span.clone())
            }) else {
                return;
            };
            let start = line_start_before(&self.text, span.start);
            self.text.replace_range(start..span.end, "");
            if depth == outermost {
                if self.text[start..].starts_with(trail) {
                    self.text.replace_range(start..start + trail.len(), "");
                }
                if let Some(original) = reopened {
                    let parent = self.locate(&elements[..depth], |node, text| {
                        text[node.content.clone()]
                            .is_empty()
                            .then(|| node.span.clone())
                    });
                    if let Some(span) = parent {
                        self.text.replace_range(span, original);
                    }
                }
            }
        }
    }

    /// What `pick` finds in the element at the end of `elements`.
    fn locate(
        &self,
        elements: &[Step<'_>],
        pick: impl Fn(&Node, &str) -> Option<Range<usize>>,
    ) -> Option<Range<usize>> {
        let document = tree(&self.text).ok()?;
        let (found, _) = walk(&self.text, &document, elements);
        if found.len() != elements.len() {
            return None;
        }
        pick(found.last()?, &self.text)
    }

    /// The text of the elements for `steps`, the first at `indent`.
    fn build(
        &self,
        steps: &[Step<'_>],
        attribute: Option<&str>,
        value: Option<&str>,
        indent: &str,
    ) -> String {
        let Some((Step::Element { name, key }, rest)) = steps.split_first() else {
            return String::new();
        };
        let mut attributes = String::new();
        let mut children = Vec::new();
        let mut text = None;
        match key {
            Some(Key::Attribute(key, value)) => {
                attributes.push_str(&format!(" {key}=\"{}\"", escape(*value)));
            }
            Some(Key::Child(key, value)) => {
                children.push(format!("<{key}>{}</{key}>", escape(*value)));
            }
            Some(Key::Text(value)) => text = Some(escape(*value).into_owned()),
            None => {}
        }
        let inner = format!("{indent}{}", self.unit());
        if rest.is_empty() {
            match (attribute, value) {
                (Some(attribute), Some(value)) => {
                    attributes.push_str(&format!(" {attribute}=\"{}\"", escape(value)));
                }
                (None, Some(value)) => text = Some(escape(value).into_owned()),
                (_, None) => {}
            }
        } else {
            children.push(self.build(rest, attribute, value, &inner));
        }
        if children.is_empty() {
            return match text {
                Some(text) => format!("<{name}{attributes}>{text}</{name}>"),
                None => format!("<{name}{attributes} />"),
            };
        }
        let lines: String = children
            .iter()
            .map(|child| format!("{}{child}", self.ending_and(&inner)))
            .collect();
        format!(
            "<{name}{attributes}>{lines}{}</{name}>",
            self.ending_and(indent)
        )
    }

    /// The indentation of the children of `parent`: its first child's, or one step more
    /// than its own.
    fn child_indent(&self, document: &Node, parent: &Node) -> String {
        if std::ptr::eq(document, parent) {
            return String::new();
        }
        match parent.children.first() {
            Some(child) if line_start_before(&self.text, child.span.start) < child.span.start => {
                self.indent_of(child)
            }
            _ => format!("{}{}", self.indent_of(parent), self.unit()),
        }
    }

    /// The blanks before the element on its line; none when something else precedes it.
    fn indent_of(&self, node: &Node) -> String {
        let before = &self.text[..node.span.start];
        let blanks = before.len() - before.trim_end_matches([' ', '\t']).len();
        let line_start = node.span.start - blanks;
        if line_start == 0 || self.text[..line_start].ends_with('\n') {
            self.text[line_start..node.span.start].to_owned()
        } else {
            String::new()
        }
    }

    /// One step of indentation, as the file's first nested element shows it.
    fn unit(&self) -> String {
        let Ok(document) = tree(&self.text) else {
            return "  ".to_owned();
        };
        self.first_step(&document.children)
            .unwrap_or_else(|| "  ".to_owned())
    }

    /// The first indentation step between an element and a child on its own line.
    fn first_step(&self, nodes: &[Node]) -> Option<String> {
        nodes.iter().find_map(|node| {
            let own = self.indent_of(node);
            node.children
                .iter()
                .find_map(|child| {
                    let indent = self.indent_of(child);
                    let on_own_line =
                        line_start_before(&self.text, child.span.start) < child.span.start;
                    (on_own_line && indent.len() > own.len() && indent.starts_with(&own))
                        .then(|| indent[own.len()..].to_owned())
                })
                .or_else(|| self.first_step(&node.children))
        })
    }

    fn ending_and(&self, indent: &str) -> String {
        format!("{}{indent}", self.ending)
    }
}

impl std::fmt::Display for XmlDoc {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.text)
    }
}

impl Node {
    fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|found| found.name == name)
    }

    /// The element's text, unescaped and trimmed, when it holds no markup.
    fn text(&self, text: &str) -> Option<String> {
        let content = &text[self.content.clone()];
        if content.contains('<') {
            return None;
        }
        Some(unescape(content).ok()?.trim().to_owned())
    }

    fn matches(&self, text: &str, step: Step<'_>) -> bool {
        let Step::Element { name, key } = step else {
            return false;
        };
        self.name == name
            && match key {
                None => true,
                Some(Key::Child(key, value)) => self
                    .children
                    .iter()
                    .any(|child| child.name == key && child.text(text).as_deref() == Some(value)),
                Some(Key::Attribute(key, value)) => self.attribute(key).is_some_and(|found| {
                    unescape(&text[found.value.clone()]).is_ok_and(|current| current == value)
                }),
                Some(Key::Text(value)) => self.text(text).as_deref() == Some(value),
            }
    }

    /// Whether nothing is left in the element but the child that tells it apart.
    fn holds_only_its_key(&self, text: &str, step: Step<'_>) -> bool {
        let content = &text[self.content.clone()];
        let key_child = match step {
            Step::Element {
                key: Some(Key::Child(key, _)),
                ..
            } => self.children.iter().find(|child| child.name == key),
            _ => None,
        };
        match key_child {
            Some(child) => {
                let before = &text[self.content.start..child.span.start];
                let after = &text[child.span.end..self.content.end];
                before.trim().is_empty() && after.trim().is_empty()
            }
            None => content.trim().is_empty(),
        }
    }
}

/// The element steps of `path` and the attribute a last `@NAME` step names.
fn steps(path: &[String]) -> Option<(Vec<Step<'_>>, Option<&str>)> {
    let mut elements: Vec<Step<'_>> = path.iter().map(|segment| step(segment)).collect();
    let attribute = match elements.last() {
        Some(Step::Attribute(name)) => Some(*name),
        _ => None,
    };
    if attribute.is_some() {
        elements.pop();
    }
    let well_formed = !elements.is_empty()
        && elements
            .iter()
            .all(|step| matches!(step, Step::Element { .. }));
    well_formed.then_some((elements, attribute))
}

fn step(segment: &str) -> Step<'_> {
    if let Some(name) = segment.strip_prefix('@') {
        return Step::Attribute(name);
    }
    let keyed = segment
        .strip_suffix(']')
        .and_then(|rest| rest.split_once('['))
        .and_then(|(name, key)| Some((name, key.split_once('=')?)));
    match keyed {
        Some((name, (".", value))) => Step::Element {
            name,
            key: Some(Key::Text(value)),
        },
        Some((name, (key, value))) => Step::Element {
            name,
            key: Some(match key.strip_prefix('@') {
                Some(attribute) => Key::Attribute(attribute, value),
                None => Key::Child(key, value),
            }),
        },
        None => Step::Element {
            name: segment,
            key: None,
        },
    }
}

/// The elements found along `elements` from the document, and the last one found (or
/// the document).
fn walk<'n>(text: &str, document: &'n Node, elements: &[Step<'_>]) -> (Vec<&'n Node>, &'n Node) {
    let mut found = Vec::new();
    let mut at = document;
    for step in elements {
        match at.children.iter().find(|child| child.matches(text, *step)) {
            Some(child) => {
                found.push(child);
                at = child;
            }
            None => break,
        }
    }
    (found, at)
}

/// The start tag without its `>` or `/>` and the blanks before them.
fn open_tag_body<'t>(text: &'t str, node: &Node) -> &'t str {
    let tag = &text[node.span.start..node.content.start];
    let body = tag
        .strip_suffix("/>")
        .or_else(|| tag.strip_suffix('>'))
        .unwrap_or(tag);
    body.trim_end()
}

/// Where the line holding `at` starts, with the line ending before it, when only blanks
/// precede `at` on it; `at` otherwise.
fn line_start_before(text: &str, at: usize) -> usize {
    let before = text[..at].trim_end_matches([' ', '\t']);
    match before.strip_suffix('\n') {
        Some(rest) => rest.strip_suffix('\r').unwrap_or(rest).len(),
        None if before.is_empty() => 0,
        None => at,
    }
}

/// The document as a node holding its root element, or the line where it breaks.
fn tree(text: &str) -> Result<Node, Unparsable> {
    let line_of = |at: usize| line_of(text, at);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_comments = true;
    let mut open = vec![Node {
        name: String::new(),
        span: 0..text.len(),
        content: 0..text.len(),
        empty_tag: false,
        attributes: Vec::new(),
        children: Vec::new(),
    }];
    loop {
        let before = offset(reader.buffer_position());
        let event = reader
            .read_event()
            .map_err(|_| Unparsable(line_of(offset(reader.error_position()))))?;
        let after = offset(reader.buffer_position());
        let top_level = open.len() == 1;
        match event {
            Event::Eof => break,
            Event::Start(_) | Event::Empty(_) if top_level && !open[0].children.is_empty() => {
                return Err(Unparsable(line_of(before)));
            }
            Event::Start(start) => {
                let mut node =
                    element(text, &start, before..after).ok_or(Unparsable(line_of(before)))?;
                node.content = after..after;
                open.push(node);
            }
            Event::Empty(start) => {
                let mut node =
                    element(text, &start, before..after).ok_or(Unparsable(line_of(before)))?;
                node.empty_tag = true;
                node.content = after..after;
                if let Some(parent) = open.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::End(_) => {
                let Some(mut node) = open.pop().filter(|_| !top_level) else {
                    return Err(Unparsable(line_of(before)));
                };
                node.content = node.content.start..before;
                node.span = node.span.start..after;
                if let Some(parent) = open.last_mut() {
                    parent.children.push(node);
                }
            }
            Event::Text(content) if top_level && !content.trim_ascii().is_empty() => {
                let blanks = content.len() - content.trim_ascii_start().len();
                return Err(Unparsable(line_of(before + blanks)));
            }
            Event::CData(_) | Event::GeneralRef(_) if top_level => {
                return Err(Unparsable(line_of(before)));
            }
            Event::Text(_)
            | Event::CData(_)
            | Event::GeneralRef(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::DocType(_) => {}
        }
    }
    if open.len() > 1 {
        let unclosed = open.last().map_or(0, |node| node.span.start);
        return Err(Unparsable(line_of(unclosed)));
    }
    open.pop().ok_or(Unparsable(1))
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

fn offset(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

/// An element's name and attributes from its start tag at `span`; `None` when an
/// attribute is malformed.
fn element(text: &str, start: &BytesStart<'_>, span: Range<usize>) -> Option<Node> {
    let name = start.name().as_ref().to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.ok()?;
        let std::borrow::Cow::Borrowed(value) = attribute.value else {
            return None;
        };
        // The reader borrows `text`, so the value is a slice of it.
        let value_start = (value.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
        let range = value_start..value_start + value.len();
        if text.get(range.clone()) != Some(value) {
            return None;
        }
        let value = range;
        let name = attribute.key.as_ref().to_owned();
        let name_start = text[span.start..value.start].rfind(name.as_str())? + span.start;
        attributes.push(Attribute {
            name,
            span: name_start..value.end + 1,
            value,
        });
    }
    Some(Node {
        name,
        span: span.clone(),
        content: span.end..span.end,
        empty_tag: false,
        attributes,
        children: Vec::new(),
    })
}

#[cfg(test)]
#[path = "xml_doc_tests.rs"]
mod tests;
