//! Finance: budgets by financial year, the precept, and the monthly file of spending over
//! £500. Money is `rust_decimal::Decimal` everywhere (pounds, exact), never a float.

pub mod money;
pub mod precept;
pub mod spending;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

pub use money::{long_date, pounds, short};

/// A financial year, 1 April to 31 March, named by the year it starts in and written
/// "2023-24".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FinancialYear(pub i32);

impl FinancialYear {
    /// "2023-24", "2023/24" or "2023".
    pub fn parse(s: &str) -> Result<FinancialYear, String> {
        let err = || format!("{s:?} is not a financial year such as 2023-24");
        let s = s.trim();
        let (start, end) = match s.split_once(['-', '/']) {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        if start.len() != 4 || !start.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let y: i32 = start.parse().map_err(|_| err())?;
        if !(1990..=2100).contains(&y) {
            return Err(err());
        }
        if let Some(end) = end {
            let next = (y + 1) % 100;
            let ok = match end.len() {
                2 => end.parse::<i32>().ok() == Some(next),
                4 => end.parse::<i32>().ok() == Some(y + 1),
                _ => false,
            };
            if !ok {
                return Err(err());
            }
        }
        Ok(FinancialYear(y))
    }

    pub fn start(self) -> time::Date {
        time::Date::from_calendar_date(self.0, time::Month::April, 1).expect("1 April exists")
    }

    /// The financial year a date falls in.
    pub fn of(date: time::Date) -> FinancialYear {
        if u8::from(date.month()) >= 4 {
            FinancialYear(date.year())
        } else {
            FinancialYear(date.year() - 1)
        }
    }
}

impl fmt::Display for FinancialYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.0, (self.0 + 1) % 100)
    }
}

impl TryFrom<String> for FinancialYear {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        FinancialYear::parse(&s)
    }
}

impl From<FinancialYear> for String {
    fn from(y: FinancialYear) -> String {
        y.to_string()
    }
}

/// Which part of a budget a line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Where the money comes from.
    Funding,
    /// Where it goes, by type (pay, premises, ...).
    ExpenditureType,
    /// Where it goes, by objective (neighbourhood policing, ...).
    ExpenditureObjective,
}

impl Section {
    pub const ALL: [Section; 3] = [
        Section::Funding,
        Section::ExpenditureType,
        Section::ExpenditureObjective,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Funding => "funding",
            Section::ExpenditureType => "expenditure_type",
            Section::ExpenditureObjective => "expenditure_objective",
        }
    }

    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Section::Funding => "Funding by source",
            Section::ExpenditureType => "Expenditure by type",
            Section::ExpenditureObjective => "Expenditure by objective",
        }
    }
}

/// The budget as set, as revised during the year, or as spent (outturn).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Budget,
    Revised,
    Outturn,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Budget, Stage::Revised, Stage::Outturn];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Budget => "budget",
            Stage::Revised => "revised",
            Stage::Outturn => "outturn",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Budget => "Budget",
            Stage::Revised => "Revised budget",
            Stage::Outturn => "Outturn",
        }
    }
}

/// The funding categories the Specified Information Order asks to be shown apart.
pub const FUNDING_CATEGORIES: [&str; 5] = [
    "central",
    "precept",
    "specific_grants",
    "reserves",
    "income",
];

pub fn funding_category_label(c: &str) -> &str {
    match c {
        "central" => "Police Grant and other central grants",
        "precept" => "Council tax precept",
        "specific_grants" => "Specific grants",
        "reserves" => "Reserves",
        "income" => "Income",
        other => other,
    }
}

/// One line of a budget. A source may give a share of the total instead of an amount; what
/// it gives is kept, and a share is never turned into pounds here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BudgetLine {
    pub section: Section,
    pub stage: Stage,
    pub label: String,
    /// For funding: one of [`FUNDING_CATEGORIES`]; otherwise free text (may be empty).
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub amount: Option<Decimal>,
    /// Per cent of the section's total, as the source gives it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub share: Option<Decimal>,
    /// What the source says beside the figure ("up 1.8%").
    pub change_note: String,
}

