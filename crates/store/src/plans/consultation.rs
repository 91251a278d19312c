//! What the public adds to a plan: comments during consultation (the Panel's questions and
//! recommendations are in `panel.rs`).

use super::edit::item_row;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::plans::PlanStatus;
use opcc_domain::plans::file::Day;
use serde::Serialize;
use sqlx::Row;

fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

/// A comment from the public on a plan in consultation. Its author's name and email are
/// personal data: kept for staff and the Panel, and left out of the audit entry.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PlanComment {
    pub id: i64,
    pub item_key: Option<String>,
    pub body: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub created_at: String,
}

/// Accepts a comment only while the plan is in consultation and on or before its closing day.
pub async fn add_comment(
    db: &Db,
    slug: &str,
    item_key: Option<&str>,
    body: &str,
    name: Option<&str>,
    email: Option<&str>,
    today: Day,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let r = sqlx::query("SELECT id, status, consultation_closes FROM plans WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("plan {slug:?}")))?;
    let plan: i64 = r.try_get("id")?;
    let status: String = r.try_get("status")?;
    let closes: Option<String> = r.try_get("consultation_closes")?;
    let open = status == PlanStatus::Consultation.as_str()
        && closes
            .as_deref()
            .is_some_and(|c| today.to_string().as_str() <= c);
    if !open {
        return Err(invalid("This plan is not open for comments"));
    }
    if let Some(k) = item_key {
        item_row(&mut tx, plan, k).await?;
    }
    let id: i64 = sqlx::query(
        "INSERT INTO plan_comments (plan_id, item_key, body, name, email, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(plan)
    .bind(item_key)
    .bind(body.trim())
    .bind(name.map(str::trim).filter(|s| !s.is_empty()))
    .bind(email.map(str::trim).filter(|s| !s.is_empty()))
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit(
        &Actor {
            id: None,
            label: "public".into(),
        },
        Change::new("plan.comment", "plan_comment", &id.to_string()).after(&serde_json::json!({
            "plan": slug, "item": item_key, "characters": body.trim().chars().count(),
        })),
    )
    .await?;
    Ok(id)
}

pub async fn comments(db: &Db, slug: &str) -> Result<Vec<PlanComment>> {
    let rows = sqlx::query_as(
        "SELECT c.id, c.item_key, c.body, c.name, c.email, c.created_at FROM plan_comments c \
         JOIN plans p ON p.id = c.plan_id WHERE p.slug = $1 ORDER BY c.created_at, c.id",
    )
    .bind(slug)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows)
}
