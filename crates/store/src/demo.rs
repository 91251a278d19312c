//! The demo data loaded into an empty database: the Cheshire force area and its four Police
//! and Crime Plans, from the published documents.

use crate::audit::Actor;
use crate::{Db, Result, StoreError};
use opcc_domain::force_area::ForceArea;
use opcc_domain::plans::file::PlanFile;

const FORCE_AREA: &str = include_str!("../demo/force_area.toml");
const OFFICE: &str = include_str!("../demo/office.toml");

/// Oldest first, so that each plan's history reads in order in the audit log.
pub const PLANS: [(&str, &str); 4] = [
    (
        "cheshire-2013-16.toml",
        include_str!("../demo/plans/cheshire-2013-16.toml"),
    ),
    (
        "cheshire-2016-21.toml",
        include_str!("../demo/plans/cheshire-2016-21.toml"),
    ),
    (
        "cheshire-2021-24.toml",
        include_str!("../demo/plans/cheshire-2021-24.toml"),
    ),
    (
        "cheshire-2024-28.toml",
        include_str!("../demo/plans/cheshire-2024-28.toml"),
    ),
];

pub fn demo_plans() -> Result<Vec<PlanFile>> {
    PLANS
        .iter()
        .map(|(name, text)| {
            PlanFile::parse(text).map_err(|errs| {
                let all: Vec<String> = errs.iter().map(|e| format!("{name}: {e}")).collect();
                StoreError::Invalid(all.join("; "))
            })
        })
        .collect()
}

pub fn demo_force_area() -> Result<ForceArea> {
    toml::from_str(FORCE_AREA)
        .map_err(|e| StoreError::Invalid(format!("demo/force_area.toml: {e}")))
}

/// Whether the demo belongs here: the database holds no force area yet, or the demo's. An
/// office set up for another force (`opcc init`) never gets Cheshire's plans or data.
pub async fn is_demo_office(db: &Db) -> Result<bool> {
    Ok(match crate::force_area::current(db).await? {
        None => true,
        Some(area) => {
            area.gss_code == demo_force_area()?.gss_code
                && !crate::force_area::is_set_up_office(db).await?
        }
    })
}

/// Loads each part of the demo the database does not hold yet; says whether it loaded any.
pub async fn load_if_empty(db: &Db) -> Result<bool> {
    let actor = Actor::system("demo data");
    let mut loaded = false;
    if !is_demo_office(db).await? {
        return Ok(false);
    }
    if crate::force_area::current(db).await?.is_none() {
        crate::force_area::insert(db, &actor, &demo_force_area()?).await?;
        loaded = true;
    }
    if crate::office::contact(db).await?.is_none() {
        let contact = toml::from_str(OFFICE)
            .map_err(|e| StoreError::Invalid(format!("demo/office.toml: {e}")))?;
        crate::office::set_contact(db, &actor, &contact).await?;
        loaded = true;
    }
    if crate::plans::list(db).await?.is_empty() {
        for plan in demo_plans()? {
            crate::plans::import(db, &actor, &plan, false)
                .await
                .map_err(|e| match e {
                    crate::plans::ImportError::Store(s) => s,
                    other => StoreError::Invalid(other.to_string()),
                })?;
        }
        load_stalking_outcome_rate(db, &actor).await?;
        // The 2023-24 annual report published those figures: the 2021-24 plan's last quarter.
        crate::performance::lock_quarter(
            db,
            &actor,
            "cheshire-2021-24",
            opcc_domain::periods::Period::Quarter(2023, 4),
        )
        .await?;
        // The April-August 2025 progress report to the Panel, as the 2024-28 plan's first
        // published pack: the quarter its statuses (dated 31 August 2025) fall in.
        crate::performance::lock_quarter(
            db,
            &actor,
            "cheshire-2024-28",
            opcc_domain::periods::Period::Quarter(2025, 2),
        )
        .await?;
        load_panel_question(db).await?;
        loaded = true;
    }
    if crate::finance::demo::load_if_empty(db, &actor).await? {
        loaded = true;
    }
    if crate::governance::demo::load_if_empty(db).await? {
        loaded = true;
    }
    if crate::assemblies::demo::load_if_empty(db).await? {
        loaded = true;
    }
    if crate::commissioning::demo::load_if_empty(db, &actor).await? {
        loaded = true;
    }
    if crate::complaints::demo::load_if_empty(db).await? {
        loaded = true;
    }
    if crate::engagement::demo::load_if_empty(db).await? {
        loaded = true;
    }
    if crate::schemes::demo::load_if_empty(db).await? {
        loaded = true;
    }
    if crate::reports::demo::load_if_empty(db, &actor).await? {
        loaded = true;
    }
    Ok(loaded)
}

