//! Report versions from draft to publication. The figures of a draft or a report in review are
//! read live from the records; approval freezes them as JSON, so a published report never
//! changes. A correction is a new version of the same report, with a note, that goes through
//! the same steps; the public sees the latest published version and the notes of all.

pub mod annual;
pub mod demo;
pub mod progress;
pub mod spr;
pub mod svd;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::reports::{Figures, Kind, Status};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Row {
    pub id: i64,
    pub slug: String,
    pub kind: String,
    pub title: String,
    pub period_from: String,
    pub period_to: String,
    pub version: i64,
    pub status: String,
    pub narrative: String,
    pub figures: Option<String>,
    pub correction_note: String,
    pub created_at: String,
    pub approved_at: Option<String>,
    pub published_at: Option<String>,
}

/// A version with its figures (frozen, or read now) and narrative by section.
#[derive(Debug, Clone)]
pub struct Version {
    pub row: Row,
    pub kind: Kind,
    pub status: Status,
    pub figures: Figures,
    pub narrative: BTreeMap<String, String>,
}

const COLUMNS: &str = "id, slug, kind, title, period_from, period_to, version, status, \
    narrative, figures, correction_note, created_at, approved_at, published_at";

/// Longest narrative of one section: a few pages of text.
const MAX_NARRATIVE: usize = 20_000;

pub async fn list(db: &Db) -> Result<Vec<Row>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM report_versions ORDER BY period_to DESC, slug, version DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

/// The latest published version of each report, newest period first.
pub async fn published(db: &Db) -> Result<Vec<Row>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM report_versions r WHERE status = 'published' AND version = \
         (SELECT MAX(version) FROM report_versions o WHERE o.slug = r.slug AND o.status = 'published') \
         ORDER BY period_to DESC, slug"
    ))
    .fetch_all(&db.pool)
    .await?)
}

/// Every published version of a report, latest first: the first is the report, the rest
/// the versions it corrected.
pub async fn published_versions(db: &Db, slug: &str) -> Result<Vec<Row>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM report_versions WHERE slug = $1 AND status = 'published' \
         ORDER BY version DESC"
    ))
    .bind(slug)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn row(db: &Db, id: i64) -> Result<Row> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM report_versions WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("report version {id}")))
}

/// A version with its figures: frozen from approval on, read from the records before.
pub async fn version(db: &Db, row: Row) -> Result<Version> {
    let kind = Kind::parse(&row.kind).ok_or_else(|| StoreError::Invalid("report kind".into()))?;
    let status =
        Status::parse(&row.status).ok_or_else(|| StoreError::Invalid("report status".into()))?;
    let figures = match &row.figures {
        Some(json) => serde_json::from_str(json)
            .map_err(|e| StoreError::Invalid(format!("frozen figures: {e}")))?,
        None => live_figures(db, kind, &row).await?,
    };
    let narrative = serde_json::from_str(&row.narrative).unwrap_or_default();
    Ok(Version {
        row,
        kind,
        status,
        figures,
        narrative,
    })
}

async fn live_figures(db: &Db, kind: Kind, row: &Row) -> Result<Figures> {
    match kind {
        Kind::Annual => {
            let fy: i32 = row.period_from[..4]
                .parse()
                .map_err(|_| StoreError::Invalid("report period".into()))?;
            annual::figures(db, fy).await
        }
        Kind::Progress => {
            // The last published progress report before this one, for what has changed.
            let before: Option<Row> = sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM report_versions WHERE kind = 'progress' \
                 AND status = 'published' AND period_to < $1 ORDER BY period_to DESC, version DESC LIMIT 1"
            ))
            .bind(&row.period_to)
            .fetch_optional(&db.pool)
            .await?;
            let before: Option<Figures> = before
                .and_then(|b| b.figures)
                .and_then(|j| serde_json::from_str(&j).ok());
            progress::figures(db, &row.period_from, &row.period_to, before.as_ref()).await
        }
    }
}

/// What the office asks for: an annual report for a financial year, or a progress report
/// for a period of whole days.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub kind: Kind,
    pub from: time::Date,
    pub to: time::Date,
}

impl NewReport {
    pub fn annual(fy: i32) -> Result<NewReport> {
        let d = |y, m, day| {
            time::Date::from_calendar_date(y, m, day)
                .map_err(|_| StoreError::Invalid("year: give a year such as 2023".into()))
        };
        Ok(NewReport {
            kind: Kind::Annual,
            from: d(fy, time::Month::April, 1)?,
            to: d(fy + 1, time::Month::March, 31)?,
        })
    }

    fn slug_and_title(&self) -> (String, String) {
        match self.kind {
            Kind::Annual => {
                let y = self.from.year();
                (
                    format!("annual-report-{y}-{:02}", (y + 1) % 100),
                    format!("Annual report {y}-{:02}", (y + 1) % 100),
                )
            }
            Kind::Progress => (
                format!("progress-report-{}-to-{}", self.from, self.to),
                format!(
                    "Progress report to the Police and Crime Panel, {} to {}",
                    progress::long(&self.from.to_string()),
                    progress::long(&self.to.to_string())
                ),
            ),
        }
    }
}

