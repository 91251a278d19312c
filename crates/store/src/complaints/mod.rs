//! Police complaints: the complaints team (office users an administrator grants the role),
//! the people behind complaints and reviews (held once each, apart from the casework, so that
//! retention and subject access work per person), complaints about the Chief Constable
//! (`cc`), review requests (`reviews`), the IOPC's statistics, themes and the item 7C
//! statement (`oversight`), and the retention schedule (`retention`).
//!
//! Audit entries name records by id, never a person's name or words: the audit chain cannot
//! be edited, and retention must be able to erase everything personal.

pub mod cc;
pub mod demo;
pub mod measure;
pub mod oversight;
pub mod retention;
pub mod reviews;
pub mod statements;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::policy::OFFICE;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Member {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub granted_at: String,
}

/// Whether the user is on the complaints team.
pub async fn is_member(db: &Db, user_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints_team WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n > 0)
}

pub async fn members(db: &Db) -> Result<Vec<Member>> {
    Ok(sqlx::query_as(
        "SELECT t.user_id, u.display_name, u.email, t.granted_at FROM complaints_team t \
         JOIN users u ON u.id = t.user_id ORDER BY u.display_name",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Grants the complaints role to an active office user.
pub async fn grant(db: &Db, actor: &Actor, user_id: i64) -> Result<()> {
    let user = crate::accounts::get_user(db, user_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("user {user_id}")))?;
    if !user.active || !OFFICE.contains(&user.role) {
        return Err(StoreError::Invalid(
            "only an active member of the office (admin or staff) may join the complaints team"
                .into(),
        ));
    }
    if is_member(db, user_id).await? {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO complaints_team (user_id, granted_at, granted_by) VALUES ($1, $2, $3)",
    )
    .bind(user_id)
    .bind(now_utc())
    .bind(actor.id)
    .execute(&mut *tx)
    .await?;
    let id = user_id.to_string();
    tx.commit(actor, Change::new("complaints.team.grant", "user", &id))
        .await?;
    Ok(())
}

pub async fn revoke(db: &Db, actor: &Actor, user_id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM complaints_team WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let id = user_id.to_string();
    tx.commit(actor, Change::new("complaints.team.revoke", "user", &id))
        .await?;
    Ok(())
}

/// Records that someone looked at a case or a person: every view is audited, not only
/// changes.
pub async fn record_view(db: &Db, actor: &Actor, entity_type: &str, id: i64) -> Result<()> {
    let tx = db.begin_write().await?;
    let action = format!("{entity_type}.view");
    let id = id.to_string();
    tx.commit(actor, Change::new(&action, entity_type, &id))
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub created_at: String,
}

/// A person's contact details as a form gives them.
#[derive(Debug, Clone, Default)]
pub struct NewPerson {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
}

impl NewPerson {
    fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(StoreError::Invalid("name: enter the person's name".into()));
        }
        if self.email.trim().is_empty() && self.address.trim().is_empty() {
            return Err(StoreError::Invalid(
                "email: enter an email or a postal address to reply to".into(),
            ));
        }
        Ok(())
    }
}

pub(crate) async fn insert_person(tx: &mut crate::WriteTx, p: &NewPerson) -> Result<i64> {
    p.check()?;
    Ok(sqlx::query_scalar(
        "INSERT INTO complaints_persons (name, email, phone, address, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(p.name.trim())
    .bind(p.email.trim())
    .bind(p.phone.trim())
    .bind(p.address.trim())
    .bind(now_utc())
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn person(db: &Db, id: i64) -> Result<Person> {
    let p: Option<Person> = sqlx::query_as(
        "SELECT id, name, email, phone, address, created_at FROM complaints_persons WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    p.ok_or_else(|| StoreError::NotFound(format!("person {id}")))
}

/// Everything held about one person, for a subject access request.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectAccess {
    pub person: Person,
    pub complaints: Vec<cc::Complaint>,
    pub reviews: Vec<reviews::ReviewFull>,
    /// What the office did with these records and when (UK GDPR article 15: the processing
    /// and who it was disclosed to), from the audit log. The staff who did it are named by
    /// role only: their names are their own personal data, not the requester's.
    pub history: Vec<Processing>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Processing {
    pub at: String,
    pub action: String,
    pub record: String,
    pub record_id: String,
    pub done_by: String,
}

/// Audit entries about the person and each of their records, oldest first.
async fn processing(
    db: &Db,
    person: i64,
    complaints: &[cc::Complaint],
    reviews: &[reviews::ReviewFull],
) -> Result<Vec<Processing>> {
    let mut records = vec![("complaints_person", person)];
    records.extend(complaints.iter().map(|c| ("complaints_cc", c.id)));
    records.extend(reviews.iter().map(|r| ("complaints_review", r.review.id)));
    let mut out = Vec::new();
    for (kind, id) in records {
        let rows: Vec<Processing> = sqlx::query_as(
            "SELECT a.at, a.action, a.entity_type AS record, a.entity_id AS record_id, \
             CASE WHEN a.actor_id IS NULL THEN 'the system' \
             ELSE COALESCE((SELECT u.role FROM users u WHERE u.id = a.actor_id), 'staff') \
             END AS done_by FROM audit_log a WHERE a.entity_type = $1 AND a.entity_id = $2 \
             ORDER BY a.seq",
        )
        .bind(kind)
        .bind(id.to_string())
        .fetch_all(&db.pool)
        .await?;
        out.extend(rows);
    }
    out.sort_by(|a, b| a.at.cmp(&b.at));
    Ok(out)
}

/// Gathers everything held about the person and records the export in the audit log.
pub async fn subject_access(db: &Db, actor: &Actor, id: i64) -> Result<SubjectAccess> {
    let person = person(db, id).await?;
    let complaints = cc::for_person(db, id).await?;
    let mut full = Vec::new();
    for r in reviews::for_person(db, id).await? {
        full.push(reviews::full(db, r.id).await?);
    }
    let history = processing(db, id, &complaints, &full).await?;
    let tx = db.begin_write().await?;
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("complaints_person.export", "complaints_person", &key),
    )
    .await?;
    Ok(SubjectAccess {
        person,
        complaints,
        reviews: full,
        history,
    })
}
