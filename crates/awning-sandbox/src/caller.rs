//! Who signed a request: the access key in its SigV4 `Authorization` header, looked up
//! among the credentials the sandbox issued. Signatures are not checked; the point is to
//! prove which credentials a client really used.

use axum::http::{HeaderMap, header};

use crate::state::{Identity, World, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerError {
    /// Unsigned, or signed with a key the sandbox never issued.
    Unknown,
    Expired,
}

/// The fields of the credential scope in a SigV4 `Authorization` header:
/// `AWS4-HMAC-SHA256 Credential=ASIA…/20250101/us-east-1/sts/aws4_request, …`.
fn credential_scope(headers: &HeaderMap) -> Option<Vec<&str>> {
    let authorization = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let credential = authorization.split("Credential=").nth(1)?;
    let credential = credential.split([',', ' ']).next()?;
    Some(credential.split('/').collect())
}

/// The access key that signed the request.
pub fn access_key_of(headers: &HeaderMap) -> Option<&str> {
    credential_scope(headers)?
        .first()
        .copied()
        .filter(|key| !key.is_empty())
}

/// The region the request was signed for.
pub fn signing_region(headers: &HeaderMap) -> Option<&str> {
    credential_scope(headers)?.get(2).copied()
}

pub fn caller<'a>(world: &'a World, headers: &HeaderMap) -> Result<&'a Identity, CallerError> {
    let identity = access_key_of(headers)
        .and_then(|key| world.credentials.get(key))
        .ok_or(CallerError::Unknown)?;
    if identity.expires_at <= now() {
        return Err(CallerError::Expired);
    }
    Ok(identity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_access_key_comes_from_the_sigv4_credential_scope() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static(
                "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20250101/us-east-1/sts/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature=abc",
            ),
        );
        assert_eq!(access_key_of(&headers), Some("ASIAEXAMPLE"));
        assert_eq!(signing_region(&headers), Some("us-east-1"));
        assert_eq!(access_key_of(&HeaderMap::new()), None);
    }

    #[test]
    fn expired_and_unknown_keys_are_told_apart() {
        let mut world = World::default();
        let identity = |expires_at| Identity {
            account_id: "111122223333".to_owned(),
            arn: "arn:aws:sts::111122223333:assumed-role/R/u".to_owned(),
            user_id: "AROA:u".to_owned(),
            expires_at,
        };
        let (live, ..) = world.issue_credentials(identity(now() + 60));
        let (expired, ..) = world.issue_credentials(identity(now() - 1));
        let signed_with = |key: &str| {
            let mut headers = HeaderMap::new();
            let value =
                format!("AWS4-HMAC-SHA256 Credential={key}/20250101/us-east-1/sts/aws4_request");
            headers.insert(
                header::AUTHORIZATION,
                HeaderValue::from_str(&value).unwrap(),
            );
            headers
        };
        assert!(caller(&world, &signed_with(&live)).is_ok());
        assert_eq!(
            caller(&world, &signed_with(&expired)),
            Err(CallerError::Expired)
        );
        assert_eq!(
            caller(&world, &signed_with("ASIANEVERISSUED")),
            Err(CallerError::Unknown)
        );
    }
}
