use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{Value, json};

use super::*;

const URL: &str = "http://127.0.0.1:4000/v1/token";
const NOW: u64 = 1_800_000_000;

fn key(seed: u8) -> SigningKey {
    SigningKey::from_slice(&[seed; 32]).unwrap()
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn jwk(key: &SigningKey) -> Value {
    let point = key.verifying_key().to_encoded_point(false);
    json!({
        "kty": "EC",
        "x": URL_SAFE_NO_PAD.encode(point.x().unwrap()),
        "y": URL_SAFE_NO_PAD.encode(point.y().unwrap()),
        "crv": "P-256",
    })
}

/// A proof as botocore builds it, with `header` and `claims` changeable by each test.
fn proof_with(signer: &SigningKey, header: Value, claims: Value) -> String {
    let signed = format!("{}.{}", b64(&header), b64(&claims));
    let signature: Signature = signer.sign(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

fn header(key: &SigningKey) -> Value {
    json!({ "typ": "dpop+jwt", "alg": "ES256", "jwk": jwk(key) })
}

fn claims() -> Value {
    json!({ "htm": "POST", "htu": URL, "iat": NOW, "jti": "5b1d…" })
}

fn proof() -> String {
    proof_with(&key(7), header(&key(7)), claims())
}

fn refusal(proof: &str) -> String {
    verify(proof, "POST", URL, NOW).unwrap_err().to_string()
}

#[test]
fn a_well_formed_proof_passes_and_names_its_key() {
    let accepted = verify(&proof(), "POST", URL, NOW).unwrap();
    assert_eq!(accepted.jti, "5b1d…");
    let again = verify(&proof(), "POST", URL, NOW + 10).unwrap();
    assert_eq!(accepted.thumbprint, again.thumbprint);
    let other = proof_with(&key(9), header(&key(9)), claims());
    assert_ne!(
        verify(&other, "POST", URL, NOW).unwrap().thumbprint,
        accepted.thumbprint
    );
}

#[test]
fn a_proof_signed_by_another_key_than_its_header_names_is_refused() {
    let forged = proof_with(&key(9), header(&key(7)), claims());
    assert!(refusal(&forged).contains("signature does not match"));
}

#[test]
fn a_proof_whose_claims_were_changed_after_signing_is_refused() {
    let original = proof();
    let mut parts: Vec<&str> = original.split('.').collect();
    let other_claims =
        b64(&json!({ "htm": "POST", "htu": "http://evil/v1/token", "iat": NOW, "jti": "x" }));
    parts[1] = &other_claims;
    assert!(refusal(&parts.join(".")).contains("signature does not match"));
}

#[test]
fn each_claim_must_fit_the_request() {
    let with = |field: &str, value: Value| {
        let mut claims = claims();
        claims[field] = value;
        refusal(&proof_with(&key(7), header(&key(7)), claims))
    };
    assert!(with("htm", json!("GET")).contains("htm"));
    assert!(with("htu", json!("http://127.0.0.1:4000/token")).contains("htu"));
    assert!(with("iat", json!(NOW - 3600)).contains("iat"));
    assert!(with("jti", json!("")).contains("jti"));
}

#[test]
fn the_header_must_say_dpop_es256_and_p256() {
    let with = |field: &str, value: Value| {
        let mut header = header(&key(7));
        header[field] = value;
        refusal(&proof_with(&key(7), header, claims()))
    };
    assert!(with("typ", json!("JWT")).contains("typ"));
    assert!(with("alg", json!("RS256")).contains("alg"));
    let mut wrong_curve = jwk(&key(7));
    wrong_curve["crv"] = json!("P-384");
    assert!(with("jwk", wrong_curve).contains("P-256"));
}

#[test]
fn garbage_is_refused_with_a_reason() {
    assert!(refusal("not-a-jwt").contains("three parts"));
    assert!(refusal("a.b.c").contains("header"));
    let unsigned = format!("{}.{}.", b64(&header(&key(7))), b64(&claims()));
    assert!(refusal(&unsigned).contains("64-byte"));
}

/// botocore drops a coordinate's leading zero bytes; the key is the same key.
#[test]
fn a_coordinate_without_its_leading_zero_byte_is_the_same_key() {
    let signer = (1u32..)
        .map(|counter| {
            let mut seed = [1u8; 32];
            seed[..4].copy_from_slice(&counter.to_be_bytes());
            SigningKey::from_slice(&seed).unwrap()
        })
        .find(|key| key.verifying_key().to_encoded_point(false).x().unwrap()[0] == 0)
        .unwrap();
    let point = signer.verifying_key().to_encoded_point(false);
    let mut stripped = header(&signer);
    stripped["jwk"]["x"] = json!(URL_SAFE_NO_PAD.encode(&point.x().unwrap()[1..]));
    let as_botocore_sends =
        verify(&proof_with(&signer, stripped, claims()), "POST", URL, NOW).unwrap();
    let full_length = verify(
        &proof_with(&signer, header(&signer), claims()),
        "POST",
        URL,
        NOW,
    )
    .unwrap();
    assert_eq!(as_botocore_sends.thumbprint, full_length.thumbprint);
}

#[test]
fn a_coordinate_longer_than_p256_allows_is_refused() {
    let mut long = header(&key(7));
    long["jwk"]["x"] = json!(URL_SAFE_NO_PAD.encode([1u8; 33]));
    assert!(
        refusal(&proof_with(&key(7), long, claims()))
            .contains("jwk.x is not a base64url P-256 coordinate")
    );
}
