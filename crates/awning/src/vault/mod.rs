//! Where Awning keeps every secret: the OS keychain, and nothing else unless the user
//! opts into a compatibility file.
//!
//! - [`Secret`] is the type every secret value travels in.
//! - A [`Record`] is everything one sign-in session holds; the [`Vault`] stores it as one
//!   keychain item (cut into pieces only where the platform limits item size, see
//!   `layout`), filed under the build channel's service name ([`Channel`]).
//! - Non-secret facts (kind, expiry, renewable, mirrored) live in an index file, so
//!   status and scheduling need no keychain access.
//! - The compatibility mirror writes the AWS CLI's own cache files for a session that
//!   opted in, and takes back what an SDK wrote there after refreshing on its own.
//! - `import` reads the caches `aws sso login` and `aws login` left behind.

mod cli_cache;
mod error;
mod file_store;
mod handle;
mod import;
mod index;
mod layout;
mod mirror;
mod records;
mod secret;
mod store;

pub use error::VaultError;
pub use handle::{KEYCHAIN_DEADLINE, StoreChoice, Vault, stored_sessions};
pub use import::{Found, Skipped, scan_cli_caches};
pub use index::{Entry, EntryKind};
pub use mirror::CachePaths;
pub use records::{
    AccessKey, AwsCredentials, ClientRegistration, CodeArtifactToken, LoginSession, Record,
    RoleCredentials, SessionKey, SsoEndpoints, SsoToken, TokenKey,
};
pub use secret::Secret;
// The Windows pipe files its handshake key beside the sessions.
#[cfg(windows)]
pub(crate) use store::{KeychainStore, SecretStore};