/// The one series of figures the published documents give for a plan measure: the stalking outcome rate in
/// the 2023-24 annual report ("from 15.6% for 2022/23 and 17.9% the previous year, to 20.3% in
/// 2023/24", as printed), against a national average of 7%.
async fn load_stalking_outcome_rate(db: &Db, actor: &Actor) -> Result<()> {
    use crate::performance::{MeasureSettings, OnLocked, Origin, SaveError, save, set_settings};
    use opcc_domain::measures::MeasureValue;
    use opcc_domain::periods::Period;
    use rust_decimal::Decimal;
    const PLAN: &str = "cheshire-2021-24";
    const KEY: &str = "stalking-outcome-rate";
    let source = "OPCC for Cheshire, Annual Report 2023-24";
    let values: Vec<MeasureValue> = [
        (2021, 179, ""),
        (2022, 156, ""),
        (
            2023,
            203,
            "The rate has continued to rise since the Harm Reduction Unit began.",
        ),
    ]
    .into_iter()
    .map(|(year, tenths, commentary)| MeasureValue {
        measure: KEY.into(),
        period: Period::Year(year),
        area: "E23000006".into(),
        value: Decimal::new(tenths, 1),
        numerator: None,
        denominator: None,
        source: source.into(),
        commentary: commentary.into(),
    })
    .collect();
    save(db, actor, PLAN, &values, Origin::Form, OnLocked::Refuse)
        .await
        .map_err(|e| match e {
            SaveError::Store(s) => s,
            other => StoreError::Invalid(other.to_string()),
        })?;
    set_settings(
        db,
        actor,
        PLAN,
        KEY,
        &MeasureSettings {
            comparator_value: Some(Decimal::from(7)),
            comparator_label: Some("National average, 2023/24 (annual report 2023-24)".into()),
            ..Default::default()
        },
    )
    .await
}

/// ILLUSTRATIVE, NOT FROM THE DOCUMENTS: a published Panel question with the Commissioner's
/// response on the 2024-28 plan, so the demo shows how the Panel's part reads. The published
/// documents record no such question; it asks about the Victims of Crime Board that the
/// April-August 2025 progress report to the Panel anticipates "in the next six months", and its
/// author, text and dates say on every page that it is an example.
async fn load_panel_question(db: &Db) -> Result<()> {
    use crate::plans::{NewQuestion, ask, publish, respond};
    use opcc_domain::plans::PanelKind;
    use opcc_domain::plans::file::Day;
    use opcc_domain::plans::panel::Subject;
    const PLAN: &str = "cheshire-2024-28";
    let panel = Actor {
        id: None,
        label: "Illustrative Panel member (demo data, not from the documents)".into(),
    };
    let office = Actor::system("demo data");
    let day = |s: &str| Day::parse(s).map_err(StoreError::Invalid);
    let id = ask(
        db,
        &panel,
        PLAN,
        NewQuestion {
            author_id: None,
            kind: PanelKind::Question,
            subject: &Subject::Commitment("victims-board".into()),
            text: "Illustrative example, not from the published documents: the progress report \
                   to the Panel anticipates a Victims of Crime Board within six months. When \
                   will it first meet, and how will the Panel see what it learns from victims?",
            today: day("2025-10-01")?,
        },
    )
    .await?;
    respond(
        db,
        &office,
        PLAN,
        id,
        day("2025-10-15")?,
        "Illustrative example, not from the published documents: the board is being set up \
         with the Local Criminal Justice Board, to learn from people with lived experience; \
         the office will report its first meeting and what it hears in the next progress \
         report to the Panel.",
    )
    .await?;
    publish(db, &office, PLAN, id).await
}

