//! The grant cycle around and after the award: moderation of the scorers' scores, a decline
//! recorded as a decision of the office, the recipient's acceptance of the offer, instalments
//! marked paid, interim and end-of-grant reports, variations, clawback, and the deletion of
//! applications not awarded once their retention period has passed (`changes`: variations
//! and clawback; `retention`).

mod changes;
mod retention;

pub use changes::*;
pub use retention::*;

use super::grants::application;
use crate::audit::{Actor, Change};
use crate::governance::decisions::{self, NewDecision};
use crate::{Db, Result, StoreError, now_utc};
use rust_decimal::Decimal;
use serde::Serialize;

pub(super) fn bad<T>(m: impl Into<String>) -> Result<T> {
    Err(StoreError::Invalid(m.into()))
}

pub(crate) fn iso_date(field: &str, s: &str) -> Result<time::Date> {
    time::Date::parse(
        s.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| StoreError::Invalid(format!("{field}: enter a real date")))
}

pub(super) fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Moderation {
    pub score: i64,
    pub out_of: i64,
    pub note: String,
    pub moderator: String,
    pub moderated_at: String,
}

pub async fn moderation(db: &Db, id: i64) -> Result<Option<Moderation>> {
    Ok(sqlx::query_as(
        "SELECT m.score, m.out_of, m.note, COALESCE(u.email, '') AS moderator, m.moderated_at \
         FROM com_moderations m LEFT JOIN users u ON u.id = m.moderated_by \
         WHERE m.application_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?)
}

/// The panel's moderated score of a scored application: the score the decision rests on, out
/// of the round's criteria's total, with the note saying how it was reached. A moderator with a
/// declared conflict of interest may not moderate; moderating again replaces it.
pub async fn moderate(
    db: &Db,
    actor: &Actor,
    moderator: i64,
    id: i64,
    score: i64,
    note: &str,
) -> Result<()> {
    let a = application(db, id).await?;
    if a.status != "submitted" {
        return bad("application: only a submitted application is moderated");
    }
    let scored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM com_scores WHERE application_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    if scored == 0 {
        return bad("moderated_score: the scorers have not scored it yet");
    }
    if super::grants::is_conflicted(db, moderator, id).await? {
        return bad(
            "moderated_score: you declared a conflict of interest in this application, so you may not moderate it",
        );
    }
    let out_of: i64 = super::criteria(db, a.programme_id)
        .await?
        .iter()
        .map(|c| c.max_score)
        .sum();
    if !(0..=out_of).contains(&score) {
        return bad(format!(
            "moderated_score: enter a whole number from 0 to {out_of}"
        ));
    }
    if note.trim().is_empty() {
        return bad("moderation_note: say how the moderated score was reached");
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM com_moderations WHERE application_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO com_moderations (application_id, score, out_of, note, moderated_by, \
         moderated_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(score)
    .bind(out_of)
    .bind(note.trim())
    .bind(moderator)
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("commissioning.moderate", "com_application", &id.to_string())
            .after(&serde_json::json!({"score": score, "out_of": out_of, "note": note.trim()})),
    )
    .await?;
    Ok(())
}

/// The office's decision on an application: its date (ISO), who made it and why.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub decided_on: String,
    pub decision_maker: String,
    pub reasons: String,
}

/// Declines a submitted application: a decision notice in the governance register (kept by
/// the office, not published: it names a group that was not funded) and the application closed
/// as declined, in one transaction. Returns the notice's number.
pub async fn decline(db: &Db, actor: &Actor, id: i64, o: &Outcome) -> Result<String> {
    let a = application(db, id).await?;
    if a.status != "submitted" {
        return bad("application: only a submitted application is declined");
    }
    iso_date("decided_on", &o.decided_on)?;
    let p = super::programme_by_id(db, a.programme_id).await?;
    let notice = NewDecision {
        title: format!(
            "{}: application from {} declined",
            p.title, a.organisation_name
        ),
        decision_maker: o.decision_maker.clone(),
        decided_on: o.decided_on.trim().to_string(),
        summary: format!(
            "Not to award a grant to {} for {:?} from the {} ({} applied for).",
            a.organisation_name,
            a.title,
            p.title,
            opcc_domain::finance::pounds(applied_for(db, id).await?)
        ),
        reasons: o.reasons.clone(),
        ..NewDecision::default()
    };
    let now = now_utc();
    let mut tx = db.begin_write().await?;
    let (_, number) = decisions::insert(&mut tx, &notice, &now).await?;
    sqlx::query(
        "UPDATE com_applications SET status = 'declined', decision_number = $1, \
         decided_on = $2 WHERE id = $3",
    )
    .bind(number.to_string())
    .bind(o.decided_on.trim())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("commissioning.decline", "com_application", &id.to_string())
            .after(&serde_json::json!({"decision": number.to_string(), "outcome": o})),
    )
    .await?;
    Ok(number.to_string())
}

/// The application a decline decision refused: (id, title, amount applied for in pounds), so
/// the decision's page can link back to it.
pub async fn declined_by_decision(
    db: &Db,
    number: &str,
) -> Result<Option<(i64, String, rust_decimal::Decimal)>> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, title FROM com_applications WHERE decision_number = $1 \
         AND status = 'declined'",
    )
    .bind(number)
    .fetch_optional(&db.pool)
    .await?;
    let Some((id, title)) = row else {
        return Ok(None);
    };
    Ok(Some((id, title, applied_for(db, id).await?)))
}

