//! The engine's integration tests, in one binary (one link instead of one per file).

mod fixtures;
mod properties;
