//! Publishing a quarter locks its figures: after that they change only by a correction that
//! records the reason, the old and the new value.

use super::values::{Origin, existing, upsert};
use crate::audit::{Actor, Change};
use crate::plans::plan_id;
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::measures::MeasureValue;
use opcc_domain::periods::Period;
use serde::Serialize;
use sqlx::{AnyConnection, Row};

pub(crate) async fn locked_in(conn: &mut AnyConnection, plan: i64) -> Result<Vec<Period>> {
    sqlx::query("SELECT quarter FROM locked_quarters WHERE plan_id = $1 ORDER BY quarter")
        .bind(plan)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let q: String = r.try_get("quarter")?;
            Period::parse(&q).map_err(StoreError::Invalid)
        })
        .collect()
}

/// A month or quarter is locked when its quarter is; a financial year when any of its
/// quarters is (its figure is built from them).
pub fn is_locked(locked: &[Period], p: Period) -> bool {
    match p.quarter() {
        Some(q) => locked.contains(&q),
        None => locked
            .iter()
            .any(|q| q.financial_year() == p.financial_year()),
    }
}

pub async fn locked_quarters(db: &Db, slug: &str) -> Result<Vec<Period>> {
    let mut conn = db.pool.acquire().await?;
    let plan = plan_id(&mut conn, slug).await?;
    locked_in(&mut conn, plan).await
}

/// Locks a quarter (publishing its pack); locking twice changes nothing.
pub async fn lock_quarter(db: &Db, actor: &Actor, slug: &str, quarter: Period) -> Result<bool> {
    if !matches!(quarter, Period::Quarter(..)) {
        return Err(StoreError::Invalid(format!("{quarter} is not a quarter")));
    }
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    if locked_in(&mut tx, plan).await?.contains(&quarter) {
        return Ok(false);
    }
    sqlx::query("INSERT INTO locked_quarters (plan_id, quarter, locked_at, locked_by) VALUES ($1, $2, $3, $4)")
        .bind(plan)
        .bind(quarter.to_string())
        .bind(now_utc())
        .bind(&actor.label)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("measure.quarter_publish", "plan", slug)
            .after(&serde_json::json!({ "quarter": quarter })),
    )
    .await?;
    Ok(true)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Correction {
    #[sqlx(rename = "measure_key")]
    pub measure: String,
    pub period: String,
    pub area: String,
    pub old_value: Option<String>,
    pub new_value: String,
    pub reason: String,
    pub corrected_by: String,
    pub corrected_at: String,
}

/// Changes a value in a locked quarter, recording why. The reason is required.
pub async fn correct(
    db: &Db,
    actor: &Actor,
    slug: &str,
    value: &MeasureValue,
    reason: &str,
) -> Result<()> {
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid(
            "Give the reason for the correction".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let old = existing(&mut tx, plan, value).await?;
    upsert(
        &mut tx,
        plan,
        value,
        Origin::Correction,
        actor,
        old.is_none(),
    )
    .await?;
    let c = Correction {
        measure: value.measure.clone(),
        period: value.period.to_string(),
        area: value.area.clone(),
        old_value: old.as_ref().map(|o| o.value.to_string()),
        new_value: value.value.to_string(),
        reason: reason.trim().to_string(),
        corrected_by: actor.label.clone(),
        corrected_at: now_utc(),
    };
    sqlx::query(
        "INSERT INTO measure_corrections (plan_id, measure_key, period, area, old_value, \
         new_value, reason, corrected_by, corrected_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(plan)
    .bind(&c.measure)
    .bind(&c.period)
    .bind(&c.area)
    .bind(&c.old_value)
    .bind(&c.new_value)
    .bind(&c.reason)
    .bind(&c.corrected_by)
    .bind(&c.corrected_at)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("measure.correction", "plan", slug)
            .before(&old)
            .after(&serde_json::json!({ "value": value, "reason": c.reason })),
    )
    .await?;
    Ok(())
}

pub async fn corrections(db: &Db, slug: &str, measure: &str) -> Result<Vec<Correction>> {
    let rows = sqlx::query_as(
        "SELECT c.measure_key, c.period, c.area, c.old_value, c.new_value, c.reason, \
         c.corrected_by, c.corrected_at FROM measure_corrections c JOIN plans p ON p.id = c.plan_id \
         WHERE p.slug = $1 AND c.measure_key = $2 ORDER BY c.corrected_at, c.id",
    )
    .bind(slug)
    .bind(measure)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows)
}
