//! AWS CodeArtifact for the package managers: tokens from any profile's identity,
//! written losslessly into each tool's own files (never through the tool's CLI), undone
//! exactly, and kept fresh.

mod caller;
mod client;
mod connection;
mod document;
mod engine;
mod error;
mod journal;
mod lines;
mod mask;
mod repository;
mod text_lines;
mod toml_doc;
mod tool_file;
pub mod tools;
mod xml_doc;
mod yaml_doc;

pub use caller::Caller;
pub use client::{CodeArtifact, DomainSummary, IssuedToken, RepositorySummary};
pub use connection::Connection;
pub use engine::{
    CodeArtifactEngine, Configured, FileChange, Preview, RENEW_BEFORE, Request, TOKEN_REUSE_WINDOW,
};
pub use error::{CallError, CodeArtifactError};
pub use repository::{LONGEST_TOKEN, Repository, SHORTEST_TOKEN, TokenLifetime};
