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
    /// Scheme names, comma-separated, for pages.
    pub scheme_names: String,
}

const COLUMNS: &str = "v.id, v.user_id, v.name, v.email, v.phone, v.joined_on, v.left_on, \
     v.vetting_expires_on, v.training_expires_on, '' AS schemes, '' AS scheme_names";

/// The ids of the volunteers whose personal data user `$1` may see: the members of the
/// schemes they are staff of (`sch_staff`).
pub(crate) const SEEN_BY: &str = "SELECT m.volunteer_id FROM sch_memberships m \
     JOIN sch_staff t ON t.scheme_id = m.scheme_id WHERE t.user_id = $1";

/// Every volunteer: for the store's own work (the rota's draft, retention), never a page.
pub async fn list(db: &Db) -> Result<Vec<Volunteer>> {
    with_schemes(
        db,
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM sch_volunteers v ORDER BY v.name"
        ))
        .fetch_all(&db.pool)
        .await?,
    )
    .await
}

/// The volunteers of the schemes this office user is staff of: all a page may show them.
pub async fn seen_by(db: &Db, user_id: i64) -> Result<Vec<Volunteer>> {
    with_schemes(
        db,
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM sch_volunteers v WHERE v.id IN ({SEEN_BY}) ORDER BY v.name"
        ))
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?,
    )
    .await
}

/// One volunteer, if this office user is staff of one of their schemes. To anyone else the
/// volunteer is not found: the page neither shows nor admits that they exist.
pub async fn get_seen_by(db: &Db, user_id: i64, id: i64) -> Result<Volunteer> {
    seen_by(db, user_id)
        .await?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or_else(|| StoreError::NotFound(format!("volunteer {id}")))
}

async fn with_schemes(db: &Db, mut all: Vec<Volunteer>) -> Result<Vec<Volunteer>> {
    let members: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT m.volunteer_id, s.slug, s.name FROM sch_memberships m \
         JOIN sch_schemes s ON s.id = m.scheme_id ORDER BY s.position",
    )
    .fetch_all(&db.pool)
    .await?;
    for v in &mut all {
        let id = v.id;
        let mine = || members.iter().filter(move |(m, _, _)| *m == id);
        v.schemes = mine()
            .map(|(_, s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        v.scheme_names = mine()
            .map(|(_, _, n)| n.as_str())
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

/// Who a volunteer may name as the partner on a visit: the active volunteers of their own
/// schemes but themselves, as (volunteer id, name, scheme name), by scheme and name. Names
/// only: a volunteer knows who they visit with, and nothing more of them.
pub async fn partners_of(db: &Db, volunteer_id: i64) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT v.id, v.name, s.name FROM sch_volunteers v \
         JOIN sch_memberships m ON m.volunteer_id = v.id \
         JOIN sch_schemes s ON s.id = m.scheme_id \
         WHERE v.left_on IS NULL AND v.erased_on IS NULL AND v.id <> $1 AND m.scheme_id IN \
         (SELECT scheme_id FROM sch_memberships WHERE volunteer_id = $1) \
         ORDER BY s.position, v.name",
    )
    .bind(volunteer_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A volunteer's name, for the report of a visit they made.
pub async fn name_of(db: &Db, volunteer_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM sch_volunteers WHERE id = $1")
            .bind(volunteer_id)
            .fetch_optional(&db.pool)
            .await?,
    )
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
