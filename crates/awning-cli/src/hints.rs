//! What to do next, chosen from a failure's code the same way whether the Awning app
//! answered or the CLI worked alone.

use awning::problem::Problem;
use awning::vault::SessionKey;

/// The next step for `problem`, if there is one. `session` is the session the failure
/// is about, when known; `profile` the profile the command was for, which names the
/// sign-in otherwise (and of a legacy SSO session).
pub fn hint(
    problem: &Problem,
    session: Option<&SessionKey>,
    profile: Option<&str>,
) -> Option<String> {
    let login = login_command(session, profile);
    match problem {
        Problem::NeedsSignIn { .. } => Some(format!("run `{login}`")),
        Problem::SessionRevoked { .. }
        | Problem::SignInKeyRejected { .. }
        | Problem::EndpointChanged { .. } => Some(format!("run `{login}`")),
        Problem::SignInDenied
        | Problem::SignInExpired
        | Problem::SignInCancelled
        | Problem::SignInCodeUnreadable
        | Problem::SignInStateMismatch
        | Problem::SignedInAsOther { .. } => Some(format!("run `{login}` to try again")),
        Problem::KeychainLocked | Problem::KeychainTimeout { .. } => Some(
            "unlock your login keyring (for example in \"Passwords and Keys\"), then run the \
             command again"
                .to_owned(),
        ),
        Problem::KeychainUnavailable { .. } => Some(
            "on a headless machine you may choose the weaker file store with \
             AWNING_SECRET_STORE=file"
                .to_owned(),
        ),
        Problem::Throttled { .. } => Some("try again in a minute".to_owned()),
        Problem::NeedsMfaCode { profile } => Some(format!(
            "run `awning keys session --profile {profile}` in a terminal to enter it"
        )),
        Problem::MfaCodeRefused => Some(format!(
            "run `awning keys session --profile {}` again",
            profile.unwrap_or("PROFILE")
        )),
        Problem::KeyNotKept { profile } => Some(format!(
            "run `awning keys import --profile {profile}` to move its key to the keychain"
        )),
        Problem::NetworkUnreachable { .. } => {
            Some("check the network connection, then run the command again".to_owned())
        }
        // The sentence itself says what to do, or there is nothing to run.
        Problem::KeychainFailed { .. }
        | Problem::KeychainItemUnreadable { .. }
        | Problem::SignInBusy { .. }
        | Problem::InsecureEndpoint { .. }
        | Problem::PermissionMissing { .. }
        | Problem::LoopbackUnavailable { .. }
        | Problem::ServiceError { .. }
        | Problem::ConfigInvalid { .. }
        | Problem::ConfigUnreadable { .. }
        | Problem::ConfigNotText { .. }
        | Problem::ConfigChanged { .. }
        | Problem::ConfigNotLocated
        | Problem::NothingToUndo { .. }
        | Problem::UndoConflict { .. }
        | Problem::UndoSecretGone { .. }
        | Problem::NoAccessKey { .. }
        | Problem::TemporaryKeys { .. }
        | Problem::PreviewOutdated { .. }
        | Problem::ClipboardUnavailable { .. }
        | Problem::NotFound { .. }
        | Problem::AlreadyExists { .. }
        | Problem::InvalidFields { .. }
        | Problem::SessionInUse { .. }
        | Problem::NoRole { .. }
        | Problem::CredentialsUnavailable { .. }
        | Problem::NoRegion { .. }
        | Problem::ToolFileUnparsable { .. }
        | Problem::ProjectScopeUnsupported { .. }
        | Problem::NamespaceUnsupported { .. }
        | Problem::ProjectScopeRequired { .. }
        | Problem::FileUnusable { .. }
        | Problem::DataFolderUnknown
        | Problem::UnknownSecretStore { .. }
        | Problem::SettingsDamaged { .. }
        | Problem::StartAtLoginFailed { .. }
        | Problem::Internal => None,
    }
}

/// The command that signs in to `session`, for messages.
pub fn login_command(session: Option<&SessionKey>, profile: Option<&str>) -> String {
    match (session, profile) {
        (Some(SessionKey::SsoSession(name)), _) => format!("awning login --sso-session {name}"),
        (_, Some(profile)) => format!("awning login --profile {profile}"),
        (Some(SessionKey::Login(_)), None) => "awning login --console".to_owned(),
        _ => "awning login".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_needed_sign_in_names_the_command_for_the_session_or_the_profile() {
        let needs = Problem::NeedsSignIn { session: None };
        let corp = SessionKey::SsoSession("corp".to_owned());
        let legacy = SessionKey::SsoStartUrl("https://old.awsapps.com/start".to_owned());
        assert_eq!(
            hint(&needs, Some(&corp), Some("dev")).as_deref(),
            Some("run `awning login --sso-session corp`")
        );
        assert_eq!(
            hint(&needs, Some(&legacy), Some("old")).as_deref(),
            Some("run `awning login --profile old`")
        );
        // The app's reply may not name the session; the profile still does.
        assert_eq!(
            hint(&needs, None, Some("dev")).as_deref(),
            Some("run `awning login --profile dev`")
        );
        assert_eq!(
            hint(&Problem::SignInDenied, Some(&corp), None).as_deref(),
            Some("run `awning login --sso-session corp` to try again")
        );
    }

    #[test]
    fn keychain_and_network_problems_say_what_to_do_and_others_say_nothing_more() {
        let corp = SessionKey::SsoSession("corp".to_owned());
        assert!(
            hint(&Problem::KeychainLocked, Some(&corp), None)
                .is_some_and(|next| next.starts_with("unlock your login keyring"))
        );
        assert_eq!(hint(&Problem::Internal, Some(&corp), None), None);
    }
}
