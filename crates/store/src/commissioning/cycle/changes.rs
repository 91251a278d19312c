//! Changes to a grant after its award: variations of the amount or the end date, and
//! clawback of money paid, each a decision of the office with its reason.

use super::{bad, dec, iso_date, offer, payments};
use crate::audit::{Actor, Change};
use crate::commissioning::grants::{Application, application};
use crate::{Db, Result, StoreError, now_utc};
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Variation {
    pub amount_before: String,
    pub amount_after: String,
    pub end_before: Option<String>,
    pub end_after: Option<String>,
    pub reason: String,
    pub decided_on: String,
}

pub async fn variations(db: &Db, award_id: i64) -> Result<Vec<Variation>> {
    Ok(sqlx::query_as(
        "SELECT amount_before, amount_after, end_before, end_after, reason, decided_on \
         FROM com_variations WHERE award_id = $1 ORDER BY id",
    )
    .bind(award_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A variation: the award's amount or end date changed by agreement. A change of amount
/// moves the last unpaid instalment by the difference (money already paid stays paid; money to
/// recover is a clawback), and stays within the round's largest grant.
pub async fn vary(
    db: &Db,
    actor: &Actor,
    identifier: &str,
    amount: Option<Decimal>,
    end_date: Option<&str>,
    reason: &str,
    decided_on: &str,
) -> Result<()> {
    let o = offer(db, identifier).await?;
    let a: Application = application(
        db,
        o.application_id
            .ok_or_else(|| StoreError::Invalid("award: an imported grant is not varied".into()))?,
    )
    .await?;
    iso_date("decided_on", decided_on)?;
    if reason.trim().is_empty() {
        return bad("reason: say why the grant is varied");
    }
    let before = dec(&o.amount);
    let after = amount.unwrap_or(before);
    if let Some(e) = end_date {
        let e = iso_date("end_date", e)?;
        if e <= iso_date("award_date", &o.award_date)? {
            return bad("end_date: the grant must end after it was awarded");
        }
    }
    if amount.is_none() && end_date.is_none() {
        return bad("amount: change the amount or the end date, or both");
    }
    let p = crate::commissioning::programme_by_id(db, a.programme_id).await?;
    if let Some(max) = p
        .max_award
        .as_deref()
        .and_then(|m| m.parse::<Decimal>().ok())
        && after > max
    {
        return bad(format!(
            "amount: more than this round's largest grant, {}",
            opcc_domain::finance::pounds(max)
        ));
    }
    let unpaid = payments(db, o.id)
        .await?
        .into_iter()
        .rfind(|p| p.paid_on.is_none());
    let diff = after - before;
    let mut tx = db.begin_write().await?;
    if !diff.is_zero() {
        let Some(last) = unpaid else {
            return bad(
                "amount: every instalment has been paid; record a clawback to recover money",
            );
        };
        let new = dec(&last.amount) + diff;
        if new <= Decimal::ZERO {
            return bad(format!(
                "amount: the last unpaid instalment is {}; reduce the grant by less, or record a clawback",
                opcc_domain::finance::pounds(dec(&last.amount))
            ));
        }
        sqlx::query("UPDATE com_payments SET amount = $1 WHERE id = $2")
            .bind(new.to_string())
            .bind(last.id)
            .execute(&mut *tx)
            .await?;
    }
    let end_after = end_date
        .map(|e| e.trim().to_string())
        .or(o.end_date.clone());
    sqlx::query("UPDATE com_awards SET amount = $1, end_date = $2 WHERE id = $3")
        .bind(after.to_string())
        .bind(&end_after)
        .bind(o.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO com_variations (award_id, amount_before, amount_after, end_before, \
         end_after, reason, decided_on, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(o.id)
    .bind(before.to_string())
    .bind(after.to_string())
    .bind(&o.end_date)
    .bind(&end_after)
    .bind(reason.trim())
    .bind(decided_on.trim())
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("commissioning.variation", "com_award", identifier)
            .before(&serde_json::json!({"amount": before.to_string(), "end_date": o.end_date}))
            .after(&serde_json::json!({"amount": after.to_string(), "end_date": end_after, "reason": reason.trim()})),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Clawback {
    pub amount: String,
    pub reason: String,
    pub decided_on: String,
}

pub async fn clawbacks(db: &Db, award_id: i64) -> Result<Vec<Clawback>> {
    Ok(sqlx::query_as(
        "SELECT amount, reason, decided_on FROM com_clawbacks WHERE award_id = $1 ORDER BY id",
    )
    .bind(award_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Records money the office recovers: no more than has been paid, less what was already
/// clawed back.
pub async fn clawback(
    db: &Db,
    actor: &Actor,
    identifier: &str,
    amount: Decimal,
    reason: &str,
    decided_on: &str,
) -> Result<()> {
    let o = offer(db, identifier).await?;
    iso_date("decided_on", decided_on)?;
    if reason.trim().is_empty() {
        return bad("reason: say why the money is clawed back");
    }
    let paid: Decimal = payments(db, o.id)
        .await?
        .iter()
        .filter(|p| p.paid_on.is_some())
        .map(|p| dec(&p.amount))
        .sum();
    let back: Decimal = clawbacks(db, o.id)
        .await?
        .iter()
        .map(|c| dec(&c.amount))
        .sum();
    if amount <= Decimal::ZERO {
        return bad("amount: enter the amount to claw back");
    }
    if amount > paid - back {
        return bad(format!(
            "amount: more than has been paid and not yet clawed back ({})",
            opcc_domain::finance::pounds(paid - back)
        ));
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO com_clawbacks (award_id, amount, reason, decided_on, recorded_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(o.id)
    .bind(amount.to_string())
    .bind(reason.trim())
    .bind(decided_on.trim())
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("commissioning.clawback", "com_award", identifier).after(
            &serde_json::json!({"amount": amount.to_string(), "reason": reason.trim(), "decided_on": decided_on.trim()}),
        ),
    )
    .await?;
    Ok(())
}