/// What an application asked for: its budget lines' sum, in exact decimal pounds.
pub async fn applied_for(db: &Db, id: i64) -> Result<rust_decimal::Decimal> {
    Ok(super::grants::budget(db, id)
        .await?
        .iter()
        .filter_map(|(_, m)| m.parse::<rust_decimal::Decimal>().ok())
        .sum())
}

/// A declined application's decision: (number, date).
pub async fn declined(db: &Db, id: i64) -> Result<Option<(String, String)>> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT decision_number, decided_on FROM com_applications WHERE id = $1 \
         AND status = 'declined'",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|(n, d)| Some((n?, d.unwrap_or_default()))))
}

/// An award's offer and its progress, as the office and the recipient see them.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Offer {
    pub id: i64,
    pub identifier: String,
    pub application_id: Option<i64>,
    pub organisation_id: Option<i64>,
    pub title: String,
    pub recipient_name: String,
    pub amount: String,
    pub award_date: String,
    pub conditions: String,
    pub end_date: Option<String>,
    pub accepted_at: Option<String>,
    pub decision_number: Option<String>,
    /// End-of-grant reports sent (0 or 1): once sent, the report is no longer due.
    pub final_reports: i64,
}

const OFFER: &str = "SELECT w.id, w.identifier, w.application_id, a.organisation_id, w.title, \
    w.recipient_name, w.amount, w.award_date, w.conditions, w.end_date, w.accepted_at, \
    w.decision_number, (SELECT COUNT(*) FROM com_grant_reports g WHERE g.award_id = w.id \
    AND g.kind = 'final') AS final_reports \
    FROM com_awards w LEFT JOIN com_applications a ON a.id = w.application_id";

pub async fn offer(db: &Db, identifier: &str) -> Result<Offer> {
    sqlx::query_as(&format!("{OFFER} WHERE w.identifier = $1"))
        .bind(identifier)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("award {identifier}")))
}

/// The office's own awards made from applications: one organisation's, or all.
pub async fn offers(db: &Db, organisation: Option<i64>) -> Result<Vec<Offer>> {
    Ok(match organisation {
        Some(o) => {
            sqlx::query_as(&format!(
                "{OFFER} WHERE a.organisation_id = $1 ORDER BY w.award_date DESC, w.id DESC"
            ))
            .bind(o)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "{OFFER} WHERE w.application_id IS NOT NULL ORDER BY w.award_date DESC, w.id DESC"
            ))
            .fetch_all(&db.pool)
            .await?
        }
    })
}

