//! `GetSessionToken`, signed with the long-term key, sent only over https (or to this
//! machine): the one STS call a kept key makes.

use aws_config::SdkConfig;
use aws_sdk_sts::Client;
use aws_sdk_sts::config::Credentials;
use aws_sdk_sts::error::ProvideErrorMetadata;

use super::KeysError;
use crate::sdk::{CaptureEndpoint, error_chain, service_words};
use crate::urls::secure_origin;
use crate::vault::{AccessKey, AwsCredentials, Secret};

pub(super) async fn session_token(
    config: &SdkConfig,
    key: &AccessKey,
    mfa_code: Option<&str>,
) -> Result<AwsCredentials, KeysError> {
    let signing = Credentials::new(
        &key.access_key_id,
        key.secret_access_key.expose(),
        None,
        None,
        "awning-keys",
    );
    let client = Client::from_conf(
        aws_sdk_sts::config::Builder::from(config)
            .credentials_provider(signing)
            .build(),
    );
    let origin = endpoint(&client).await.unwrap_or_default();
    if secure_origin(&origin).is_none() {
        return Err(KeysError::InsecureEndpoint(origin));
    }
    let output = client
        .get_session_token()
        .set_serial_number(mfa_code.and(key.mfa_serial.clone()))
        .set_token_code(mfa_code.map(str::to_owned))
        .send()
        .await
        .map_err(|error| match error.code() {
            Some("AccessDenied") if mfa_code.is_some() => KeysError::MfaCodeRefused,
            Some(_) => KeysError::Refused(service_words(&error)),
            None => KeysError::Unreachable(error_chain(&error)),
        })?;
    let issued = output
        .credentials()
        .ok_or_else(|| KeysError::Refused("the answer holds no credentials".to_owned()))?;
    let expires_at = std::time::SystemTime::try_from(*issued.expiration())
        .map_err(|_| KeysError::Refused("the expiration is not a time".to_owned()))?;
    Ok(AwsCredentials {
        access_key_id: issued.access_key_id().to_owned(),
        secret_access_key: Secret::new(issued.secret_access_key()),
        session_token: Secret::new(issued.session_token()),
        expires_at,
    })
}

/// The origin STS calls go to, learnt by preparing one and stopping it before it is sent.
async fn endpoint(client: &Client) -> Option<String> {
    let capture = CaptureEndpoint::default();
    let _stopped = client
        .get_caller_identity()
        .customize()
        .interceptor(capture.clone())
        .send()
        .await;
    capture.captured_origin()
}
