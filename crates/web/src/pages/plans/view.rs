//! Plans shaped for pages: the tree flattened in reading order with each item's level name,
//! heading level and roll-up, and statuses as GOV.UK tags in words (never colour alone).

use opcc_domain::plans::file::{Commitment, Item, Measure, PlanFile};
use opcc_domain::plans::rollup::RollUp;
use opcc_domain::plans::{CommitmentStatus, PlanStatus};

/// A status as a GOV.UK tag: colour and words, so it never relies on colour alone.
pub struct Tag {
    pub class: &'static str,
    pub text: &'static str,
}

pub fn status_tag(s: Option<CommitmentStatus>) -> Tag {
    use CommitmentStatus::*;
    let (class, text) = match s {
        Some(Complete) => ("govuk-tag--green", "Complete"),
        Some(OnTrack) => ("govuk-tag--blue", "On track"),
        Some(AtRisk) => ("govuk-tag--yellow", "At risk"),
        Some(OffTrack) => ("govuk-tag--red", "Off track"),
        Some(InProgress) => ("govuk-tag--light-blue", "In progress"),
        Some(Started) => ("govuk-tag--turquoise", "Started"),
        Some(NotStarted) => ("govuk-tag--grey", "Not started"),
        None => ("govuk-tag--grey", "Not yet assessed"),
    };
    Tag { class, text }
}

pub fn plan_tag(s: PlanStatus) -> Tag {
    use PlanStatus::*;
    let class = match s {
        Published | Refreshed => "govuk-tag--green",
        Consultation => "govuk-tag--blue",
        PanelReview => "govuk-tag--purple",
        Draft | Superseded => "govuk-tag--grey",
    };
    Tag {
        class,
        text: s.label(),
    }
}

pub struct CommitmentRow<'a> {
    pub c: &'a Commitment,
    pub tag: Tag,
    pub as_of: Option<String>,
}

pub struct ItemRow<'a> {
    pub item: &'a Item,
    pub depth: usize,
    pub level: String,
    /// h2 for the top level, h3 beneath, never deeper than h4.
    pub heading: u8,
    pub rollup: RollUp,
    pub overall: Tag,
    pub commitments: Vec<CommitmentRow<'a>>,
    pub measures: Vec<&'a Measure>,
}

pub fn rollup_of(item: &Item) -> RollUp {
    let mut r: RollUp = item
        .commitments
        .iter()
        .map(Commitment::current_status)
        .collect();
    for c in &item.children {
        r.merge(&rollup_of(c));
    }
    r
}

pub fn commitment_row(c: &Commitment) -> CommitmentRow<'_> {
    CommitmentRow {
        c,
        tag: status_tag(c.current_status()),
        as_of: c.updates.last().map(|u| u.date.long()),
    }
}

pub fn rows(plan: &PlanFile) -> Vec<ItemRow<'_>> {
    plan.all_items()
        .into_iter()
        .map(|(depth, item)| {
            let rollup = rollup_of(item);
            ItemRow {
                item,
                depth,
                level: plan.levels.get(depth).cloned().unwrap_or_default(),
                heading: (depth + 2).min(4) as u8,
                overall: status_tag(rollup.overall()),
                rollup,
                commitments: item.commitments.iter().map(commitment_row).collect(),
                measures: item.measures.iter().collect(),
            }
        })
        .collect()
}

pub fn plan_rollup(plan: &PlanFile) -> RollUp {
    let mut r = RollUp::default();
    for i in &plan.items {
        r.merge(&rollup_of(i));
    }
    r
}

/// Level names joined for a commitment's place: "Reduce crime › Prevention and intervention".
pub fn paths(plan: &PlanFile) -> Vec<(String, &Commitment)> {
    fn walk<'a>(item: &'a Item, trail: &mut Vec<&'a str>, out: &mut Vec<(String, &'a Commitment)>) {
        trail.push(&item.title);
        for c in &item.commitments {
            out.push((trail.join(" › "), c));
        }
        for child in &item.children {
            walk(child, trail, out);
        }
        trail.pop();
    }
    let mut out = Vec::new();
    for i in &plan.items {
        walk(i, &mut Vec::new(), &mut out);
    }
    out
}
