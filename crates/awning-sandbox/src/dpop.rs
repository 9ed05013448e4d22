//! Checks DPoP proofs (RFC 9449) the way AWS Sign-In needs them: a compact JWS with
//! header `typ` `dpop+jwt`, `alg` `ES256` and the P-256 public key as `jwk`; claims `htm`,
//! `htu`, `iat` and `jti`; signed with that key (raw `r‖s`, not DER).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// How far a proof's `iat` may be from the sandbox's clock, in seconds.
const CLOCK_SKEW: u64 = 300;

/// A proof that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    /// The RFC 7638 thumbprint of the signing key: what refresh tokens are bound to.
    pub thumbprint: String,
    pub jti: String,
}

/// Why a proof was refused, in words for the error message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the DPoP proof is not valid: {0}")]
pub struct DpopError(String);

fn refuse(why: impl Into<String>) -> DpopError {
    DpopError(why.into())
}

#[derive(Deserialize)]
struct Header {
    typ: String,
    alg: String,
    jwk: Jwk,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    crv: String,
    x: String,
    y: String,
}

#[derive(Deserialize)]
struct Claims {
    htm: String,
    htu: String,
    iat: u64,
    jti: String,
}

fn decode_part<T: serde::de::DeserializeOwned>(part: &str, name: &str) -> Result<T, DpopError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| refuse(format!("its {name} is not base64url")))?;
    serde_json::from_slice(&bytes).map_err(|error| refuse(format!("its {name}: {error}")))
}

/// A P-256 coordinate, left-padded to 32 bytes. RFC 7518 asks for the full length, but
/// botocore 1.44.5 (through awscrt) drops leading zero bytes, one key in 128, and AWS
/// Sign-In accepts what botocore sends; so does the sandbox.
fn coordinate(text: &str, name: &str) -> Result<[u8; 32], DpopError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .ok()
        .filter(|bytes| (1..=32).contains(&bytes.len()))
        .ok_or_else(|| refuse(format!("jwk.{name} is not a base64url P-256 coordinate")))?;
    let mut full = [0u8; 32];
    full[32 - bytes.len()..].copy_from_slice(&bytes);
    Ok(full)
}

/// Verifies `proof` for a request of `method` to `url` at time `now` (Unix seconds).
pub fn verify(proof: &str, method: &str, url: &str, now: u64) -> Result<Proof, DpopError> {
    let mut parts = proof.split('.');
    let (Some(header_part), Some(claims_part), Some(signature_part), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse("it is not a compact JWS of three parts"));
    };
    let header: Header = decode_part(header_part, "header")?;
    if header.typ != "dpop+jwt" {
        return Err(refuse(format!("typ is {:?}, not dpop+jwt", header.typ)));
    }
    if header.alg != "ES256" {
        return Err(refuse(format!("alg is {:?}, not ES256", header.alg)));
    }
    if header.jwk.kty != "EC" || header.jwk.crv != "P-256" {
        return Err(refuse("jwk is not an EC key on P-256"));
    }
    let x = coordinate(&header.jwk.x, "x")?;
    let y = coordinate(&header.jwk.y, "y")?;
    let point = p256::EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
    let key = VerifyingKey::from_encoded_point(&point)
        .map_err(|_| refuse("jwk is not a point on P-256"))?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature_part)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
        .ok_or_else(|| refuse("the signature is not a 64-byte r‖s pair"))?;
    let signed = &proof[..header_part.len() + 1 + claims_part.len()];
    key.verify(signed.as_bytes(), &signature)
        .map_err(|_| refuse("the signature does not match the key in its header"))?;

    let claims: Claims = decode_part(claims_part, "claims")?;
    if claims.htm != method {
        return Err(refuse(format!("htm is {:?}, not {method}", claims.htm)));
    }
    if claims.htu != url {
        return Err(refuse(format!("htu is {:?}, not {url}", claims.htu)));
    }
    if claims.iat.abs_diff(now) > CLOCK_SKEW {
        return Err(refuse("iat is more than five minutes from now"));
    }
    if claims.jti.is_empty() {
        return Err(refuse("jti is empty"));
    }
    Ok(Proof {
        thumbprint: thumbprint(&header.jwk, &x, &y),
        jti: claims.jti,
    })
}

/// RFC 7638: SHA-256 of the required members in lexicographic order, no whitespace,
/// with full-length coordinates, so the same key has one thumbprint whichever SDK wrote
/// its JWK (a session botocore started may be refreshed by another SDK).
fn thumbprint(jwk: &Jwk, x: &[u8; 32], y: &[u8; 32]) -> String {
    let canonical = format!(
        r#"{{"crv":"{}","kty":"{}","x":"{}","y":"{}"}}"#,
        jwk.crv,
        jwk.kty,
        URL_SAFE_NO_PAD.encode(x),
        URL_SAFE_NO_PAD.encode(y)
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
#[path = "dpop_tests.rs"]
mod tests;
