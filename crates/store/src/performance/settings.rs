//! Each measure's settings: who owns it, its target, where its process limits are rebased,
//! and a national or peer figure to compare with.

use crate::audit::{Actor, Change};
use crate::plans::plan_id;
use crate::{Db, Result, StoreError};
use opcc_domain::periods::Period;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::str::FromStr;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeasureSettings {
    pub owner_id: Option<i64>,
    pub target: Option<Decimal>,
    /// Periods where a new phase of the chart starts (e.g. a change in recording practice).
    pub rebase_at: Vec<Period>,
    /// The period changes are measured against, besides the same period last year.
    pub baseline: Option<Period>,
    pub comparator_value: Option<Decimal>,
    /// What the comparator is, e.g. "England and Wales, 2023-24".
    pub comparator_label: Option<String>,
}

fn dec(s: Option<String>) -> Result<Option<Decimal>> {
    s.map(|s| Decimal::from_str(&s).map_err(|e| StoreError::Invalid(e.to_string())))
        .transpose()
}

pub async fn settings(db: &Db, slug: &str, measure: &str) -> Result<MeasureSettings> {
    let row = sqlx::query(
        "SELECT s.owner_id, s.target, s.rebase_at, s.baseline_period, s.comparator_value, \
         s.comparator_label FROM measure_settings s JOIN plans p ON p.id = s.plan_id \
         WHERE p.slug = $1 AND s.measure_key = $2",
    )
    .bind(slug)
    .bind(measure)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else {
        return Ok(MeasureSettings::default());
    };
    let rebase: String = r.try_get("rebase_at")?;
    let baseline: Option<String> = r.try_get("baseline_period")?;
    Ok(MeasureSettings {
        owner_id: r.try_get("owner_id")?,
        target: dec(r.try_get("target")?)?,
        rebase_at: serde_json::from_str(&rebase).map_err(|e| StoreError::Invalid(e.to_string()))?,
        baseline: baseline
            .map(|b| Period::parse(&b))
            .transpose()
            .map_err(StoreError::Invalid)?,
        comparator_value: dec(r.try_get("comparator_value")?)?,
        comparator_label: r.try_get("comparator_label")?,
    })
}

pub async fn set_settings(
    db: &Db,
    actor: &Actor,
    slug: &str,
    measure: &str,
    s: &MeasureSettings,
) -> Result<()> {
    let before = settings(db, slug, measure).await?;
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    sqlx::query("DELETE FROM measure_settings WHERE plan_id = $1 AND measure_key = $2")
        .bind(plan)
        .bind(measure)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO measure_settings (plan_id, measure_key, owner_id, target, rebase_at, \
         baseline_period, comparator_value, comparator_label) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(plan)
    .bind(measure)
    .bind(s.owner_id)
    .bind(s.target.map(|d| d.to_string()))
    .bind(serde_json::to_string(&s.rebase_at).expect("periods serialise"))
    .bind(s.baseline.map(|p| p.to_string()))
    .bind(s.comparator_value.map(|d| d.to_string()))
    .bind(&s.comparator_label)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "measure.settings",
            "plan_measure",
            &format!("{slug}.{measure}"),
        )
        .before(&before)
        .after(s),
    )
    .await?;
    Ok(())
}
