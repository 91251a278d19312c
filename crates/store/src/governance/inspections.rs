//! HMICFRS inspections of the force: PEEL grades by area, causes of concern, areas for
//! improvement and recommendations, the Commissioner's response (due within 56 days of
//! publication), and each finding tracked to closure with its evidence.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Inspection {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub published_on: String,
    pub url: String,
    pub summary: String,
    pub response: String,
    pub response_published_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Grade {
    pub area: String,
    pub grade: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Finding {
    pub id: i64,
    pub inspection_id: i64,
    pub kind: String,
    pub reference: String,
    pub text: String,
    pub owner: String,
    pub status: String,
    pub evidence: String,
    pub closed_on: Option<String>,
}

const COLUMNS: &str =
    "id, title, kind, published_on, url, summary, response, response_published_on";

pub async fn list(db: &Db) -> Result<Vec<Inspection>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_inspections ORDER BY published_on DESC, id DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

pub async fn get(db: &Db, id: i64) -> Result<Inspection> {
    let i: Option<Inspection> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_inspections WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    i.ok_or_else(|| StoreError::NotFound(format!("inspection {id}")))
}

pub async fn grades(db: &Db, id: i64) -> Result<Vec<Grade>> {
    Ok(sqlx::query_as(
        "SELECT area, grade FROM gov_inspection_grades WHERE inspection_id = $1 ORDER BY id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

const FINDING_COLUMNS: &str =
    "id, inspection_id, kind, reference, text, owner, status, evidence, closed_on";

/// An inspection's findings; every inspection's when `inspection` is None.
pub async fn findings(db: &Db, inspection: Option<i64>) -> Result<Vec<Finding>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {FINDING_COLUMNS} FROM gov_findings WHERE inspection_id = $1 OR $1 = 0 \
         ORDER BY inspection_id, kind, reference"
    ))
    .bind(inspection.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

pub struct NewInspection<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub published_on: &'a str,
    pub url: &'a str,
    pub summary: &'a str,
    pub grades: &'a [(&'a str, &'a str)],
    /// (kind, reference, text, owner)
    pub findings: &'a [(&'a str, &'a str, &'a str, &'a str)],
}

pub(crate) async fn insert(tx: &mut WriteTx, i: &NewInspection<'_>) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gov_inspections (title, kind, published_on, url, summary, response) \
         VALUES ($1, $2, $3, $4, $5, '') RETURNING id",
    )
    .bind(i.title)
    .bind(i.kind)
    .bind(i.published_on)
    .bind(i.url)
    .bind(i.summary)
    .fetch_one(&mut **tx)
    .await?;
    for (area, grade) in i.grades {
        if !opcc_domain::governance::PEEL_GRADES.contains(grade) {
            return Err(StoreError::Invalid(format!(
                "grade: {grade:?} is not a PEEL grade"
            )));
        }
        sqlx::query(
            "INSERT INTO gov_inspection_grades (inspection_id, area, grade) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(*area)
        .bind(*grade)
        .execute(&mut **tx)
        .await?;
    }
    for (kind, reference, text, owner) in i.findings {
        sqlx::query(
            "INSERT INTO gov_findings (inspection_id, kind, reference, text, owner, status, evidence) \
             VALUES ($1, $2, $3, $4, $5, 'open', '')",
        )
        .bind(id)
        .bind(*kind)
        .bind(*reference)
        .bind(*text)
        .bind(*owner)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

pub(crate) async fn respond_in(tx: &mut WriteTx, id: i64, response: &str, on: &str) -> Result<()> {
    if response.trim().is_empty() {
        return Err(StoreError::Invalid(
            "response: enter the Commissioner's response".into(),
        ));
    }
    time::Date::parse(on, &time::format_description::well_known::Iso8601::DATE).map_err(|_| {
        StoreError::Invalid("response_published_on: enter a date like 2025-04-01".into())
    })?;
    let n = sqlx::query(
        "UPDATE gov_inspections SET response = $1, response_published_on = $2 WHERE id = $3",
    )
    .bind(response.trim())
    .bind(on)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("inspection {id}")));
    }
    Ok(())
}

/// Records the Commissioner's published response.
pub async fn respond(db: &Db, actor: &Actor, id: i64, response: &str, on: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    respond_in(&mut tx, id, response, on).await?;
    tx.commit(
        actor,
        Change::new(
            "governance.inspection_respond",
            "gov_inspection",
            &id.to_string(),
        )
        .after(&serde_json::json!({"response": response, "published_on": on})),
    )
    .await?;
    Ok(())
}

pub(crate) async fn track_in(
    tx: &mut WriteTx,
    id: i64,
    status: &str,
    evidence: &str,
    on: &str,
) -> Result<Finding> {
    opcc_domain::governance::check_closure(status, evidence).map_err(StoreError::Invalid)?;
    let closed_on = (status == "closed").then_some(on);
    let n = sqlx::query(
        "UPDATE gov_findings SET status = $1, evidence = $2, closed_on = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(evidence.trim())
    .bind(closed_on)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("finding {id}")));
    }
    let f: Finding = sqlx::query_as(&format!(
        "SELECT {FINDING_COLUMNS} FROM gov_findings WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(f)
}

/// Moves a finding on: in progress, or closed with the evidence that it was met (`on` is the
/// day it closed).
pub async fn track(
    db: &Db,
    actor: &Actor,
    id: i64,
    status: &str,
    evidence: &str,
    on: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let f = track_in(&mut tx, id, status, evidence, on).await?;
    tx.commit(
        actor,
        Change::new("governance.finding_track", "gov_finding", &id.to_string()).after(&f),
    )
    .await?;
    Ok(())
}
