//! A volunteer's way in and through: an application from the public site, accepted (it
//! becomes a volunteer record) or declined by the office; the days and times they can visit;
//! and their expenses claims (mileage at 45p plus other costs), approved or rejected by the
//! office. Names and contact details stay out of the audit log: it records ids and schemes.

use super::day;
use super::volunteers::{self, NewVolunteer};
// Claims moved to their own module; these names stay for the callers that know them here.
pub use super::expenses::{Expense, claim, decide_expense, expenses};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::schemes::rota;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Application {
    pub id: i64,
    pub scheme: String,
    pub scheme_name: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub reason: String,
    pub status: String,
    pub decided_on: Option<String>,
    pub volunteer_id: Option<i64>,
    pub received_at: String,
}

pub struct NewApplication<'a> {
    pub scheme: &'a str,
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub reason: &'a str,
}

pub(super) fn text(field: &str, s: &str, most: usize, what: &str) -> Result<String> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > most {
        return Err(StoreError::Invalid(format!(
            "{field}: enter {what} ({most} characters at most)"
        )));
    }
    Ok(t.to_string())
}

/// An application from the public site. The scheme must take volunteers (not the panel).
pub async fn apply(db: &Db, a: &NewApplication<'_>) -> Result<i64> {
    let name = text("name", a.name, 200, "your full name")?;
    let email = text("email", a.email, 254, "your e-mail address")?.to_lowercase();
    if !email.contains('@') || email.contains(' ') || email.starts_with('@') || email.ends_with('@')
    {
        return Err(StoreError::Invalid(
            "email: enter an e-mail address like name@example.com".into(),
        ));
    }
    let phone = text("phone", a.phone, 40, "your phone number")?;
    if !phone.chars().any(|c| c.is_ascii_digit()) {
        return Err(StoreError::Invalid(
            "phone: enter a phone number, like 01234 567890".into(),
        ));
    }
    let reason = text("reason", a.reason, 2000, "why you would like to volunteer")?;
    let scheme: Option<i64> =
        sqlx::query_scalar("SELECT id FROM sch_schemes WHERE slug = $1 AND kind <> 'panel'")
            .bind(a.scheme)
            .fetch_optional(&db.pool)
            .await?;
    let scheme =
        scheme.ok_or_else(|| StoreError::Invalid("scheme: choose the scheme to join".into()))?;
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sch_applications (scheme_id, name, email, phone, reason, status, \
         received_at) VALUES ($1, $2, $3, $4, $5, 'received', $6) RETURNING id",
    )
    .bind(scheme)
    .bind(&name)
    .bind(&email)
    .bind(&phone)
    .bind(&reason)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit(
        &Actor::system("public application"),
        Change::new("schemes.application", "sch_application", &id.to_string())
            .after(&json!({"scheme": a.scheme})),
    )
    .await?;
    Ok(id)
}

