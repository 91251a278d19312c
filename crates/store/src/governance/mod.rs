//! Governance: bodies and their meetings (agenda items, papers, attendance, minutes) here;
//! the decisions register (`decisions`), questions from the public (`questions`), actions from
//! meetings (`actions`), HMICFRS inspections (`inspections`), the joint risk register
//! (`risks`), the publication register's documents and dates (`publication`) and the demo's
//! year of meetings (`demo`).
//!
//! What the public may see is decided here, once: a meeting is public when its body meets in
//! public; an agenda item or paper with an exemption, or a paper of such an item, is not.

pub mod actions;
pub mod decisions;
pub mod demo;
mod demo_pdf;
pub mod inspections;
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

/// A body as the demo (or a later admin form) sets it up.
pub struct NewBody<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub purpose: &'a str,
    pub terms_of_reference: &'a str,
    pub frequency: &'a str,
    pub public: bool,
    pub host: &'a str,
    pub takes_questions: bool,
    pub members: &'a [(&'a str, &'a str)],
}

pub(crate) async fn insert_body(tx: &mut WriteTx, b: &NewBody<'_>, position: i64) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gov_bodies (slug, name, purpose, terms_of_reference, frequency, public, \
         host, takes_questions, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(b.slug)
    .bind(b.name)
    .bind(b.purpose)
    .bind(b.terms_of_reference)
    .bind(b.frequency)
    .bind(i64::from(b.public))
    .bind(b.host)
    .bind(i64::from(b.takes_questions))
    .bind(position)
    .fetch_one(&mut **tx)
    .await?;
    for (i, (name, role)) in b.members.iter().enumerate() {
        sqlx::query(
            "INSERT INTO gov_members (body_id, name, role, position) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(*name)
        .bind(*role)
        .bind(i as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// A meeting as the office schedules it: times in Europe/London.
#[derive(Debug, Clone, Serialize)]
pub struct NewMeeting {
    pub body_id: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub location: String,
    pub webcast_url: String,
}

impl NewMeeting {
    fn check(&self) -> Result<()> {
        use opcc_domain::governance::parse_local;
        let s = parse_local(&self.starts_at)
            .map_err(|e| StoreError::Invalid(format!("starts_at: {e}")))?;
        let e =
            parse_local(&self.ends_at).map_err(|e| StoreError::Invalid(format!("ends_at: {e}")))?;
        if e <= s {
            return Err(StoreError::Invalid(
                "ends_at: a meeting ends after it starts".into(),
            ));
        }
        let w = self.webcast_url.trim();
        if !w.is_empty() && !w.starts_with("https://") {
            return Err(StoreError::Invalid(
                "webcast_url: a webcast link starts https://".into(),
            ));
        }
        Ok(())
    }
}

pub(crate) async fn insert_meeting(tx: &mut WriteTx, m: &NewMeeting, at: &str) -> Result<i64> {
    m.check()?;
    Ok(sqlx::query_scalar(
        "INSERT INTO gov_meetings (body_id, starts_at, ends_at, location, webcast_url, cancelled, \
         minutes, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, '', $6, $6) RETURNING id",
    )
    .bind(m.body_id)
    .bind(&m.starts_at)
    .bind(&m.ends_at)
    .bind(&m.location)
    .bind(m.webcast_url.trim())
    .bind(at)
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn create_meeting(db: &Db, actor: &Actor, m: &NewMeeting) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM gov_bodies WHERE id = $1")
        .bind(m.body_id)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_none() {
        return Err(StoreError::Invalid("body: there is no such body".into()));
    }
    let id = insert_meeting(&mut tx, m, &now_utc()).await?;
    tx.commit(
        actor,
        Change::new("governance.meeting_create", "gov_meeting", &id.to_string()).after(m),
    )
    .await?;
    Ok(id)
}

async fn touch(tx: &mut WriteTx, meeting_id: i64) -> Result<()> {
    let n = sqlx::query("UPDATE gov_meetings SET updated_at = $1 WHERE id = $2")
        .bind(now_utc())
        .bind(meeting_id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("meeting {meeting_id}")));
    }
    Ok(())
}

pub(crate) async fn insert_item(
    tx: &mut WriteTx,
    meeting_id: i64,
    title: &str,
    summary: &str,
    exemption: Option<&str>,
) -> Result<i64> {
    if title.trim().is_empty() {
        return Err(StoreError::Invalid("title: enter the item's title".into()));
    }
    let next: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM gov_items WHERE meeting_id = $1",
    )
    .bind(meeting_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(sqlx::query_scalar(
        "INSERT INTO gov_items (meeting_id, position, title, summary, exemption) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(meeting_id)
    .bind(next)
    .bind(title.trim())
    .bind(summary.trim())
    .bind(exemption)
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Serialize)]
struct ItemAudit<'a> {
    meeting_id: i64,
    title: &'a str,
    exemption: Option<&'a str>,
}

pub async fn add_item(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    title: &str,
    summary: &str,
    exemption: Option<&str>,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    touch(&mut tx, meeting_id).await?;
    let id = insert_item(&mut tx, meeting_id, title, summary, exemption).await?;
    tx.commit(
        actor,
        Change::new("governance.item_add", "gov_item", &id.to_string()).after(&ItemAudit {
            meeting_id,
            title,
            exemption,
        }),
    )
    .await?;
    Ok(id)
}

pub struct NewPaper<'a> {
    pub meeting_id: i64,
    pub item_id: Option<i64>,
    pub title: &'a str,
    pub filename: &'a str,
    pub content: &'a [u8],
    pub exemption: Option<&'a str>,
}

pub(crate) async fn insert_paper(
    tx: &mut WriteTx,
    p: &NewPaper<'_>,
    at: &str,
) -> Result<(i64, String)> {
    let ct = opcc_domain::governance::document_type(p.filename, p.content)
        .map_err(StoreError::Invalid)?;
    if p.title.trim().is_empty() {
        return Err(StoreError::Invalid("title: enter the paper's title".into()));
    }
    if let Some(item) = p.item_id {
        let of: Option<i64> = sqlx::query_scalar("SELECT meeting_id FROM gov_items WHERE id = $1")
            .bind(item)
            .fetch_optional(&mut **tx)
            .await?;
        if of != Some(p.meeting_id) {
            return Err(StoreError::Invalid(
                "item: not an item of this meeting".into(),
            ));
        }
    }
    let sha = hex::encode(Sha256::digest(p.content));
    let id = sqlx::query_scalar(
        "INSERT INTO gov_papers (meeting_id, item_id, title, filename, content_type, size, sha256, \
         content, exemption, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         RETURNING id",
    )
    .bind(p.meeting_id)
    .bind(p.item_id)
    .bind(p.title.trim())
    .bind(p.filename)
    .bind(ct)
    .bind(p.content.len() as i64)
    .bind(&sha)
    .bind(p.content.to_vec())
    .bind(p.exemption)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, sha))
}

