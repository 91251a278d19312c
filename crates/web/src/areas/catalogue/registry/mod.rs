//! Every public dataset the service holds, described once: what it is, how often it changes,
//! where its downloads are and what each field means. A download is the area's own public
//! export where one exists; otherwise the catalogue makes it from the area's public API
//! (`records.rs`), so a download can never hold more than the public already sees.

use opcc_store::catalogue::Changes;

mod crime;
mod engagement;
mod governance;
mod money;
mod plan;
mod scrutiny;

/// A column of the CSV and a key of each JSON record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// The key in the source's JSON records (inner records first, then their parents).
    pub key: &'static str,
    /// text, integer, decimal, date, date-time, boolean, code or URL.
    pub kind: &'static str,
    pub description: &'static str,
}

const fn f(name: &'static str, kind: &'static str, description: &'static str) -> Field {
    Field {
        name,
        key: name,
        kind,
        description,
    }
}

const fn k(
    name: &'static str,
    key: &'static str,
    kind: &'static str,
    description: &'static str,
) -> Field {
    Field {
        name,
        key,
        kind,
        description,
    }
}

/// Where a download is.
#[derive(Debug, Clone, Copy)]
pub enum Download {
    /// An existing public export; `{plan}` stands for the plan in force.
    At(&'static str),
    /// Made here from the dataset's records: `/data/{slug}/data.csv` or `.json`.
    Here,
}

/// Where the catalogue finds a dataset's records when it makes a download itself.
#[derive(Debug, Clone, Copy)]
pub enum Records {
    /// Both downloads are the area's own.
    None,
    /// A public JSON document: the array at `pointer`, each item's arrays at `nest` in turn
    /// (a row per innermost item, with its parents' fields).
    Api {
        path: &'static str,
        pointer: &'static str,
        nest: &'static [&'static str],
    },
    /// A public CSV export read back into records.
    Csv(&'static str),
    /// Every measure's published values, from each measure's public series.
    Measures,
    /// The published Panel questions and responses of every public plan.
    PanelQuestions,
}

#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// A page for people to read the same data.
    pub page: &'static str,
    /// How often it changes, in words and as a Dublin Core frequency.
    pub frequency: &'static str,
    pub accrual: &'static str,
    pub theme: &'static str,
    pub csv: Download,
    pub json: Download,
    pub records: Records,
    pub fields: &'static [Field],
    pub changes: Changes,
}

const MONTHLY: &str = "http://purl.org/cld/freq/monthly";
const QUARTERLY: &str = "http://purl.org/cld/freq/quarterly";
const ANNUAL: &str = "http://purl.org/cld/freq/annual";
const IRREGULAR: &str = "http://purl.org/cld/freq/irregular";

/// The Open Government Licence v3.0, which every dataset is published under.
pub const LICENCE: &str =
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";

pub static DATASETS: &[Dataset] = &[
    crime::CRIME_SUMMARY,
    crime::CRIME_NEIGHBOURHOODS,
    crime::CRIME_COMPARE,
    plan::PLAN_COMMITMENTS,
    plan::MEASURE_VALUES,
    money::GRANTS,
    money::SERVICES,
    money::SPENDING,
    money::BUDGETS,
    money::PRECEPT,
    governance::DECISIONS,
    governance::MEETINGS,
    scrutiny::SCHEME_STATISTICS,
    scrutiny::COMPLAINT_STATISTICS,
    scrutiny::COMPLAINT_REVIEWS,
    governance::PANEL_QUESTIONS,
    governance::PUBLIC_QUESTIONS,
    engagement::CONSULTATION_RESULTS,
    governance::INSPECTION_RECOMMENDATIONS,
];

pub fn find(slug: &str) -> Option<&'static Dataset> {
    DATASETS.iter().find(|d| d.slug == slug)
}
