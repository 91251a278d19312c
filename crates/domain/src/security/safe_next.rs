//! Where to send someone after they sign in. The address comes from a query string anyone can
//! craft, so only a path on this site survives, rebuilt from a parsed URL: browsers strip tabs
//! and newlines and read `\` as `/`, so a check on the raw text (`/\t/evil.example`) is not
//! enough.

use std::fmt;

/// A same-site absolute path (with its query), safe to put in a `Location` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeNext(String);

/// Any origin will do: a path that resolves to another one is refused.
const BASE: &str = "https://opcc.invalid/";

impl SafeNext {
    pub fn parse(raw: &str) -> Option<SafeNext> {
        // Refused outright rather than stripped, since a browser and this parser may strip
        // them differently.
        if !raw.starts_with('/') || raw.chars().any(|c| c.is_control() || c == '\\') {
            return None;
        }
        let base = url::Url::parse(BASE).expect("the base parses");
        let url = base.join(raw).ok()?;
        if url.origin() != base.origin() || !url.username().is_empty() || url.password().is_some() {
            return None;
        }
        let path = url.path();
        // `/.//evil.example` normalises to `//evil.example`, which a browser reads as a host.
        if !path.starts_with('/') || path.starts_with("//") {
            return None;
        }
        let mut s = path.to_string();
        if let Some(q) = url.query() {
            s.push('?');
            s.push_str(q);
        }
        Some(SafeNext(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeNext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::SafeNext;
    use proptest::prelude::*;

    fn next(s: &str) -> Option<String> {
        SafeNext::parse(s).map(|n| n.as_str().to_string())
    }

    #[test]
    fn local_paths_survive() {
        assert_eq!(next("/admin/audit").as_deref(), Some("/admin/audit"));
        assert_eq!(
            next("/admin/audit?action=user.create").as_deref(),
            Some("/admin/audit?action=user.create")
        );
        assert_eq!(next("/a b").as_deref(), Some("/a%20b"));
    }

    #[test]
    fn other_sites_and_tricks_are_refused() {
        for bad in [
            "",
            "admin",
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\0",
            "/.//evil.example",
            "/%2e//evil.example",
            "///evil.example",
            "javascript:alert(1)",
            "/x\u{7f}",
        ] {
            assert_eq!(next(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn whatever_survives_is_a_plain_local_path(s in "/\\PC{0,40}") {
            if let Some(n) = SafeNext::parse(&s) {
                let n = n.as_str();
                prop_assert!(n.starts_with('/') && !n.starts_with("//"));
                prop_assert!(n.bytes().all(|b| (0x21..0x7f).contains(&b)), "{}", n);
            }
        }
    }
}
