//! IAM Identity Center: the OIDC sign-in flows, silent renewal and the portal, all
//! through the AWS SDK for Rust so `AWS_ENDPOINT_URL_*` reach every call.

pub mod browser;
pub mod discover;
mod engine;
mod error;
pub mod generate;
pub mod lock;
pub mod loopback;
pub mod oidc;
mod pace;
pub(crate) mod pkce;
pub mod portal;
pub(crate) mod session_form;
pub mod target;

pub use engine::{Interactive, REUSE_WINDOW, SignInOptions, SignInPrompt, SignedOut, SsoEngine};
pub use error::SsoError;
pub use session_form::NewSsoSession;
pub use target::{RoleRef, SsoTarget, TargetError};
