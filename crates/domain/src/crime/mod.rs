//! data.police.uk crime data: months, the three kinds of monthly file, how a file is named,
//! how each row is checked, and the keys rows are counted by. Pure: files are read elsewhere.

pub mod file;
mod report;
mod rows;
mod search;

pub use crate::month::{Month, MonthError};
pub use report::*;
pub use rows::{Columns, OutcomeRow, RowError, StreetRow};
pub use search::SearchRow;

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of monthly file data.police.uk publishes per force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Crimes and anti-social behaviour incidents.
    Street,
    /// Outcomes of crimes (one crime may have several).
    Outcomes,
    /// Stop and search records.
    StopAndSearch,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Street, Kind::Outcomes, Kind::StopAndSearch];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Street => "street",
            Kind::Outcomes => "outcomes",
            Kind::StopAndSearch => "stop-and-search",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a data.police.uk file name says: `YYYY-MM-force-kind.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    pub month: Month,
    /// The data.police.uk force slug, e.g. `cheshire`, `avon-and-somerset`.
    pub force: String,
    pub kind: Kind,
}

impl FileName {
    /// Reads the base name of a file (any folders before it are ignored).
    pub fn parse(path: &str) -> Option<FileName> {
        let base = path.rsplit(['/', '\\']).next()?;
        let stem = base.strip_suffix(".csv")?;
        let month = Month::parse(stem.get(..7)?).ok()?;
        let rest = stem.get(7..)?.strip_prefix('-')?;
        // Longest kind first: "-stop-and-search" before anything shorter could match.
        let (force, kind) = [Kind::StopAndSearch, Kind::Outcomes, Kind::Street]
            .into_iter()
            .find_map(|k| Some((rest.strip_suffix(k.as_str())?.strip_suffix('-')?, k)))?;
        let slug_ok = !force.is_empty()
            && force
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        slug_ok.then(|| FileName {
            month,
            force: force.to_string(),
            kind,
        })
    }

    /// The unit an import replaces, as the audit log names it: `cheshire/2018-10/street`.
    pub fn unit_id(&self) -> String {
        format!("{}/{}/{}", self.force, self.month, self.kind)
    }
}

/// Where a crime lies relative to the force that reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// In an LSOA of the force's own area.
    In,
    /// In an LSOA of another force's area.
    Outside,
    /// An LSOA code that no lookup knows, or whose force area is unknown.
    Unknown,
    /// No location published ("No Location", blank LSOA).
    NoLocation,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::In => "in",
            Area::Outside => "outside",
            Area::Unknown => "unknown",
            Area::NoLocation => "no_location",
        }
    }

    pub fn parse(s: &str) -> Option<Area> {
        [Area::In, Area::Outside, Area::Unknown, Area::NoLocation]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// The street file's category of anti-social behaviour, which is not a recorded crime.
pub const ASB: &str = "Anti-social behaviour";

/// The police.uk API's slug of a category: `Violence and sexual offences` ->
/// `violence-and-sexual-offences`.
pub fn category_slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A broad grouping of police.uk outcome categories, for the outcome mix. Categories not
/// listed (new ones appear over the years) are kept as they are and grouped as `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OutcomeGroup {
    /// A suspect was charged or summonsed (including every court outcome).
    ChargedOrSummonsed,
    /// Cautions, penalty notices, community resolutions and the like.
    OutOfCourt,
    /// Investigation complete with no suspect, unable to prosecute, not in the public interest.
    NoFurtherAction,
    /// Still under investigation or awaiting a decision or an update.
    Pending,
    Other,
}

