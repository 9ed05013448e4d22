//! The profile manager: every profile of the config and credentials files as the window
//! lists it, and (in later slices) the forms that edit each kind through the config
//! engine.

mod rows;

pub use rows::{AccountNames, ProfileRow, rows};
