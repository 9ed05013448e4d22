//! Secret values in the AWS files: which keys hold them, where a line's value is in every
//! syntax botocore reads (`key = value`, `key: value`, any spacing, any case, commented
//! out too), masking for diffs, and the masked copies undo keeps — which hold no secret,
//! only its SHA-256, so a secret is filled back only from the file it is still in.

use std::ops::Range;

use sha2::{Digest, Sha256};

/// The keys that are secrets: written to the credentials file, never shown back.
pub const SECRET_KEYS: [&str; 3] = [
    "aws_secret_access_key",
    "aws_session_token",
    // The name boto 2 read the session token by; botocore still does.
    "aws_security_token",
];

/// What a masked value reads as.
const MASK: &str = "********";

/// Whether `key` names a secret, in any case (botocore lower-cases keys).
pub fn is_secret_key(key: &str) -> bool {
    SECRET_KEYS
        .iter()
        .any(|secret| key.trim().eq_ignore_ascii_case(secret))
}

/// Where the secret value of `line` is, if it sets a secret key: the text after the first
/// `=` or `:` (configparser splits at whichever comes first), without the spaces around
/// it. A commented-out secret is still a secret.
fn secret_span(line: &str) -> Option<Range<usize>> {
    let content = line.trim_end_matches(['\n', '\r']);
    let delimiter = content.find(['=', ':'])?;
    let key = content[..delimiter]
        .trim()
        .trim_start_matches(['#', ';'])
        .trim();
    if !is_secret_key(key) {
        return None;
    }
    let value = &content[delimiter + 1..];
    let start = delimiter + 1 + (value.len() - value.trim_start().len());
    let end = content.trim_end().len();
    (start < end).then_some(start..end)
}

/// `text` with every secret value replaced by `********`, for a diff.
pub fn mask_secrets(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| match secret_span(line) {
            Some(span) => format!("{}{MASK}{}", &line[..span.start], &line[span.end..]),
            None => line.to_owned(),
        })
        .collect()
}

/// A file's text with its secret values masked, and the SHA-256 of each, by line: what a
/// backup keeps instead of the secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct MaskedCopy {
    pub text: String,
    /// (line index, hex SHA-256 of the value), in line order.
    pub digests: Vec<(usize, String)>,
}

impl MaskedCopy {
    pub fn of(text: &str) -> Self {
        let mut digests = Vec::new();
        for (index, line) in text.split_inclusive('\n').enumerate() {
            if let Some(span) = secret_span(line) {
                digests.push((index, digest(&line[span])));
            }
        }
        Self {
            text: mask_secrets(text),
            digests,
        }
    }

    /// The original text, each secret found by its digest among the secret values of
    /// `available` (the file as it is now). `Err` names the first line (from 1) whose
    /// secret is not there.
    pub fn restore(&self, available: &str) -> Result<String, usize> {
        let at_hand: Vec<(String, &str)> = available
            .split_inclusive('\n')
            .filter_map(|line| {
                secret_span(line).map(|span| (digest(&line[span.clone()]), &line[span]))
            })
            .collect();
        let mut digests = self.digests.iter().peekable();
        let mut restored = String::with_capacity(self.text.len());
        for (index, line) in self.text.split_inclusive('\n').enumerate() {
            let Some((_, wanted)) = digests.next_if(|(at, _)| *at == index) else {
                restored.push_str(line);
                continue;
            };
            let span = secret_span(line).ok_or(index + 1)?;
            let (_, secret) = at_hand
                .iter()
                .find(|(known, _)| known == wanted)
                .ok_or(index + 1)?;
            restored.push_str(&line[..span.start]);
            restored.push_str(secret);
            restored.push_str(&line[span.end..]);
        }
        Ok(restored)
    }

    /// The digests as the lines of a side file: `LINE HEX`.
    pub fn digest_lines(&self) -> String {
        self.digests
            .iter()
            .map(|(line, hex)| format!("{line} {hex}\n"))
            .collect()
    }

    /// A copy read back from its masked text and its side file; `None` when the side
    /// file is not one Awning wrote.
    pub fn from_parts(text: String, digest_lines: &str) -> Option<Self> {
        let digests = digest_lines
            .lines()
            .map(|line| {
                let (index, hex) = line.split_once(' ')?;
                Some((index.parse().ok()?, hex.to_owned()))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self { text, digests })
    }
}

/// The hex SHA-256 of `text`.
pub(crate) fn digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[dev]\naws_access_key_id = AKIDEXAMPLE\n\
                        aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n\
                        AWS_Session_Token:FwoGZXIvYXdzEBY\r\n\
                        \taws_security_token   =   IQoJb3JpZ2luX2VjEBY  \n\
                        # aws_secret_access_key = old/rotated/key\n\
                        aws_session_token =\n";

    #[test]
    fn every_syntax_botocore_reads_is_masked_and_nothing_else_changes() {
        assert_eq!(
            mask_secrets(FILE),
            "[dev]\naws_access_key_id = AKIDEXAMPLE\n\
             aws_secret_access_key = ********\n\
             AWS_Session_Token:********\r\n\
             \taws_security_token   =   ********  \n\
             # aws_secret_access_key = ********\n\
             aws_session_token =\n"
        );
    }

    #[test]
    fn a_masked_copy_holds_no_secret_and_comes_back_from_the_file_that_has_them() {
        let copy = MaskedCopy::of(FILE);
        for secret in [
            "wJalrXUtnFEMI/K7MDENG",
            "FwoGZXIvYXdzEBY",
            "IQoJb3JpZ2luX2VjEBY",
            "old/rotated/key",
        ] {
            assert!(!copy.text.contains(secret));
            assert!(!copy.digest_lines().contains(secret));
        }
        let read_back = MaskedCopy::from_parts(copy.text.clone(), &copy.digest_lines()).unwrap();
        assert_eq!(read_back, copy);
        // The secrets may have moved about in the file since; each is found by value.
        let now = "[other]\naws_secret_access_key = old/rotated/key\n\
                   [dev]\naws_session_token = FwoGZXIvYXdzEBY\n\
                   aws_security_token = IQoJb3JpZ2luX2VjEBY\n\
                   aws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n";
        assert_eq!(copy.restore(now).unwrap(), FILE);
    }

    #[test]
    fn a_secret_no_longer_in_the_file_names_its_line() {
        let copy = MaskedCopy::of("[dev]\naws_secret_access_key = replaced-since\n");
        assert_eq!(
            copy.restore("[dev]\naws_secret_access_key = the-new-one\n"),
            Err(2)
        );
    }
}
