//! The journal: which parts of which tool files Awning wrote, for which connection, and
//! how to take each back — so undo removes exactly Awning's lines and restores what they
//! replaced, and two connections writing the same line (npm and pnpm share `~/.npmrc`)
//! each get their own back. It holds no secret: a replaced line that held one is kept in
//! the keychain, and the token is written into a line only when it is applied.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::document::{Document, Reversal};
use super::tools::{Change, Format};
use crate::vault::Secret;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Journal {
    #[serde(default)]
    written: Vec<Written>,
    /// Files Awning created: removed when nothing of Awning's or anyone's is left.
    #[serde(default)]
    created: BTreeSet<PathBuf>,
}

/// One section, entry or list item of one file that Awning wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Written {
    path: PathBuf,
    /// The change of the first connection that wrote it; the part of the file it names
    /// is the same for every claim.
    place: Change,
    /// How the file is written.
    #[serde(default)]
    format: Format,
    /// `None` when the file already read so.
    reversal: Option<Reversal>,
    /// Where the line's old text is kept when it held a secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kept: Option<Kept>,
    /// Every connection that wants it, the one whose text the file holds last.
    claims: Vec<Claim>,
}

/// A replaced line's old text in the keychain: `name` in the record of `item`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kept {
    pub item: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Claim {
    connection: String,
    change: Change,
}

/// A secret that must go to the keychain before the file is written.
#[derive(Debug)]
pub struct ToKeep {
    pub kept: Kept,
    pub secret: Secret,
}

/// The token to write for a connection, and the keychain item it lives in.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    pub connection: &'a str,
    pub token: &'a Secret,
    pub token_item: &'a str,
}

impl Journal {
    /// Applies `changes` to the file at `path` for `writer`'s connection. Returns the
    /// old texts of replaced secret lines, for the keychain.
    pub fn apply(
        &mut self,
        path: &Path,
        document: &mut Document,
        changes: &[Change],
        writer: Writer<'_>,
    ) -> Vec<ToKeep> {
        let mut to_keep = Vec::new();
        for change in changes {
            let reversal = document.perform(&change.rendered(writer.token));
            let claim = Claim {
                connection: writer.connection.to_owned(),
                change: change.clone(),
            };
            match self.find(path, change) {
                Some(index) => {
                    let written = &mut self.written[index];
                    written.claims.retain(|c| c.connection != writer.connection);
                    written.claims.push(claim);
                }
                None => {
                    let mut written = Written {
                        path: path.to_owned(),
                        place: change.clone(),
                        format: document.format(),
                        reversal,
                        kept: None,
                        claims: vec![claim],
                    };
                    if change.holds_token()
                        && let Some(original) =
                            written.reversal.as_mut().and_then(Reversal::original_mut)
                    {
                        let kept = Kept {
                            item: writer.token_item.to_owned(),
                            name: crate::safe_write::short_hash(&format!(
                                "{}\n{:?}",
                                path.display(),
                                change.place()
                            )),
                        };
                        to_keep.push(ToKeep {
                            kept: kept.clone(),
                            secret: Secret::new(std::mem::take(original)),
                        });
                        written.kept = Some(kept);
                    }
                    self.written.push(written);
                }
            }
        }
        to_keep
    }

    /// Takes back `connection`'s part of the file at `path`: what another connection
    /// still wants is written with that connection's token (from `token_of`); what
    /// none wants is reversed, old secret texts coming from `kept`. Returns the keychain
    /// texts no longer needed.
    pub fn take_back(
        &mut self,
        path: &Path,
        document: &mut Document,
        connection: &str,
        token_of: &dyn Fn(&str) -> Option<Secret>,
        kept: &dyn Fn(&Kept) -> Option<Secret>,
    ) -> Vec<Kept> {
        let mut released = Vec::new();
        // Later changes first: an entry goes before the section that holds it.
        for index in (0..self.written.len()).rev() {
            let written = &mut self.written[index];
            if written.path != path {
                continue;
            }
            let Some(position) = written
                .claims
                .iter()
                .position(|claim| claim.connection == connection)
            else {
                continue;
            };
            let was_current = position + 1 == written.claims.len();
            written.claims.remove(position);
            if let Some(next) = written.claims.last() {
                if was_current && let Some(token) = token_of(&next.connection) {
                    document.perform(&next.change.rendered(&token));
                }
                continue;
            }
            let mut written = self.written.remove(index);
            if let (Some(reversal), Some(place)) = (&mut written.reversal, &written.kept) {
                if let (Some(original), Some(secret)) = (reversal.original_mut(), kept(place)) {
                    *original = secret.expose().to_owned();
                }
                released.push(place.clone());
            }
            if let Some(reversal) = &written.reversal {
                document.reverse(reversal);
            }
        }
        released
    }

    /// Whether any connection has anything in the file at `path`.
    pub fn touches(&self, path: &Path) -> bool {
        self.written.iter().any(|written| written.path == path)
    }

    /// How the file at `path` is written, as the changes in it say.
    pub fn format_of(&self, path: &Path) -> Format {
        self.written
            .iter()
            .find(|written| written.path == path)
            .map_or(Format::Ini, |written| written.format)
    }

    /// The files where `connection` has something.
    pub fn files_of(&self, connection: &str) -> BTreeSet<PathBuf> {
        self.written
            .iter()
            .filter(|written| written.claims.iter().any(|c| c.connection == connection))
            .map(|written| written.path.clone())
            .collect()
    }

    pub fn note_created(&mut self, path: &Path) {
        self.created.insert(path.to_owned());
    }

    /// Whether Awning created the file and so may remove it once it is empty.
    pub fn take_created(&mut self, path: &Path) -> bool {
        self.created.remove(path)
    }

    fn find(&self, path: &Path, change: &Change) -> Option<usize> {
        self.written
            .iter()
            .position(|written| written.path == path && written.place.place() == change.place())
    }
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
