//! The plan file: one human-readable TOML file per plan (schema in docs/plans.md). Syntax and
//! type errors come from the TOML parser with their line; the checks across the file (unknown
//! references, repeated keys, lifecycle) find the line of the offending value themselves.

use super::lifecycle::check_history;
use super::{Better, CommitmentStatus, Frequency, InputKind, Owner, PlanStatus, Unit};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub time::Date);

const DAY: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

impl Day {
    /// As people read a date: "1 April 2024" (ISO stays for files, CSV and the API).
    pub fn long(&self) -> String {
        long_date(self.0)
    }

    pub fn parse(s: &str) -> Result<Day, String> {
        time::Date::parse(s.trim(), DAY)
            .map(Day)
            .map_err(|_| format!("{s:?} is not a date YYYY-MM-DD"))
    }
}

/// "1 April 2024": the GOV.UK style for dates in text.
pub fn long_date(d: time::Date) -> String {
    format!("{} {} {}", d.day(), d.month(), d.year())
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.format(DAY).map_err(|_| fmt::Error)?)
    }
}

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Day::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    /// Unique name in URLs, e.g. `cheshire-2024-28`.
    pub slug: String,
    /// The police force area's GSS code, e.g. E23000006.
    pub force_area: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strapline: Option<String>,
    pub commissioner: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chief_constable: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub term_start: Day,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub term_end: Day,
    /// What this plan calls each level of its tree, top first: ["Priority", "Theme"].
    pub levels: Vec<String>,
    /// The documents the plan's content was taken from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// When public comments on the draft close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub consultation_closes: Option<Day>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transitions: Vec<Transition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<Input>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Transition {
    pub status: PlanStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Day,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Input {
    pub key: String,
    pub kind: InputKind,
    pub title: String,
    /// For national frameworks that change: the SPR's 2012, 2015 or 2023 edition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Unique within the plan, e.g. `o1` or `reduce-crime/prevention`.
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Keys of the inputs this item answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<Commitment>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub children: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub key: String,
    pub title: String,
    pub unit: Unit,
    pub better: Better,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub definition: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    /// The areas it is reported for: `force`, `local_authority`, ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub geography: String,
    /// Named in the plan as one that may be added later; not counted among its measures.
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
    /// Values computed from loaded data rather than entered: `police_uk:total_crime`,
    /// `police_uk:asb` or `police_uk:neighbourhood_crime` (monthly counts for the force area),
    /// `finance:cost_per_head` (yearly, from the budgets and the population), or
    /// `iopc:cases_logged`, `iopc:days_to_log`, `iopc:days_to_contact` and
    /// `iopc:outside_schedule3_pct` (quarterly, the IOPC's figures for the force), or
    /// `returns:SERVICE:referrals` and `returns:SERVICE:supported` (a commissioned service's
    /// reviewed returns, by quarter or year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// The day staff retired it: no longer reported or due, its values and history kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub retired: Option<Day>,
}

/// The series a measure's values can be derived from.
pub const DERIVED_SERIES: [&str; 8] = [
    "police_uk:total_crime",
    "police_uk:asb",
    "police_uk:neighbourhood_crime",
    "finance:cost_per_head",
    "iopc:cases_logged",
    "iopc:days_to_log",
    "iopc:days_to_contact",
    "iopc:outside_schedule3_pct",
];

