//! The consultation and engagement scheme's events: what, where and when, how many people
//! were reached, and which of the scheme's volunteers went. The attendance is personal data
//! (the engagement scheme's staff only); the audit log records the event's id and the
//! volunteers' ids, never a name. Retention: six years after the day, like reports.

use super::day;
use super::lifecycle::text;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub held_on: String,
    pub title: String,
    pub place: String,
    pub reached: Option<i64>,
    /// Who went: (volunteer id, name), filled in by `list`.
    #[sqlx(skip)]
    pub volunteers: Vec<(i64, String)>,
}

pub struct NewEvent<'a> {
    pub held_on: &'a str,
    pub title: &'a str,
    pub place: &'a str,
    pub reached: Option<i64>,
    pub volunteers: &'a [i64],
}

/// Every event, the latest first, with who went.
pub async fn list(db: &Db) -> Result<Vec<Event>> {
    let mut all: Vec<Event> = sqlx::query_as(
        "SELECT e.id, e.held_on, e.title, e.place, e.reached FROM sch_events e \
         ORDER BY e.held_on DESC, e.id DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    let went: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT a.event_id, v.id, v.name FROM sch_event_volunteers a \
         JOIN sch_volunteers v ON v.id = a.volunteer_id ORDER BY v.name",
    )
    .fetch_all(&db.pool)
    .await?;
    for e in &mut all {
        e.volunteers = went
            .iter()
            .filter(|(event, _, _)| *event == e.id)
            .map(|(_, id, name)| (*id, name.clone()))
            .collect();
    }
    Ok(all)
}

/// Records an event: its volunteers must be active members of the engagement scheme.
pub async fn add(db: &Db, actor: &Actor, e: &NewEvent<'_>) -> Result<i64> {
    let held_on = day("held_on", e.held_on)?.to_string();
    let title = text("title", e.title, 200, "what the event was")?;
    let place = text("place", e.place, 200, "where it was held")?;
    if e.reached.is_some_and(|n| n < 0) {
        return Err(StoreError::Invalid(
            "reached: enter the number of people reached, like 40".into(),
        ));
    }
    if e.volunteers.is_empty() {
        return Err(StoreError::Invalid(
            "volunteers: choose the volunteers who went".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sch_events (scheme_id, held_on, title, place, reached, created_at) \
         SELECT id, $1, $2, $3, $4, $5 FROM sch_schemes WHERE slug = 'engagement' RETURNING id",
    )
    .bind(&held_on)
    .bind(&title)
    .bind(&place)
    .bind(e.reached)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    let mut went = e.volunteers.to_vec();
    went.sort_unstable();
    went.dedup();
    for v in &went {
        let member: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sch_volunteers v JOIN sch_memberships m \
             ON m.volunteer_id = v.id JOIN sch_schemes s ON s.id = m.scheme_id \
             WHERE v.id = $1 AND s.slug = 'engagement' AND v.left_on IS NULL",
        )
        .bind(v)
        .fetch_one(&mut *tx)
        .await?;
        if member == 0 {
            return Err(StoreError::Invalid(
                "volunteers: choose active volunteers of the engagement scheme".into(),
            ));
        }
        sqlx::query("INSERT INTO sch_event_volunteers (event_id, volunteer_id) VALUES ($1, $2)")
            .bind(id)
            .bind(v)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        actor,
        Change::new("schemes.event_add", "sch_event", &id.to_string())
            .after(&serde_json::json!({"held_on": held_on, "volunteers": went})),
    )
    .await?;
    Ok(id)
}
