//! Keys for items, commitments and measures, made from their titles so that staff never
//! invent one: "Reduce serious violence" becomes `reduce-serious-violence`, and a key already
//! taken in the plan gets `-2`, `-3`, ... Staff may still type their own.

use super::file::is_key;

/// The longest key made from a title, leaving room for a `-NN` suffix within `is_key`'s 80.
const MAX: usize = 60;

/// Lower-case words of the title's letters and digits joined by hyphens, cut at a word
/// boundary; "item" when the title has no letters or digits at all.
pub fn from_title(title: &str) -> String {
    let mut key = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_ascii_lowercase();
        let extra = if key.is_empty() { 0 } else { 1 };
        if key.len() + extra + word.len() > MAX {
            if key.is_empty() {
                key.push_str(&word[..MAX]);
            }
            break;
        }
        if !key.is_empty() {
            key.push('-');
        }
        key.push_str(&word);
    }
    if key.is_empty() { "item".into() } else { key }
}

/// `base`, or `base-2`, `base-3`, ... whichever is not yet taken.
pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken(k))
        .expect("an untaken key")
}

/// The key staff typed (checked), or one made from the title when they left it blank.
pub fn chosen_or_from_title(
    typed: &str,
    title: &str,
    taken: impl Fn(&str) -> bool,
) -> Result<String, String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(unique(&from_title(title), taken));
    }
    if !is_key(typed) {
        return Err("The key must be lower-case letters, digits and hyphens".into());
    }
    if taken(typed) {
        return Err(format!("The key {typed:?} is already used in this plan"));
    }
    Ok(typed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_titles() {
        assert_eq!(
            from_title("Reduce murder and other homicide"),
            "reduce-murder-and-other-homicide"
        );
        assert_eq!(
            from_title("Victims' satisfaction: domestic abuse (%)"),
            "victims-satisfaction-domestic-abuse"
        );
        assert_eq!(from_title("  ¿?  "), "item");
        let long = from_title(&"word ".repeat(40));
        assert!(long.len() <= MAX && is_key(&long) && !long.ends_with('-'));
        assert!(is_key(&from_title(&"x".repeat(200))));
    }

    #[test]
    fn a_taken_key_gets_a_number() {
        let taken = ["total-crime", "total-crime-2"];
        assert_eq!(
            unique("total-crime", |k| taken.contains(&k)),
            "total-crime-3"
        );
        assert_eq!(unique("asb", |k| taken.contains(&k)), "asb");
    }

    #[test]
    fn a_typed_key_is_checked() {
        let taken = |k: &str| k == "asb";
        assert_eq!(
            chosen_or_from_title("", "Anti-social behaviour", taken).unwrap(),
            "anti-social-behaviour"
        );
        assert!(chosen_or_from_title("Not A Key", "x", taken).is_err());
        assert!(chosen_or_from_title("asb", "x", taken).is_err());
        assert_eq!(
            chosen_or_from_title(" my-key ", "x", taken).unwrap(),
            "my-key"
        );
    }
}
