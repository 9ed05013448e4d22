//! Which build is running decides whose keychain items, data folder and app identity it
//! uses: a development build, the tests and the demo never read, overwrite or hand their
//! launch to a user's installed release.

/// The build channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Release,
    Development,
    Test,
    Demo,
}

impl Channel {
    /// `AWNING_CHANNEL` (`development`, `test` or `demo`) when set; otherwise the build
    /// decides: optimised builds are releases, debug builds are development.
    pub fn current() -> Self {
        match std::env::var("AWNING_CHANNEL").as_deref() {
            Ok("test") => Self::Test,
            Ok("development") => Self::Development,
            Ok("demo") => Self::Demo,
            _ if cfg!(debug_assertions) => Self::Development,
            _ => Self::Release,
        }
    }

    /// The keychain service every item of this channel is filed under, which is also
    /// the name of its data folder: `awning`, `awning-development`, …
    pub fn keychain_service(self) -> &'static str {
        match self {
            Self::Release => "awning",
            Self::Development => "awning-development",
            Self::Test => "awning-test",
            Self::Demo => "awning-demo",
        }
    }

    /// The desktop app's bundle identifier: single-instance, autostart and the
    /// window's saved state are keyed by it.
    pub fn app_identifier(self) -> &'static str {
        match self {
            Self::Release => "app.awning.desktop",
            Self::Development => "app.awning.desktop.development",
            Self::Test => "app.awning.desktop.test",
            Self::Demo => "app.awning.desktop.demo",
        }
    }
}
