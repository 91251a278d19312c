//! The typed rows that crime reports return (to the API, CSV downloads and pages).

use super::{Area, Kind, Month, OutcomeGroup};
use serde::{Deserialize, Serialize};

/// One (force, month, kind) loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageEntry {
    pub force: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2018-10"))]
    pub month: Month,
    pub kind: Kind,
    pub rows_loaded: i64,
    pub rows_skipped: i64,
    pub file_name: String,
    pub sha256: String,
    pub imported_at: String,
}

/// The months loaded for one force and kind, from the first to the last, and the gaps
/// between: a missing month is absent data, not zero.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageSpan {
    pub force: String,
    pub kind: Kind,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub first: Month,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub last: Month,
    pub months_loaded: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub missing: Vec<Month>,
}

/// What a summary is broken down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum By {
    #[default]
    Month,
    /// Local authority district.
    Lad,
    Lsoa,
    CrimeType,
    /// The last outcome category of each crime.
    Outcome,
}

impl By {
    pub fn as_str(self) -> &'static str {
        match self {
            By::Month => "month",
            By::Lad => "lad",
            By::Lsoa => "lsoa",
            By::CrimeType => "crime_type",
            By::Outcome => "outcome",
        }
    }
}

/// Which street records a summary counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Category {
    /// Every crime, without anti-social behaviour (police.uk's `all-crime`).
    AllCrime,
    /// Crimes and anti-social behaviour.
    All,
    /// One police.uk category, by its slug (e.g. `burglary`, `anti-social-behaviour`).
    One(String),
}

impl Category {
    pub fn parse(s: &str) -> Category {
        match s {
            "" | "all-crime" => Category::AllCrime,
            "all" => Category::All,
            other => Category::One(super::category_slug(other)),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Category::AllCrime => "all-crime",
            Category::All => "all",
            Category::One(s) => s,
        }
    }

    pub fn includes(&self, crime_type: &str) -> bool {
        match self {
            Category::AllCrime => crime_type != super::ASB,
            Category::All => true,
            Category::One(slug) => super::category_slug(crime_type) == *slug,
        }
    }
}

/// One row of a summary. `count` is null for a month not loaded; `rate_per_1000` is null
/// where the population is not known.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SummaryRow {
    /// The month, GSS code, LSOA code, category or outcome; null for "no location"/"unknown".
    pub key: Option<String>,
    pub label: String,
    /// For local authorities and LSOAs: whether they are in the force's own area.
    pub area: Option<Area>,
    pub count: Option<i64>,
    pub population: Option<i64>,
    pub rate_per_1000: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Summary {
    pub force: String,
    pub force_name: Option<String>,
    /// The police force area's GSS code.
    pub pfa_code: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: Month,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub to: Month,
    pub by: By,
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub months_loaded: Vec<Month>,
    /// Months in the range with no street data loaded: counts cover only the months loaded.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<String>))]
    pub months_missing: Vec<Month>,
    pub rows: Vec<SummaryRow>,
}

/// A count in a month; None when the month is not loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCount {
    pub month: Month,
    pub count: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryCount {
    pub category: String,
    pub slug: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LsoaCount {
    pub lsoa_code: String,
    pub lsoa_name: String,
    pub lad_code: Option<String>,
    pub area: Area,
    pub count: i64,
}

/// Crimes at one published point (police.uk snaps locations to anonymous points).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForceRate {
    pub force: String,
    pub name: Option<String>,
    pub pfa_code: Option<String>,
    pub months_loaded: i64,
    pub count: i64,
    pub population: Option<i64>,
    pub rate_per_1000: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeShare {
    pub outcome_type: String,
    pub group: OutcomeGroup,
    pub count: i64,
    pub share: f64,
}

/// The outcomes file's outcome mix over the months loaded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeMix {
    pub months_loaded: Vec<Month>,
    pub total: i64,
    /// Outcomes whose crime is in the street data loaded.
    pub matched_to_crimes: i64,
    pub charged_or_summonsed_share: Option<f64>,
    pub rows: Vec<OutcomeShare>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchCount {
    pub key: String,
    pub searches: i64,
    /// Searches whose outcome was linked to the object of the search.
    pub finds: i64,
    pub find_rate: Option<f64>,
    pub share: Option<f64>,
}

/// Stop and search over the months loaded: by month (null where not loaded), by object of
/// search, by self-defined ethnic group. Aggregates only: records stay inside the service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchStats {
    pub by_month: Vec<MonthCount>,
    pub total: SearchCount,
    pub by_object: Vec<SearchCount>,
    pub by_ethnicity: Vec<SearchCount>,
    pub by_outcome: Vec<SearchCount>,
}

/// A rate per 1,000 residents, when the population is known and positive.
pub fn per_1000(count: i64, population: Option<i64>) -> Option<f64> {
    population
        .filter(|p| *p > 0)
        .map(|p| (count as f64) * 1000.0 / (p as f64))
}

/// A share, when the whole is not zero.
pub fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The gaps between the first and last months of a set.
pub fn gaps(months: &[Month]) -> Vec<Month> {
    let (Some(first), Some(last)) = (months.iter().min(), months.iter().max()) else {
        return vec![];
    };
    first
        .through(*last)
        .filter(|m| !months.contains(m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_rates_and_categories() {
        let m = |s| Month::parse(s).unwrap();
        assert_eq!(
            gaps(&[m("2018-10"), m("2019-01")]),
            [m("2018-11"), m("2018-12")]
        );
        assert!(gaps(&[]).is_empty());
        assert_eq!(per_1000(5, Some(1000)), Some(5.0));
        assert_eq!(per_1000(5, None), None);
        assert!(Category::parse("").includes("Burglary"));
        assert!(!Category::parse("all-crime").includes(super::super::ASB));
        assert!(Category::parse("Anti-social behaviour").includes(super::super::ASB));
        assert!(
            Category::parse("violence-and-sexual-offences")
                .includes("Violence and sexual offences")
        );
    }
}
