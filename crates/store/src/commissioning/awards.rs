//! Awards as they are read: the office's own (from the grant cycle, each with its decision)
//! and past grants imported from 360Giving files, with their fund, plan priority and area;
//! and each award's payments.

use crate::{Db, Result, StoreError};
use serde::Serialize;

/// The funder named in the office's own awards.
pub const FUNDER_ID: &str = "360G-cheshirepcc-office";
pub const FUNDER_NAME: &str = "Police and Crime Commissioner for Cheshire";

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Award {
    pub id: i64,
    pub identifier: String,
    pub application_id: Option<i64>,
    pub programme_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub amount: String,
    pub currency: String,
    pub award_date: String,
    pub recipient_org_id: String,
    pub recipient_name: String,
    pub recipient_charity_number: String,
    pub recipient_company_number: String,
    pub funder_org_id: String,
    pub funder_name: String,
    pub programme_title: String,
    pub local_authority: String,
    pub local_authority_name: String,
    pub fund_title: String,
    pub fund_year: String,
    pub priority_title: String,
    pub decision_number: Option<String>,
    pub source: String,
}

const AWARD: &str = "SELECT a.id, a.identifier, a.application_id, a.programme_id, \
    a.title, a.description, a.amount, a.currency, a.award_date, a.recipient_org_id, \
    a.recipient_name, a.recipient_charity_number, a.recipient_company_number, a.funder_org_id, \
    a.funder_name, a.programme_title, a.local_authority, \
    COALESCE(la.name, '') AS local_authority_name, COALESCE(f.title, '') AS fund_title, \
    COALESCE(f.year, '') AS fund_year, \
    COALESCE((SELECT i.title FROM plan_items i JOIN plans pl ON pl.id = i.plan_id \
      WHERE pl.slug = p.plan_slug AND i.key = p.priority_key), '') AS priority_title, \
    a.decision_number, a.source FROM com_awards a \
    LEFT JOIN com_programmes p ON p.id = a.programme_id \
    LEFT JOIN com_funds f ON f.id = p.fund_id \
    LEFT JOIN local_authorities la ON la.gss_code = a.local_authority";

/// Every award, newest first: the office's own (`source` 'office') and imported past grants.
pub async fn awards(db: &Db) -> Result<Vec<Award>> {
    Ok(
        sqlx::query_as(&format!("{AWARD} ORDER BY a.award_date DESC, a.id DESC"))
            .fetch_all(&db.pool)
            .await?,
    )
}

pub async fn award_by_identifier(db: &Db, identifier: &str) -> Result<Award> {
    sqlx::query_as(&format!("{AWARD} WHERE a.identifier = $1"))
        .bind(identifier)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("award {identifier}")))
}

/// Payments of an award: (due, amount, paid on).
pub async fn payments(db: &Db, award_id: i64) -> Result<Vec<(String, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT due_on, amount, paid_on FROM com_payments WHERE award_id = $1 ORDER BY due_on",
    )
    .bind(award_id)
    .fetch_all(&db.pool)
    .await?)
}
