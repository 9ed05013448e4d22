//! Who a console sign-in is (aws-auth-protocols.md §6.7): the session ARN is the `sub`
//! of the id token, read without checking its signature as the AWS CLI does — it only
//! names the session; the credentials are what AWS checks.

use std::time::SystemTime;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::aws_names::is_account_id;
use crate::timestamps::epoch_plus_seconds;

/// What the id token says of the sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdClaims {
    /// The session ARN: `arn:aws:sts::123456789012:assumed-role/Admin/ada` or
    /// `arn:aws:iam::123456789012:user/ada`.
    pub session_arn: String,
    /// When the sign-in happened, if the token says.
    pub issued_at: Option<SystemTime>,
}

impl IdClaims {
    /// The claims of a JWT; `None` when it is not one or names no session.
    pub fn of(jwt: &str) -> Option<Self> {
        let mut parts = jwt.split('.');
        let (Some(_), Some(payload), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
        let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        let session_arn = claims.get("sub")?.as_str()?.to_owned();
        account_of(&session_arn)?;
        let issued_at = claims
            .get("iat")
            .and_then(serde_json::Value::as_u64)
            .and_then(epoch_plus_seconds);
        Some(Self {
            session_arn,
            issued_at,
        })
    }
}

/// The account of an IAM or STS ARN: its fifth field, twelve digits.
pub fn account_of(arn: &str) -> Option<&str> {
    let mut fields = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(_service), Some(_region), Some(account), Some(_)) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        return None;
    };
    is_account_id(account).then_some(account)
}

/// The short name a person recognises: `ada@123456789012` for
/// `arn:aws:sts::123456789012:assumed-role/Admin/ada`.
pub fn short_name(arn: &str) -> String {
    let name = arn.rsplit(['/', ':']).next().unwrap_or(arn);
    match account_of(arn) {
        Some(account) => format!("{name}@{account}"),
        None => arn.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn jwt(claims: &str) -> String {
        format!("e30.{}.c2ln", URL_SAFE_NO_PAD.encode(claims))
    }

    #[test]
    fn the_session_is_the_subject_of_the_id_token() {
        // The payload of the AWS CLI's own test.
        let claims = IdClaims::of(&jwt(
            r#"{"sub":"arn:aws:sts::012345678901:assumed-role/Admin/admin","aud":"arn:aws:signin:::cli/same-device","iss":"https://signin.aws.amazon.com/signin","session_arn":"arn:aws:sts::012345678901:assumed-role/Admin/admin","exp":1761099310,"iat":1761098410}"#,
        ))
        .unwrap();
        assert_eq!(
            claims.session_arn,
            "arn:aws:sts::012345678901:assumed-role/Admin/admin"
        );
        assert_eq!(
            claims.issued_at,
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_761_098_410))
        );
    }

    #[test]
    fn a_token_without_a_subject_arn_names_no_session() {
        for token in [
            jwt(r#"{"iat":1}"#),
            jwt(r#"{"sub":"ada"}"#),
            "a.b".to_owned(),
            "x.!.y".to_owned(),
        ] {
            assert_eq!(IdClaims::of(&token), None, "{token}");
        }
    }

    #[test]
    fn accounts_and_short_names_come_from_the_arn() {
        assert_eq!(
            account_of("arn:aws:iam::111122223333:user/ada"),
            Some("111122223333")
        );
        assert_eq!(account_of("arn:aws:iam::1111:user/ada"), None);
        assert_eq!(
            short_name("arn:aws:sts::111122223333:assumed-role/Admin/ada"),
            "ada@111122223333"
        );
        assert_eq!(
            short_name("arn:aws:iam::111122223333:root"),
            "root@111122223333"
        );
    }

    #[test]
    fn an_issue_time_past_the_clocks_range_is_no_time_rather_than_a_panic() {
        let token = jwt(
            r#"{"sub":"arn:aws:sts::111122223333:assumed-role/Admin/ada","iat":18446744073709551615}"#,
        );
        assert_eq!(IdClaims::of(&token).unwrap().issued_at, None);
    }
}
