//! Police complaints: the steps of a complaint about the Chief Constable and of a review
//! request, each with its time limit and whether it is overdue; the rule that a reviewer never
//! reviews a case they have a conflict with; how long each kind of record is kept; the
//! decision letter's template (`letter`) and the IOPC's quarterly statistics (`iopc`).
//!
//! Time limits: a review request is in time when received within 28 days of the day after
//! the force told the complainant its outcome (Police (Complaints and Misconduct) Regulations
//! 2020, reg. 29); a complaint requiring referral to the IOPC is referred by the end of the day
//! after that becomes clear (reg. 7); the rest are the office's local standards, named as such.

pub mod iopc;
pub mod letter;

use crate::policy::{Person, may_see_complainant};
use time::{Date, Duration};

/// Days a complainant has to ask for a review, from the day after the outcome's notice.
pub const REVIEW_REQUEST_DAYS: i64 = 28;
/// The office's published service standard: a decision within this many days of receiving
/// the force's case file.
pub const REVIEW_DECISION_DAYS: i64 = 56;
/// Local standards for the steps of a review and of a complaint about the Chief Constable.
pub const VALIDITY_DAYS: i64 = 5;
pub const FILE_REQUEST_DAYS: i64 = 5;
pub const RECORD_DAYS: i64 = 10;
pub const CONTACT_DAYS: i64 = 10;
pub const OUTCOME_DAYS: i64 = 120;
/// Personal data in complaint and review records is kept this many years after the case
/// closed (the decision, or the outcome of a complaint), then the record is anonymised and a
/// person no record names any longer is deleted.
pub const RETENTION_YEARS: i32 = 6;

/// Whether a review request arrived within the 28 days.
pub fn request_in_time(outcome_notified: Date, received: Date) -> bool {
    received <= outcome_notified + Duration::days(REVIEW_REQUEST_DAYS)
}

/// The review's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The force's outcome was not reasonable and proportionate: the review is upheld.
    Upheld,
    NotUpheld,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "upheld" => Some(Decision::Upheld),
            "not_upheld" => Some(Decision::NotUpheld),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Upheld => "upheld",
            Decision::NotUpheld => "not_upheld",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Decision::Upheld => "Upheld",
            Decision::NotUpheld => "Not upheld",
        }
    }
}

/// The decision follows from the allegations: upheld when any allegation's outcome was not
/// reasonable and proportionate; none until every allegation has been reviewed.
pub fn decision_of(findings: &[Option<bool>]) -> Option<Decision> {
    if findings.is_empty() || findings.iter().any(Option::is_none) {
        return None;
    }
    Some(if findings.contains(&Some(false)) {
        Decision::Upheld
    } else {
        Decision::NotUpheld
    })
}

/// How the office decided to handle a complaint about the Chief Constable.
pub const HANDLING: [(&str, &str); 4] = [
    ("otherwise", "Handled otherwise than by investigation"),
    ("investigation", "Investigated by the office"),
    ("iopc", "Referred to the IOPC"),
    ("no_further_action", "No further action"),
];

pub fn handling_label(key: &str) -> &'static str {
    HANDLING
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("Not yet decided", |(_, l)| l)
}

/// Whether this person may review this case: on the complaints team and without a declared
/// conflict with it.
pub fn may_review(p: &Person, conflicted: bool) -> bool {
    may_see_complainant(p) && !conflicted
}

/// One dated step: when it was due, when (if) it was done, and on what basis the limit is set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub label: &'static str,
    pub basis: &'static str,
    pub due: Option<Date>,
    pub done: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepState {
    OnTime,
    Late,
    Due,
    Overdue,
    /// Waiting on an earlier step.
    Waiting,
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            StepState::OnTime => "Done on time",
            StepState::Late => "Done late",
            StepState::Due => "Due",
            StepState::Overdue => "Overdue",
            StepState::Waiting => "Waiting",
        }
    }
    /// The GOV.UK tag colour.
    pub fn tag(self) -> &'static str {
        match self {
            StepState::OnTime => "govuk-tag--green",
            StepState::Late | StepState::Overdue => "govuk-tag--red",
            StepState::Due => "govuk-tag--yellow",
            StepState::Waiting => "govuk-tag--grey",
        }
    }
}

impl Step {
    pub fn state(&self, today: Date) -> StepState {
        match (self.done, self.due) {
            (Some(d), Some(due)) if d > due => StepState::Late,
            (Some(_), _) => StepState::OnTime,
            (None, None) => StepState::Waiting,
            (None, Some(due)) if today > due => StepState::Overdue,
            (None, Some(_)) => StepState::Due,
        }
    }
}

