//! The joint risk register of the Commissioner and the Chief Constable, seen by the office and
//! reported to the Joint Audit Advisory Committee: each risk scored likelihood x impact before
//! and after its controls, with actions, a review date and its trend.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::governance::{TRENDS, risk_score};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct Risk {
    pub reference: String,
    pub title: String,
    pub owner: String,
    pub likelihood_before: i64,
    pub impact_before: i64,
    pub likelihood_after: i64,
    pub impact_after: i64,
    pub controls: String,
    pub actions: String,
    pub review_on: String,
    pub trend: String,
}

impl Risk {
    fn check(&self) -> Result<()> {
        let inv = |m: String| StoreError::Invalid(m);
        if self.reference.trim().is_empty()
            || self.title.trim().is_empty()
            || self.owner.trim().is_empty()
        {
            return Err(inv("reference, title and owner are required".into()));
        }
        risk_score(self.likelihood_before, self.impact_before)
            .map_err(|e| inv(format!("before controls: {e}")))?;
        risk_score(self.likelihood_after, self.impact_after)
            .map_err(|e| inv(format!("after controls: {e}")))?;
        if !TRENDS.iter().any(|(t, _)| *t == self.trend) {
            return Err(inv(format!(
                "trend: {:?} is not rising, steady or falling",
                self.trend
            )));
        }
        time::Date::parse(
            &self.review_on,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .map_err(|_| inv("review_on: enter a date like 2025-06-30".into()))?;
        Ok(())
    }
}

const COLUMNS: &str = "reference, title, owner, likelihood_before, impact_before, likelihood_after, \
     impact_after, controls, actions, review_on, trend";

/// Highest residual score first.
pub async fn list(db: &Db) -> Result<Vec<Risk>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_risks ORDER BY likelihood_after * impact_after DESC, reference"
    ))
    .fetch_all(&db.pool)
    .await?)
}

pub(crate) async fn save_in(tx: &mut WriteTx, r: &Risk) -> Result<Option<Risk>> {
    r.check()?;
    let before: Option<Risk> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM gov_risks WHERE reference = $1"
    ))
    .bind(r.reference.trim())
    .fetch_optional(&mut **tx)
    .await?;
    if before.is_some() {
        sqlx::query("DELETE FROM gov_risks WHERE reference = $1")
            .bind(r.reference.trim())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query(
        "INSERT INTO gov_risks (reference, title, owner, likelihood_before, impact_before, \
         likelihood_after, impact_after, controls, actions, review_on, trend, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(r.reference.trim())
    .bind(r.title.trim())
    .bind(r.owner.trim())
    .bind(r.likelihood_before)
    .bind(r.impact_before)
    .bind(r.likelihood_after)
    .bind(r.impact_after)
    .bind(r.controls.trim())
    .bind(r.actions.trim())
    .bind(&r.review_on)
    .bind(&r.trend)
    .bind(now_utc())
    .execute(&mut **tx)
    .await?;
    Ok(before)
}

/// Adds a risk or replaces the one with the same reference.
pub async fn save(db: &Db, actor: &Actor, r: &Risk) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let before = save_in(&mut tx, r).await?;
    let mut change = Change::new("governance.risk_save", "gov_risk", r.reference.trim()).after(r);
    if let Some(b) = &before {
        change = change.before(b);
    }
    tx.commit(actor, change).await?;
    Ok(())
}
