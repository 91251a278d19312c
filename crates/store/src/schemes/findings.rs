//! Findings (raised at the time or escalated), the force's response and closure, with due
//! dates and overdue flags; and the office's corrections of a submitted report, each with its
//! reason.

use super::day;
use super::reports::fetch;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::schemes as rules;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Finding {
    pub id: i64,
    pub report_id: i64,
    pub scheme_name: String,
    pub place_name: String,
    pub raised: String,
    pub text: String,
    pub raised_on: String,
    pub due_on: String,
    pub status: String,
    pub force_response: String,
    pub responded_on: Option<String>,
    pub closed_on: Option<String>,
}

/// Findings of one report, or every finding of submitted reports (`report` None), oldest
/// first; `open_only` leaves out the closed.
pub async fn findings(db: &Db, report: Option<i64>, open_only: bool) -> Result<Vec<Finding>> {
    Ok(sqlx::query_as(
        "SELECT f.id, f.report_id, s.name AS scheme_name, p.name AS place_name, f.raised, f.text, \
         f.raised_on, f.due_on, f.status, f.force_response, f.responded_on, f.closed_on \
         FROM sch_findings f JOIN sch_reports r ON r.id = f.report_id \
         JOIN sch_schemes s ON s.id = r.scheme_id JOIN sch_places p ON p.id = r.place_id \
         WHERE (f.report_id = $1 OR ($1 = 0 AND r.status = 'submitted')) \
         AND (f.status <> 'closed' OR $2 = 0) ORDER BY f.raised_on, f.id",
    )
    .bind(report.unwrap_or(0))
    .bind(i64::from(open_only))
    .fetch_all(&db.pool)
    .await?)
}

pub(crate) async fn insert_finding(
    tx: &mut WriteTx,
    report: i64,
    raised: &str,
    text: &str,
    raised_on: time::Date,
) -> Result<i64> {
    if !["at_time", "escalated"].contains(&raised) {
        return Err(StoreError::Invalid(
            "raised: choose when it was raised".into(),
        ));
    }
    let text = rules::no_names("text", text).map_err(StoreError::Invalid)?;
    if text.is_empty() {
        return Err(StoreError::Invalid("text: describe the finding".into()));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO sch_findings (report_id, raised, text, raised_on, due_on, status, force_response) \
         VALUES ($1, $2, $3, $4, $5, 'open', '') RETURNING id",
    )
    .bind(report)
    .bind(raised)
    .bind(text)
    .bind(raised_on.to_string())
    .bind(rules::finding_due(raised_on).to_string())
    .fetch_one(&mut **tx)
    .await?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Correction {
    pub field: String,
    pub before_value: String,
    pub after_value: String,
    pub reason: String,
    pub made_by: String,
    pub made_at: String,
}

pub async fn corrections(db: &Db, report: i64) -> Result<Vec<Correction>> {
    Ok(sqlx::query_as(
        "SELECT field, before_value, after_value, reason, made_by, made_at FROM sch_corrections \
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(report)
    .fetch_all(&db.pool)
    .await?)
}

/// The office corrects a submitted report's date, arrival time or notes, giving the reason.
pub async fn correct(
    db: &Db,
    actor: &Actor,
    report: i64,
    field: &str,
    value: &str,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Invalid(
            "reason: say why the report is corrected".into(),
        ));
    }
    let (column, value) = match field {
        "visited_on" => ("visited_on", day("value", value)?.to_string()),
        "arrived_at" => (
            "arrived_at",
            rules::parse_time(value).map_err(|e| StoreError::Invalid(format!("value: {e}")))?,
        ),
        "notes" => (
            "notes",
            rules::no_names("value", value).map_err(StoreError::Invalid)?,
        ),
        _ => return Err(StoreError::Invalid("field: choose what to correct".into())),
    };
    let mut tx = db.begin_write().await?;
    let r = fetch(&mut tx, report).await?;
    if r.status != "submitted" {
        return Err(StoreError::Invalid(
            "a draft is its volunteer's to change, not corrected".into(),
        ));
    }
    let before = match column {
        "visited_on" => r.visited_on.clone(),
        "arrived_at" => r.arrived_at.clone(),
        _ => r.notes.clone(),
    };
    sqlx::query(&format!(
        "UPDATE sch_reports SET {column} = $1, updated_at = $2 WHERE id = $3"
    ))
    .bind(&value)
    .bind(now_utc())
    .bind(report)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO sch_corrections (report_id, field, before_value, after_value, reason, made_by, made_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(report)
    .bind(column)
    .bind(&before)
    .bind(&value)
    .bind(reason)
    .bind(&actor.label)
    .bind(now_utc())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("schemes.report_correct", "sch_report", &report.to_string())
            .before(&serde_json::json!({ column: before }))
            .after(&serde_json::json!({ column: value, "reason": reason })),
    )
    .await?;
    Ok(())
}

/// The office records the force's response to a finding, or closes it (`close`), on a day.
pub async fn respond(
    db: &Db,
    actor: &Actor,
    finding: i64,
    response: &str,
    close: bool,
    on: &str,
) -> Result<()> {
    let on = day("on", on)?.to_string();
    let response = response.trim();
    let mut tx = db.begin_write().await?;
    let current: Option<(String, String)> =
        sqlx::query_as("SELECT status, force_response FROM sch_findings WHERE id = $1")
            .bind(finding)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((status, existing)) = current else {
        return Err(StoreError::NotFound(format!("finding {finding}")));
    };
    if status == "closed" {
        return Err(StoreError::Invalid("this finding is closed".into()));
    }
    let response = if response.is_empty() {
        existing
    } else {
        response.to_string()
    };
    if response.is_empty() {
        return Err(StoreError::Invalid(
            "force_response: record the force's response".into(),
        ));
    }
    let new_status = if close { "closed" } else { "responded" };
    sqlx::query(
        "UPDATE sch_findings SET force_response = $1, status = $2, \
         responded_on = COALESCE(responded_on, $3), closed_on = $4 WHERE id = $5",
    )
    .bind(&response)
    .bind(new_status)
    .bind(&on)
    .bind(close.then_some(on.clone()))
    .bind(finding)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "schemes.finding_respond",
            "sch_finding",
            &finding.to_string(),
        )
        .before(&serde_json::json!({"status": status}))
        .after(&serde_json::json!({"status": new_status, "force_response": response, "on": on})),
    )
    .await?;
    Ok(())
}