/// Starts the first version of a report. A report already started is refused: correct it.
pub async fn create(db: &Db, actor: &Actor, r: &NewReport) -> Result<i64> {
    if r.to < r.from {
        return Err(StoreError::Invalid(
            "to: the end of the period must not be before its start".into(),
        ));
    }
    if (r.to - r.from).whole_days() > 400 {
        return Err(StoreError::Invalid(
            "to: a progress report covers a year at most".into(),
        ));
    }
    let (slug, title) = r.slug_and_title();
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM report_versions WHERE slug = $1")
        .bind(&slug)
        .fetch_one(&db.pool)
        .await?;
    if exists > 0 {
        return Err(StoreError::Invalid(format!(
            "period: {title} has been started already; open it from the list"
        )));
    }
    insert(db, actor, &slug, r.kind, &title, r.from, r.to, 1, "{}", "").await
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    db: &Db,
    actor: &Actor,
    slug: &str,
    kind: Kind,
    title: &str,
    from: time::Date,
    to: time::Date,
    version: i64,
    narrative: &str,
    note: &str,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO report_versions (slug, kind, title, period_from, period_to, version, \
         status, narrative, correction_note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'draft', $7, $8, $9) RETURNING id",
    )
    .bind(slug)
    .bind(kind.as_str())
    .bind(title)
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(version)
    .bind(narrative)
    .bind(note)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("report.create", "report_version", &key).after(&serde_json::json!({
            "slug": slug, "version": version, "correction_note": note
        })),
    )
    .await?;
    Ok(id)
}

/// Saves the narrative of one section while the version may still change.
pub async fn save_narrative(
    db: &Db,
    actor: &Actor,
    id: i64,
    section: &str,
    text: &str,
) -> Result<()> {
    let r = row(db, id).await?;
    let v = version(db, r.clone()).await?;
    if !v.status.editable() {
        return Err(StoreError::Invalid(
            "narrative: an approved report cannot change; start a correction".into(),
        ));
    }
    if !v.kind.sections().iter().any(|(k, _)| *k == section) {
        return Err(StoreError::Invalid(format!(
            "section: {section:?} is not a section of this report"
        )));
    }
    let text = text.trim().replace('\r', "");
    if text.chars().count() > MAX_NARRATIVE {
        return Err(StoreError::Invalid(format!(
            "narrative: write at most {MAX_NARRATIVE} characters for a section"
        )));
    }
    let mut narrative = v.narrative.clone();
    let before = narrative.get(section).cloned().unwrap_or_default();
    if before == text {
        return Ok(());
    }
    narrative.insert(section.to_string(), text.clone());
    let json = serde_json::to_string(&narrative).map_err(|e| StoreError::Invalid(e.to_string()))?;
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE report_versions SET narrative = $1 WHERE id = $2")
        .bind(&json)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("report.narrative", "report_version", &key)
            .before(&serde_json::json!({ "section": section, "text": before }))
            .after(&serde_json::json!({ "section": section, "text": text })),
    )
    .await?;
    Ok(())
}

/// Moves a version on (or back to draft from review). Approval freezes its figures.
pub async fn act(db: &Db, actor: &Actor, id: i64, action: &str) -> Result<Status> {
    let r = row(db, id).await?;
    let v = version(db, r).await?;
    let next = v
        .status
        .after(action)
        .map_err(|e| StoreError::Invalid(format!("action: {e}")))?;
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    match next {
        Status::Approved => {
            let frozen = serde_json::to_string(&v.figures)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            sqlx::query(
                "UPDATE report_versions SET status = $1, figures = $2, approved_at = $3 WHERE id = $4",
            )
            .bind(next.as_str())
            .bind(frozen)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        Status::Published => {
            sqlx::query("UPDATE report_versions SET status = $1, published_at = $2 WHERE id = $3")
                .bind(next.as_str())
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        _ => {
            sqlx::query("UPDATE report_versions SET status = $1 WHERE id = $2")
                .bind(next.as_str())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("report.status", "report_version", &key)
            .before(&serde_json::json!({ "status": v.status.as_str() }))
            .after(&serde_json::json!({ "status": next.as_str(), "slug": v.row.slug })),
    )
    .await?;
    Ok(next)
}

/// Starts a correction of a published report: a new draft version with the narrative of the
/// one it corrects and a note saying what it corrects.
pub async fn correct(db: &Db, actor: &Actor, id: i64, note: &str) -> Result<i64> {
    let r = row(db, id).await?;
    if r.status != "published" {
        return Err(StoreError::Invalid(
            "note: only a published report is corrected; change the draft instead".into(),
        ));
    }
    let note = note.trim();
    if note.is_empty() || note.chars().count() > 2_000 {
        return Err(StoreError::Invalid(
            "note: say what the correction changes (2,000 characters at most)".into(),
        ));
    }
    let latest: i64 =
        sqlx::query_scalar("SELECT MAX(version) FROM report_versions WHERE slug = $1")
            .bind(&r.slug)
            .fetch_one(&db.pool)
            .await?;
    if latest != r.version {
        return Err(StoreError::Invalid(
            "note: a later version of this report exists already; correct that one".into(),
        ));
    }
    let kind = Kind::parse(&r.kind).ok_or_else(|| StoreError::Invalid("report kind".into()))?;
    let day = |s: &str| {
        time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE)
            .map_err(|_| StoreError::Invalid("report period".into()))
    };
    insert(
        db,
        actor,
        &r.slug,
        kind,
        &r.title,
        day(&r.period_from)?,
        day(&r.period_to)?,
        r.version + 1,
        &r.narrative,
        note,
    )
    .await
}