fn own(o: &Offer, organisation: i64) -> Result<()> {
    if o.organisation_id != Some(organisation) {
        // Another organisation's award reads as absent, as its application does.
        return Err(StoreError::NotFound(format!("award {}", o.identifier)));
    }
    Ok(())
}

/// The recipient accepts the offer and its conditions; payments follow.
pub async fn accept(db: &Db, actor: &Actor, organisation: i64, identifier: &str) -> Result<()> {
    let o = offer(db, identifier).await?;
    own(&o, organisation)?;
    if o.accepted_at.is_some() {
        return bad("offer: it has already been accepted");
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE com_awards SET accepted_at = $1 WHERE id = $2")
        .bind(now_utc())
        .bind(o.id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("commissioning.offer_accept", "com_award", identifier)
            .after(&serde_json::json!({"conditions": o.conditions})),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Payment {
    pub id: i64,
    pub due_on: String,
    pub amount: String,
    pub paid_on: Option<String>,
}

pub async fn payments(db: &Db, award_id: i64) -> Result<Vec<Payment>> {
    Ok(sqlx::query_as(
        "SELECT id, due_on, amount, paid_on FROM com_payments WHERE award_id = $1 \
         ORDER BY due_on, id",
    )
    .bind(award_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Marks an instalment paid on a date; only once the recipient has accepted the offer.
pub async fn mark_paid(
    db: &Db,
    actor: &Actor,
    identifier: &str,
    payment: i64,
    paid_on: &str,
) -> Result<()> {
    let o = offer(db, identifier).await?;
    if o.accepted_at.is_none() {
        return bad("payment: the recipient has not accepted the offer yet");
    }
    iso_date("paid_on", paid_on)?;
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE com_payments SET paid_on = $1 WHERE id = $2 AND award_id = $3 \
         AND paid_on IS NULL",
    )
    .bind(paid_on.trim())
    .bind(payment)
    .bind(o.id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return bad("payment: no such unpaid instalment of this award");
    }
    tx.commit(
        actor,
        Change::new(
            "commissioning.payment_paid",
            "com_payment",
            &payment.to_string(),
        )
        .after(&serde_json::json!({"award": identifier, "paid_on": paid_on.trim()})),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Report {
    pub kind: String,
    pub spent: String,
    pub achieved: String,
    pub submitted_at: String,
}

pub async fn reports(db: &Db, award_id: i64) -> Result<Vec<Report>> {
    Ok(sqlx::query_as(
        "SELECT kind, spent, achieved, submitted_at FROM com_grant_reports \
         WHERE award_id = $1 ORDER BY submitted_at, id",
    )
    .bind(award_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The recipient's interim or end-of-grant report: what it spent and what the money did.
#[allow(clippy::too_many_arguments)]
pub async fn report(
    db: &Db,
    actor: &Actor,
    user_id: i64,
    organisation: i64,
    identifier: &str,
    kind: &str,
    spent: Decimal,
    achieved: &str,
) -> Result<()> {
    let o = offer(db, identifier).await?;
    own(&o, organisation)?;
    if !matches!(kind, "interim" | "final") {
        return bad("kind: choose an interim or an end-of-grant report");
    }
    if o.accepted_at.is_none() {
        return bad("report: accept the offer first");
    }
    if achieved.trim().is_empty() {
        return bad("achieved: say what the grant has done so far");
    }
    if spent > dec(&o.amount) {
        return bad("spent: more than the grant");
    }
    let finals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM com_grant_reports WHERE award_id = $1 AND kind = 'final'",
    )
    .bind(o.id)
    .fetch_one(&db.pool)
    .await?;
    if finals > 0 {
        return bad("report: the end-of-grant report has already been sent");
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO com_grant_reports (award_id, kind, spent, achieved, submitted_by, \
         submitted_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(o.id)
    .bind(kind)
    .bind(spent.to_string())
    .bind(achieved.trim())
    .bind(user_id)
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("commissioning.report", "com_award", identifier).after(
            &serde_json::json!({"kind": kind, "spent": spent.to_string(), "achieved": achieved.trim()}),
        ),
    )
    .await?;
    Ok(())
}
