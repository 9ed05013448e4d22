//! The shapes AWS gives its identifiers, checked wherever one enters Awning — from a
//! form, a server or a file — since some end up in a command line a shell runs.

/// Twelve ASCII digits.
pub fn is_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|byte| byte.is_ascii_digit())
}

/// A character IAM allows in the name of a role, a user or a session.
pub fn is_iam_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)
}

/// A role name as IAM allows it: 1 to 64 of [`is_iam_name_char`].
pub fn is_role_name(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.chars().all(is_iam_name_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(is_account_id("111122223333"));
        for bad in [
            "11112222333",
            "1111222233334",
            "11112222333a",
            "111122223333;",
            "",
        ] {
            assert!(!is_account_id(bad), "{bad}");
        }
    }

    #[test]
    fn role_names_hold_only_what_iam_allows() {
        assert!(is_role_name("AWSReservedSSO_Admin+x=y,z.w@v-u"));
        for bad in ["", "a b", "x;rm -rf", "$(id)", "a`b`", &"r".repeat(65)] {
            assert!(!is_role_name(bad), "{bad}");
        }
    }
}
