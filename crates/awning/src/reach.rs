//! [`Reach`]: what every sign-in engine is built over — the vault, the folder of its
//! session locks, where its AWS calls go, and the browser it opens.

use std::path::PathBuf;
use std::sync::Arc;

use aws_config::SdkConfig;

use crate::sso::browser::{Browser, SystemBrowser};
use crate::vault::Vault;

#[derive(Clone)]
pub(crate) struct Reach {
    pub vault: Vault,
    pub data_dir: PathBuf,
    /// Every AWS call goes here when set (tests point it at a sandbox); else where the
    /// SDK resolves, so `AWS_ENDPOINT_URL_*` apply.
    pub endpoint_url: Option<String>,
    pub browser: Arc<dyn Browser>,
}

impl std::fmt::Debug for Reach {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Reach")
            .field("data_dir", &self.data_dir)
            .field("endpoint_url", &self.endpoint_url)
            .finish_non_exhaustive()
    }
}

impl Reach {
    /// Over `vault`, with locks in `data_dir`, opening the user's browser.
    pub fn new(vault: Vault, data_dir: PathBuf) -> Self {
        Self {
            vault,
            data_dir,
            endpoint_url: None,
            browser: Arc::new(SystemBrowser),
        }
    }

    /// An unsigned SDK config for `region`, sent where this reach says.
    pub async fn sdk_config(&self, region: &str) -> SdkConfig {
        crate::sdk::sdk_config(region, self.endpoint_url.as_deref()).await
    }
}
