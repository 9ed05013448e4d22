//! The browser half of a console sign-in (aws-auth-protocols.md §6.4): the authorize URL
//! exactly as the AWS CLI builds it, and the code a person pastes back from the
//! confirmation page of a remote sign-in.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::error::ConsoleError;
use crate::sso::pkce::aws_escape;
use crate::vault::Secret;

/// The Sign-In client of a sign-in whose browser redirects to this machine.
pub const SAME_DEVICE: &str = "arn:aws:signin:::devtools/same-device";
/// The Sign-In client of a sign-in approved on another device (`--remote`).
pub const CROSS_DEVICE: &str = "arn:aws:signin:::devtools/cross-device";

/// `{base}/v1/authorize` with the CLI's parameters in the CLI's order: the method is the
/// literal `SHA-256` and the scope parameter is singular, unlike IAM Identity Center's.
pub fn authorize_url(
    base: &str,
    client_id: &str,
    state: &str,
    redirect_uri: &str,
    challenge: &str,
) -> String {
    format!(
        "{}/v1/authorize?response_type=code&client_id={}&state={}\
         &code_challenge_method=SHA-256&scope=openid&redirect_uri={}&code_challenge={challenge}",
        base.trim_end_matches('/'),
        aws_escape(client_id),
        aws_escape(state),
        aws_escape(redirect_uri),
    )
}

/// Where a remote sign-in's browser goes after approval: a page showing the code.
pub fn confirmation_url(base: &str) -> String {
    format!("{}/v1/sessions/confirmation", base.trim_end_matches('/'))
}

/// The authorization code in what the person pasted: standard base64 of
/// `state=…&code=…`. Surrounding whitespace (a copied line end) is ignored; a state
/// other than this sign-in's is refused, as it may be another sign-in's code.
pub fn pasted_code(pasted: &Secret, expected_state: &str) -> Result<Secret, ConsoleError> {
    let bytes = zeroize::Zeroizing::new(
        STANDARD
            .decode(pasted.expose().trim())
            .map_err(|_| ConsoleError::CodeUnreadable)?,
    );
    let (mut state, mut code) = (None, None);
    for (name, value) in url::form_urlencoded::parse(&bytes) {
        match &*name {
            "state" => state = Some(value.into_owned()),
            "code" => code = Some(Secret::new(value.into_owned())),
            _ => {}
        }
    }
    match (state, code) {
        (Some(state), Some(code)) if state == expected_state => Ok(code),
        (Some(_), Some(_)) => Err(ConsoleError::StateMismatch),
        _ => Err(ConsoleError::CodeUnreadable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authorize_url_is_the_clis() {
        let url = authorize_url(
            "https://us-east-1.signin.aws.amazon.com/",
            SAME_DEVICE,
            "00000000-0000-4000-8000-000000000000",
            "http://127.0.0.1:55555/oauth/callback",
            "abc_-",
        );
        assert_eq!(
            url,
            "https://us-east-1.signin.aws.amazon.com/v1/authorize?response_type=code\
             &client_id=arn%3Aaws%3Asignin%3A%3A%3Adevtools%2Fsame-device\
             &state=00000000-0000-4000-8000-000000000000&code_challenge_method=SHA-256\
             &scope=openid&redirect_uri=http%3A%2F%2F127.0.0.1%3A55555%2Foauth%2Fcallback\
             &code_challenge=abc_-"
        );
    }

    fn pasted(text: &str) -> Secret {
        Secret::new(STANDARD.encode(text))
    }

    #[test]
    fn a_pasted_code_gives_the_authorization_code_of_this_sign_in() {
        let code = pasted_code(
            &Secret::new(format!("{}\n", pasted("state=s1&code=c%2B1").expose())),
            "s1",
        );
        assert_eq!(code.unwrap().expose(), "c+1");
    }

    #[test]
    fn a_code_of_another_sign_in_or_no_code_at_all_is_refused() {
        assert!(matches!(
            pasted_code(&pasted("state=other&code=c1"), "s1"),
            Err(ConsoleError::StateMismatch)
        ));
        for text in ["state=s1", "code=c1"] {
            assert!(
                matches!(
                    pasted_code(&pasted(text), "s1"),
                    Err(ConsoleError::CodeUnreadable)
                ),
                "{text}"
            );
        }
        assert!(matches!(
            pasted_code(&Secret::new("not base64!"), "s1"),
            Err(ConsoleError::CodeUnreadable)
        ));
    }
}
