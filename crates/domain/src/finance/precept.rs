//! The council tax precept: bills by band from the Band D figure, and the Police and Crime
//! Panel's statutory timetable (the Police and Crime Panels (Precepts and Chief Constable
//! Appointments) Regulations 2012), whose dates and veto majority are settings.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A council tax band and its ratio to Band D, in ninths (A is 6/9, H is 18/9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Band {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
}

impl Band {
    pub const ALL: [Band; 8] = [
        Band::A,
        Band::B,
        Band::C,
        Band::D,
        Band::E,
        Band::F,
        Band::G,
        Band::H,
    ];

    pub fn ninths(self) -> u32 {
        match self {
            Band::A => 6,
            Band::B => 7,
            Band::C => 8,
            Band::D => 9,
            Band::E => 11,
            Band::F => 13,
            Band::G => 15,
            Band::H => 18,
        }
    }

    pub fn letter(self) -> &'static str {
        match self {
            Band::A => "A",
            Band::B => "B",
            Band::C => "C",
            Band::D => "D",
            Band::E => "E",
            Band::F => "F",
            Band::G => "G",
            Band::H => "H",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL
            .into_iter()
            .find(|b| b.letter().eq_ignore_ascii_case(s.trim()))
    }

    /// The year's bill in this band, to the penny (billing authorities round each band).
    pub fn bill(self, band_d: Decimal) -> Decimal {
        (band_d * Decimal::from(self.ninths()) / Decimal::from(9)).round_dp(2)
    }
}

/// What a billing authority collects: its Band D equivalent properties times Band D.
pub fn collected(band_d: Decimal, band_d_equivalents: Decimal) -> Decimal {
    (band_d * band_d_equivalents).round_dp(2)
}

/// A step of the timetable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The Commissioner notifies the Panel of the proposed precept.
    Proposed,
    /// The Panel reviews it and reports: accept, recommend, or veto.
    PanelReport,
    /// After a veto, the Commissioner's revised precept.
    Revised,
    /// The Panel's report on the revised precept (it cannot veto again).
    FinalReport,
    /// The precept issued to the billing authorities.
    Issued,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Proposed,
        Step::PanelReport,
        Step::Revised,
        Step::FinalReport,
        Step::Issued,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Proposed => "proposed",
            Step::PanelReport => "panel_report",
            Step::Revised => "revised",
            Step::FinalReport => "final_report",
            Step::Issued => "issued",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Proposed => "Proposed precept sent to the Panel",
            Step::PanelReport => "The Panel's report",
            Step::Revised => "Revised precept sent to the Panel",
            Step::FinalReport => "The Panel's report on the revised precept",
            Step::Issued => "Precept issued",
        }
    }

    /// The setting that holds this step's deadline.
    pub fn setting(self) -> &'static str {
        match self {
            Step::Proposed => "precept.proposed_by",
            Step::PanelReport => "precept.panel_report_by",
            Step::Revised => "precept.revised_by",
            Step::FinalReport => "precept.final_report_by",
            Step::Issued => "precept.issued_by",
        }
    }

    /// The statutory deadline, used when no setting overrides it: (month, day).
    pub fn default_deadline(self) -> (u8, u8) {
        match self {
            Step::Proposed => (2, 1),
            Step::PanelReport => (2, 8),
            Step::Revised => (2, 15),
            Step::FinalReport => (2, 22),
            Step::Issued => (3, 1),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Recommend,
    Veto,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::Recommend => "recommend",
            Decision::Veto => "veto",
        }
    }

    pub fn parse(s: &str) -> Option<Decision> {
        [Decision::Accept, Decision::Recommend, Decision::Veto]
            .into_iter()
            .find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Decision::Accept => "Accepted the proposal",
            Decision::Recommend => "Made recommendations",
            Decision::Veto => "Vetoed the proposal",
        }
    }
}

/// The dates (month, day) and veto majority, read from settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timetable {
    pub deadlines: Vec<(Step, (u8, u8))>,
    /// A veto needs at least this fraction of the Panel's members (two thirds).
    pub veto_fraction: (i64, i64),
}

impl Default for Timetable {
    fn default() -> Self {
        Timetable {
            deadlines: Step::ALL
                .into_iter()
                .map(|s| (s, s.default_deadline()))
                .collect(),
            veto_fraction: (2, 3),
        }
    }
}

/// "02-01" (month-day) for a deadline setting.
pub fn parse_month_day(s: &str) -> Option<(u8, u8)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d): (u8, u8) = (m.parse().ok()?, d.parse().ok()?);
    time::Date::from_calendar_date(2024, time::Month::try_from(m).ok()?, d).ok()?;
    Some((m, d))
}

