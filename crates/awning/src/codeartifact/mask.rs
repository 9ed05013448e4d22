//! Masking what a diff or a dry run shows of a tool's file: the values of token and
//! password keys, Maven's `<password>` and NuGet's `ClearTextPassword`, and the
//! password of a URL (`https://aws:TOKEN@host/…`).

/// What a masked secret reads as.
pub const MASK: &str = "********";

/// Keys whose values are secrets in the files Awning writes (and their neighbours').
const SECRET_KEYS: [&str; 5] = [
    "_authtoken",
    "_auth",
    "_password",
    "password",
    "npmauthtoken",
];

/// NuGet's credential keys, whose `<add>` holds the secret in its `value`.
const SECRET_ATTRIBUTE_KEYS: [&str; 2] = ["key=\"ClearTextPassword\"", "key=\"Password\""];

/// `text` with every secret value replaced by [`MASK`].
pub fn mask(text: &str) -> String {
    text.split_inclusive('\n').map(mask_line).collect()
}

fn mask_line(line: &str) -> String {
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    // As the files' readers split: npm keys hold `:`, so `=` first.
    let separator = body.find('=').or_else(|| body.find(':'));
    let masked = match separator {
        Some(at) if is_secret_key(&body[..at]) => {
            let value = &body[at + 1..];
            let space = &value[..value.len() - value.trim_start().len()];
            format!("{}{space}{MASK}", &body[..=at])
        }
        _ => body.to_owned(),
    };
    format!("{}{ending}", mask_url_passwords(&mask_xml(&masked)))
}

/// `<password>T</password>` and `<add key="ClearTextPassword" value="T" />` with `T`
/// masked.
fn mask_xml(line: &str) -> String {
    let between = |open: &str, close: &str| {
        let start = line.find(open)? + open.len();
        let end = start + line[start..].find(close)?;
        Some(format!("{}{MASK}{}", &line[..start], &line[end..]))
    };
    let masked = if SECRET_ATTRIBUTE_KEYS.iter().any(|key| line.contains(key)) {
        between("value=\"", "\"")
    } else {
        between("<password>", "</password>")
    };
    masked.unwrap_or_else(|| line.to_owned())
}

fn is_secret_key(key: &str) -> bool {
    let key = key.trim().to_ascii_lowercase();
    SECRET_KEYS
        .iter()
        .any(|secret| key == *secret || key.ends_with(&format!(":{secret}")))
}

/// `scheme://user:password@` → `scheme://user:********@`.
fn mask_url_passwords(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("://") {
        let (before, after) = rest.split_at(start + 3);
        masked.push_str(before);
        let authority_end = after
            .find(['/', ' ', '\t', '"', '\''])
            .unwrap_or(after.len());
        let authority = &after[..authority_end];
        match authority.rsplit_once('@') {
            Some((userinfo, host)) if userinfo.contains(':') => {
                let user = userinfo.split(':').next().unwrap_or_default();
                masked.push_str(&format!("{user}:{MASK}@{host}"));
            }
            _ => masked.push_str(authority),
        }
        rest = &after[authority_end..];
    }
    masked.push_str(rest);
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maven_and_nuget_passwords_are_masked_and_nothing_else() {
        let text = "<password>eyJsecret</password>\n  <add key=\"ClearTextPassword\" value=\"eyJsecret\" />\n<add key=\"Username\" value=\"aws\" />\n<username>aws</username>\n";
        assert_eq!(
            mask(text),
            "<password>********</password>\n  <add key=\"ClearTextPassword\" value=\"********\" />\n<add key=\"Username\" value=\"aws\" />\n<username>aws</username>\n"
        );
    }

    #[test]
    fn token_values_and_url_passwords_are_masked_and_nothing_else() {
        let text = "registry=https://acme/npm/p/\n//acme/npm/p/:_authToken=eyJsecret\n//127.0.0.1:4873/:_authToken=eyJsecret\n[global]\r\nindex-url = https://aws:eyJsecret@acme/pypi/p/simple/\r\npassword = eyJsecret\nusername = aws\n";
        let masked = mask(text);
        assert!(!masked.contains("eyJsecret"), "{masked}");
        assert_eq!(
            masked,
            "registry=https://acme/npm/p/\n//acme/npm/p/:_authToken=********\n//127.0.0.1:4873/:_authToken=********\n[global]\r\nindex-url = https://aws:********@acme/pypi/p/simple/\r\npassword = ********\nusername = aws\n"
        );
    }
}
