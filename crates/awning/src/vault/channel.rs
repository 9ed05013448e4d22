//! Which build is running decides whose keychain items it may touch.

/// The build channel. Development builds and tests keep their items under their own
/// keychain service name, so they never read, overwrite or delete a user's real sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Release,
    Development,
    Test,
}

impl Channel {
    /// `AWNING_CHANNEL` (`development` or `test`) when set; otherwise the build decides:
    /// optimised builds are releases, debug builds are development.
    pub fn current() -> Self {
        match std::env::var("AWNING_CHANNEL").as_deref() {
            Ok("test") => Self::Test,
            Ok("development") => Self::Development,
            _ if cfg!(debug_assertions) => Self::Development,
            _ => Self::Release,
        }
    }

    /// The keychain service name every item of this channel is filed under.
    pub fn keychain_service(self) -> &'static str {
        match self {
            Self::Release => "awning",
            Self::Development => "awning-development",
            Self::Test => "awning-test",
        }
    }
}
