//! Comparing two plans, e.g. 2016-21 against 2024-28: which items, commitments and measures
//! were kept, which dropped and which added. Plans are reworded between terms, so entries are
//! matched by wording, not by key or exact text.
//!
//! The method: token-set Jaccard similarity over normalised words, threshold 0.5. Each text
//! becomes a set of words: lower case, split at anything not a letter or digit, without
//! function words and the words every plan uses ("police", "service", "Cheshire", ...), each
//! word cut to a rough stem ("prevention" and "preventing" both "prevent", "victims"
//! "victim"). Two entries match when the words they share are at least half of all the words
//! either uses (|A ∩ B| / |A ∪ B| >= 0.5), and each entry matches at most once, closest pairs
//! first. Jaccard rather than overlap, because a short title ("Reduce crime") would otherwise
//! match any long entry that mentions crime.

use super::file::PlanFile;
use std::collections::BTreeSet;

/// Entries at least this similar (token-set Jaccard, see the module's comment) are the same
/// entry, reworded.
pub const MATCH_THRESHOLD: f64 = 0.5;

const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "the",
    "of",
    "to",
    "in",
    "on",
    "for",
    "with",
    "by",
    "our",
    "we",
    "i",
    "will",
    "be",
    "is",
    "are",
    "that",
    "this",
    "their",
    "all",
    "from",
    "as",
    "at",
    "it",
    "its",
    "number",
    "total",
    "proportion",
    "people",
    "who",
    "them",
    "they",
    "which",
    "such",
    "so",
    "into",
    "across",
    "through",
    "being",
    "has",
    "have",
    "can",
    // Words every plan uses, which say nothing about which entry is which.
    "police",
    "policing",
    "service",
    "services",
    "cheshire",
];

/// Suffixes cut from a word, longest first, leaving at least four letters: a rough stem, enough
/// to match "prevention" with "prevent" and "communities" with "community".
const SUFFIXES: &[&str] = &[
    "ation", "ment", "ing", "ion", "ies", "ied", "ed", "ly", "y", "s",
];

fn stem(word: &str) -> String {
    for s in SUFFIXES {
        if let Some(rest) = word.strip_suffix(s)
            && rest.chars().count() >= 4
        {
            return rest.to_string();
        }
    }
    word.to_string()
}

/// The normalised word set of a text (see the module's comment).
fn words(text: &str) -> BTreeSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 1 && !STOP_WORDS.contains(w))
        .map(stem)
        .collect()
}

/// Token-set Jaccard similarity of two texts' normalised words, 0 to 1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

#[derive(Debug, Clone, PartialEq)]
pub struct Kept {
    pub before: String,
    pub after: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    pub kept: Vec<Kept>,
    pub dropped: Vec<String>,
    pub added: Vec<String>,
}

/// Matches two lists of texts greedily by similarity, best pair first.
pub fn diff(before: &[String], after: &[String]) -> Diff {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, a) in before.iter().enumerate() {
        for (j, b) in after.iter().enumerate() {
            let s = similarity(a, b);
            if s >= MATCH_THRESHOLD {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut used_a = vec![false; before.len()];
    let mut used_b = vec![false; after.len()];
    let mut kept = Vec::new();
    for (s, i, j) in pairs {
        if !used_a[i] && !used_b[j] {
            used_a[i] = true;
            used_b[j] = true;
            kept.push((
                i,
                Kept {
                    before: before[i].clone(),
                    after: after[j].clone(),
                    similarity: s,
                },
            ));
        }
    }
    kept.sort_by_key(|(i, _)| *i);
    Diff {
        kept: kept.into_iter().map(|(_, k)| k).collect(),
        dropped: before
            .iter()
            .zip(&used_a)
            .filter(|(_, u)| !**u)
            .map(|(t, _)| t.clone())
            .collect(),
        added: after
            .iter()
            .zip(&used_b)
            .filter(|(_, u)| !**u)
            .map(|(t, _)| t.clone())
            .collect(),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub items: Diff,
    pub commitments: Diff,
    pub measures: Diff,
}

pub fn compare(before: &PlanFile, after: &PlanFile) -> Comparison {
    let items = |p: &PlanFile| {
        p.all_items()
            .iter()
            .map(|(_, i)| i.title.clone())
            .collect::<Vec<_>>()
    };
    let commitments = |p: &PlanFile| {
        p.all_items()
            .iter()
            .flat_map(|(_, i)| i.commitments.iter().map(|c| c.text.clone()))
            .collect::<Vec<_>>()
    };
    let measures = |p: &PlanFile| {
        p.all_items()
            .iter()
            .flat_map(|(_, i)| {
                i.measures
                    .iter()
                    .filter(|m| !m.provisional)
                    .map(|m| m.title.clone())
            })
            .collect::<Vec<_>>()
    };
    Comparison {
        items: diff(&items(before), &items(after)),
        commitments: diff(&commitments(before), &commitments(after)),
        measures: diff(&measures(before), &measures(after)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn reworded_entries_are_kept_and_the_rest_added_or_dropped() {
        let d = diff(
            &s(&[
                "Total number of recorded crimes",
                "Average working days lost due to sickness",
                "Number of rural crimes",
            ]),
            &s(&[
                "Recorded crimes",
                "Victim satisfaction with the service",
                "Working days lost to sickness",
            ]),
        );
        assert_eq!(d.kept.len(), 2, "{d:?}");
        assert_eq!(d.kept[0].after, "Recorded crimes");
        assert_eq!(d.kept[1].after, "Working days lost to sickness");
        assert_eq!(d.dropped, s(&["Number of rural crimes"]));
        assert_eq!(d.added, s(&["Victim satisfaction with the service"]));
    }

    #[test]
    fn each_entry_matches_once() {
        let d = diff(&s(&["Reduce crime", "Reduce crime"]), &s(&["Reduce crime"]));
        assert_eq!(d.kept.len(), 1);
        assert_eq!(d.dropped.len(), 1);
    }

    #[test]
    fn similarity_ignores_case_plurals_and_filler() {
        assert_eq!(similarity("The Victims", "victim"), 1.0);
        assert_eq!(similarity("", "anything"), 0.0);
        assert_eq!(similarity("Prevention", "preventing"), 1.0);
        assert_eq!(similarity("communities", "community"), 1.0);
    }

    /// Pairs from the demo plans, as the published documents word them.
    #[test]
    fn real_rewordings_between_the_demo_plans_match_and_look_alikes_do_not() {
        // 2021-24's priority, renamed for 2024-28.
        assert!(similarity("Modernise our police service", "Modernise") >= MATCH_THRESHOLD);
        // Different promises that share only the words every plan uses.
        assert!(
            similarity(
                "A police service fit for the future",
                "Modernise our police service"
            ) < MATCH_THRESHOLD
        );
        assert!(
            similarity(
                "Invest in technology and equipment that supports officers in our communities",
                "Embrace technology and innovation to ensure the service is well-equipped to \
                 deal with current and emerging threats",
            ) < MATCH_THRESHOLD
        );
        assert!(similarity("Prevent and tackle crime", "Reduce crime") < MATCH_THRESHOLD);
    }

    #[test]
    fn of_the_2021_24_and_2024_28_priorities_only_the_renamed_one_is_kept() {
        let d = diff(
            &s(&[
                "Modernise our police service",
                "Deliver justice for victims of crime",
            ]),
            &s(&[
                "Reduce crime",
                "Modernise",
                "Support for victims and survivors of crime",
            ]),
        );
        assert_eq!(d.kept.len(), 1, "{d:?}");
        assert_eq!(d.kept[0].after, "Modernise");
    }
}
