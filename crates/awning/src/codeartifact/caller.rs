//! Whose credentials sign the CodeArtifact calls: a session Awning signs in itself (its
//! engines give the credentials), or any other kind of profile, through aws-config's
//! provider chain for that profile — as every AWS tool would read it.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_codeartifact::config::Credentials;

use super::error::CodeArtifactError;
use crate::vault::AwsCredentials;

/// Where the credentials come from.
#[derive(Debug)]
pub enum Caller {
    /// From one of Awning's sessions.
    Awning(AwsCredentials),
    /// From the profile's own settings (keys, `credential_process`, roles…).
    ProfileChain,
}

/// The SDK config for `profile`: its region unless `region` is given, and the caller's
/// credentials. Endpoints follow the SDK (`AWS_ENDPOINT_URL_CODEARTIFACT`) unless
/// `endpoint_url` is given.
pub async fn sdk_config(
    profile: &str,
    region: Option<&str>,
    caller: Caller,
    endpoint_url: Option<&str>,
) -> Result<SdkConfig, CodeArtifactError> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest()).profile_name(profile);
    if let Some(region) = region {
        loader = loader.region(Region::new(region.to_owned()));
    }
    if let Caller::Awning(credentials) = caller {
        let expires_at = credentials.expires_at;
        loader = loader.credentials_provider(Credentials::new(
            credentials.access_key_id,
            credentials.secret_access_key.expose(),
            Some(credentials.session_token.expose().to_owned()),
            Some(expires_at),
            "awning",
        ));
    }
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(CodeArtifactError::NoRegion(profile.to_owned()));
    }
    Ok(config)
}
