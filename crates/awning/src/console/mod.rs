//! Console sign-in, the `aws login` of AWS CLI 2.32: anyone who can open the AWS console
//! gets short-lived credentials without an access key. A browser sign-in with PKCE
//! gives 15-minute credentials and a refresh token bound to a DPoP key; refreshes go on
//! for up to 12 hours. Every call goes through the Sign-In SDK client, so
//! `AWS_ENDPOINT_URL_SIGNIN` reaches it; every secret stays in the vault.

mod authorize;
mod dpop;
mod engine;
mod error;
mod form;
mod identity;
mod signin;
mod target;

use std::time::Duration;

pub use authorize::{CROSS_DEVICE, SAME_DEVICE};
pub use engine::{
    ConsoleEngine, ConsolePrompt, ConsoleSignIn, NewSession, PastedCode, REUSE_WINDOW,
};
pub use error::ConsoleError;
pub use form::NewConsoleSignIn;
pub use identity::{IdClaims, account_of, short_name};
pub use signin::SignInError;
pub use target::{ConsoleTarget, DEFAULT_REGION, bind_profile};

/// How long a console session lasts, refreshes or not, as AWS Sign-In documents.
const SESSION_LIMIT: Duration = Duration::from_secs(12 * 3600);

/// [`SESSION_LIMIT`]; builds of the test and demo channels take a shorter one from
/// `AWNING_CONSOLE_SESSION_SECONDS`, so the warning before the end can be seen in a
/// test rather than after 12 hours.
pub fn session_limit() -> Duration {
    use crate::channel::Channel;
    let shortened = matches!(Channel::current(), Channel::Test | Channel::Demo)
        .then(|| {
            std::env::var("AWNING_CONSOLE_SESSION_SECONDS")
                .ok()?
                .parse()
                .ok()
        })
        .flatten()
        .map(Duration::from_secs);
    shortened.unwrap_or(SESSION_LIMIT)
}
