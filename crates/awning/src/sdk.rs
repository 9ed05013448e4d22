//! What every AWS SDK client of the engine shares: the config it is built from, learning
//! the endpoint the SDK resolves without sending anything, and an SDK error in words.

use std::sync::{Arc, Mutex, PoisonError};

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_runtime::env_config::file::{EnvConfigFileKind, EnvConfigFiles};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

/// An unsigned client config for `region`, built from explicit settings only: no
/// profile is read, so the `endpoint_url` or `[services]` of whatever profile is ambient
/// (`[default]`, `AWS_PROFILE`) never receives a token. Endpoints follow the environment
/// (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`) unless `endpoint_url` is given;
/// the engines record where each token was issued and send it nowhere else.
pub async fn sdk_config(region: &str, endpoint_url: Option<&str>) -> SdkConfig {
    let no_profile = EnvConfigFiles::builder()
        .with_contents(EnvConfigFileKind::Config, "")
        .build();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .profile_files(no_profile)
        .region(Region::new(region.to_owned()))
        .no_credentials();
    if let Some(url) = endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// Records the URI of the request about to be sent, then stops it: how the engine learns
/// where the SDK would send a call, as the AWS CLI does.
#[derive(Debug, Clone, Default)]
pub struct CaptureEndpoint(Arc<Mutex<Option<String>>>);

impl CaptureEndpoint {
    /// The URI the stopped request was going to, once the call has returned.
    pub fn captured(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// The scheme, host and port of [`Self::captured`].
    pub fn captured_origin(&self) -> Option<String> {
        let url = url::Url::parse(&self.captured()?).ok()?;
        Some(url.origin().ascii_serialization())
    }
}

impl Intercept for CaptureEndpoint {
    fn name(&self) -> &'static str {
        "CaptureEndpoint"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        _config: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) =
            Some(context.request().uri().to_owned());
        Err("endpoint captured; the request is not sent".into())
    }
}

/// The service's own words (error code and message), which never contain a token.
pub fn service_words<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> String {
    match (error.code(), error.message()) {
        (Some(code), Some(message)) => format!("{code}: {message}"),
        (Some(code), None) => code.to_owned(),
        _ => "no reason given".to_owned(),
    }
}

/// The error and its causes in one line, as `anyhow`'s `{:#}` would print them.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut words = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}
