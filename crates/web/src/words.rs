//! Counting and naming things in English, for templates: "1 priority", "3 priorities",
//! "an objective", "a theme".

/// The plural of a noun as plans and pages use them ("priority" -> "priorities").
pub fn plural_of(noun: &str) -> String {
    let lower = noun.to_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    if ends("y") && !["ay", "ey", "oy", "uy"].iter().any(|v| ends(v)) {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|e| ends(e)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

/// "1 measure", "2 measures", "no measures" is left to the page.
pub fn count(n: impl Into<Count>, noun: &str) -> String {
    let Count(n) = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {}", plural_of(noun))
    }
}

/// A number of things, from whichever integer type a count comes in.
pub struct Count(u64);

macro_rules! count_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Count {
            fn from(n: $t) -> Count {
                Count(n as u64)
            }
        }
        impl From<&$t> for Count {
            fn from(n: &$t) -> Count {
                Count(*n as u64)
            }
        }
    )*};
}
count_from!(usize, u32, u64, i64);

/// The noun with "a" or "an" before it, by its first letter's sound as written.
pub fn a(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    if vowel {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// "1 April 2024" from a stored date or timestamp (`2024-04-01T09:30:00Z`); the stored text
/// itself if it is not one.
pub fn day_of(stamp: &str) -> String {
    opcc_domain::plans::file::Day::parse(stamp.get(..10).unwrap_or(stamp))
        .map(|d| d.long())
        .unwrap_or_else(|_| stamp.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_and_articles() {
        assert_eq!(plural_of("priority"), "priorities");
        assert_eq!(plural_of("Priority"), "Priorities");
        assert_eq!(plural_of("objective"), "objectives");
        assert_eq!(plural_of("day"), "days");
        assert_eq!(plural_of("match"), "matches");
        assert_eq!(count(1_usize, "measure"), "1 measure");
        assert_eq!(count(15_u32, "commitment"), "15 commitments");
        assert_eq!(count(0_usize, "priority"), "0 priorities");
        assert_eq!(a("objective"), "an objective");
        assert_eq!(a("priority"), "a priority");
    }
}
