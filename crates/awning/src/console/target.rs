//! Which console session a profile uses: `login_session = <ARN>` and its region.

use crate::config::{ConfigView, Document, EditError, FileKind, SectionName};
use crate::vault::SessionKey;

/// The region a console sign-in uses when nothing names one, as the AWS CLI proposes.
pub const DEFAULT_REGION: &str = "us-east-1";

/// A profile's console session as the config describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleTarget {
    /// The session ARN, `login_session` of the profile.
    pub arn: String,
    /// The profile's region, where a session imported without its Sign-In region is
    /// refreshed (as botocore does).
    pub region: String,
}

impl ConsoleTarget {
    /// The session of profile `name`, if it has a `login_session`.
    pub fn of_profile(view: &ConfigView, name: &str) -> Option<Self> {
        let profile = view.profile(name)?;
        let arn = profile.get("login_session")?.trim();
        (!arn.is_empty()).then(|| Self {
            arn: arn.to_owned(),
            region: profile
                .region()
                .map_or_else(|| DEFAULT_REGION.to_owned(), str::to_owned),
        })
    }

    /// How the vault names the session.
    pub fn key(&self) -> SessionKey {
        SessionKey::Login(self.arn.clone())
    }
}

/// Points `[profile NAME]` (or `[default]`) at a console session: `login_session` and
/// `region`, each in place if the profile has it, comments and layout kept.
pub fn bind_profile(
    document: &mut Document,
    profile: &str,
    arn: &str,
    region: &str,
) -> Result<(), EditError> {
    let section = SectionName::Profile(profile.to_owned());
    document.set(FileKind::Config, &section, "login_session", arn)?;
    document.set(FileKind::Config, &section, "region", region)
}