impl BudgetLine {
    pub fn validate(&self) -> Result<(), String> {
        if self.label.trim().is_empty() {
            return Err("Enter what the line is for".into());
        }
        if self.amount.is_none() && self.share.is_none() && self.change_note.trim().is_empty() {
            return Err(format!(
                "{}: give an amount, a share, or what the source says of it",
                self.label
            ));
        }
        if self.section == Section::Funding && !FUNDING_CATEGORIES.contains(&self.category.as_str())
        {
            return Err(format!(
                "{}: funding must be one of {}",
                self.label,
                FUNDING_CATEGORIES.join(", ")
            ));
        }
        if let Some(s) = self.share
            && !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&s)
        {
            return Err(format!(
                "{}: a share is a percentage from 0 to 100",
                self.label
            ));
        }
        Ok(())
    }
}

/// A year of the Medium Term Financial Strategy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MtfsYear {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2025-26"))]
    pub year: FinancialYear,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub budget: Option<Decimal>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub savings_required: Option<Decimal>,
    pub note: String,
}

/// A revision of the year's budget during the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Revision {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub revised_on: time::Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total_budget: Decimal,
    pub reason: String,
}

/// A financial year's budget and what is known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Budget {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2023-24"))]
    pub year: FinancialYear,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub total_budget: Option<Decimal>,
    /// More (or less) income than the year before, where the source says.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub income_change: Option<Decimal>,
    /// The Commissioner's office's own budget, or what the source says of it.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub office_budget: Option<Decimal>,
    pub office_budget_note: String,
    /// The document the figures come from, by title.
    pub source: String,
    pub note: String,
    pub lines: Vec<BudgetLine>,
    pub mtfs: Vec<MtfsYear>,
    pub revisions: Vec<Revision>,
}

impl Budget {
    pub fn lines_of(&self, section: Section, stage: Stage) -> impl Iterator<Item = &BudgetLine> {
        self.lines
            .iter()
            .filter(move |l| l.section == section && l.stage == stage)
    }

    /// The total of a funding category's amounts at the budget stage (none if no amounts).
    pub fn funding_total(&self, category: &str) -> Option<Decimal> {
        let v: Vec<Decimal> = self
            .lines_of(Section::Funding, Stage::Budget)
            .filter(|l| l.category == category)
            .filter_map(|l| l.amount)
            .collect();
        (!v.is_empty()).then(|| v.iter().sum())
    }

    /// The budget now: the latest revision's total, else the total set.
    pub fn current_total(&self) -> Option<Decimal> {
        self.revisions
            .iter()
            .max_by_key(|r| r.revised_on)
            .map(|r| r.total_budget)
            .or(self.total_budget)
    }
}

/// Cost of policing per head: the year's budget over the population, to the penny.
pub fn cost_per_head(budget: Decimal, population: i64) -> Option<Decimal> {
    (population > 0).then(|| (budget / Decimal::from(population)).round_dp(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn financial_years_read_as_written() {
        assert_eq!(FinancialYear::parse("2023-24"), Ok(FinancialYear(2023)));
        assert_eq!(FinancialYear::parse("2023/2024"), Ok(FinancialYear(2023)));
        assert_eq!(FinancialYear::parse("1999-00"), Ok(FinancialYear(1999)));
        assert!(FinancialYear::parse("2023-25").is_err());
        assert!(FinancialYear::parse("23-24").is_err());
        assert_eq!(FinancialYear(2016).to_string(), "2016-17");
        let d = time::macros::date!(2024 - 03 - 31);
        assert_eq!(FinancialYear::of(d), FinancialYear(2023));
        assert_eq!(
            FinancialYear::of(time::macros::date!(2024 - 04 - 01)),
            FinancialYear(2024)
        );
    }

    #[test]
    fn cost_per_head_is_exact_to_the_penny() {
        let b: Decimal = "266516000".parse().unwrap();
        // 266,516,000 / 1,119,500 = 238.0670...
        assert_eq!(cost_per_head(b, 1_119_500), Some("238.07".parse().unwrap()));
        assert_eq!(cost_per_head(b, 0), None);
    }

    #[test]
    fn a_line_needs_an_amount_or_a_share_and_funding_a_known_category() {
        let mut l = BudgetLine {
            section: Section::Funding,
            stage: Stage::Budget,
            label: "Police Grant".into(),
            category: "central".into(),
            amount: None,
            share: None,
            change_note: String::new(),
        };
        assert!(l.validate().is_err());
        l.amount = Some(Decimal::from(1));
        assert!(l.validate().is_ok());
        l.category = "lottery".into();
        assert!(l.validate().is_err());
        l.section = Section::ExpenditureType;
        l.share = Some(Decimal::from(101));
        assert!(l.validate().unwrap_err().contains("0 to 100"));
    }
}
