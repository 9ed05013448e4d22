//! Where Awning keeps every secret: the OS keychain, and nothing else unless the user
//! opts into a compatibility file. This first piece is the type every secret value
//! travels in.

mod secret;

pub use secret::Secret;
