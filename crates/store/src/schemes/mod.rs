//! Volunteer scrutiny schemes: the schemes and their places here; volunteers (personal data,
//! the office's only) in `volunteers`; reports, observations, findings and corrections in
//! `reports`; the out-of-court resolution panel in `panel`; the published figures in `stats`;
//! the demo's year, 2023-24, in `demo`.

pub mod demo;
pub mod events;
pub mod expenses;
pub mod feedback;
pub mod findings;
pub mod lifecycle;
pub mod panel;
pub mod reports;
pub mod retention;
pub mod rota;
pub mod staff;
pub mod stats;
pub mod volunteers;

use crate::{Db, Result, StoreError, WriteTx};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Scheme {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub target_per_month: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Place {
    pub id: i64,
    pub scheme_id: i64,
    pub name: String,
}

pub async fn schemes(db: &Db) -> Result<Vec<Scheme>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, name, kind, target_per_month FROM sch_schemes ORDER BY position",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub async fn scheme(db: &Db, slug: &str) -> Result<Scheme> {
    let s: Option<Scheme> = sqlx::query_as(
        "SELECT id, slug, name, kind, target_per_month FROM sch_schemes WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    s.ok_or_else(|| StoreError::NotFound(format!("scheme {slug}")))
}

/// A scheme's places, or every scheme's.
pub async fn places(db: &Db, scheme_id: Option<i64>) -> Result<Vec<Place>> {
    Ok(sqlx::query_as(
        "SELECT id, scheme_id, name FROM sch_places WHERE scheme_id = $1 OR $1 = 0 \
         ORDER BY scheme_id, id",
    )
    .bind(scheme_id.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

pub(crate) async fn insert_place(tx: &mut WriteTx, scheme_id: i64, name: &str) -> Result<i64> {
    Ok(
        sqlx::query_scalar("INSERT INTO sch_places (scheme_id, name) VALUES ($1, $2) RETURNING id")
            .bind(scheme_id)
            .bind(name)
            .fetch_one(&mut **tx)
            .await?,
    )
}

fn day(field: &str, s: &str) -> Result<time::Date> {
    opcc_domain::schemes::oocr::parse_day(s)
        .ok_or_else(|| StoreError::Invalid(format!("{field}: enter a date like 2024-04-01")))
}
