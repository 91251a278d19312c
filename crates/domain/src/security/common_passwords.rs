//! Passwords that are guessed first. The list is the 10,000 most common passwords from the
//! `zxcvbn` package 4.4.2 (Dropbox, MIT licence), which took them from Mark Burnett's 10 million
//! password corpus (Xato, 2015); one a line, most common first, in `common_passwords.txt`.
//! NCSC guidance: refuse common and patterned passwords, but impose no composition rules.

use std::collections::HashSet;
use std::sync::OnceLock;

static LIST: &str = include_str!("common_passwords.txt");

fn list() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().filter(|l| !l.is_empty()).collect())
}

/// Common, or common with digits or symbols stuck on the end (`password1234!`).
pub fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    list().contains(lower.as_str()) || (stem.chars().count() >= 4 && list().contains(stem))
}

/// One character repeated, a short run repeated (`abcabcabcabc`), or a run of neighbouring
/// characters up or down (`abcdefghijkl`, `987654321098`).
pub fn is_patterned(password: &str) -> bool {
    let chars: Vec<char> = password.to_lowercase().chars().collect();
    let n = chars.len();
    if n == 0 {
        return false;
    }
    let repeats = (1..=n / 2)
        .any(|len| n.is_multiple_of(len) && chars.chunks(len).all(|c| c == &chars[..len]));
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    // Digits wrap (…8901…), so a step of ±9 continues a run of digits.
    let step_ok = |s: i64, d: i64| s == d || (d.abs() == 1 && s == -9 * d);
    let sequential = !steps.is_empty()
        && (steps.iter().all(|&s| step_ok(s, 1)) || steps.iter().all(|&s| step_ok(s, -1)));
    repeats || sequential
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_whole() {
        assert_eq!(list().len(), 10_000);
        assert!(list().contains("123456") && list().contains("password"));
    }

    #[test]
    fn common_passwords_are_found_whatever_the_case_or_suffix() {
        for p in [
            "password",
            "PassWord",
            "password1234",
            "qwertyuiop",
            "1qaz2wsx3edc",
            "iloveyou!!!!",
        ] {
            assert!(is_common(p), "{p}");
        }
        for p in ["correct horse battery staple", "a much longer passphrase"] {
            assert!(!is_common(p), "{p}");
        }
    }

    #[test]
    fn repeats_and_runs_are_patterned() {
        for p in [
            "aaaaaaaaaaaa",
            "abcabcabcabc",
            "abababababab",
            "abcdefghijkl",
            "zyxwvutsrqpo",
            "123456789012",
            "987654321098",
        ] {
            assert!(is_patterned(p), "{p}");
        }
        for p in [
            "correct horse battery staple",
            "aaaaaaaaaaab",
            "abcdefghijkm",
        ] {
            assert!(!is_patterned(p), "{p}");
        }
    }
}
