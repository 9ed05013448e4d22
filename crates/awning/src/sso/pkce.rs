//! PKCE (RFC 7636) and the authorize URL of the authorization-code flow, exactly as the
//! AWS CLI builds them (aws-auth-protocols.md §2.5).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::vault::Secret;

/// The characters RFC 7636 allows in a code verifier.
const VERIFIER_ALPHABET: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
const VERIFIER_LENGTH: usize = 64;

/// A code verifier, kept secret until the token exchange, and its S256 challenge.
#[derive(Debug)]
pub struct Pkce {
    pub verifier: Secret,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Self {
        // 66 alphabet letters: rejecting bytes ≥ 198 (3 × 66) keeps every letter equally
        // likely, as the CLI's `secrets.choice` does.
        let mut verifier = String::with_capacity(VERIFIER_LENGTH);
        while verifier.len() < VERIFIER_LENGTH {
            for byte in random_bytes::<32>() {
                if verifier.len() < VERIFIER_LENGTH && usize::from(byte) < 198 {
                    verifier.push(char::from(
                        VERIFIER_ALPHABET[usize::from(byte) % VERIFIER_ALPHABET.len()],
                    ));
                }
            }
        }
        Self::from_verifier(verifier)
    }

    fn from_verifier(verifier: String) -> Self {
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        Self {
            verifier: Secret::new(verifier),
            challenge,
        }
    }
}

impl Default for Pkce {
    fn default() -> Self {
        Self::new()
    }
}

/// A fresh `state`: a random UUID in lower-case hyphenated form, as the CLI sends.
pub fn new_state() -> String {
    uuid::Builder::from_random_bytes(random_bytes())
        .into_uuid()
        .hyphenated()
        .to_string()
}

/// The authorize URL with the CLI's parameters in the CLI's order. The parameter is
/// `scopes`, plural; the challenge needs no escaping (base64url).
pub fn authorize_url(
    endpoint: &str,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    scopes: &[String],
    challenge: &str,
) -> String {
    let scopes = scopes.join(" ");
    format!(
        "{}/authorize?response_type=code&client_id={}&redirect_uri={}&state={}\
         &code_challenge_method=S256&scopes={}&code_challenge={challenge}",
        endpoint.trim_end_matches('/'),
        aws_escape(client_id),
        aws_escape(redirect_uri),
        aws_escape(state),
        aws_escape(&scopes),
    )
}

/// AWS percent-encoding: everything but `A–Z a–z 0–9 - . _ ~` as `%XX`.
pub(crate) fn aws_escape(text: &str) -> String {
    use std::fmt::Write;
    text.bytes().fold(String::new(), |mut out, byte| {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
        out
    })
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_matches_the_cli_test_vector() {
        let pkce = Pkce::from_verifier("a".repeat(64));
        assert_eq!(
            pkce.challenge,
            "_-BU_nrgy23GXDr5th1SCfQ5hR20PQulmXM33xVGaOs"
        );
    }

    #[test]
    fn verifiers_are_64_allowed_characters_and_differ() {
        let first = Pkce::new();
        let second = Pkce::new();
        for pkce in [&first, &second] {
            let verifier = pkce.verifier.expose();
            assert_eq!(verifier.len(), 64);
            assert!(verifier.bytes().all(|b| VERIFIER_ALPHABET.contains(&b)));
        }
        assert_ne!(first.verifier.expose(), second.verifier.expose());
    }

    #[test]
    fn the_authorize_url_is_the_clis() {
        let url = authorize_url(
            "https://oidc.us-east-1.amazonaws.com/",
            "auth-client-id",
            "http://127.0.0.1:55555/oauth/callback",
            "00000000-0000-0000-0000-000000000000",
            &[
                "sso:account:access".to_owned(),
                "codewhisperer:x".to_owned(),
            ],
            "abc_-",
        );
        assert_eq!(
            url,
            "https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=auth-client-id\
             &redirect_uri=http%3A%2F%2F127.0.0.1%3A55555%2Foauth%2Fcallback\
             &state=00000000-0000-0000-0000-000000000000&code_challenge_method=S256\
             &scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Ax&code_challenge=abc_-"
        );
    }

    #[test]
    fn states_are_version_4_uuids() {
        let state = new_state();
        assert_eq!(state.len(), 36);
        assert_eq!(&state[14..15], "4");
        assert_ne!(state, new_state());
    }
}
