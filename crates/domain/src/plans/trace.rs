//! Traceability: which inputs (consultation, strategic assessment, SPR threats, ...) each
//! top-level item answers, directly or through the items beneath it, and which inputs no
//! item answers at all.

use super::file::{Input, Item, PlanFile};
use std::collections::HashSet;

fn answered_beneath<'a>(item: &'a Item, out: &mut HashSet<&'a str>) {
    out.extend(item.answers.iter().map(String::as_str));
    for c in &item.children {
        answered_beneath(c, out);
    }
}

pub struct Row<'a> {
    pub input: &'a Input,
    /// One per top-level item, in plan order.
    pub answered_by: Vec<bool>,
}

impl Row<'_> {
    pub fn unanswered(&self) -> bool {
        !self.answered_by.iter().any(|a| *a)
    }
}

/// One row per input, in the plan's order.
pub fn matrix(plan: &PlanFile) -> Vec<Row<'_>> {
    let per_item: Vec<HashSet<&str>> = plan
        .items
        .iter()
        .map(|i| {
            let mut s = HashSet::new();
            answered_beneath(i, &mut s);
            s
        })
        .collect();
    plan.inputs
        .iter()
        .map(|input| Row {
            input,
            answered_by: per_item
                .iter()
                .map(|s| s.contains(input.key.as_str()))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::InputKind;

    fn input(key: &str) -> Input {
        Input {
            key: key.into(),
            kind: InputKind::SprThreat,
            title: key.into(),
            edition: None,
            description: String::new(),
        }
    }

    fn item(key: &str, answers: &[&str], children: Vec<Item>) -> Item {
        Item {
            key: key.into(),
            title: key.into(),
            description: String::new(),
            answers: answers.iter().map(|a| a.to_string()).collect(),
            measures: vec![],
            commitments: vec![],
            children,
        }
    }

    #[test]
    fn answers_count_through_children_and_gaps_show() {
        let plan = PlanFile {
            slug: "t".into(),
            force_area: "E23000006".into(),
            title: "t".into(),
            strapline: None,
            commissioner: "c".into(),
            chief_constable: None,
            term_start: crate::plans::file::Day::parse("2024-01-01").unwrap(),
            term_end: crate::plans::file::Day::parse("2028-01-01").unwrap(),
            levels: vec!["Priority".into(), "Theme".into()],
            sources: vec![],
            consultation_closes: None,
            transitions: vec![],
            inputs: vec![input("terrorism"), input("vawg"), input("cyber")],
            items: vec![
                item("p1", &[], vec![item("t1", &["vawg"], vec![])]),
                item("p2", &["terrorism", "vawg"], vec![]),
            ],
        };
        let m = matrix(&plan);
        assert_eq!(m[0].answered_by, vec![false, true]);
        assert_eq!(m[1].answered_by, vec![true, true]);
        assert!(m[2].unanswered());
        assert!(!m[0].unanswered());
    }
}
