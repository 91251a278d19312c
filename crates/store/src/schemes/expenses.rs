//! Volunteers' expenses claims: mileage at 45p plus other costs, claimed by the volunteer,
//! then approved or rejected (with a reason the volunteer reads) by the office, then paid.
//! Amounts are decimals held as text and summed with rust_decimal, never floats. A volunteer
//! sees only their own claims; the audit log records ids, amounts and states, not names.

use super::day;
use super::lifecycle::text;
use super::volunteers::SEEN_BY;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::schemes::{expenses, no_names};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Expense {
    pub id: i64,
    pub volunteer_id: i64,
    pub spent_on: String,
    pub description: String,
    pub miles: String,
    pub amount: String,
    pub status: String,
    pub reason: Option<String>,
    pub decided_on: Option<String>,
    pub paid_on: Option<String>,
}

/// A claim as the office sees it: with the volunteer's name (personal data, office only).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OfficeExpense {
    #[sqlx(flatten)]
    pub e: Expense,
    pub volunteer: String,
}

impl Expense {
    /// The amount as a decimal; a stored amount that does not parse counts as nothing rather
    /// than failing the page (it cannot happen: `claim` wrote it from a Decimal).
    pub fn pounds(&self) -> Decimal {
        self.amount.parse().unwrap_or(Decimal::ZERO)
    }
}

const COLUMNS: &str = "e.id, e.volunteer_id, e.spent_on, e.description, e.miles, e.amount, \
                       e.status, e.reason, e.decided_on, e.paid_on";

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
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sch_expenses e WHERE e.volunteer_id = $1 OR $1 = 0 \
         ORDER BY e.spent_on, e.id"
    ))
    .bind(volunteer.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?)
}

/// The claims of the volunteers this office user is staff for, with the volunteer's name,
/// those waiting on the office first.
pub async fn for_staff(db: &Db, user_id: i64) -> Result<Vec<OfficeExpense>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS}, v.name AS volunteer FROM sch_expenses e \
         JOIN sch_volunteers v ON v.id = e.volunteer_id WHERE v.id IN ({SEEN_BY}) \
         ORDER BY CASE e.status WHEN 'claimed' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, \
         e.spent_on DESC, e.id DESC"
    ))
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The total of the claims in `status`, to the penny.
pub fn total(claims: &[OfficeExpense], status: &str) -> Decimal {
    claims
        .iter()
        .filter(|c| c.e.status == status)
        .map(|c| c.e.pounds())
        .sum()
}

/// The office moves a claim on: claimed to approved or rejected (a rejection needs a reason,
/// which the volunteer reads, so no names), approved to paid. `on` is the day of the decision.
pub async fn decide_expense(
    db: &Db,
    actor: &Actor,
    id: i64,
    to: &str,
    reason: &str,
    on: &str,
) -> Result<()> {
    let from = match to {
        "approved" | "rejected" => "claimed",
        "paid" => "approved",
        _ => return Err(StoreError::Invalid("status: approve, reject or pay".into())),
    };
    let on = day("on", on)?.to_string();
    let reason = if to == "rejected" {
        Some(
            no_names(
                "reason",
                &text("reason", reason, 500, "why the claim is rejected")?,
            )
            .map_err(StoreError::Invalid)?,
        )
    } else {
        None
    };
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE sch_expenses SET status = $1, reason = COALESCE($2, reason), \
         decided_on = CASE WHEN $1 = 'paid' THEN decided_on ELSE $3 END, \
         paid_on = CASE WHEN $1 = 'paid' THEN $3 ELSE paid_on END \
         WHERE id = $4 AND status = $5",
    )
    .bind(to)
    .bind(&reason)
    .bind(&on)
    .bind(id)
    .bind(from)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        let known: Option<String> =
            sqlx::query_scalar("SELECT status FROM sch_expenses WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        return match known {
            None => Err(StoreError::NotFound(format!("expenses claim {id}"))),
            Some(now) => Err(StoreError::Invalid(format!(
                "status: only a claim that is {from} can be {to}; this one is {now}"
            ))),
        };
    }
    tx.commit(
        actor,
        Change::new("schemes.expense_decide", "sch_expense", &id.to_string())
            .before(&json!({"status": from}))
            .after(&json!({"status": to, "on": on, "reason": reason})),
    )
    .await?;
    Ok(())
}
