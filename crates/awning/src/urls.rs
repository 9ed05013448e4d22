//! URLs from servers and settings, checked before Awning opens or calls them.

use url::{Host, Url};

/// AWS's own domains, where IAM Identity Center's pages live.
const AWS_DOMAINS: [&str; 4] = [
    "amazonaws.com",
    "amazonaws.com.cn",
    "awsapps.com",
    "awsapps.cn",
];

/// Whether `url` names this machine (the sandbox, a loopback listener).
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(address)) => address.is_loopback(),
        Some(Host::Ipv6(address)) => address.is_loopback(),
        Some(Host::Domain(name)) => name == "localhost",
        None => false,
    }
}

/// A sign-in page a server asked Awning to open, if it may be opened: https on one of
/// AWS's domains or on the portal's own host (`portal`, a custom start URL domain), or
/// this machine. A browser command gets it as one argument; a leading `-` could still
/// read as an option, so it is refused too. The reason in words otherwise.
pub fn sign_in_page(text: &str, portal: &str) -> Result<Url, String> {
    let refused = |why: &str| format!("the sign-in page it named ({}) {why}", printable(text));
    if text.starts_with('-') || text.chars().any(char::is_control) {
        return Err(refused("is not a plain URL"));
    }
    let url = Url::parse(text).map_err(|_| refused("is not a URL"))?;
    if is_loopback(&url) && matches!(url.scheme(), "http" | "https") {
        return Ok(url);
    }
    if url.scheme() != "https" {
        return Err(refused("is not https"));
    }
    let host = url.host_str().unwrap_or_default();
    let portal_host = Url::parse(portal)
        .ok()
        .and_then(|portal| portal.host_str().map(str::to_owned));
    if on_aws_domain(host) || portal_host.as_deref() == Some(host) {
        Ok(url)
    } else {
        Err(refused("is not on an AWS domain"))
    }
}

/// Whether `host` is a name under one of AWS's own domains.
fn on_aws_domain(host: &str) -> bool {
    AWS_DOMAINS.iter().any(|domain| {
        host.strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
    })
}

/// The origin (`https://oidc.us-east-1.amazonaws.com`) of an endpoint Awning may send a
/// token, a client secret or credentials to: https, or plain http on this machine (the
/// sandbox). `None` for anything else.
pub fn secure_origin(endpoint: &str) -> Option<String> {
    let url = Url::parse(endpoint).ok()?;
    let secure = url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url));
    secure.then(|| url.origin().ascii_serialization())
}

/// A repository URL a service gave, if package managers may be handed a token for it:
/// https on one of AWS's domains, or this machine.
pub fn aws_service_url(text: &str) -> Option<Url> {
    let url = Url::parse(text).ok()?;
    let aws = url.scheme() == "https" && url.host_str().is_some_and(on_aws_domain);
    let local = matches!(url.scheme(), "http" | "https") && is_loopback(&url);
    (aws || local).then_some(url)
}

/// `text` without control characters, for a terminal or a notification: a server's
/// words cannot move the cursor, clear the screen or forge another line.
pub fn printable(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORTAL: &str = "https://my-company.awsapps.com/start";

    #[test]
    fn aws_pages_the_portal_and_this_machine_may_be_opened() {
        for page in [
            "https://device.sso.eu-west-1.amazonaws.com/?user_code=ABCD-EFGH",
            "https://my-company.awsapps.com/start/#/device?user_code=ABCD",
            "http://127.0.0.1:4000/device",
        ] {
            assert!(sign_in_page(page, PORTAL).is_ok(), "{page}");
        }
        assert!(
            sign_in_page(
                "https://sso.example.com/device",
                "https://sso.example.com/start"
            )
            .is_ok()
        );
    }

    #[test]
    fn any_other_page_is_refused_with_the_reason() {
        for (page, why) in [
            ("https://evil.example/amazonaws.com", "not on an AWS domain"),
            (
                "https://amazonaws.com.evil.example/",
                "not on an AWS domain",
            ),
            ("https://evilamazonaws.com/", "not on an AWS domain"),
            ("http://device.sso.eu-west-1.amazonaws.com/", "not https"),
            ("file:///etc/passwd", "not https"),
            ("--remote-debugging-port=1", "not a plain URL"),
            (
                "https://device.sso.eu-west-1.amazonaws.com/\u{1b}[2J",
                "not a plain URL",
            ),
        ] {
            let refused = sign_in_page(page, PORTAL).unwrap_err();
            assert!(refused.contains(why), "{page}: {refused}");
            assert!(!refused.contains('\u{1b}'));
        }
    }

    #[test]
    fn tokens_go_over_https_or_stay_on_this_machine() {
        assert_eq!(
            secure_origin("https://oidc.eu-west-1.amazonaws.com/token").as_deref(),
            Some("https://oidc.eu-west-1.amazonaws.com")
        );
        assert_eq!(
            secure_origin("http://127.0.0.1:4000").as_deref(),
            Some("http://127.0.0.1:4000")
        );
        for refused in ["http://oidc.example.com", "ftp://127.0.0.1", "not a url"] {
            assert_eq!(secure_origin(refused), None, "{refused}");
        }
    }

    #[test]
    fn a_repository_url_must_be_aws_or_this_machine() {
        for url in [
            "https://corp-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/main/",
            "http://127.0.0.1:4000/npm/main/",
        ] {
            assert!(aws_service_url(url).is_some(), "{url}");
        }
        for url in [
            "http://corp-111122223333.d.codeartifact.us-west-2.amazonaws.com/npm/main/",
            "https://registry.example.com/npm/main/",
            "https://codeartifact.amazonaws.com.example.com/",
        ] {
            assert!(aws_service_url(url).is_none(), "{url}");
        }
    }

    #[test]
    fn control_characters_are_taken_out_of_what_is_printed() {
        assert_eq!(printable("ABCD\u{1b}[2J-EFGH\r\n"), "ABCD[2J-EFGH");
    }
}