pub fn outcome_group(category: &str) -> OutcomeGroup {
    let c = category.to_ascii_lowercase();
    let has = |w: &str| c.contains(w);
    if has("charged")
        || has("court")
        || has("defendant")
        || has("sent to prison")
        || has("fined")
        || has("sentence")
        || has("discharge")
        || has("compensation")
        || has("deprived of property")
        || has("summons")
        || has("otherwise dealt with")
        || has("imprisoned")
        || has("community penalty")
        || has("sentenced")
        || has("not guilty")
    {
        OutcomeGroup::ChargedOrSummonsed
    } else if has("caution")
        || has("penalty notice")
        || has("local resolution")
        || has("drugs possession warning")
        || has("community resolution")
        || has("cannabis warning")
    {
        OutcomeGroup::OutOfCourt
    } else if has("no suspect")
        || has("unable to prosecute")
        || has("not in the public interest")
        || has("no further action")
    {
        OutcomeGroup::NoFurtherAction
    } else if has("under investigation") || has("awaiting") || has("unavailable") {
        OutcomeGroup::Pending
    } else {
        OutcomeGroup::Other
    }
}

/// The broad group of a self-defined ethnicity as stop-and-search files write it
/// (`White - English/Welsh/...` -> `White`); blank -> `Not stated`.
pub fn ethnicity_group(self_defined: &str) -> &str {
    let s = self_defined.trim();
    if s.is_empty() {
        return "Not stated";
    }
    s.split(" - ").next().unwrap_or(s).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_give_month_force_and_kind() {
        let f = FileName::parse("x/2025-06/2025-06-cheshire-stop-and-search.csv").unwrap();
        assert_eq!(
            (f.month.to_string(), f.force.as_str(), f.kind),
            ("2025-06".into(), "cheshire", Kind::StopAndSearch)
        );
        let f = FileName::parse("2013-06-avon-and-somerset-outcomes.csv").unwrap();
        assert_eq!(
            (f.force.as_str(), f.kind),
            ("avon-and-somerset", Kind::Outcomes)
        );
        assert_eq!(
            FileName::parse("2018-10-cheshire-street.csv")
                .unwrap()
                .unit_id(),
            "cheshire/2018-10/street"
        );
        for bad in [
            "2018-10-street.csv",
            "2018-13-cheshire-street.csv",
            "2018-10-cheshire-crimes.csv",
            "2018-10-Cheshire-street.csv",
            "README.csv",
            "2018-10-cheshire-street.txt",
        ] {
            assert!(FileName::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn outcomes_group_and_unknown_ones_are_other() {
        assert_eq!(
            outcome_group("Offender sent to prison"),
            OutcomeGroup::ChargedOrSummonsed
        );
        assert_eq!(
            outcome_group("Suspect charged as part of another case"),
            OutcomeGroup::ChargedOrSummonsed
        );
        assert_eq!(
            outcome_group("Offender given a caution"),
            OutcomeGroup::OutOfCourt
        );
        assert_eq!(
            outcome_group("Investigation complete; no suspect identified"),
            OutcomeGroup::NoFurtherAction
        );
        assert_eq!(
            outcome_group("Further action is not in the public interest"),
            OutcomeGroup::NoFurtherAction
        );
        assert_eq!(outcome_group("Under investigation"), OutcomeGroup::Pending);
        assert_eq!(outcome_group("Something new in 2030"), OutcomeGroup::Other);
        // The 2013 categories (Avon and Somerset's outcomes file).
        for c in [
            "Offender imprisoned",
            "Offender given community penalty",
            "Suspect found not guilty",
            "Offender sentenced as part of another case",
            "Suspect sent to Crown Court",
            "Offender required to pay compensation",
        ] {
            assert_eq!(outcome_group(c), OutcomeGroup::ChargedOrSummonsed, "{c}");
        }
        assert_eq!(
            outcome_group("Offender given penalty notice"),
            OutcomeGroup::OutOfCourt
        );
        assert_eq!(
            outcome_group("No further action at this time"),
            OutcomeGroup::NoFurtherAction
        );
    }

    #[test]
    fn categories_and_ethnicities() {
        assert_eq!(
            category_slug("Violence and sexual offences"),
            "violence-and-sexual-offences"
        );
        assert_eq!(category_slug(ASB), "anti-social-behaviour");
        assert_eq!(
            category_slug("Theft from the person"),
            "theft-from-the-person"
        );
        assert_eq!(
            ethnicity_group("White - English/Welsh/Scottish/Northern Irish/British"),
            "White"
        );
        assert_eq!(ethnicity_group(""), "Not stated");
    }
}
