//! DPoP (RFC 9449) for AWS Sign-In: the P-256 key a console session is bound to, the
//! proof every `CreateOAuth2Token` call carries (aws-auth-protocols.md §6.6), and the
//! auth scheme that lets the Sign-In SDK client attach a fresh proof to each request.

use std::sync::{Arc, LazyLock};
use std::time::SystemTime;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::auth::{
    AuthScheme, AuthSchemeEndpointConfig, AuthSchemeId, AuthSchemeOption, AuthSchemeOptionsFuture,
    Sign,
};
use aws_smithy_runtime_api::client::identity::{
    Identity, IdentityCacheLocation, IdentityCachePartition, IdentityFuture, ResolveIdentity,
    SharedIdentityResolver,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::{GetIdentityResolver, RuntimeComponents};
use aws_smithy_types::config_bag::ConfigBag;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::SecretKey;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{AssociatedOid as _, LineEnding};
use serde::Serialize;

use crate::vault::Secret;

/// The key a console session's refresh token is bound to. It never leaves the vault
/// except as the SEC1 PEM the AWS tools keep in their cache (when mirrored).
#[derive(Clone)]
pub struct DpopKey(Arc<SecretKey>);

impl std::fmt::Debug for DpopKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("DpopKey(••••)")
    }
}

/// The key kept in the vault cannot be read as a P-256 private key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the session's DPoP key is not a P-256 private key")]
pub struct UnreadableKey;

impl DpopKey {
    /// A fresh key for one sign-in, as the CLI makes one per `aws login`.
    pub fn generate() -> Self {
        loop {
            let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
            getrandom::fill(bytes.as_mut()).expect("the operating system's random source");
            // One 32-byte string in about 2^128 is zero or not below the curve order.
            if let Ok(key) = SecretKey::from_bytes(bytes.as_ref().into()) {
                return Self(Arc::new(key));
            }
        }
    }

    /// The key as the AWS CLI and the SDKs keep it: `-----BEGIN EC PRIVATE KEY-----`.
    pub fn from_pem(pem: &Secret) -> Result<Self, UnreadableKey> {
        SecretKey::from_sec1_pem(pem.expose())
            .map(|key| Self(Arc::new(key)))
            .map_err(|_| UnreadableKey)
    }

    /// SEC1 `ECPrivateKey` with the curve's OID and the public key, as the AWS CLI
    /// writes it: awscrt (botocore) refuses a key that does not name its curve.
    pub fn to_pem(&self) -> Secret {
        let scalar = zeroize::Zeroizing::new(self.0.to_bytes());
        let point = self.0.public_key().to_encoded_point(false);
        let key = sec1::EcPrivateKey {
            private_key: &scalar,
            parameters: Some(sec1::EcParameters::NamedCurve(p256::NistP256::OID)),
            public_key: Some(point.as_bytes()),
        };
        let pem = sec1::der::SecretDocument::encode_msg(&key)
            .and_then(|document| document.to_pem("EC PRIVATE KEY", LineEnding::LF))
            .expect("a P-256 key always encodes");
        Secret::new(pem.as_str())
    }

    /// A proof for one `POST` to `url`, issued at `now`, with a new `jti`.
    pub fn proof(&self, url: &str, now: SystemTime) -> String {
        let point = self.0.public_key().to_encoded_point(false);
        let coordinate = |bytes: Option<&p256::FieldBytes>| {
            URL_SAFE_NO_PAD.encode(bytes.map_or(&[][..], |b| &b[..]))
        };
        let header = Header {
            typ: "dpop+jwt",
            alg: "ES256",
            jwk: Jwk {
                kty: "EC",
                x: coordinate(point.x()),
                y: coordinate(point.y()),
                crv: "P-256",
            },
        };
        let claims = Claims {
            htm: "POST",
            htu: url,
            iat: now
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs(),
            jti: uuid::Builder::from_random_bytes(random_bytes())
                .into_uuid()
                .hyphenated()
                .to_string(),
        };
        let signed = format!("{}.{}", encode_json(&header), encode_json(&claims));
        let signature: Signature = SigningKey::from(self.0.as_ref()).sign(signed.as_bytes());
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// The JOSE header, its members in the order botocore and the Rust SDK write them.
#[derive(Serialize)]
struct Header {
    typ: &'static str,
    alg: &'static str,
    jwk: Jwk,
}

#[derive(Serialize)]
struct Jwk {
    kty: &'static str,
    x: String,
    y: String,
    crv: &'static str,
}

/// The claims, in botocore's order; no `ath` or `nonce`, as neither SDK sends them.
#[derive(Serialize)]
struct Claims<'a> {
    htm: &'static str,
    htu: &'a str,
    iat: u64,
    jti: String,
}

fn encode_json(value: &impl Serialize) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).expect("a DPoP part always serialises"))
}

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    bytes
}

const SCHEME_ID: AuthSchemeId = AuthSchemeId::new("dpop");

/// Chooses DPoP for every Sign-In call: the model declares no auth, and the SDK would
/// otherwise send the request without a proof.
#[derive(Debug, Default)]
pub struct DpopOnly;

