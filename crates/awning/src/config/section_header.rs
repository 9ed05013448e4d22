//! The meaning of a `[section]` line.

/// A section header, split the way botocore splits it: `profile`, `sso-session` and
/// `services` headers are broken into words with shell quoting, so `[profile "my name"]`
/// names the profile `my name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionHeader {
    /// `[profile NAME]`, or `[default]` (`bare_default`), which `[profile default]` overrides.
    Profile {
        name: String,
        bare_default: bool,
    },
    SsoSession(String),
    Services(String),
    /// `[NAME]` without a prefix: a profile in the credentials file, ignored (with a
    /// warning) in the config file.
    Bare(String),
    /// A prefixed header that does not split into exactly two words; botocore ignores it.
    Malformed(String),
}

impl SectionHeader {
    /// Parses a trimmed line that starts with `[`. `None` when it is not a header at all.
    pub(super) fn parse(line: &str) -> Option<Self> {
        let close = line.rfind(']')?;
        let after = line[close + 1..].trim_start();
        if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
            return None;
        }
        let inner = line[1..close].trim();
        if inner.is_empty() {
            return None;
        }
        if inner == "default" {
            return Some(Self::Profile {
                name: inner.to_owned(),
                bare_default: true,
            });
        }
        let Some(words) = shell_words(inner) else {
            return Some(Self::Malformed(inner.to_owned()));
        };
        Some(match words.as_slice() {
            [prefix, name] if prefix == "profile" => Self::Profile {
                name: name.clone(),
                bare_default: false,
            },
            [prefix, name] if prefix == "sso-session" => Self::SsoSession(name.clone()),
            [prefix, name] if prefix == "services" => Self::Services(name.clone()),
            [name] if !is_prefix(name) => Self::Bare(name.clone()),
            _ if is_prefix(&words[0]) => Self::Malformed(inner.to_owned()),
            _ => Self::Bare(inner.to_owned()),
        })
    }

    pub fn is_default_profile(&self) -> bool {
        matches!(self, Self::Profile { name, .. } if name == "default")
    }
}

fn is_prefix(word: &str) -> bool {
    matches!(word, "profile" | "sso-session" | "services")
}

/// Splits on whitespace, honouring single and double quotes. `None` on an unclosed quote.
fn shell_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut current: Option<String> = None;
    let mut quote: Option<char> = None;
    for character in text.chars() {
        match (quote, character) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), c) => current.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(character);
                current.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(current.take()),
            (None, c) => current.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    words.extend(current);
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(line: &str) -> Option<SectionHeader> {
        SectionHeader::parse(line)
    }

    fn profile(name: &str) -> Option<SectionHeader> {
        Some(SectionHeader::Profile {
            name: name.into(),
            bare_default: false,
        })
    }

    #[test]
    fn profile_names_may_be_quoted_like_the_cli_writes_them() {
        assert_eq!(parse("[profile dev]"), profile("dev"));
        assert_eq!(parse("[profile \"my name\"]"), profile("my name"));
        assert_eq!(parse("[profile 'my name']"), profile("my name"));
        assert_eq!(parse("[  profile   spaced  ]"), profile("spaced"));
    }

    #[test]
    fn default_has_two_spellings() {
        assert_eq!(
            parse("[default]"),
            Some(SectionHeader::Profile {
                name: "default".into(),
                bare_default: true
            })
        );
        assert_eq!(parse("[profile default]"), profile("default"));
    }

    #[test]
    fn sessions_services_and_bare_sections_are_told_apart() {
        assert_eq!(
            parse("[sso-session corp]"),
            Some(SectionHeader::SsoSession("corp".into()))
        );
        assert_eq!(
            parse("[services local]"),
            Some(SectionHeader::Services("local".into()))
        );
        assert_eq!(
            parse("[dev] # old style"),
            Some(SectionHeader::Bare("dev".into()))
        );
    }

    #[test]
    fn prefixed_headers_that_are_not_two_words_are_malformed() {
        assert_eq!(
            parse("[profile a b]"),
            Some(SectionHeader::Malformed("profile a b".into()))
        );
        assert_eq!(
            parse("[profile]"),
            Some(SectionHeader::Malformed("profile".into()))
        );
        assert_eq!(
            parse("[profile \"open]"),
            Some(SectionHeader::Malformed("profile \"open".into()))
        );
    }

    #[test]
    fn text_after_the_bracket_or_an_empty_name_is_not_a_header() {
        assert_eq!(parse("[profile a] trailing"), None);
        assert_eq!(parse("[ ]"), None);
        assert_eq!(parse("[no close"), None);
    }
}
