//! `~/.aws/config` and `~/.aws/credentials`: a document model that keeps every byte, and
//! a typed view of the profiles in it.

mod document;
mod location;
mod profiles;
mod section_header;

pub use document::{Document, Line, LineKind};
pub use location::{config_file_path, ConfigPathError};
pub use profiles::{load_profiles, ConfigReadError, Profile, ProfileKind};
pub use section_header::SectionHeader;