fn after(d: Option<Date>, days: i64) -> Option<Date> {
    d.map(|d| d + Duration::days(days))
}

/// A review request's dates, as the steps need them.
#[derive(Debug, Clone, Default)]
pub struct ReviewDates {
    pub outcome_notified: Option<Date>,
    pub received: Option<Date>,
    pub validity_checked: Option<Date>,
    pub file_requested: Option<Date>,
    pub file_received: Option<Date>,
    pub decided: Option<Date>,
    pub letter: Option<Date>,
}

pub fn review_steps(r: &ReviewDates) -> Vec<Step> {
    vec![
        Step {
            label: "Request received",
            basis: "within 28 days of the outcome's notice (regulation 29)",
            due: after(r.outcome_notified, REVIEW_REQUEST_DAYS),
            done: r.received,
        },
        Step {
            label: "Validity checked",
            basis: "local standard: 5 days after receipt",
            due: after(r.received, VALIDITY_DAYS),
            done: r.validity_checked,
        },
        Step {
            label: "Case file requested from the force",
            basis: "local standard: 5 days after the validity check",
            due: after(r.validity_checked, FILE_REQUEST_DAYS),
            done: r.file_requested,
        },
        Step {
            label: "Case file received",
            basis: "the force's to send; tracked, no limit on the office",
            due: None,
            done: r.file_received,
        },
        Step {
            label: "Decision",
            basis: "service standard: 56 days after the case file arrives",
            due: after(r.file_received, REVIEW_DECISION_DAYS),
            done: r.decided,
        },
        Step {
            label: "Letter to the applicant",
            basis: "local standard: with the decision",
            due: r.decided,
            done: r.letter,
        },
    ]
}

/// A complaint about the Chief Constable's dates, as the steps need them.
#[derive(Debug, Clone, Default)]
pub struct ComplaintDates {
    pub received: Option<Date>,
    pub recorded: Option<Date>,
    pub handling: Option<Date>,
    pub referral_required: bool,
    pub referred: Option<Date>,
    pub contacted: Option<Date>,
    pub outcome: Option<Date>,
}

pub fn complaint_steps(c: &ComplaintDates) -> Vec<Step> {
    let mut steps = vec![
        Step {
            label: "Recorded (or the decision to handle it outside Schedule 3)",
            basis: "local standard: 10 days after receipt",
            due: after(c.received, RECORD_DAYS),
            done: c.recorded,
        },
        Step {
            label: "Complainant contacted",
            basis: "local standard: 10 days after receipt",
            due: after(c.received, CONTACT_DAYS),
            done: c.contacted,
        },
        Step {
            label: "Handling decided",
            basis: "local standard: 10 days after recording",
            due: after(c.recorded, RECORD_DAYS),
            done: c.handling,
        },
    ];
    if c.referral_required {
        steps.push(Step {
            label: "Referred to the IOPC",
            basis: "by the end of the day after referral is found to be required (regulation 7)",
            due: after(c.handling, 1),
            done: c.referred,
        });
    }
    steps.push(Step {
        label: "Outcome, with the right of review",
        basis: "local standard: 120 days after receipt",
        due: after(c.received, OUTCOME_DAYS),
        done: c.outcome,
    });
    steps
}

/// The day a closed case's personal data is due to go: `RETENTION_YEARS` after it closed.
pub fn retention_due(closed: Date) -> Date {
    let year = closed.year() + RETENTION_YEARS;
    // 29 February closes to 28 February in a year without one.
    Date::from_calendar_date(year, closed.month(), closed.day())
        .or_else(|_| Date::from_calendar_date(year, closed.month(), 28))
        .expect("the 28th exists in every month")
}

/// Whether a case that closed on `closed` is past its retention date today.
pub fn expired(closed: Date, today: Date) -> bool {
    retention_due(closed) <= today
}

/// The financial year (by its first calendar year) a day falls in: April to March.
pub fn financial_year(d: Date) -> i32 {
    if u8::from(d.month()) >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// "2023-24".
pub fn year_label(year: i32) -> String {
    format!("{year}-{:02}", (year + 1) % 100)
}

/// An ISO date from a form or the database.
pub fn parse_day(s: &str) -> Option<Date> {
    Date::parse(
        s.get(..10)?,
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

#[cfg(test)]
mod tests;
