//! Commissioned services: the contract (provider, value, term, extension, KPIs), the
//! service's stage in the four-stage cycle, its directory entry, and its providers' returns,
//! saved all or nothing and rolled up by service, year and local authority.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::commissioning::returns::Return;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Service {
    pub id: i64,
    pub uuid: String,
    pub slug: String,
    pub programme_id: i64,
    pub programme_title: String,
    pub fund_title: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_org_id: String,
    pub organisation_web: String,
    pub name: String,
    pub description: String,
    pub eligibility: String,
    pub areas: String,
    pub email: String,
    pub phone: String,
    pub url: String,
    pub opening_hours: String,
    pub contract_value: String,
    pub starts_on: String,
    pub ends_on: String,
    pub extension: String,
    pub kpis: String,
    pub stage: String,
    pub need_evidence: String,
    pub review_outcome: Option<String>,
    pub next_decision_on: Option<String>,
}

const SERVICE: &str = "SELECT s.id, s.uuid, s.slug, s.programme_id, p.title AS programme_title, \
    f.title AS fund_title, s.organisation_id, o.name AS organisation_name, \
    o.org_id AS organisation_org_id, o.web AS organisation_web, s.name, s.description, \
    s.eligibility, s.areas, s.email, s.phone, s.url, s.opening_hours, s.contract_value, \
    s.starts_on, s.ends_on, s.extension, s.kpis, s.stage, s.need_evidence, s.review_outcome, \
    s.next_decision_on FROM com_services s JOIN com_programmes p ON p.id = s.programme_id \
    JOIN com_funds f ON f.id = p.fund_id JOIN com_organisations o ON o.id = s.organisation_id";

pub async fn services(db: &Db) -> Result<Vec<Service>> {
    Ok(sqlx::query_as(&format!("{SERVICE} ORDER BY s.name"))
        .fetch_all(&db.pool)
        .await?)
}

pub async fn service(db: &Db, slug: &str) -> Result<Service> {
    sqlx::query_as(&format!("{SERVICE} WHERE s.slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("service {slug}")))
}

pub async fn service_by_uuid(db: &Db, uuid: &str) -> Result<Service> {
    sqlx::query_as(&format!("{SERVICE} WHERE s.uuid = $1"))
        .bind(uuid)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("service {uuid}")))
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReturnRow {
    pub id: i64,
    pub service_slug: String,
    pub service_name: String,
    pub organisation_id: i64,
    pub year: String,
    pub quarter: i64,
    pub local_authority: String,
    pub referrals: i64,
    pub supported: i64,
    pub coping_improved: String,
    pub waiting_days: String,
    pub narrative: String,
    pub status: String,
    pub submitted_at: String,
    /// The office's query, if it asked about the return; '' otherwise.
    pub query: String,
}

const RETURN: &str = "SELECT r.id, s.slug AS service_slug, s.name AS service_name, \
    s.organisation_id, r.year, r.quarter, r.local_authority, r.referrals, r.supported, \
    r.coping_improved, r.waiting_days, r.narrative, r.status, r.submitted_at, r.query \
    FROM com_returns r JOIN com_services s ON s.id = r.service_id";

/// Returns, newest first: one organisation's, or all (`None`).
pub async fn returns(db: &Db, organisation: Option<i64>) -> Result<Vec<ReturnRow>> {
    let order = "ORDER BY r.year DESC, r.quarter DESC, s.name";
    Ok(match organisation {
        Some(o) => {
            sqlx::query_as(&format!("{RETURN} WHERE s.organisation_id = $1 {order}"))
                .bind(o)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            sqlx::query_as(&format!("{RETURN} {order}"))
                .fetch_all(&db.pool)
                .await?
        }
    })
}

/// Saves returns all or nothing, each replacing any earlier return for its service, period
/// and area. A provider (`organisation` set) may send returns only for its own services. A
/// year holds either quarterly returns or one whole-year return, never both.
pub async fn save_returns(
    db: &Db,
    actor: &Actor,
    organisation: Option<i64>,
    source: &str,
    rows: &[Return],
) -> Result<usize> {
    let services = services(db).await?;
    let mut tx = db.begin_write().await?;
    for (i, r) in rows.iter().enumerate() {
        let n = i + 1;
        let s = services
            .iter()
            .find(|s| s.slug == r.service)
            .ok_or_else(|| {
                StoreError::Invalid(format!(
                    "{source}, return {n}: there is no service {:?}",
                    r.service
                ))
            })?;
        if organisation.is_some_and(|o| o != s.organisation_id) {
            return Err(StoreError::Forbidden(format!(
                "{source}, return {n}: {} is another organisation's service",
                s.name
            )));
        }
        let year = r.year.to_string();
        let clash: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM com_returns WHERE service_id = $1 AND year = $2 \
             AND local_authority = $3 AND (quarter = 0) <> ($4 = 0)",
        )
        .bind(s.id)
        .bind(&year)
        .bind(&r.local_authority)
        .bind(r.quarter)
        .fetch_one(&mut *tx)
        .await?;
        if clash > 0 {
            return Err(StoreError::Invalid(format!(
                "{source}, return {n}: {} {year} already has {} returns; a year is returned by quarter or as a whole, not both",
                s.name,
                if r.quarter == 0 {
                    "quarterly"
                } else {
                    "a whole-year"
                }
            )));
        }
        sqlx::query(
            "DELETE FROM com_returns WHERE service_id = $1 AND year = $2 AND quarter = $3 \
             AND local_authority = $4",
        )
        .bind(s.id)
        .bind(&year)
        .bind(r.quarter)
        .bind(&r.local_authority)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO com_returns (service_id, year, quarter, local_authority, referrals, \
             supported, coping_improved, waiting_days, narrative, status, submitted_by, \
             submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $11)",
        )
        .bind(s.id)
        .bind(&year)
        .bind(r.quarter)
        .bind(&r.local_authority)
        .bind(r.referrals)
        .bind(r.supported)
        .bind(&r.coping_improved)
        .bind(&r.waiting_days)
        .bind(&r.narrative)
        .bind(&actor.label)
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new("commissioning.returns_save", "com_returns", source)
            .after(&serde_json::json!({"returns": rows})),
    )
    .await?;
    Ok(rows.len())
}

