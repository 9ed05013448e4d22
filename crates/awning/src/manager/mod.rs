//! The profile manager: every profile of the config and credentials files as the window
//! lists it, the form that edits each kind, its checks, and the edits it becomes through
//! the config engine.

mod checks;
mod form;
mod marks;
mod rows;
mod write;

pub use checks::problems;
pub use form::{AssumeRole, Credentials, FORM_KEYS, ProfileForm, RoleSource, SECRET_KEYS, Wanted};
pub use marks::{Mark, Marks};
pub use rows::{AccountNames, ProfileRow, rows};
pub use write::{Files, delete, duplicate, save};
