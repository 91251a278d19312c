//! Engagement events: where (a venue, a postcode, coordinates placed in a local authority by
//! the force area's boundaries, the ones the service ships or the office imported), when,
//! what kind, with whom, how many came and the themes raised.

use crate::audit::{Actor, Change};
use crate::crime::boundaries::Boundaries;
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::engagement::place::inside;
use serde::Serialize;
use sqlx::Row;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub starts_at: String,
    pub ends_at: String,
    pub venue: String,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub lad_code: Option<String>,
    pub partners: String,
    pub attendance: Option<i64>,
    pub themes: String,
    pub updated_at: String,
    /// When the office cancelled it: it stays listed, and in the feed as cancelled.
    pub cancelled_at: Option<String>,
}

impl Event {
    pub fn theme_list(&self) -> Vec<&str> {
        self.themes
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }
}

pub struct NewEvent {
    pub title: String,
    pub kind: String,
    pub starts_at: String,
    pub ends_at: String,
    pub venue: String,
    pub postcode: Option<String>,
    pub coordinates: Option<(f64, f64)>,
    /// The local authority chosen by hand when no coordinates are given.
    pub lad_code: Option<String>,
    pub partners: String,
    pub attendance: Option<i64>,
    pub themes: Vec<String>,
}

/// The force area's map: what the crime map draws.
pub async fn boundaries(db: &Db) -> Result<Option<Arc<Boundaries>>> {
    match crate::force_area::current(db).await? {
        Some(area) => crate::crime::boundaries_file::for_force(db, &area.gss_code).await,
        None => Ok(None),
    }
}

/// The local authority (GSS code) whose outline holds the point, in the map's projection.
pub fn place(b: &Boundaries, lat: f64, lon: f64) -> Option<String> {
    use crate::crime::simplify::rings;
    let p = b.projection.project(lon, lat);
    b.lads
        .iter()
        .find(|l| {
            let rs: Vec<Vec<(f64, f64)>> = rings(&l.path)
                .into_iter()
                .map(|r| r.into_iter().map(|(x, y)| (x as f64, y as f64)).collect())
                .collect();
            inside(p, &rs)
        })
        .map(|l| l.code.clone())
}

/// The local authority an event is placed in: by its coordinates if it has them (refused
/// outside the force area), else the one chosen.
async fn placed(db: &Db, e: &NewEvent) -> Result<Option<String>> {
    Ok(match e.coordinates {
        Some((lat, lon)) => {
            let b = boundaries(db).await?.ok_or_else(|| {
                StoreError::Invalid(
                    "No map of the force area is held to place coordinates on".into(),
                )
            })?;
            Some(place(&b, lat, lon).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "The coordinates {lat}, {lon} are not inside any local authority of the force area"
                ))
            })?)
        }
        None => e.lad_code.clone(),
    })
}

fn described(e: &NewEvent, lad: &Option<String>) -> serde_json::Value {
    serde_json::json!({
        "title": e.title, "kind": e.kind, "starts_at": e.starts_at, "ends_at": e.ends_at,
        "venue": e.venue, "postcode": e.postcode, "coordinates": e.coordinates,
        "lad": lad, "partners": e.partners, "attendance": e.attendance, "themes": e.themes,
    })
}

pub async fn create(db: &Db, actor: &Actor, e: &NewEvent) -> Result<i64> {
    let lad = placed(db, e).await?;
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_events (title, kind, starts_at, ends_at, venue, postcode, \
         latitude, longitude, lad_code, partners, attendance, themes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(&e.title)
    .bind(&e.kind)
    .bind(&e.starts_at)
    .bind(&e.ends_at)
    .bind(&e.venue)
    .bind(&e.postcode)
    .bind(e.coordinates.map(|c| c.0))
    .bind(e.coordinates.map(|c| c.1))
    .bind(&lad)
    .bind(&e.partners)
    .bind(e.attendance)
    .bind(e.themes.join("\n"))
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit(
        actor,
        Change::new(
            "engagement.event_create",
            "engagement_event",
            &id.to_string(),
        )
        .after(&described(e, &lad)),
    )
    .await?;
    Ok(id)
}

pub async fn by_id(db: &Db, id: i64) -> Result<Event> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM engagement_events WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("engagement event {id}")))
}

/// Changes an event (a cancelled one too, to correct its record); the audit entry keeps what
/// it was and what it became.
pub async fn update(db: &Db, actor: &Actor, id: i64, e: &NewEvent) -> Result<()> {
    let before = by_id(db, id).await?;
    let lad = placed(db, e).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE engagement_events SET title = $1, kind = $2, starts_at = $3, ends_at = $4,          venue = $5, postcode = $6, latitude = $7, longitude = $8, lad_code = $9,          partners = $10, attendance = $11, themes = $12, updated_at = $13 WHERE id = $14",
    )
    .bind(&e.title)
    .bind(&e.kind)
    .bind(&e.starts_at)
    .bind(&e.ends_at)
    .bind(&e.venue)
    .bind(&e.postcode)
    .bind(e.coordinates.map(|c| c.0))
    .bind(e.coordinates.map(|c| c.1))
    .bind(&lad)
    .bind(&e.partners)
    .bind(e.attendance)
    .bind(e.themes.join("\n"))
    .bind(now_utc())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.event_update",
            "engagement_event",
            &id.to_string(),
        )
        .before(&before)
        .after(&described(e, &lad)),
    )
    .await?;
    Ok(())
}

/// Cancels an event. It is not deleted: the map lists it as cancelled and the feed keeps it
/// with STATUS:CANCELLED until it would have ended, so calendars that took it drop it.
pub async fn cancel(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let before = by_id(db, id).await?;
    if before.cancelled_at.is_some() {
        return Err(StoreError::Invalid(format!(
            "\"{}\" is already cancelled",
            before.title
        )));
    }
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    // updated_at moves too: it is the feed's DTSTAMP, so calendars see the change.
    sqlx::query("UPDATE engagement_events SET cancelled_at = $1, updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.event_cancel",
            "engagement_event",
            &id.to_string(),
        )
        .before(&serde_json::json!({"title": before.title, "starts_at": before.starts_at}))
        .after(&serde_json::json!({"cancelled_at": now})),
    )
    .await?;
    Ok(())
}

const COLUMNS: &str = "id, title, kind, starts_at, ends_at, venue, postcode, latitude, \
    longitude, lad_code, partners, attendance, themes, updated_at, cancelled_at";

/// Every event, newest first.
pub async fn all(db: &Db) -> Result<Vec<Event>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM engagement_events ORDER BY starts_at DESC, id DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

/// Events (cancelled ones too) that end on or after a local time ("2025-06-01T00:00"), soonest first.
pub async fn upcoming(db: &Db, from_local: &str) -> Result<Vec<Event>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM engagement_events WHERE ends_at >= $1 ORDER BY starts_at, id"
    ))
    .bind(from_local)
    .fetch_all(&db.pool)
    .await?)
}
