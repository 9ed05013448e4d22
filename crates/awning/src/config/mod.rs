//! `~/.aws/config` and `~/.aws/credentials`: a document model that keeps every byte, and
//! a typed view of the profiles in it.

mod document;
mod edit;
mod location;
mod profiles;
mod section_header;
mod sections;
mod style;

pub use document::{Document, Line, LineKind};
pub use edit::EditError;
pub use location::{ConfigPathError, config_file_path};
pub use profiles::{ConfigReadError, Profile, ProfileKind, load_profiles};
pub use section_header::SectionHeader;
pub use sections::{FileKind, SectionName};
