//! Setting up bodies and meetings, and keeping a meeting's agenda items, papers, attendance
//! and minutes; every change audited, and the meeting's "last changed" moved with it.

use super::*;

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