/// The office marks a return reviewed; plan measures derived from the service's returns
/// take it.
pub async fn review_return(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let n = sqlx::query("UPDATE com_returns SET status = 'reviewed', query = '' WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("return {id}")));
    }
    tx.commit(
        actor,
        Change::new("commissioning.return_review", "com_return", &id.to_string()),
    )
    .await?;
    // A reviewed return is the office's figure: plan measures fed from it follow.
    super::measure::derive_returns(db, actor).await?;
    Ok(())
}

/// The office queries a return, saying why; it stays to review until the provider sends it
/// again (which clears the query) or the office accepts it.
pub async fn query_return(db: &Db, actor: &Actor, id: i64, reason: &str) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(
            "reason: say what the provider should check or explain".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let n = sqlx::query("UPDATE com_returns SET status = 'submitted', query = $1 WHERE id = $2")
        .bind(reason.trim())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("return {id}")));
    }
    tx.commit(
        actor,
        Change::new("commissioning.return_query", "com_return", &id.to_string())
            .after(&serde_json::json!({"reason": reason.trim()})),
    )
    .await?;
    Ok(())
}

/// A service's year in one row: referrals and people supported summed over its returns.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct YearSummary {
    pub service_slug: String,
    pub service_name: String,
    pub organisation_name: String,
    pub year: String,
    pub referrals: i64,
    pub supported: i64,
    pub returns: i64,
}

/// Every service's totals by financial year, newest year first, in service order.
pub async fn summary(db: &Db) -> Result<Vec<YearSummary>> {
    Ok(sqlx::query_as(
        "SELECT s.slug AS service_slug, s.name AS service_name, o.name AS organisation_name, \
         r.year, CAST(SUM(r.referrals) AS BIGINT) AS referrals, \
         CAST(SUM(r.supported) AS BIGINT) AS supported, \
         COUNT(*) AS returns FROM com_returns r JOIN com_services s ON s.id = r.service_id \
         JOIN com_organisations o ON o.id = s.organisation_id \
         GROUP BY s.slug, s.name, o.name, r.year, s.id ORDER BY r.year DESC, s.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// A service's year in one local authority: referrals and people supported summed over its
/// returns for that area. `local_authority` is the GSS code, '' for returns given for every
/// area the service covers; `area_name` is the authority's name, or '' where it is unknown.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AreaSummary {
    pub service_slug: String,
    pub service_name: String,
    pub year: String,
    pub local_authority: String,
    pub area_name: String,
    pub referrals: i64,
    pub supported: i64,
}

/// Every service's totals by financial year and local authority: newest year first, then in
/// service order, then by the authority's name (returns for every area last).
pub async fn summary_by_area(db: &Db) -> Result<Vec<AreaSummary>> {
    Ok(sqlx::query_as(
        "SELECT s.slug AS service_slug, s.name AS service_name, r.year, r.local_authority, \
         COALESCE(MAX(la.name), '') AS area_name, \
         CAST(SUM(r.referrals) AS BIGINT) AS referrals, \
         CAST(SUM(r.supported) AS BIGINT) AS supported \
         FROM com_returns r JOIN com_services s ON s.id = r.service_id \
         LEFT JOIN local_authorities la ON la.gss_code = r.local_authority \
         GROUP BY s.slug, s.name, r.year, r.local_authority, s.id \
         ORDER BY r.year DESC, s.id, CASE WHEN r.local_authority = '' THEN 1 ELSE 0 END, \
         COALESCE(MAX(la.name), ''), r.local_authority",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// The office moves a service through the cycle and records its review.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct CycleStep {
    pub stage: String,
    pub review_outcome: String,
    pub next_decision_on: String,
}

pub async fn set_stage(db: &Db, actor: &Actor, slug: &str, c: &CycleStep) -> Result<()> {
    use opcc_domain::commissioning::Stage;
    let stage = Stage::parse(&c.stage)
        .ok_or_else(|| StoreError::Invalid("stage: choose a stage".into()))?;
    let outcome = match c.review_outcome.as_str() {
        "" => None,
        o @ ("recommission" | "change" | "decommission") => Some(o),
        _ => {
            return Err(StoreError::Invalid(
                "review_outcome: choose an outcome".into(),
            ));
        }
    };
    let next = c.next_decision_on.trim();
    if !next.is_empty()
        && time::Date::parse(next, &time::format_description::well_known::Iso8601::DATE).is_err()
    {
        return Err(StoreError::Invalid(
            "next_decision_on: enter a date like 2026-03-31".into(),
        ));
    }
    service(db, slug).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE com_services SET stage = $1, review_outcome = $2, next_decision_on = $3 \
         WHERE slug = $4",
    )
    .bind(stage.as_str())
    .bind(outcome)
    .bind((!next.is_empty()).then_some(next))
    .bind(slug)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("commissioning.service_stage", "com_service", slug).after(c),
    )
    .await?;
    Ok(())
}
