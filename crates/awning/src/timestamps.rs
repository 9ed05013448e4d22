//! The timestamps of the AWS caches: written one way, read in every way the SDKs write.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// `YYYY-MM-DDTHH:MM:SSZ`: what the AWS CLI writes and every SDK reads, including the
/// Rust SDK, which refuses offsets.
pub fn format_cache_time(instant: SystemTime) -> String {
    utc(instant)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .expect("a UTC date always formats")
}

/// `YYYY-MM-DDTHH:MM:SS+00:00`: Python's `isoformat()` of a UTC instant, which
/// `aws configure export-credentials` prints.
pub fn format_offset_time(instant: SystemTime) -> String {
    utc(instant)
        .format(format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]+00:00"
        ))
        .expect("a UTC date always formats")
}

/// The instant in UTC, to the second.
fn utc(instant: SystemTime) -> OffsetDateTime {
    let seconds = instant
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    OffsetDateTime::from_unix_timestamp(i64::try_from(seconds).unwrap_or(i64::MAX))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Reads a cache timestamp in any form the SDKs write back: `Z` (AWS CLI, botocore),
/// fractional seconds (Rust: microseconds; JS: milliseconds), a `+00:00` offset, and the
/// `UTC` suffix of botocore's default cache serialiser.
pub fn parse_cache_time(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let normalised;
    let text = match text.strip_suffix("UTC") {
        Some(stem) => {
            normalised = format!("{}Z", stem.trim_end());
            normalised.as_str()
        }
        None => text,
    };
    let moment = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    let nanos = moment.unix_timestamp_nanos();
    let nanos = u128::try_from(nanos).ok()?;
    let nanos = u64::try_from(nanos).ok()?;
    UNIX_EPOCH.checked_add(Duration::from_nanos(nanos))
}

/// The instant `seconds` after the epoch, from a file or a server; `None` past what the
/// clock can hold, rather than a panic.
pub fn epoch_plus_seconds(seconds: u64) -> Option<SystemTime> {
    UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Serde for instants as whole epoch seconds, the form of Awning's own files.
pub(crate) mod epoch_seconds {
    use std::time::{SystemTime, UNIX_EPOCH};

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        instant: &SystemTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let seconds = instant
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        serializer.serialize_u64(seconds)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SystemTime, D::Error> {
        super::epoch_plus_seconds(u64::deserialize(deserializer)?)
            .ok_or_else(|| serde::de::Error::custom("a time past the clock's range"))
    }
}

/// [`epoch_seconds`] for an optional instant.
pub(crate) mod epoch_seconds_option {
    use std::time::SystemTime;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        instant: &Option<SystemTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match instant {
            Some(instant) => super::epoch_seconds::serialize(instant, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        Option::<u64>::deserialize(deserializer)?
            .map(|seconds| {
                super::epoch_plus_seconds(seconds)
                    .ok_or_else(|| serde::de::Error::custom("a time past the clock's range"))
            })
            .transpose()
    }
}

/// Serde for instants in the AWS cache files: written `YYYY-MM-DDTHH:MM:SSZ`, read in
/// every form [`parse_cache_time`] knows.
pub(crate) mod cache_time {
    use std::time::SystemTime;

    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(
        instant: &SystemTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_cache_time(*instant))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SystemTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_cache_time(&text)
            .ok_or_else(|| D::Error::custom(format!("{text:?} is not an RFC 3339 time")))
    }
}

/// [`cache_time`] for an optional instant.
pub(crate) mod cache_time_option {
    use std::time::SystemTime;

    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(
        instant: &Option<SystemTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match instant {
            Some(instant) => serializer.serialize_some(&super::format_cache_time(*instant)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                super::parse_cache_time(&text)
                    .ok_or_else(|| D::Error::custom(format!("{text:?} is not an RFC 3339 time")))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: u64 = 1_748_779_200; // 2025-06-01T12:00:00Z

    fn at(seconds: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn written_as_the_cli_writes_them() {
        assert_eq!(format_cache_time(at(NOON)), "2025-06-01T12:00:00Z");
        let with_fraction = at(NOON) + Duration::from_millis(999);
        assert_eq!(format_cache_time(with_fraction), "2025-06-01T12:00:00Z");
    }

    #[test]
    fn read_in_every_form_the_sdks_write_back() {
        for (text, expected) in [
            ("2025-06-01T12:00:00Z", at(NOON)),
            (
                "2025-06-01T12:00:00.123Z",
                at(NOON) + Duration::from_millis(123),
            ),
            (
                "2025-06-01T12:00:00.123456Z",
                at(NOON) + Duration::from_micros(123_456),
            ),
            ("2025-06-01T12:00:00+00:00", at(NOON)),
            ("2025-06-01T14:00:00+02:00", at(NOON)),
            ("2025-06-01T12:00:00UTC", at(NOON)),
        ] {
            assert_eq!(parse_cache_time(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn nonsense_is_not_a_time() {
        for text in [
            "",
            "tomorrow",
            "2025-06-01",
            "2025-13-01T12:00:00Z",
            "1748779200",
        ] {
            assert_eq!(parse_cache_time(text), None, "{text}");
        }
    }

    #[test]
    fn an_instant_past_the_clocks_range_in_a_file_is_an_error_not_a_panic() {
        #[derive(Debug, serde::Deserialize)]
        struct Kept {
            #[serde(with = "epoch_seconds")]
            #[allow(dead_code)]
            at: SystemTime,
        }
        let read = serde_json::from_str::<Kept>(r#"{"at":18446744073709551615}"#);
        assert!(
            read.unwrap_err()
                .to_string()
                .contains("past the clock's range")
        );
        assert_eq!(
            epoch_plus_seconds(1),
            Some(UNIX_EPOCH + Duration::from_secs(1))
        );
    }
}