/// Whether values can be derived from a series: one of [`DERIVED_SERIES`], or a commissioned
/// service's returns, `returns:SERVICE:referrals` or `returns:SERVICE:supported` (the
/// service is named by its slug, checked when the values are derived).
pub fn is_derived_series(d: &str) -> bool {
    DERIVED_SERIES.contains(&d)
        || d.strip_prefix("returns:")
            .and_then(|r| r.rsplit_once(':'))
            .is_some_and(|(slug, field)| {
                !slug.is_empty()
                    && slug
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && matches!(field, "referrals" | "supported")
            })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    pub key: String,
    pub text: String,
    /// pcc, chief_constable, joint, or partner:NAME.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub owner: Owner,
    /// Dated status reports, oldest first; the last is the current status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<StatusUpdate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusUpdate {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Day,
    pub status: CommitmentStatus,
    /// The reporting period it covers, e.g. "April - August 2025".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub period: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub narrative: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Activity {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// An error in a plan file, with the line it is on where that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: Option<usize>,
    /// The field, as a path: `items[2].commitments[0].owner`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}, {}: {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

impl Commitment {
    pub fn current_status(&self) -> Option<CommitmentStatus> {
        self.updates.last().map(|u| u.status)
    }
}

impl Item {
    /// This item and every item beneath it, depth first, with their depth (0 = top).
    pub fn walk<'a>(&'a self, depth: usize, out: &mut Vec<(usize, &'a Item)>) {
        out.push((depth, self));
        for c in &self.children {
            c.walk(depth + 1, out);
        }
    }
}

impl PlanFile {
    pub fn status(&self) -> PlanStatus {
        self.transitions
            .last()
            .map(|t| t.status)
            .unwrap_or(PlanStatus::Draft)
    }

    pub fn all_items(&self) -> Vec<(usize, &Item)> {
        let mut out = Vec::new();
        for i in &self.items {
            i.walk(0, &mut out);
        }
        out
    }

    /// Parses and checks a plan file; every problem found is reported, not just the first.
    pub fn parse(source: &str) -> Result<PlanFile, Vec<FileError>> {
        let plan: PlanFile = toml::from_str(source).map_err(|e| {
            let line = e.span().map(|s| line_of(source, s.start));
            vec![FileError {
                line,
                field: "file".into(),
                message: e.message().trim().to_string(),
            }]
        })?;
        let mut errors = super::nul::nul_fields(&plan, source);
        errors.extend(plan.check(source));
        if errors.is_empty() {
            Ok(plan)
        } else {
            Err(errors)
        }
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a plan serialises")
    }

    fn check(&self, source: &str) -> Vec<FileError> {
        let mut errors = Vec::new();
        let err = |errors: &mut Vec<FileError>, needle: &str, field: String, message: String| {
            errors.push(FileError {
                line: find_line(source, needle),
                field,
                message,
            })
        };
        if !is_key(&self.slug) {
            err(
                &mut errors,
                "slug",
                "slug".into(),
                "use lower-case letters, digits and hyphens only".into(),
            );
        }
        if let Err(e) = crate::force_area::check_gss(
            "force_area",
            &self.force_area,
            &["E23", "W15"],
            "police force area",
        ) {
            err(
                &mut errors,
                "force_area",
                "force_area".into(),
                e.to_string(),
            );
        }
        if self.term_end <= self.term_start {
            err(
                &mut errors,
                "term_end",
                "term_end".into(),
                format!(
                    "{} is not after term_start {}",
                    self.term_end, self.term_start
                ),
            );
        }
        if self.levels.is_empty() {
            err(
                &mut errors,
                "levels",
                "levels".into(),
                "name at least one level, e.g. [\"Objective\"]".into(),
            );
        }
        let history: Vec<_> = self
            .transitions
            .iter()
            .map(|t| (t.status, t.date.0))
            .collect();
        if let Err((i, e)) = check_history(&history) {
            errors.push(FileError {
                line: find_nth_line(source, "[[transitions]]", i),
                field: format!("transitions[{i}]"),
                message: e.to_string(),
            });
        }
        let consulted = self
            .transitions
            .iter()
            .any(|t| t.status == PlanStatus::Consultation);
        if consulted && self.consultation_closes.is_none() {
            err(
                &mut errors,
                "transitions",
                "consultation_closes".into(),
                "a plan that went to consultation needs the date comments closed".into(),
            );
        }
        let mut bad_keys: Vec<(&str, String)> = Vec::new();
        for (i, input) in self.inputs.iter().enumerate() {
            bad_keys.push((&input.key, format!("inputs[{i}].key")));
        }
        for (_, item) in self.all_items() {
            bad_keys.push((&item.key, format!("item {:?}.key", item.key)));
            for m in &item.measures {
                bad_keys.push((&m.key, format!("measure {:?}.key", m.key)));
            }
            for c in &item.commitments {
                bad_keys.push((&c.key, format!("commitment {:?}.key", c.key)));
            }
        }
        for (key, field) in bad_keys.into_iter().filter(|(k, _)| !is_key(k)) {
            err(
                &mut errors,
                &format!("\"{key}\""),
                field,
                format!(
                    "{key:?}: keys appear in web addresses, so use lower-case letters, digits and hyphens only"
                ),
            );
        }
        let mut input_keys = HashSet::new();
        for (i, input) in self.inputs.iter().enumerate() {
            if !input_keys.insert(input.key.as_str()) {
                err(
                    &mut errors,
                    &format!("\"{}\"", input.key),
                    format!("inputs[{i}].key"),
                    format!("{:?} is used by another input", input.key),
                );
            }
        }
        let mut item_keys = HashSet::new();
        let mut inner_keys = HashSet::new();
        for (depth, item) in self.all_items() {
            let anchor = format!("\"{}\"", item.key);
            if !item_keys.insert(item.key.as_str()) {
                err(
                    &mut errors,
                    &anchor,
                    format!("item {:?}", item.key),
                    "key used twice".into(),
                );
            }
            if depth >= self.levels.len() {
                err(
                    &mut errors,
                    &anchor,
                    format!("item {:?}", item.key),
                    format!(
                        "is at level {} but the plan names only {} level(s) in `levels`",
                        depth + 1,
                        self.levels.len()
                    ),
                );
            }
            for a in &item.answers {
                if !input_keys.contains(a.as_str()) {
                    err(
                        &mut errors,
                        &format!("\"{a}\""),
                        format!("item {:?}.answers", item.key),
                        format!("{a:?} is not the key of any input"),
                    );
                }
            }
            for m in &item.measures {
                if let Some(d) = &m.derived_from
                    && !is_derived_series(d)
                {
                    err(
                        &mut errors,
                        &format!("\"{d}\""),
                        format!("measure {:?}.derived_from", m.key),
                        format!(
                            "{d:?} is not a series values can be derived from: {}, or returns:SERVICE:referrals or returns:SERVICE:supported",
                            DERIVED_SERIES.join(", ")
                        ),
                    );
                }
                if !inner_keys.insert(format!("m:{}", m.key)) {
                    err(
                        &mut errors,
                        &format!("\"{}\"", m.key),
                        format!("item {:?}.measures", item.key),
                        format!("measure key {:?} used twice", m.key),
                    );
                }
            }
            for c in &item.commitments {
                if !inner_keys.insert(format!("c:{}", c.key)) {
                    err(
                        &mut errors,
                        &format!("\"{}\"", c.key),
                        format!("item {:?}.commitments", item.key),
                        format!("commitment key {:?} used twice", c.key),
                    );
                }
                if c.updates.windows(2).any(|w| w[1].date < w[0].date) {
                    err(
                        &mut errors,
                        &format!("\"{}\"", c.key),
                        format!("commitment {:?}.updates", c.key),
                        "updates must be in date order, oldest first".into(),
                    );
                }
            }
        }
        errors
    }
}

/// Slugs and keys: lower-case letters, digits and hyphens, as they appear in web addresses.
pub fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The line of the `n`th (from 0) occurrence of `needle`.
fn find_nth_line(source: &str, needle: &str, n: usize) -> Option<usize> {
    source
        .match_indices(needle)
        .nth(n)
        .map(|(at, _)| line_of(source, at))
}

/// The first line holding `needle`, to point at a value the parser accepted but the checks
/// did not.
fn find_line(source: &str, needle: &str) -> Option<usize> {
    source.find(needle).map(|at| line_of(source, at))
}

#[cfg(test)]
mod long_dates {
    use super::Day;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(Day::parse("2024-04-01").unwrap().long(), "1 April 2024");
        assert_eq!(Day::parse("2025-12-31").unwrap().long(), "31 December 2025");
    }
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
