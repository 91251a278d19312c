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

/// Plans whose commenters' names and emails are past keeping on `today`: a year after the
/// consultation closed, the surveys' rule (a plan with no closing day counts from its last
/// comment).
pub async fn expired_comment_plans(db: &Db, today: time::Date) -> Result<Vec<i64>> {
    let rows: Vec<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT p.id, p.consultation_closes, MAX(c.created_at) FROM plans p \
         JOIN plan_comments c ON c.plan_id = p.id \
         WHERE c.name IS NOT NULL OR c.email IS NOT NULL \
         GROUP BY p.id, p.consultation_closes ORDER BY p.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let day = |s: &str| {
        time::Date::parse(
            s.get(..10)?,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .ok()
    };
    Ok(rows
        .into_iter()
        .filter(|(_, closes, last)| {
            closes
                .as_deref()
                .and_then(day)
                .or_else(|| day(last))
                .is_some_and(|c| opcc_domain::engagement::personal_data_expired(c, today))
        })
        .map(|(id, ..)| id)
        .collect())
}

/// Erases the names and emails given with one plan's comments; the comments stay, as the
/// consultation's record. The audit entry counts them and names no one.
pub async fn erase_comment_personal(db: &Db, actor: &Actor, plan_id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE plan_comments SET name = NULL, email = NULL \
         WHERE plan_id = $1 AND (name IS NOT NULL OR email IS NOT NULL)",
    )
    .bind(plan_id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit(
        actor,
        Change::new("plan.comments_erase_personal", "plan", &plan_id.to_string())
            .after(&serde_json::json!({"comments": n, "rule": "retention"})),
    )
    .await?;
    Ok(())
}
