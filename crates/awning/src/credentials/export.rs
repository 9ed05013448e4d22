//! Credentials as other tools take them: the `credential_process` JSON and the shell
//! lines of `aws configure export-credentials` (aws-auth-protocols.md §7).

use serde::Serialize;

use crate::timestamps::format_offset_time;
use crate::vault::AwsCredentials;

/// The output shapes of `aws configure export-credentials --format …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The `credential_process` JSON (`Version: 1`).
    Process,
    /// Lines setting the `AWS_*` variables in a shell.
    Shell(Shell),
}

/// The shells `export-credentials` writes variable lines for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// `export NAME=value` lines for POSIX shells.
    Env,
    /// `NAME=value` lines, for `.env` files and `env`.
    EnvNoExport,
    /// `$Env:NAME="value"` lines.
    PowerShell,
    /// `set NAME=value` lines.
    WindowsCmd,
    /// `set -gx NAME "value"` lines.
    Fish,
}

impl ExportFormat {
    pub const NAMES: [&'static str; 6] = [
        "process",
        "env",
        "env-no-export",
        "powershell",
        "windows-cmd",
        "fish",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "process" => Self::Process,
            "env" => Self::Shell(Shell::Env),
            "env-no-export" => Self::Shell(Shell::EnvNoExport),
            "powershell" => Self::Shell(Shell::PowerShell),
            "windows-cmd" => Self::Shell(Shell::WindowsCmd),
            "fish" => Self::Shell(Shell::Fish),
            _ => return None,
        })
    }
}

/// The credentials in `format`, exactly as the AWS CLI prints them (values unquoted and
/// unescaped, as it does; AWS keys and tokens never contain shell metacharacters).
pub fn export(credentials: &AwsCredentials, format: ExportFormat) -> String {
    let expiration = format_offset_time(credentials.expires_at);
    let shell = match format {
        ExportFormat::Process => return process_json(credentials, &expiration),
        ExportFormat::Shell(shell) => shell,
    };
    let variables = [
        ("AWS_ACCESS_KEY_ID", credentials.access_key_id.as_str()),
        (
            "AWS_SECRET_ACCESS_KEY",
            credentials.secret_access_key.expose(),
        ),
        ("AWS_SESSION_TOKEN", credentials.session_token.expose()),
        ("AWS_CREDENTIAL_EXPIRATION", expiration.as_str()),
    ];
    variables
        .iter()
        .map(|(name, value)| match shell {
            Shell::Env => format!("export {name}={value}\n"),
            Shell::EnvNoExport => format!("{name}={value}\n"),
            Shell::PowerShell => format!("$Env:{name}=\"{value}\"\n"),
            Shell::WindowsCmd => format!("set {name}={value}\n"),
            Shell::Fish => format!("set -gx {name} \"{value}\"\n"),
        })
        .collect()
}

/// The `credential_process` contract: `Version` the number 1, exact key casing (botocore
/// is case-sensitive), two-space indent as the CLI prints it.
fn process_json(credentials: &AwsCredentials, expiration: &str) -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Process<'a> {
        version: u8,
        access_key_id: &'a str,
        secret_access_key: &'a str,
        session_token: &'a str,
        expiration: &'a str,
    }
    let process = Process {
        version: 1,
        access_key_id: &credentials.access_key_id,
        secret_access_key: credentials.secret_access_key.expose(),
        session_token: credentials.session_token.expose(),
        expiration,
    };
    let mut json = serde_json::to_string_pretty(&process).expect("plain strings serialise");
    json.push('\n');
    json
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::vault::Secret;

    fn credentials() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIAEXAMPLE".to_owned(),
            secret_access_key: Secret::new("wJalrXUtnFEMI"),
            session_token: Secret::new("IQoJb3JpZ2lu"),
            expires_at: UNIX_EPOCH + Duration::from_secs(1_748_808_000), // 2025-06-01T20:00:00Z
        }
    }

    #[test]
    fn the_process_json_is_what_the_cli_prints() {
        assert_eq!(
            export(&credentials(), ExportFormat::Process),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAEXAMPLE\",\n  \"SecretAccessKey\": \"wJalrXUtnFEMI\",\n  \"SessionToken\": \"IQoJb3JpZ2lu\",\n  \"Expiration\": \"2025-06-01T20:00:00+00:00\"\n}\n"
        );
    }

    #[test]
    fn each_shell_gets_its_own_lines_in_the_cli_order() {
        let lines = |shell| export(&credentials(), ExportFormat::Shell(shell));
        assert_eq!(
            lines(Shell::Env),
            "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\n\
             export AWS_SESSION_TOKEN=IQoJb3JpZ2lu\n\
             export AWS_CREDENTIAL_EXPIRATION=2025-06-01T20:00:00+00:00\n"
        );
        assert!(lines(Shell::EnvNoExport).starts_with("AWS_ACCESS_KEY_ID=ASIAEXAMPLE\n"));
        assert!(lines(Shell::PowerShell).starts_with("$Env:AWS_ACCESS_KEY_ID=\"ASIAEXAMPLE\"\n"));
        assert!(lines(Shell::WindowsCmd).starts_with("set AWS_ACCESS_KEY_ID=ASIAEXAMPLE\n"));
        assert!(
            lines(Shell::Fish)
                .ends_with("set -gx AWS_CREDENTIAL_EXPIRATION \"2025-06-01T20:00:00+00:00\"\n")
        );
    }

    #[test]
    fn every_format_name_parses() {
        for name in ExportFormat::NAMES {
            assert!(ExportFormat::parse(name).is_some(), "{name}");
        }
        assert_eq!(ExportFormat::parse("json"), None);
    }
}
