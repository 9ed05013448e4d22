//! [`Secret`]: a token, key or password that cannot leak by accident.

use std::fmt;

use zeroize::Zeroizing;

/// A secret value: an access or refresh token, a private key, a CodeArtifact token.
///
/// It prints as `********` however it is formatted, has no `Serialize`, and wipes its
/// memory when dropped. The only way to the value is [`Secret::expose`], so every place
/// that lets a secret out is one search away.
///
/// It cannot be serialised:
///
/// ```compile_fail,E0277
/// fn serialisable<T: serde::Serialize>() {}
/// serialisable::<awning::vault::Secret>();
/// ```
///
/// while the same check compiles for an ordinary string, so the failure above is about
/// `Secret` and nothing else:
///
/// ```
/// fn serialisable<T: serde::Serialize>() {}
/// serialisable::<String>();
/// ```
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The value itself: for the keychain, a request header, a file the user opted into.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Secret(********)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("********")
    }
}

/// Serde for a secret field of a record the vault itself stores: opting in is spelled
/// out on every such field, so no secret is serialised by accident.
pub(crate) mod exposed {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Secret;

    pub fn serialize<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(secret.expose())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// [`exposed`] for an optional secret.
pub(crate) mod exposed_option {
    use serde::{Deserialize, Deserializer, Serializer};

    use super::Secret;

    pub fn serialize<S: Serializer>(
        secret: &Option<Secret>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match secret {
            Some(secret) => serializer.serialize_some(secret.expose()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Secret>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(Secret::new))
    }
}

/// [`exposed`] for secrets by name.
pub(crate) mod exposed_map {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::Secret;

    pub fn serialize<S: Serializer>(
        secrets: &BTreeMap<String, Secret>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(secrets.iter().map(|(name, secret)| (name, secret.expose())))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, Secret>, D::Error> {
        Ok(BTreeMap::<String, String>::deserialize(deserializer)?
            .into_iter()
            .map(|(name, value)| (name, Secret::new(value)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUE: &str = "aoa-EXAMPLE-refresh-token";

    #[test]
    fn formatting_never_shows_the_value() {
        let secret = Secret::new(VALUE);
        for shown in [
            format!("{secret}"),
            format!("{secret:?}"),
            format!("{secret:#?}"),
            format!("{secret:>40}"),
        ] {
            assert!(!shown.contains(VALUE), "{shown}");
            assert!(shown.contains("********"), "{shown}");
        }
    }

    #[test]
    fn a_struct_holding_a_secret_debugs_without_it() {
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Session {
            name: String,
            refresh_token: Secret,
        }
        let session = Session {
            name: "corp".to_owned(),
            refresh_token: Secret::new(VALUE),
        };
        let shown = format!("{session:?}");
        assert!(shown.contains("corp") && !shown.contains(VALUE), "{shown}");
    }

    #[test]
    fn the_value_is_there_for_those_who_ask() {
        let secret = Secret::new(VALUE.to_owned());
        assert_eq!(secret.clone().expose(), VALUE);
    }
}
