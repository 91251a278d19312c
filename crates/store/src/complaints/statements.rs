//! The item 7C statement as published: each publication freezes the year's narrative and its
//! figures (the IOPC's and the office's own as review body) into a numbered version that never
//! changes (the table refuses updates and deletes), so that the page the public read can be
//! shown again after the records move on. The draft narrative is `oversight::statement`.

use super::oversight::{FigureRow, ReviewFigures};
use crate::audit::Actor;
use crate::{Db, Result, StoreError, now_utc};
use serde::{Deserialize, Serialize};

/// The figures as they stood when a version was published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Frozen {
    pub iopc: Vec<FigureRow>,
    pub reviews: ReviewFigures,
}

#[derive(Debug, Clone)]
pub struct Version {
    pub year: i64,
    pub version: i64,
    pub narrative: String,
    pub figures: Frozen,
    pub published_at: String,
}

/// The year's figures as they stand, to freeze.
pub(crate) async fn frozen(db: &Db, year: i32) -> Result<Frozen> {
    Ok(Frozen {
        iopc: super::oversight::figures(db, Some(year)).await?,
        reviews: super::oversight::review_figures(db, year).await?,
    })
}

/// Freezes the year's narrative and figures into its next version, in the caller's
/// transaction; returns the version's number.
pub(crate) async fn freeze(
    tx: &mut crate::write::WriteTx,
    actor: &Actor,
    year: i32,
    narrative: &str,
    frozen: &Frozen,
) -> Result<i64> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version) FROM complaints_statement_versions WHERE year = $1",
    )
    .bind(i64::from(year))
    .fetch_one(&mut **tx)
    .await?;
    let version = last.unwrap_or(0) + 1;
    let figures =
        serde_json::to_string(frozen).map_err(|e| StoreError::Invalid(format!("figures: {e}")))?;
    sqlx::query(
        "INSERT INTO complaints_statement_versions \
         (year, version, narrative, figures, published_at, published_by) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(i64::from(year))
    .bind(version)
    .bind(narrative)
    .bind(&figures)
    .bind(now_utc())
    .bind(actor.id)
    .execute(&mut **tx)
    .await?;
    Ok(version)
}

type VersionRow = (i64, i64, String, String, String);

/// A year's published version: `n`, or the latest when `None`.
pub async fn version(db: &Db, year: i32, n: Option<i64>) -> Result<Option<Version>> {
    let row: Option<VersionRow> = sqlx::query_as(
        "SELECT year, version, narrative, figures, published_at \
         FROM complaints_statement_versions WHERE year = $1 AND (version = $2 OR $2 = 0) \
         ORDER BY version DESC LIMIT 1",
    )
    .bind(i64::from(year))
    .bind(n.unwrap_or(0))
    .fetch_optional(&db.pool)
    .await?;
    let Some((year, version, narrative, figures, published_at)) = row else {
        return Ok(None);
    };
    let figures: Frozen = serde_json::from_str(&figures)
        .map_err(|e| StoreError::Invalid(format!("statement {year} version {version}: {e}")))?;
    Ok(Some(Version {
        year,
        version,
        narrative,
        figures,
        published_at,
    }))
}

/// Every published version of a year: (version, published at), oldest first.
pub async fn versions(db: &Db, year: i32) -> Result<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT version, published_at FROM complaints_statement_versions WHERE year = $1 \
         ORDER BY version",
    )
    .bind(i64::from(year))
    .fetch_all(&db.pool)
    .await?)
}

/// The years with a published statement, newest first.
pub async fn published_years(db: &Db) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT year FROM complaints_statement_versions ORDER BY year DESC",
    )
    .fetch_all(&db.pool)
    .await?)
}
