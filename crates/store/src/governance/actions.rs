//! Actions from meetings: each with an owner, a due date and a status, and every update kept.
//! An action still open when its body meets again is carried forward onto that meeting.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Action {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_starts_at: String,
    pub description: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Update {
    pub at: String,
    pub by_label: String,
    pub status: String,
    pub note: String,
}

const COLUMNS: &str = "a.id, a.meeting_id, m.starts_at AS meeting_starts_at, a.description, \
     a.owner, a.due_on, a.status FROM gov_actions a JOIN gov_meetings m ON m.id = a.meeting_id";

/// The actions a meeting agreed.
pub async fn of_meeting(db: &Db, meeting_id: i64) -> Result<Vec<Action>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} WHERE a.meeting_id = $1 ORDER BY a.id"
    ))
    .bind(meeting_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Actions carried forward to a meeting: agreed at an earlier meeting of the same body and
/// still open.
pub async fn carried_to(db: &Db, meeting_id: i64) -> Result<Vec<Action>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} WHERE a.status = 'open' AND m.body_id = \
           (SELECT body_id FROM gov_meetings WHERE id = $1) \
         AND m.starts_at < (SELECT starts_at FROM gov_meetings WHERE id = $1) ORDER BY a.due_on, a.id"
    ))
    .bind(meeting_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn all(db: &Db) -> Result<Vec<Action>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} ORDER BY a.due_on, a.id"))
            .fetch_all(&db.pool)
            .await?,
    )
}

pub async fn updates(db: &Db, action_id: i64) -> Result<Vec<Update>> {
    Ok(sqlx::query_as(
        "SELECT at, by_label, status, note FROM gov_action_updates WHERE action_id = $1 ORDER BY at, id",
    )
    .bind(action_id)
    .fetch_all(&db.pool)
    .await?)
}

fn check_date(s: &str) -> Result<()> {
    time::Date::parse(
        s.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map(|_| ())
    .map_err(|_| StoreError::Invalid("due_on: enter a date like 2024-06-13".into()))
}

pub async fn add(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    description: &str,
    owner: &str,
    due_on: &str,
) -> Result<i64> {
    if description.trim().is_empty() {
        return Err(StoreError::Invalid(
            "description: say what is to be done".into(),
        ));
    }
    if owner.trim().is_empty() {
        return Err(StoreError::Invalid("owner: name who will do it".into()));
    }
    check_date(due_on)?;
    let mut tx = db.begin_write().await?;
    let m: Option<i64> = sqlx::query_scalar("SELECT id FROM gov_meetings WHERE id = $1")
        .bind(meeting_id)
        .fetch_optional(&mut *tx)
        .await?;
    if m.is_none() {
        return Err(StoreError::NotFound(format!("meeting {meeting_id}")));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gov_actions (meeting_id, description, owner, due_on, status, created_at) \
         VALUES ($1, $2, $3, $4, 'open', $5) RETURNING id",
    )
    .bind(meeting_id)
    .bind(description.trim())
    .bind(owner.trim())
    .bind(due_on.trim())
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("governance.action_add", "gov_action", &id.to_string()).after(&serde_json::json!({
            "meeting_id": meeting_id, "description": description, "owner": owner, "due_on": due_on
        })),
    )
    .await?;
    Ok(id)
}

/// Records an update, with the action's status after it.
pub async fn update(db: &Db, actor: &Actor, id: i64, status: &str, note: &str) -> Result<()> {
    if !opcc_domain::governance::ACTION_STATUSES.contains(&status) {
        return Err(StoreError::Invalid(format!(
            "status: {status:?} is not open, done or dropped"
        )));
    }
    if note.trim().is_empty() {
        return Err(StoreError::Invalid("note: say what has happened".into()));
    }
    let mut tx = db.begin_write().await?;
    let before: Option<String> = sqlx::query_scalar("SELECT status FROM gov_actions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(before) = before else {
        return Err(StoreError::NotFound(format!("action {id}")));
    };
    sqlx::query("UPDATE gov_actions SET status = $1 WHERE id = $2")
        .bind(status)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO gov_action_updates (action_id, at, by_label, status, note) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(now_utc())
    .bind(&actor.label)
    .bind(status)
    .bind(note.trim())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("governance.action_update", "gov_action", &id.to_string())
            .before(&before)
            .after(&serde_json::json!({"status": status, "note": note})),
    )
    .await?;
    Ok(())
}
