//! `~/.aws/config` and `~/.aws/credentials`: a document model that keeps every byte,
//! edits that touch only what they must, safe writes with undo, and a typed view of the
//! profiles.

mod backups;
mod document;
mod edit;
mod file;
mod header_quirks;
mod secrets;
pub(crate) use file::unified_diff;
mod issues;
mod location;
mod profiles;
mod section_header;
mod sections;
mod session_move;
mod style;
pub(crate) mod validate;

pub use document::{Document, Line, LineKind};
pub use edit::EditError;
pub use file::{Change, ConfigFile, FileError};
pub use issues::{Fix, Issue, Problem, Source};
pub use location::{ConfigPathError, config_file_path, credentials_file_path};
pub use profiles::{
    ChainError, ConfigView, Origin, Profile, ProfileKind, SectionKeys, Services, Setting,
    SsoSession, load_profiles,
};
pub(crate) use secrets::digest;
pub use secrets::{SECRET_KEYS, is_secret_key, mask_secrets};
pub use section_header::SectionHeader;
pub use sections::{FileKind, SectionName};
pub use session_move::session_move;
pub use validate::validate_config;