/// The police.uk sample that ships in the repository (see `demo/police_uk/README.md`), so the
/// demo's crime pages are whole on any machine.
pub const POLICE_UK_SAMPLE: [(&str, &[u8]); 5] = [
    (
        "2018-10-cheshire-street.csv",
        include_bytes!("../demo/police_uk/2018-10-cheshire-street.csv.gz"),
    ),
    (
        "2018-11-cheshire-street.csv",
        include_bytes!("../demo/police_uk/2018-11-cheshire-street.csv.gz"),
    ),
    (
        "2018-12-cheshire-street.csv",
        include_bytes!("../demo/police_uk/2018-12-cheshire-street.csv.gz"),
    ),
    (
        "2025-06-cheshire-stop-and-search.csv",
        include_bytes!("../demo/police_uk/2025-06-cheshire-stop-and-search.csv.gz"),
    ),
    (
        "2025-07-cheshire-stop-and-search.csv",
        include_bytes!("../demo/police_uk/2025-07-cheshire-stop-and-search.csv.gz"),
    ),
];

/// No sample file comes near this; it bounds what decompressing one may take.
const MAX_SAMPLE_FILE: u64 = 16 << 20;

fn unpack(name: &str, gz: &[u8]) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .take(MAX_SAMPLE_FILE + 1)
        .read_to_end(&mut out)
        .map_err(|e| StoreError::Invalid(format!("demo/police_uk/{name}.gz: {e}")))?;
    if out.len() as u64 > MAX_SAMPLE_FILE {
        return Err(StoreError::Invalid(format!(
            "demo/police_uk/{name}.gz: unpacks to more than 16 MB"
        )));
    }
    Ok(out)
}

/// The sample's size unpacked: a shared data folder is preferred only when it holds more.
pub fn police_uk_sample_bytes() -> u64 {
    POLICE_UK_SAMPLE
        .iter()
        .filter_map(|(name, gz)| unpack(name, gz).ok())
        .map(|b| b.len() as u64)
        .sum()
}

/// Every file under `dir` (walked in name order), for the demo's police.uk files.
fn files_under(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, out)?;
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
            out.push(p);
        }
    }
    Ok(())
}

/// Where the demo's police.uk data came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoliceUkDemo {
    /// Crime data was already loaded: nothing done.
    AlreadyLoaded,
    /// This many files from the shipped sample.
    Sample(usize),
    /// This many files from the shared data folder.
    Folder(usize),
}

/// Loads the demo's police.uk data when no crime data is loaded yet: the files under `dir`
/// (a shared data folder's `police_uk`) when it exists and holds more than the shipped sample,
/// else the sample. A file that cannot be imported is logged and skipped.
pub async fn load_police_uk_demo(db: &Db, dir: Option<&std::path::Path>) -> Result<PoliceUkDemo> {
    let loaded: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crime_coverage")
        .fetch_one(&db.pool)
        .await?;
    if loaded > 0 {
        return Ok(PoliceUkDemo::AlreadyLoaded);
    }
    let mut files = Vec::new();
    if let Some(dir) = dir.filter(|d| d.is_dir()) {
        files_under(dir, &mut files)
            .map_err(|e| StoreError::Invalid(format!("{}: {e}", dir.display())))?;
    }
    let folder_bytes: u64 = files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let use_folder = folder_bytes > police_uk_sample_bytes();
    let actor = Actor::system("demo data");
    let mut n = 0;
    let mut import = async |name: &str, bytes: &[u8], from: &str| match crate::crime::import_file(
        db,
        &actor,
        name,
        bytes,
        crate::crime::BadRows::Skip,
    )
    .await
    {
        Ok(_) => n += 1,
        Err(e) => tracing::warn!(file = %from, "demo police.uk file not imported: {e}"),
    };
    if use_folder {
        for path in &files {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let bytes = std::fs::read(path)
                .map_err(|e| StoreError::Invalid(format!("{}: {e}", path.display())))?;
            import(&name, &bytes, &path.display().to_string()).await;
        }
    } else {
        for (name, gz) in POLICE_UK_SAMPLE {
            import(name, &unpack(name, gz)?, name).await;
        }
    }
    // As after any import: measures that count crime or ASB follow the data.
    for plan in crate::plans::list(db).await? {
        crate::performance::derive_police_uk(db, &actor, &plan.slug).await?;
    }
    Ok(if use_folder {
        PoliceUkDemo::Folder(n)
    } else {
        PoliceUkDemo::Sample(n)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_area_is_cheshire_as_the_published_documents_describe_it() {
        let area = super::demo_force_area().unwrap();
        assert_eq!(area.gss_code, "E23000006");
        assert_eq!(area.area_sq_miles, Some(919));
        let mut names: Vec<_> = area
            .local_authorities
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "Cheshire East",
                "Cheshire West and Chester",
                "Halton",
                "Warrington"
            ]
        );
        area.validate().unwrap();
    }
}
