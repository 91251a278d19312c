//! A volunteer's way in and through: an application from the public site, accepted (it
//! becomes a volunteer record) or declined by the office; the days and times they can visit;
//! and their expenses claims (mileage at 45p plus other costs), approved or rejected by the
//! office. Names and contact details stay out of the audit log: it records ids and schemes.

use super::day;
use super::volunteers::{self, NewVolunteer};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::schemes::{expenses, no_names, rota};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Application {
    pub id: i64,
    pub scheme: String,
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

fn text(field: &str, s: &str, most: usize, what: &str) -> Result<String> {
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
        "SELECT a.id, s.slug AS scheme, a.name, a.email, a.phone, a.reason, a.status, \
         a.decided_on, a.volunteer_id, a.received_at FROM sch_applications a \
         JOIN sch_schemes s ON s.id = a.scheme_id ORDER BY a.status DESC, a.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// Accepts (the applicant becomes a volunteer of the scheme, joining on `on`, vetting and
/// training not yet recorded) or declines an application that is still open.
pub async fn decide(db: &Db, actor: &Actor, id: i64, accept: bool, on: &str) -> Result<()> {
    let on = day("decided_on", on)?.to_string();
    let app: Option<Application> = sqlx::query_as(
        "SELECT a.id, s.slug AS scheme, a.name, a.email, a.phone, a.reason, a.status, \
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

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Expense {
    pub id: i64,
    pub volunteer_id: i64,
    pub spent_on: String,
    pub description: String,
    pub miles: String,
    pub amount: String,
    pub status: String,
}

/// A volunteer's claim: miles at 45p plus other costs. Returns the claim's id and amount.
pub async fn claim(
    db: &Db,
    actor: &Actor,
    volunteer: i64,
    spent_on: &str,
    description: &str,
    miles: &str,
    other: &str,
) -> Result<(i64, String)> {
    let on = day("spent_on", spent_on)?.to_string();
    let description = no_names(
        "description",
        &text("description", description, 500, "what the claim is for")?,
    )
    .map_err(StoreError::Invalid)?;
    let miles = expenses::parse_miles(miles).map_err(StoreError::Invalid)?;
    let other = expenses::parse_pounds("other", other).map_err(StoreError::Invalid)?;
    let amount = expenses::amount(miles, other);
    if amount.is_zero() {
        return Err(StoreError::Invalid(
            "miles: enter the miles driven or other costs".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sch_expenses (volunteer_id, spent_on, description, miles, amount, status, \
         created_at) VALUES ($1, $2, $3, $4, $5, 'claimed', $6) RETURNING id",
    )
    .bind(volunteer)
    .bind(&on)
    .bind(&description)
    .bind(miles.to_string())
    .bind(amount.to_string())
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("schemes.expense_claim", "sch_expense", &id.to_string())
            .after(&json!({"volunteer": volunteer, "miles": miles, "amount": amount})),
    )
    .await?;
    Ok((id, amount.to_string()))
}

/// A volunteer's claims, or every claim when `volunteer` is None.
pub async fn expenses(db: &Db, volunteer: Option<i64>) -> Result<Vec<Expense>> {
    Ok(sqlx::query_as(
        "SELECT id, volunteer_id, spent_on, description, miles, amount, status FROM sch_expenses \
         WHERE volunteer_id = $1 OR $1 = 0 ORDER BY spent_on, id",
    )
    .bind(volunteer.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

/// The office moves a claim on: claimed to approved or rejected, approved to paid.
pub async fn decide_expense(db: &Db, actor: &Actor, id: i64, to: &str) -> Result<()> {
    let from = match to {
        "approved" | "rejected" => "claimed",
        "paid" => "approved",
        _ => return Err(StoreError::Invalid("status: approve, reject or pay".into())),
    };
    let mut tx = db.begin_write().await?;
    let n = sqlx::query("UPDATE sch_expenses SET status = $1 WHERE id = $2 AND status = $3")
        .bind(to)
        .bind(id)
        .bind(from)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::Invalid(format!(
            "status: only a claim that is {from} can be {to}"
        )));
    }
    tx.commit(
        actor,
        Change::new("schemes.expense_decide", "sch_expense", &id.to_string())
            .after(&json!({"status": to})),
    )
    .await?;
    Ok(())
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
