//! IAM Identity Center: the OIDC sign-in flows, silent renewal and the portal, all
//! through the AWS SDK for Rust so `AWS_ENDPOINT_URL_*` reach every call.

pub mod oidc;