pub async fn applications(db: &Db) -> Result<Vec<Application>> {
    Ok(sqlx::query_as(
        "SELECT a.id, s.slug AS scheme, s.name AS scheme_name, a.name, a.email, a.phone, a.reason, a.status, \
         a.decided_on, a.volunteer_id, a.received_at FROM sch_applications a \
         JOIN sch_schemes s ON s.id = a.scheme_id ORDER BY a.status DESC, a.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// The applications to the schemes this office user is staff of (personal data: theirs only).
pub async fn applications_for(db: &Db, user_id: i64) -> Result<Vec<Application>> {
    Ok(sqlx::query_as(
        "SELECT a.id, s.slug AS scheme, s.name AS scheme_name, a.name, a.email, a.phone, a.reason, a.status, \
         a.decided_on, a.volunteer_id, a.received_at FROM sch_applications a \
         JOIN sch_schemes s ON s.id = a.scheme_id \
         WHERE a.scheme_id IN (SELECT scheme_id FROM sch_staff WHERE user_id = $1) \
         ORDER BY a.status DESC, a.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Accepts (the applicant becomes a volunteer of the scheme, joining on `on`, vetting and
/// training not yet recorded) or declines an application that is still open.
pub async fn decide(db: &Db, actor: &Actor, id: i64, accept: bool, on: &str) -> Result<()> {
    let on = day("decided_on", on)?.to_string();
    let app: Option<Application> = sqlx::query_as(
        "SELECT a.id, s.slug AS scheme, s.name AS scheme_name, a.name, a.email, a.phone, a.reason, a.status, \
         a.decided_on, a.volunteer_id, a.received_at FROM sch_applications a \
         JOIN sch_schemes s ON s.id = a.scheme_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let app = app.ok_or_else(|| StoreError::NotFound(format!("application {id}")))?;
    if app.status != "received" {
        return Err(StoreError::Invalid(format!(
            "decision: this application was already {} on {}",
            app.status,
            app.decided_on.unwrap_or_default()
        )));
    }
    let mut tx = db.begin_write().await?;
    let volunteer = if accept {
        let schemes = [app.scheme.as_str()];
        Some(
            volunteers::insert(
                &mut tx,
                &NewVolunteer {
                    name: &app.name,
                    email: &app.email,
                    phone: &app.phone,
                    joined_on: &on,
                    vetting_expires_on: "",
                    training_expires_on: "",
                    schemes: &schemes,
                    link_account: false,
                },
            )
            .await?,
        )
    } else {
        None
    };
    let status = if accept { "accepted" } else { "declined" };
    sqlx::query(
        "UPDATE sch_applications SET status = $1, decided_on = $2, volunteer_id = $3 \
         WHERE id = $4",
    )
    .bind(status)
    .bind(&on)
    .bind(volunteer)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "schemes.application_decide",
            "sch_application",
            &id.to_string(),
        )
        .after(&json!({"status": status, "volunteer": volunteer})),
    )
    .await?;
    Ok(())
}

/// Replaces a volunteer's availability with `when` (weekday 0 Monday, part of the day).
pub async fn set_availability(
    db: &Db,
    actor: &Actor,
    volunteer: i64,
    when: &[(u8, &str)],
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sch_availability WHERE volunteer_id = $1")
        .bind(volunteer)
        .execute(&mut *tx)
        .await?;
    for (weekday, part) in when {
        let part = rota::part(part)
            .filter(|_| *weekday < 7)
            .ok_or_else(|| StoreError::Invalid("availability: choose days and times".into()))?;
        sqlx::query(
            "INSERT INTO sch_availability (volunteer_id, weekday, slot) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(volunteer)
        .bind(i64::from(*weekday))
        .bind(part)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new(
            "schemes.availability",
            "sch_volunteer",
            &volunteer.to_string(),
        )
        .after(&json!({"slots": when.len()})),
    )
    .await?;
    Ok(())
}

/// Each current volunteer's availability, for the rota.
pub async fn availability(db: &Db, scheme_id: i64) -> Result<Vec<rota::Available>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT a.volunteer_id, a.weekday, a.slot FROM sch_availability a \
         JOIN sch_volunteers v ON v.id = a.volunteer_id \
         JOIN sch_memberships m ON m.volunteer_id = v.id AND m.scheme_id = $1 \
         WHERE v.left_on IS NULL ORDER BY a.volunteer_id, a.weekday, a.slot",
    )
    .bind(scheme_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<rota::Available> = Vec::new();
    for (v, d, s) in rows {
        let Some(part) = rota::part(&s) else { continue };
        match out.last_mut() {
            Some(a) if a.volunteer == v => a.when.push((d as u8, part)),
            _ => out.push(rota::Available {
                volunteer: v,
                when: vec![(d as u8, part)],
            }),
        }
    }
    Ok(out)
}

/// One volunteer's availability.
pub async fn availability_of(db: &Db, volunteer: i64) -> Result<Vec<(u8, &'static str)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT weekday, slot FROM sch_availability WHERE volunteer_id = $1 \
         ORDER BY weekday, slot",
    )
    .bind(volunteer)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(d, s)| rota::part(&s).map(|p| (d as u8, p)))
        .collect())
}
