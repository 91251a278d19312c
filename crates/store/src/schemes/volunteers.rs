//! Volunteers: their names and contact details are personal data, which only the office sees
//! and which the audit log does not copy (it records the record's id and schemes). A volunteer
//! is linked to their account by its e-mail address; leaving ends their membership of every
//! scheme's rota. Retention: see docs/schemes.md.

use super::day;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Volunteer {
    pub id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub joined_on: String,
    pub left_on: Option<String>,
    pub vetting_expires_on: Option<String>,
    pub training_expires_on: Option<String>,
    /// Scheme slugs, comma-separated.
    pub schemes: String,
}

const COLUMNS: &str = "v.id, v.user_id, v.name, v.email, v.phone, v.joined_on, v.left_on, \
     v.vetting_expires_on, v.training_expires_on, '' AS schemes";

pub async fn list(db: &Db) -> Result<Vec<Volunteer>> {
    let mut all: Vec<Volunteer> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sch_volunteers v ORDER BY v.name"
    ))
    .fetch_all(&db.pool)
    .await?;
    let members: Vec<(i64, String)> = sqlx::query_as(
        "SELECT m.volunteer_id, s.slug FROM sch_memberships m \
         JOIN sch_schemes s ON s.id = m.scheme_id ORDER BY s.position",
    )
    .fetch_all(&db.pool)
    .await?;
    for v in &mut all {
        v.schemes = members
            .iter()
            .filter(|(id, _)| *id == v.id)
            .map(|(_, s)| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
    }
    Ok(all)
}

/// The volunteer record linked to this account, if any.
pub async fn by_user(db: &Db, user_id: i64) -> Result<Option<Volunteer>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sch_volunteers v WHERE v.user_id = $1"
    ))
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?)
}

/// Whether the volunteer is a member of the scheme.
pub async fn is_member(db: &Db, volunteer_id: i64, scheme_slug: &str) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sch_memberships m JOIN sch_schemes s ON s.id = m.scheme_id \
         WHERE m.volunteer_id = $1 AND s.slug = $2",
    )
    .bind(volunteer_id)
    .bind(scheme_slug)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

pub struct NewVolunteer<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub joined_on: &'a str,
    pub vetting_expires_on: &'a str,
    pub training_expires_on: &'a str,
    pub schemes: &'a [&'a str],
    /// Link the account with this e-mail address (a user with the volunteer role).
    pub link_account: bool,
}

pub(crate) async fn insert(tx: &mut WriteTx, v: &NewVolunteer<'_>) -> Result<i64> {
    let name = v.name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(StoreError::Invalid(
            "name: enter the volunteer's name".into(),
        ));
    }
    let joined = day("joined_on", v.joined_on)?;
    let optional = |field: &str, s: &str| -> Result<Option<String>> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            Ok(Some(day(field, s)?.to_string()))
        }
    };
    let vetting = optional("vetting_expires_on", v.vetting_expires_on)?;
    let training = optional("training_expires_on", v.training_expires_on)?;
    if v.schemes.is_empty() {
        return Err(StoreError::Invalid(
            "schemes: choose at least one scheme".into(),
        ));
    }
    let user_id: Option<i64> = if v.link_account {
        let found: Option<(i64, String)> =
            sqlx::query_as("SELECT id, role FROM users WHERE email = $1")
                .bind(v.email.trim().to_lowercase())
                .fetch_optional(&mut **tx)
                .await?;
        match found {
            Some((id, role)) if role == "volunteer" => Some(id),
            Some(_) => {
                return Err(StoreError::Invalid(
                    "email: that account is not a volunteer's".into(),
                ));
            }
            None => {
                return Err(StoreError::Invalid(
                    "email: no account has that address; add the account first".into(),
                ));
            }
        }
    } else {
        None
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sch_volunteers (user_id, name, email, phone, joined_on, vetting_expires_on, \
         training_expires_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(user_id)
    .bind(name)
    .bind(v.email.trim())
    .bind(v.phone.trim())
    .bind(joined.to_string())
    .bind(vetting)
    .bind(training)
    .bind(now_utc())
    .fetch_one(&mut **tx)
    .await?;
    for slug in v.schemes {
        let n = sqlx::query(
            "INSERT INTO sch_memberships (volunteer_id, scheme_id) \
             SELECT $1, id FROM sch_schemes WHERE slug = $2",
        )
        .bind(id)
        .bind(*slug)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::Invalid(format!("schemes: no scheme {slug}")));
        }
    }
    Ok(id)
}

/// Adds a volunteer; the audit entry names the record and its schemes, never the person.
pub async fn add(db: &Db, actor: &Actor, v: &NewVolunteer<'_>) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, v).await?;
    tx.commit(
        actor,
        Change::new("schemes.volunteer_add", "sch_volunteer", &id.to_string())
            .after(&serde_json::json!({"schemes": v.schemes, "linked": v.link_account})),
    )
    .await?;
    Ok(id)
}

/// Renews vetting or training to a new expiry date.
pub async fn renew(db: &Db, actor: &Actor, id: i64, what: &str, expires: &str) -> Result<()> {
    let column = match what {
        "vetting" => "vetting_expires_on",
        "training" => "training_expires_on",
        _ => return Err(StoreError::Invalid("what: vetting or training".into())),
    };
    let d = day("expires_on", expires)?;
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(&format!(
        "UPDATE sch_volunteers SET {column} = $1 WHERE id = $2"
    ))
    .bind(d.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("volunteer {id}")));
    }
    tx.commit(
        actor,
        Change::new("schemes.volunteer_renew", "sch_volunteer", &id.to_string())
            .after(&serde_json::json!({ column: d.to_string() })),
    )
    .await?;
    Ok(())
}

/// Records that a volunteer left on a day.
pub async fn leave(db: &Db, actor: &Actor, id: i64, on: &str) -> Result<()> {
    let d = day("left_on", on)?;
    let mut tx = db.begin_write().await?;
    let n = sqlx::query("UPDATE sch_volunteers SET left_on = $1 WHERE id = $2")
        .bind(d.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("volunteer {id}")));
    }
    tx.commit(
        actor,
        Change::new("schemes.volunteer_leave", "sch_volunteer", &id.to_string())
            .after(&serde_json::json!({"left_on": d.to_string()})),
    )
    .await?;
    Ok(())
}
