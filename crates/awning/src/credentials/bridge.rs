//! The bridge for tools that do not know `login_session` or `sso_session` (Terraform,
//! IDE toolkits, boto3 before 1.41, older JS SDKs): a profile whose `credential_process`
//! asks Awning for the credentials of another profile.

use crate::config::{ConfigView, Document, EditError, FileKind, ProfileKind, SectionName};
use crate::problem::{Problem, Thing};

/// The command a `credential_process` line runs to ask Awning for `source`'s
/// credentials. SDKs run it through a shell, so a name holding anything but the
/// characters names usually have goes in single quotes.
pub fn bridge_command(source: &str) -> String {
    let plain = source
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./@:+%".contains(c));
    let name = if plain {
        source.to_owned()
    } else {
        format!("'{}'", source.replace('\'', r"'\''"))
    };
    format!("awning credential-process --profile {name}")
}

/// The name a bridge gets unless told: `NAME-bridge`.
pub fn default_bridge_name(source: &str) -> String {
    format!("{source}-bridge")
}

/// What to write for a bridge from `source` named `bridge`: `credential_process` and
/// the source's region. A profile of that name that is not already this bridge is
/// left alone.
pub fn plan_bridge(
    view: &ConfigView,
    source: &str,
    bridge: &str,
) -> Result<Vec<(String, String)>, Problem> {
    let not_found = || Problem::NotFound {
        thing: Thing::Profile,
        name: source.to_owned(),
    };
    let from = view.profile(source).ok_or_else(not_found)?;
    if !matches!(
        from.kind,
        ProfileKind::ConsoleLogin | ProfileKind::SsoSession | ProfileKind::LegacySso
    ) {
        return Err(Problem::NoRole {
            profile: source.to_owned(),
        });
    }
    let command = bridge_command(source);
    if let Some(existing) = view.profile(bridge)
        && existing.get("credential_process") != Some(command.as_str())
    {
        return Err(Problem::AlreadyExists {
            thing: Thing::Profile,
            name: bridge.to_owned(),
        });
    }
    let mut keys = vec![("credential_process".to_owned(), command)];
    keys.extend(
        from.region()
            .map(|region| ("region".to_owned(), region.to_owned())),
    );
    Ok(keys)
}

/// Writes the planned keys into `[profile bridge]`.
pub fn write_bridge(
    document: &mut Document,
    bridge: &str,
    keys: &[(String, String)],
) -> Result<(), EditError> {
    let section = SectionName::Profile(bridge.to_owned());
    keys.iter()
        .try_for_each(|(key, value)| document.set(FileKind::Config, &section, key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_a_shell_would_split_or_expand_is_quoted_in_the_command() {
        assert_eq!(
            bridge_command("dev"),
            "awning credential-process --profile dev"
        );
        assert_eq!(
            bridge_command("old admin"),
            "awning credential-process --profile 'old admin'"
        );
        assert_eq!(
            bridge_command("it's$(id)"),
            "awning credential-process --profile 'it'\\''s$(id)'"
        );
    }

    const CONFIG: &str = "# my profiles\n[profile console]\nlogin_session = arn:aws:iam::111122223333:user/ada\nregion = eu-west-1\n\n[profile keys]\naws_access_key_id = AKIA\n";

    fn view(text: &str) -> ConfigView {
        ConfigView::read(&Document::parse(text), &Document::default())
    }

    #[test]
    fn a_bridge_runs_awning_for_the_source_profile_in_its_region() {
        let keys = plan_bridge(&view(CONFIG), "console", "console-bridge").unwrap();
        let mut document = Document::parse(CONFIG);
        write_bridge(&mut document, "console-bridge", &keys).unwrap();
        let text = document.to_string();
        assert!(text.starts_with(CONFIG), "{text}");
        let written = view(&text);
        let bridge = written.profile("console-bridge").unwrap();
        assert_eq!(
            bridge.get("credential_process"),
            Some("awning credential-process --profile console")
        );
        assert_eq!(bridge.region(), Some("eu-west-1"));
        // Writing it again is the same bridge.
        assert!(plan_bridge(&written, "console", "console-bridge").is_ok());
    }

    #[test]
    fn a_bridge_needs_a_profile_awning_serves_and_a_free_name() {
        let config = view(CONFIG);
        assert_eq!(
            plan_bridge(&config, "nope", "x"),
            Err(Problem::NotFound {
                thing: Thing::Profile,
                name: "nope".to_owned()
            })
        );
        assert_eq!(
            plan_bridge(&config, "keys", "x"),
            Err(Problem::NoRole {
                profile: "keys".to_owned()
            })
        );
        assert_eq!(
            plan_bridge(&config, "console", "keys"),
            Err(Problem::AlreadyExists {
                thing: Thing::Profile,
                name: "keys".to_owned()
            })
        );
    }
}
