//! Governance: bodies and their meetings (agenda items, papers, attendance, minutes) here;
//! the decisions register (`decisions`), questions from the public (`questions`), actions from
//! meetings (`actions`), HMICFRS inspections (`inspections`), the joint risk register
//! (`risks`), the publication register's documents and dates (`publication`) and the demo's
//! year of meetings (`demo`). Reading bodies and meetings is here; setting them up and
//! keeping their items, papers, attendance and minutes is in `meetings`.
//!
//! What the public may see is decided here, once: a meeting is public when its body meets in
//! public; an agenda item or paper with an exemption, or a paper of such an item, is not.

pub mod actions;
pub mod decisions;
pub mod demo;
mod demo_pdf;
mod demo_records;
pub mod inspections;
mod meetings;
pub mod publication;
pub mod questions;
pub mod risks;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Who is looking: the public sees public meetings' open parts only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Public,
    Office,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Body {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub purpose: String,
    pub terms_of_reference: String,
    pub frequency: String,
    pub public: i64,
    pub host: String,
    pub takes_questions: i64,
}

impl Body {
    pub fn is_public(&self) -> bool {
        self.public == 1
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Member {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Meeting {
    pub id: i64,
    pub body_id: i64,
    pub body_slug: String,
    pub body_name: String,
    pub body_public: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub location: String,
    pub webcast_url: String,
    pub cancelled: i64,
    pub minutes: String,
    pub minutes_approved_by: Option<i64>,
    pub updated_at: String,
}

impl Meeting {
    pub fn is_public(&self) -> bool {
        self.body_public == 1
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Item {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub summary: String,
    pub exemption: Option<String>,
}

/// A paper without its bytes.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Paper {
    pub id: i64,
    pub meeting_id: i64,
    pub item_id: Option<i64>,
    pub title: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub exemption: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaperFile {
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Attendee {
    pub name: String,
    pub role: String,
    pub status: String,
}

const BODY_COLUMNS: &str =
    "id, slug, name, purpose, terms_of_reference, frequency, public, host, takes_questions";

pub async fn bodies(db: &Db, viewer: Viewer) -> Result<Vec<Body>> {
    let public_only = i64::from(viewer == Viewer::Public);
    Ok(sqlx::query_as(&format!(
        "SELECT {BODY_COLUMNS} FROM gov_bodies WHERE public = 1 OR $1 = 0 ORDER BY position, id"
    ))
    .bind(public_only)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn body(db: &Db, slug: &str, viewer: Viewer) -> Result<Body> {
    let b: Option<Body> = sqlx::query_as(&format!(
        "SELECT {BODY_COLUMNS} FROM gov_bodies WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&db.pool)
    .await?;
    match b {
        Some(b) if b.is_public() || viewer == Viewer::Office => Ok(b),
        _ => Err(StoreError::NotFound(format!("body {slug}"))),
    }
}

pub async fn members(db: &Db, body_id: i64) -> Result<Vec<Member>> {
    Ok(sqlx::query_as(
        "SELECT name, role FROM gov_members WHERE body_id = $1 ORDER BY position, id",
    )
    .bind(body_id)
    .fetch_all(&db.pool)
    .await?)
}

const MEETING_COLUMNS: &str = "m.id, m.body_id, b.slug AS body_slug, b.name AS body_name, \
     b.public AS body_public, m.starts_at, m.ends_at, m.location, m.webcast_url, m.cancelled, \
     m.minutes, m.minutes_approved_by, m.updated_at";

/// Meetings, oldest first; of one body when `body` is given.
pub async fn meetings(db: &Db, viewer: Viewer, body: Option<i64>) -> Result<Vec<Meeting>> {
    let public_only = i64::from(viewer == Viewer::Public);
    Ok(sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM gov_meetings m JOIN gov_bodies b ON b.id = m.body_id \
         WHERE (b.public = 1 OR $1 = 0) AND (m.body_id = $2 OR $2 = 0) \
         ORDER BY m.starts_at, m.id"
    ))
    .bind(public_only)
    .bind(body.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

pub async fn meeting(db: &Db, id: i64, viewer: Viewer) -> Result<Meeting> {
    let m: Option<Meeting> = sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM gov_meetings m JOIN gov_bodies b ON b.id = m.body_id \
         WHERE m.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    match m {
        Some(m) if m.is_public() || viewer == Viewer::Office => Ok(m),
        _ => Err(StoreError::NotFound(format!("meeting {id}"))),
    }
}

/// A meeting's agenda; the public do not see confidential items.
pub async fn items(db: &Db, meeting_id: i64, viewer: Viewer) -> Result<Vec<Item>> {
    let public_only = i64::from(viewer == Viewer::Public);
    Ok(sqlx::query_as(
        "SELECT id, position, title, summary, exemption FROM gov_items \
         WHERE meeting_id = $1 AND (exemption IS NULL OR $2 = 0) ORDER BY position",
    )
    .bind(meeting_id)
    .bind(public_only)
    .fetch_all(&db.pool)
    .await?)
}

/// A meeting's papers; the public do not see exempt ones, nor those of confidential items.
pub async fn papers(db: &Db, meeting_id: i64, viewer: Viewer) -> Result<Vec<Paper>> {
    let public_only = i64::from(viewer == Viewer::Public);
    Ok(sqlx::query_as(
        "SELECT p.id, p.meeting_id, p.item_id, p.title, p.filename, p.content_type, p.size, \
         COALESCE(p.exemption, i.exemption) AS exemption \
         FROM gov_papers p LEFT JOIN gov_items i ON i.id = p.item_id \
         WHERE p.meeting_id = $1 \
           AND ((p.exemption IS NULL AND i.exemption IS NULL) OR $2 = 0) \
         ORDER BY i.position, p.id",
    )
    .bind(meeting_id)
    .bind(public_only)
    .fetch_all(&db.pool)
    .await?)
}

/// A paper's bytes, under the same rule as the list.
pub async fn paper_file(db: &Db, id: i64, viewer: Viewer) -> Result<PaperFile> {
    let public_only = i64::from(viewer == Viewer::Public);
    let f: Option<PaperFile> = sqlx::query_as(
        "SELECT p.filename, p.content_type, p.content FROM gov_papers p \
         JOIN gov_meetings m ON m.id = p.meeting_id JOIN gov_bodies b ON b.id = m.body_id \
         LEFT JOIN gov_items i ON i.id = p.item_id \
         WHERE p.id = $1 \
           AND ((b.public = 1 AND p.exemption IS NULL AND i.exemption IS NULL) OR $2 = 0)",
    )
    .bind(id)
    .bind(public_only)
    .fetch_optional(&db.pool)
    .await?;
    f.ok_or_else(|| StoreError::NotFound(format!("paper {id}")))
}

pub async fn attendance(db: &Db, meeting_id: i64) -> Result<Vec<Attendee>> {
    Ok(sqlx::query_as(
        "SELECT name, role, status FROM gov_attendance WHERE meeting_id = $1 ORDER BY id",
    )
    .bind(meeting_id)
    .fetch_all(&db.pool)
    .await?)
}

pub use meetings::*;
