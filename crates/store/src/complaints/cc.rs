//! Complaints about the Chief Constable, for which the office is the appropriate authority:
//! recorded under Schedule 3 or handled outside it, the handling decision, referral to the
//! IOPC where the rules require it, contact with the complainant and the outcome (with the
//! right of review).

use super::{NewPerson, insert_person};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use opcc_domain::complaints::{HANDLING, parse_day};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Complaint {
    pub id: i64,
    pub reference: String,
    pub person_id: Option<i64>,
    pub summary: String,
    pub received_on: String,
    pub schedule3: i64,
    pub recorded_on: Option<String>,
    pub handling: Option<String>,
    pub handling_on: Option<String>,
    pub referral_required: i64,
    pub referred_on: Option<String>,
    pub contacted_on: Option<String>,
    pub outcome: Option<String>,
    pub outcome_on: Option<String>,
    pub anonymised_on: Option<String>,
}

const COLUMNS: &str = "id, reference, person_id, summary, received_on, schedule3, recorded_on, \
    handling, handling_on, referral_required, referred_on, contacted_on, outcome, outcome_on, \
    anonymised_on";

pub struct NewComplaint {
    pub person: NewPerson,
    pub summary: String,
    pub received_on: String,
    pub schedule3: bool,
    pub referral_required: bool,
}

fn invalid(m: impl Into<String>) -> StoreError {
    StoreError::Invalid(m.into())
}

pub async fn create(db: &Db, actor: &Actor, c: &NewComplaint) -> Result<i64> {
    let received = parse_day(c.received_on.trim())
        .ok_or_else(|| invalid("received_on: enter a date like 2024-04-01"))?;
    if c.summary.trim().is_empty() {
        return Err(invalid("summary: say what the complaint is about"));
    }
    let mut tx = db.begin_write().await?;
    let person = insert_person(&mut tx, &c.person).await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints_cc")
        .fetch_one(&mut *tx)
        .await?;
    let reference = format!(
        "CC-{}-{:03}",
        opcc_domain::complaints::financial_year(received),
        n + 1
    );
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints_cc (reference, person_id, summary, received_on, schedule3, \
         referral_required) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(&reference)
    .bind(person)
    .bind(c.summary.trim())
    .bind(received.to_string())
    .bind(i64::from(c.schedule3))
    .bind(i64::from(c.referral_required))
    .fetch_one(&mut *tx)
    .await?;
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("complaints_cc.create", "complaints_cc", &key).after(&json!({
            "reference": reference, "person_id": person, "schedule3": c.schedule3,
            "referral_required": c.referral_required,
        })),
    )
    .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> Result<Complaint> {
    let c: Option<Complaint> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints_cc WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    c.ok_or_else(|| StoreError::NotFound(format!("complaint {id}")))
}

pub async fn list(db: &Db) -> Result<Vec<Complaint>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints_cc ORDER BY received_on DESC, id DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

pub async fn for_person(db: &Db, person: i64) -> Result<Vec<Complaint>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints_cc WHERE person_id = $1 ORDER BY id"
    ))
    .bind(person)
    .fetch_all(&db.pool)
    .await?)
}

/// Records a dated step: `recorded`, `contacted`, `handling` (with its decision), `referred`
/// or `outcome` (with its words).
pub async fn step(
    db: &Db,
    actor: &Actor,
    id: i64,
    step: &str,
    on: &str,
    value: &str,
) -> Result<()> {
    let c = get(db, id).await?;
    if c.anonymised_on.is_some() {
        return Err(invalid(
            "this complaint has been anonymised under the retention schedule",
        ));
    }
    let on = parse_day(on.trim()).ok_or_else(|| invalid("on: enter a date like 2024-04-01"))?;
    let (sql, bound) = match step {
        "recorded" => (
            "UPDATE complaints_cc SET recorded_on = $1 WHERE id = $2",
            None,
        ),
        "contacted" => (
            "UPDATE complaints_cc SET contacted_on = $1 WHERE id = $2",
            None,
        ),
        "referred" if c.referral_required == 1 => (
            "UPDATE complaints_cc SET referred_on = $1 WHERE id = $2",
            None,
        ),
        "referred" => return Err(invalid("this complaint does not require referral")),
        "handling" if HANDLING.iter().any(|(k, _)| *k == value) => (
            "UPDATE complaints_cc SET handling_on = $1, handling = $3 WHERE id = $2",
            Some(value),
        ),
        "handling" => return Err(invalid("handling: choose how the complaint is handled")),
        "outcome" if !value.trim().is_empty() => (
            "UPDATE complaints_cc SET outcome_on = $1, outcome = $3 WHERE id = $2",
            Some(value.trim()),
        ),
        "outcome" => return Err(invalid("outcome: say what the outcome is")),
        other => return Err(StoreError::NotFound(format!("step {other:?}"))),
    };
    let mut tx = db.begin_write().await?;
    let mut q = sqlx::query(sql).bind(on.to_string()).bind(id);
    if let Some(v) = bound {
        q = q.bind(v);
    }
    q.execute(&mut *tx).await?;
    let action = format!("complaints_cc.{step}");
    let key = id.to_string();
    // The handling decision is a fixed word; the outcome's words stay out of the audit log.
    let handling = (step == "handling").then_some(value);
    tx.commit(
        actor,
        Change::new(&action, "complaints_cc", &key)
            .after(&json!({ "on": on.to_string(), "handling": handling })),
    )
    .await?;
    Ok(())
}
