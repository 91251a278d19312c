//! The coverage register: which force-months and kinds are loaded. A gap is shown as a gap,
//! and so is a month whose file had no rows (imported with `--allow-empty`): no rows
//! published is not zero crime.

use crate::{Db, Result, StoreError};
use opcc_domain::crime::{CoverageEntry, CoverageSpan, Kind, Month, gaps};
use sqlx::Row;
use sqlx::any::AnyRow;

fn entry(r: &AnyRow) -> Result<CoverageEntry> {
    let month: String = r.try_get("month")?;
    let kind: String = r.try_get("kind")?;
    Ok(CoverageEntry {
        force: r.try_get("force")?,
        month: Month::parse(&month).map_err(|e| StoreError::Invalid(e.to_string()))?,
        kind: Kind::parse(&kind).ok_or_else(|| StoreError::Invalid(format!("kind {kind:?}")))?,
        rows_loaded: r.try_get("rows_loaded")?,
        rows_skipped: r.try_get("rows_skipped")?,
        file_name: r.try_get("file_name")?,
        sha256: r.try_get("sha256")?,
        imported_at: r.try_get("imported_at")?,
    })
}

/// Every (force, month, kind) loaded, by force, kind and month.
pub async fn coverage(db: &Db) -> Result<Vec<CoverageEntry>> {
    sqlx::query(
        "SELECT force, month, kind, rows_loaded, rows_skipped, file_name, sha256, imported_at \
         FROM crime_coverage WHERE rows_loaded > 0 ORDER BY force, kind, month",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(entry)
    .collect()
}

/// The months of one force and kind loaded within [from, to].
pub async fn months_loaded(
    db: &Db,
    force: &str,
    kind: Kind,
    from: Month,
    to: Month,
) -> Result<Vec<Month>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT month FROM crime_coverage WHERE force = $1 AND kind = $2 AND month >= $3 \
         AND month <= $4 AND rows_loaded > 0 ORDER BY month",
    )
    .bind(force)
    .bind(kind.as_str())
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|m| Month::parse(m).map_err(|e| StoreError::Invalid(e.to_string())))
        .collect()
}

/// Per force and kind: first and last month loaded and the months missing between.
pub fn spans(entries: &[CoverageEntry]) -> Vec<CoverageSpan> {
    let mut out: Vec<CoverageSpan> = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (force, kind) = (&entries[i].force, entries[i].kind);
        let months: Vec<Month> = entries[i..]
            .iter()
            .take_while(|e| &e.force == force && e.kind == kind)
            .map(|e| e.month)
            .collect();
        i += months.len();
        out.push(CoverageSpan {
            force: force.clone(),
            kind,
            first: *months.iter().min().expect("one month at least"),
            last: *months.iter().max().expect("one month at least"),
            months_loaded: months.len() as i64,
            missing: gaps(&months),
        });
    }
    out
}
