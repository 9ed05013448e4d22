//! Where each tool keeps its user-level files on this machine: the home folder, the
//! variables the tools read, and the platform's conventions — read once, so a plan is a
//! pure function of them and tests can give any machine.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// The operating systems whose conventions differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    MacOs,
    Windows,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    pub home: PathBuf,
    pub os: Os,
    env: BTreeMap<String, String>,
}

/// The variables a tool's user-level file can be moved with.
const VARIABLES: [&str; 7] = [
    "NPM_CONFIG_USERCONFIG",
    "XDG_CONFIG_HOME",
    "APPDATA",
    "CARGO_HOME",
    "NETRC",
    "POETRY_CONFIG_DIR",
    "GRADLE_USER_HOME",
];

impl Machine {
    /// This machine; `None` without a home folder.
    pub fn current() -> Option<Self> {
        let os = if cfg!(target_os = "macos") {
            Os::MacOs
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        };
        let env = VARIABLES
            .iter()
            .filter_map(|name| {
                let value = std::env::var(name).ok().filter(|value| !value.is_empty())?;
                Some(((*name).to_owned(), value))
            })
            .collect();
        Some(Self {
            home: std::env::home_dir()?,
            os,
            env,
        })
    }

    /// A machine with `home` on `os` and the variables given, for tests.
    pub fn with(home: impl Into<PathBuf>, os: Os, env: &[(&str, &str)]) -> Self {
        Self {
            home: home.into(),
            os,
            env: env
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
        }
    }

    fn var(&self, name: &str) -> Option<PathBuf> {
        let value = self.env.get(name)?;
        Some(match value.strip_prefix("~/") {
            Some(rest) => self.home.join(rest),
            None => PathBuf::from(value),
        })
    }

    /// `~/.npmrc`, or where `NPM_CONFIG_USERCONFIG` puts it.
    pub fn npmrc(&self) -> PathBuf {
        self.var("NPM_CONFIG_USERCONFIG")
            .unwrap_or_else(|| self.home.join(".npmrc"))
    }

    /// The user's `pip.conf` as `pip config --user` writes it.
    pub fn pip_conf(&self) -> PathBuf {
        match self.os {
            Os::Windows => self.app_data().join("pip").join("pip.ini"),
            Os::MacOs if self.home.join("Library/Application Support/pip").is_dir() => {
                self.home.join("Library/Application Support/pip/pip.conf")
            }
            _ => self.xdg_config().join("pip").join("pip.conf"),
        }
    }

    /// `~/.yarnrc.yml`, the home configuration Yarn Berry merges under a project's.
    pub fn yarnrc(&self) -> PathBuf {
        self.home.join(".yarnrc.yml")
    }

    /// `~/.pypirc`, which twine reads.
    pub fn pypirc(&self) -> PathBuf {
        self.home.join(".pypirc")
    }

    /// uv's user file: `uv.toml` in its config folder.
    pub fn uv_toml(&self) -> PathBuf {
        match self.os {
            Os::Windows => self.app_data().join("uv").join("uv.toml"),
            Os::Linux | Os::MacOs => self.xdg_config().join("uv").join("uv.toml"),
        }
    }

    /// `~/.netrc`, or where `NETRC` puts it (uv reads it for an index's password).
    pub fn netrc(&self) -> PathBuf {
        self.var("NETRC")
            .unwrap_or_else(|| self.home.join(".netrc"))
    }

    /// Poetry's `auth.toml`, in its config folder (`POETRY_CONFIG_DIR`, else the
    /// platform's `pypoetry` folder).
    pub fn poetry_auth(&self) -> PathBuf {
        let folder = self
            .var("POETRY_CONFIG_DIR")
            .unwrap_or_else(|| match self.os {
                Os::Windows => self.app_data().join("pypoetry"),
                Os::MacOs => self.home.join("Library/Application Support/pypoetry"),
                Os::Linux => self.xdg_config().join("pypoetry"),
            });
        folder.join("auth.toml")
    }

    /// `gradle.properties` in `GRADLE_USER_HOME`, else `~/.gradle`.
    pub fn gradle_properties(&self) -> PathBuf {
        self.var("GRADLE_USER_HOME")
            .unwrap_or_else(|| self.home.join(".gradle"))
            .join("gradle.properties")
    }

    /// Maven's user settings: `~/.m2/settings.xml` (Maven has no variable naming it).
    pub fn maven_settings(&self) -> PathBuf {
        self.home.join(".m2").join("settings.xml")
    }

    /// NuGet's user file as `dotnet` reads it: `%APPDATA%\NuGet\NuGet.Config` on
    /// Windows, `~/.nuget/NuGet/NuGet.Config` elsewhere.
    pub fn nuget_config(&self) -> PathBuf {
        match self.os {
            Os::Windows => self.app_data().join("NuGet").join("NuGet.Config"),
            Os::Linux | Os::MacOs => self.home.join(".nuget").join("NuGet").join("NuGet.Config"),
        }
    }

    /// Cargo's user file: `$CARGO_HOME/config.toml`, else `~/.cargo/config.toml`.
    pub fn cargo_config(&self) -> PathBuf {
        self.var("CARGO_HOME")
            .unwrap_or_else(|| self.home.join(".cargo"))
            .join("config.toml")
    }

    fn xdg_config(&self) -> PathBuf {
        self.var("XDG_CONFIG_HOME")
            .unwrap_or_else(|| self.home.join(".config"))
    }

    fn app_data(&self) -> PathBuf {
        self.var("APPDATA")
            .unwrap_or_else(|| self.home.join("AppData").join("Roaming"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_files_follow_the_variables_the_tools_read() {
        let plain = Machine::with("/home/ada", Os::Linux, &[]);
        assert_eq!(plain.npmrc(), PathBuf::from("/home/ada/.npmrc"));
        assert_eq!(
            plain.pip_conf(),
            PathBuf::from("/home/ada/.config/pip/pip.conf")
        );
        let moved = Machine::with(
            "/home/ada",
            Os::Linux,
            &[
                ("NPM_CONFIG_USERCONFIG", "~/dot/npmrc"),
                ("XDG_CONFIG_HOME", "/cfg"),
            ],
        );
        assert_eq!(moved.npmrc(), PathBuf::from("/home/ada/dot/npmrc"));
        assert_eq!(moved.pip_conf(), PathBuf::from("/cfg/pip/pip.conf"));
        let windows = Machine::with(
            "C:/Users/ada",
            Os::Windows,
            &[("APPDATA", "C:/Users/ada/AppData/Roaming")],
        );
        assert_eq!(
            windows.pip_conf(),
            PathBuf::from("C:/Users/ada/AppData/Roaming/pip/pip.ini")
        );
    }
}