#[derive(Serialize)]
struct PaperAudit<'a> {
    meeting_id: i64,
    item_id: Option<i64>,
    title: &'a str,
    filename: &'a str,
    size: usize,
    sha256: String,
    exemption: Option<&'a str>,
}

pub async fn add_paper(db: &Db, actor: &Actor, p: &NewPaper<'_>) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    touch(&mut tx, p.meeting_id).await?;
    let (id, sha256) = insert_paper(&mut tx, p, &now_utc()).await?;
    tx.commit(
        actor,
        Change::new("governance.paper_add", "gov_paper", &id.to_string()).after(&PaperAudit {
            meeting_id: p.meeting_id,
            item_id: p.item_id,
            title: p.title,
            filename: p.filename,
            size: p.content.len(),
            sha256,
            exemption: p.exemption,
        }),
    )
    .await?;
    Ok(id)
}

pub(crate) async fn insert_attendance(
    tx: &mut WriteTx,
    meeting_id: i64,
    name: &str,
    role: &str,
    status: &str,
) -> Result<()> {
    if !["present", "apologies", "absent"].contains(&status) {
        return Err(StoreError::Invalid(format!(
            "status: {status:?} is not present, apologies or absent"
        )));
    }
    if name.trim().is_empty() {
        return Err(StoreError::Invalid("name: enter who attended".into()));
    }
    sqlx::query(
        "INSERT INTO gov_attendance (meeting_id, name, role, status) VALUES ($1, $2, $3, $4)",
    )
    .bind(meeting_id)
    .bind(name.trim())
    .bind(role.trim())
    .bind(status)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn add_attendance(
    db: &Db,
    actor: &Actor,
    meeting_id: i64,
    name: &str,
    role: &str,
    status: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    touch(&mut tx, meeting_id).await?;
    insert_attendance(&mut tx, meeting_id, name, role, status).await?;
    tx.commit(
        actor,
        Change::new(
            "governance.attendance_add",
            "gov_meeting",
            &meeting_id.to_string(),
        )
        .after(&serde_json::json!({"name": name, "role": role, "status": status})),
    )
    .await?;
    Ok(())
}

/// Records a meeting's draft minutes (they are published as draft until approved).
pub async fn save_minutes(db: &Db, actor: &Actor, meeting_id: i64, minutes: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let before: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT minutes, minutes_approved_by FROM gov_meetings WHERE id = $1")
            .bind(meeting_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((before, approved)) = before else {
        return Err(StoreError::NotFound(format!("meeting {meeting_id}")));
    };
    if approved.is_some() {
        return Err(StoreError::Invalid(
            "minutes: approved minutes are not changed".into(),
        ));
    }
    sqlx::query("UPDATE gov_meetings SET minutes = $1, updated_at = $2 WHERE id = $3")
        .bind(minutes.trim())
        .bind(now_utc())
        .bind(meeting_id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "governance.minutes_save",
            "gov_meeting",
            &meeting_id.to_string(),
        )
        .before(&before)
        .after(&minutes.trim()),
    )
    .await?;
    Ok(())
}

/// Minutes are approved at the body's next meeting: `by` must be a later meeting of the same
/// body, and the minutes must have been written.
pub(crate) async fn approve_in(tx: &mut WriteTx, meeting_id: i64, by: i64) -> Result<()> {
    let row: Option<(i64, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT body_id, starts_at, minutes, minutes_approved_by FROM gov_meetings WHERE id = $1",
    )
    .bind(meeting_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((body, starts, minutes, approved)) = row else {
        return Err(StoreError::NotFound(format!("meeting {meeting_id}")));
    };
    let later: Option<(i64, String)> =
        sqlx::query_as("SELECT body_id, starts_at FROM gov_meetings WHERE id = $1")
            .bind(by)
            .fetch_optional(&mut **tx)
            .await?;
    match later {
        Some((b, s)) if b == body && s > starts => {}
        _ => {
            return Err(StoreError::Invalid(
                "approved_at: minutes are approved at a later meeting of the same body".into(),
            ));
        }
    }
    if minutes.trim().is_empty() {
        return Err(StoreError::Invalid(
            "minutes: there are no minutes to approve".into(),
        ));
    }
    if approved.is_some() {
        return Err(StoreError::Invalid(
            "minutes: these minutes are already approved".into(),
        ));
    }
    sqlx::query("UPDATE gov_meetings SET minutes_approved_by = $1, updated_at = $2 WHERE id = $3")
        .bind(by)
        .bind(now_utc())
        .bind(meeting_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn approve_minutes(db: &Db, actor: &Actor, meeting_id: i64, by: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    approve_in(&mut tx, meeting_id, by).await?;
    tx.commit(
        actor,
        Change::new(
            "governance.minutes_approve",
            "gov_meeting",
            &meeting_id.to_string(),
        )
        .after(&serde_json::json!({ "approved_at_meeting": by })),
    )
    .await?;
    Ok(())
}
