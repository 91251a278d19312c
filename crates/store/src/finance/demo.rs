//! The demo's finance figures, as the documents give them: the 2016-17 budget from the
//! 2016-21 plan, and the 2023-24 budget from the 2023-24 annual report (which gives
//! expenditure as shares of the total, not amounts: they are stored as shares).

use crate::audit::Actor;
use crate::{Db, Result};
use opcc_domain::finance::{Budget, BudgetLine, FinancialYear, Section, Stage};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().expect("a demo figure is a decimal")
}

fn line(
    section: Section,
    label: &str,
    category: &str,
    amount: Option<&str>,
    share: Option<&str>,
    note: &str,
) -> BudgetLine {
    BudgetLine {
        section,
        stage: Stage::Budget,
        label: label.into(),
        category: category.into(),
        amount: amount.map(d),
        share: share.map(d),
        change_note: note.into(),
    }
}

pub fn budget_2016_17() -> Budget {
    Budget {
        year: FinancialYear(2016),
        total_budget: Some(d("192500000")),
        income_change: None,
        office_budget: None,
        office_budget_note: String::new(),
        source: "Police & Crime Plan 2016-2021 (the 2016-21 plan)".into(),
        note: "The plan gives the total and two sources of funding; the rest of the funding \
               (£28.2m) is not broken down in its text. It says the budget is the first year \
               of a Medium Term Financial Strategy, and that the precept is consulted on \
               every year; it gives no figures for later years."
            .into(),
        lines: vec![
            line(
                Section::Funding,
                "Police Grant",
                "central",
                Some("106200000"),
                None,
                "",
            ),
            line(
                Section::Funding,
                "Council tax precept",
                "precept",
                Some("58100000"),
                None,
                "",
            ),
        ],
        mtfs: Vec::new(),
        revisions: Vec::new(),
    }
}

pub fn budget_2023_24() -> Budget {
    let types = [
        ("Police pay", "50"),
        ("PCSO pay", "2"),
        ("Staff pay", "25"),
        ("Other employee costs", "1"),
        ("Premises", "5"),
        ("Transport", "1"),
        ("Communication and technology", "4"),
        ("Supplies and services", "6"),
        ("Third party payments", "5"),
        ("Recharges", "0"),
        ("Financing costs", "1"),
    ];
    let mut lines = vec![
        line(
            Section::Funding,
            "Central government funding",
            "central",
            None,
            None,
            "Up 1.8% on 2022-23",
        ),
        line(
            Section::Funding,
            "Council tax precept",
            "precept",
            None,
            None,
            "Band D up £15 a year on 2022-23",
        ),
    ];
    lines.extend(
        types
            .iter()
            .map(|(l, s)| line(Section::ExpenditureType, l, "", None, Some(s), "")),
    );
    Budget {
        year: FinancialYear(2023),
        total_budget: Some(d("266516000")),
        income_change: Some(d("11200000")),
        office_budget: None,
        office_budget_note: "Less than 0.4% of the Constabulary budget".into(),
        source: "Police and Crime Commissioner for Cheshire, Annual Report 2023-24 (the \
                 2023-24 annual report)"
            .into(),
        note: "Overall funding up 4.2% on 2022-23. The report gives expenditure by type as \
               percentages of the total, not amounts; its funding-by-source chart is not in \
               the text, so funding is shown as the report describes it."
            .into(),
        lines,
        mtfs: Vec::new(),
        revisions: Vec::new(),
    }
}

/// Loads the demo budgets and the 2023-24 precept change into an empty finance store. The
/// plan measure derived from them is filled by `serve` (see `measure::derive_cost_per_head`),
/// so that loading the demo writes no measure values behind a test's back.
pub async fn load_if_empty(db: &Db, actor: &Actor) -> Result<bool> {
    if !super::years(db).await?.is_empty() {
        return Ok(false);
    }
    for b in [budget_2016_17(), budget_2023_24()] {
        super::save_budget(db, actor, &b).await?;
    }
    super::precept::save_year(
        db,
        actor,
        &super::precept::YearSettings {
            year: FinancialYear(2023),
            band_d: None,
            band_d_change: Some(d("15")),
            panel_members: None,
            consultation_url: String::new(),
            source: "Annual Report 2023-24: \"rose by £15 per annum per household (based on a \
                     Band D property)\"; the Band D amount itself is not given"
                .into(),
        },
    )
    .await?;
    Ok(true)
}

/// The spending sample that ships in the repository (`demo/spend/README.md`): (source, file
/// name, gzipped bytes).
const SPENDING_SAMPLE: [(&str, &str, &[u8]); 2] = [
    (
        "leeds",
        "2011-05.csv",
        include_bytes!("../../demo/spend/leeds-2011-05.csv.gz"),
    ),
    (
        "oxford",
        "expenditure-over-500-jan-mar-2018.csv",
        include_bytes!("../../demo/spend/oxford-expenditure-over-500-jan-mar-2018.csv.gz"),
    ),
];

/// Loads the shipped spending sample, for a machine with no shared data folder.
async fn load_spending_sample(db: &Db, actor: &Actor) -> Result<usize> {
    use std::io::Read;
    let mut n = 0;
    for (source, name, gz) in SPENDING_SAMPLE {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(gz)
            .take(16 << 20)
            .read_to_end(&mut bytes)
            .map_err(|e| crate::StoreError::Invalid(format!("demo/spend/{name}: {e}")))?;
        let limits = opcc_domain::finance::spending::Limits::default();
        match super::spending::import(db, actor, source, name, &bytes, &limits).await {
            Ok(_) => n += 1,
            Err(e) => tracing::warn!(file = name, "demo spending file not imported: {e}"),
        }
    }
    Ok(n)
}

/// Imports the spending files under `dir` (one source per folder: `leeds/`, `oxford/`), or
/// the shipped sample when there is no such folder, when none are loaded, so that the demo's
/// spending pages have real data.
pub async fn load_spending(db: &Db, dir: &std::path::Path) -> Result<usize> {
    if !super::spending::files(db).await?.is_empty() {
        return Ok(0);
    }
    let actor = Actor::system("demo data");
    let mut n = 0;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return load_spending_sample(db, &actor).await;
    };
    let mut folders: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    folders.sort();
    for folder in folders.into_iter().filter(|p| p.is_dir()) {
        let source = folder
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .map_err(|e| crate::StoreError::Invalid(format!("{}: {e}", folder.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files {
            let name = f
                .file_name()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let bytes = std::fs::read(&f)
                .map_err(|e| crate::StoreError::Invalid(format!("{}: {e}", f.display())))?;
            let limits = opcc_domain::finance::spending::Limits::default();
            match super::spending::import(db, &actor, &source, &name, &bytes, &limits).await {
                Ok(_) => n += 1,
                Err(e) => {
                    tracing::warn!(file = %f.display(), "demo spending file not imported: {e}")
                }
            }
        }
    }
    Ok(n)
}