impl Timetable {
    /// The deadline of a step for the precept of the financial year starting in `year`: the
    /// February and March before it begins.
    pub fn deadline(&self, step: Step, year: i32) -> time::Date {
        let (m, d) = self
            .deadlines
            .iter()
            .find(|(s, _)| *s == step)
            .map(|(_, md)| *md)
            .unwrap_or(step.default_deadline());
        time::Date::from_calendar_date(
            year,
            time::Month::try_from(m).unwrap_or(time::Month::February),
            d,
        )
        .unwrap_or_else(|_| time::Date::from_calendar_date(year, time::Month::March, 1).unwrap())
    }

    /// The fewest votes that carry a veto on a Panel of `members`.
    pub fn veto_votes_needed(&self, members: i64) -> i64 {
        let (n, d) = self.veto_fraction;
        (members * n + d - 1) / d
    }
}

/// A step as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepRecord {
    pub step: Step,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub on_date: time::Date,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub band_d: Option<Decimal>,
    pub document_title: String,
    pub document_url: String,
    pub decision: Option<Decision>,
    pub votes_for_veto: Option<i64>,
    pub members_present: Option<i64>,
    /// The Commissioner's response (to a report), or notes.
    pub response: String,
}

/// Checks that `new` may follow the steps recorded so far; the message says why not.
pub fn check_step(
    done: &[StepRecord],
    new: &StepRecord,
    panel_members: Option<i64>,
    tt: &Timetable,
) -> Result<(), String> {
    let has = |s: Step| done.iter().find(|r| r.step == s);
    if has(new.step).is_some() {
        return Err(format!("{} is already recorded", new.step.label()));
    }
    if new.document_title.trim().is_empty() {
        return Err("Enter the title of the document".into());
    }
    let needs_band_d = matches!(new.step, Step::Proposed | Step::Revised | Step::Issued);
    if needs_band_d && new.band_d.is_none_or(|b| b <= Decimal::ZERO) {
        return Err("Enter the Band D amount in pounds".into());
    }
    let vetoed = has(Step::PanelReport).is_some_and(|r| r.decision == Some(Decision::Veto));
    match new.step {
        Step::Proposed => {}
        Step::PanelReport => {
            if has(Step::Proposed).is_none() {
                return Err("Record the proposed precept before the Panel's report".into());
            }
            let Some(decision) = new.decision else {
                return Err("Choose the Panel's decision".into());
            };
            if decision == Decision::Veto {
                let Some(members) = panel_members.filter(|m| *m > 0) else {
                    return Err("Enter the number of the Panel's members for the year".into());
                };
                let votes = new.votes_for_veto.unwrap_or(0);
                let needed = tt.veto_votes_needed(members);
                if votes < needed {
                    return Err(format!(
                        "A veto needs two thirds of the Panel's {members} members ({needed} \
                         votes); {votes} voted for it, so the Panel's report stands as \
                         recommendations"
                    ));
                }
            }
        }
        Step::Revised => {
            if !vetoed {
                return Err("A revised precept follows only a veto".into());
            }
            let proposed = has(Step::Proposed).and_then(|r| r.band_d);
            if proposed.is_some() && proposed == new.band_d {
                return Err("A revised precept must differ from the vetoed one".into());
            }
        }
        Step::FinalReport => {
            if has(Step::Revised).is_none() {
                return Err("Record the revised precept before the Panel's final report".into());
            }
            match new.decision {
                None => return Err("Choose the Panel's decision".into()),
                Some(Decision::Veto) => {
                    return Err("The Panel cannot veto a revised precept".into());
                }
                Some(_) => {}
            }
        }
        Step::Issued => {
            let ready = if vetoed {
                has(Step::FinalReport).is_some()
            } else {
                has(Step::PanelReport).is_some()
            };
            if !ready {
                return Err(if vetoed {
                    "The precept is issued after the Panel's report on the revised precept"
                } else {
                    "The precept is issued after the Panel's report"
                }
                .into());
            }
        }
    }
    Ok(())
}

/// The steps still open after those recorded, in order.
pub fn next_steps(done: &[StepRecord]) -> Vec<Step> {
    let has = |s: Step| done.iter().any(|r| r.step == s);
    let vetoed = done
        .iter()
        .any(|r| r.step == Step::PanelReport && r.decision == Some(Decision::Veto));
    Step::ALL
        .into_iter()
        .filter(|s| !has(*s))
        .filter(|s| vetoed || !matches!(s, Step::Revised | Step::FinalReport))
        .collect()
}

#[cfg(test)]
#[path = "precept_tests.rs"]
mod tests;