impl aws_sdk_signin::config::auth::ResolveAuthScheme for DpopOnly {
    fn resolve_auth_scheme<'a>(
        &'a self,
        _params: &'a aws_sdk_signin::config::auth::Params,
        _cfg: &'a ConfigBag,
        _components: &'a RuntimeComponents,
    ) -> AuthSchemeOptionsFuture<'a> {
        let option = AuthSchemeOption::builder()
            .scheme_id(SCHEME_ID)
            .build()
            .expect("a scheme id is all an option needs");
        AuthSchemeOptionsFuture::ready(Ok(vec![option]))
    }
}

/// The SDK auth scheme that signs each request with a new proof from `key`.
#[derive(Debug)]
pub struct DpopScheme {
    key: DpopKey,
}

impl DpopScheme {
    pub fn new(key: DpopKey) -> Self {
        Self { key }
    }
}

impl AuthScheme for DpopScheme {
    fn scheme_id(&self) -> AuthSchemeId {
        SCHEME_ID
    }

    fn identity_resolver(&self, _: &dyn GetIdentityResolver) -> Option<SharedIdentityResolver> {
        Some(SharedIdentityResolver::new(KeyIdentity(self.key.clone())))
    }

    fn signer(&self) -> &dyn Sign {
        &ProofSigner
    }
}

#[derive(Debug)]
struct KeyIdentity(DpopKey);

/// One partition for every key: the identity is not cached, and a new partition per
/// client would grow the SDK's partition table with each sign-in.
static PARTITION: LazyLock<IdentityCachePartition> = LazyLock::new(IdentityCachePartition::new);

impl ResolveIdentity for KeyIdentity {
    fn resolve_identity<'a>(
        &'a self,
        _: &'a RuntimeComponents,
        _: &'a ConfigBag,
    ) -> IdentityFuture<'a> {
        IdentityFuture::ready(Ok(Identity::new(self.0.clone(), None)))
    }

    fn cache_location(&self) -> IdentityCacheLocation {
        IdentityCacheLocation::IdentityResolver
    }

    fn cache_partition(&self) -> Option<IdentityCachePartition> {
        Some(*PARTITION)
    }
}

#[derive(Debug)]
struct ProofSigner;

impl Sign for ProofSigner {
    fn sign_http_request(
        &self,
        request: &mut HttpRequest,
        identity: &Identity,
        _: AuthSchemeEndpointConfig<'_>,
        components: &RuntimeComponents,
        _: &ConfigBag,
    ) -> Result<(), BoxError> {
        let key = identity
            .data::<DpopKey>()
            .ok_or("the DPoP scheme was given another kind of identity")?;
        let now = components
            .time_source()
            .map_or_else(SystemTime::now, |clock| clock.now());
        // `htu` is the URL exactly as sent, which the SDK knows only now.
        let proof = key.proof(request.uri(), now);
        request.headers_mut().insert("DPoP", proof);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::VerifyingKey;
    use p256::ecdsa::signature::Verifier;

    fn part(proof: &str, index: usize) -> serde_json::Value {
        let text = proof.split('.').nth(index).unwrap();
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(text).unwrap()).unwrap()
    }

    #[test]
    fn a_proof_is_signed_by_the_key_its_header_names() {
        let key = DpopKey::generate();
        let proof = key.proof(
            "https://us-east-1.signin.aws.amazon.com/v1/token",
            SystemTime::UNIX_EPOCH,
        );
        let header = part(&proof, 0);
        let raw_header = String::from_utf8(
            URL_SAFE_NO_PAD
                .decode(proof.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert!(
            raw_header.starts_with(r#"{"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","x":""#),
            "{raw_header}"
        );
        let coordinate = |name: &str| {
            URL_SAFE_NO_PAD
                .decode(header["jwk"][name].as_str().unwrap())
                .unwrap()
        };
        let point = p256::EncodedPoint::from_affine_coordinates(
            coordinate("x").as_slice().into(),
            coordinate("y").as_slice().into(),
            false,
        );
        let verifying = VerifyingKey::from_encoded_point(&point).unwrap();
        let (signed, signature) = proof.rsplit_once('.').unwrap();
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).unwrap();
        verifying.verify(signed.as_bytes(), &signature).unwrap();
    }

    #[test]
    fn the_claims_name_the_request_and_every_proof_is_new() {
        let key = DpopKey::generate();
        let url = "http://127.0.0.1:4566/v1/token";
        let now = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let (first, second) = (key.proof(url, now), key.proof(url, now));
        let claims = part(&first, 1);
        assert_eq!(claims["htm"], "POST");
        assert_eq!(claims["htu"], url);
        assert_eq!(claims["iat"], 1_700_000_000);
        assert_ne!(claims["jti"], part(&second, 1)["jti"]);
    }

    #[test]
    fn the_key_reads_back_from_the_pem_the_aws_tools_keep() {
        let key = DpopKey::generate();
        let pem = key.to_pem();
        assert!(pem.expose().starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
        assert!(pem.expose().ends_with("-----END EC PRIVATE KEY-----\n"));
        // The curve is named: prime256v1, 1.2.840.10045.3.1.7.
        let body: String = pem
            .expose()
            .lines()
            .filter(|line| !line.starts_with("-----"))
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap();
        let oid = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
        assert!(der.windows(oid.len()).any(|window| window == oid));
        let again = DpopKey::from_pem(&pem).unwrap();
        assert_eq!(again.to_pem().expose(), pem.expose());
        assert_eq!(
            DpopKey::from_pem(&Secret::new("not a key")).unwrap_err(),
            UnreadableKey
        );
        assert_eq!(format!("{key:?}"), "DpopKey(••••)");
    }
}
