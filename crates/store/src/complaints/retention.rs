//! The retention schedule: a closed review (decided, or found invalid) and a complaint about
//! the Chief Constable with its outcome keep their personal data for six years after closing
//! (`opcc_domain::complaints::RETENTION_YEARS`); then the record is anonymised (the person
//! detached, the words cleared, the dates and decision kept for the statistics) and a person
//! no record names any longer is deleted. `opcc complaints retention` runs it; the team sees
//! what will go next.

use crate::audit::{Actor, Change};
use crate::{Db, Result};
use opcc_domain::complaints::{parse_day, retention_due};
use serde::Serialize;
use serde_json::json;
use time::Date;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Due {
    /// "review" or "complaint".
    pub kind: &'static str,
    pub id: i64,
    pub reference: String,
    pub closed_on: Date,
    pub due_on: Date,
}

/// A review's id, reference, decision date, validity date and validity.
type ClosingRow = (i64, String, Option<String>, Option<String>, Option<i64>);

/// Every closed record not yet anonymised, with the day its personal data goes, soonest
/// first.
pub async fn schedule(db: &Db) -> Result<Vec<Due>> {
    let mut out = Vec::new();
    let reviews: Vec<ClosingRow> = sqlx::query_as(
        "SELECT id, reference, decided_on, validity_on, valid FROM complaints_reviews \
         WHERE anonymised_on IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    for (id, reference, decided, validity, valid) in reviews {
        let closed = match (decided, valid) {
            (Some(d), _) => parse_day(&d),
            (None, Some(0)) => validity.as_deref().and_then(parse_day),
            _ => None,
        };
        if let Some(closed) = closed {
            out.push(Due {
                kind: "review",
                id,
                reference,
                closed_on: closed,
                due_on: retention_due(closed),
            });
        }
    }
    let complaints: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, reference, outcome_on FROM complaints_cc WHERE anonymised_on IS NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    for (id, reference, outcome) in complaints {
        if let Some(closed) = outcome.as_deref().and_then(parse_day) {
            out.push(Due {
                kind: "complaint",
                id,
                reference,
                closed_on: closed,
                due_on: retention_due(closed),
            });
        }
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.id.cmp(&b.id)));
    Ok(out)
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Report {
    pub reviews: Vec<i64>,
    pub complaints: Vec<i64>,
    pub persons: Vec<i64>,
}

/// Persons no record names: deleted by the run.
async fn orphans(conn: &mut sqlx::AnyConnection) -> Result<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT p.id FROM complaints_persons p WHERE NOT EXISTS \
         (SELECT 1 FROM complaints_reviews r WHERE r.person_id = p.id) AND NOT EXISTS \
         (SELECT 1 FROM complaints_cc c WHERE c.person_id = p.id) ORDER BY p.id",
    )
    .fetch_all(conn)
    .await?)
}

/// What a run today would anonymise and delete, without changing anything.
pub async fn plan(db: &Db, today: Date) -> Result<Report> {
    let mut report = Report::default();
    let mut leaving = Vec::new();
    for d in schedule(db)
        .await?
        .into_iter()
        .filter(|d| d.due_on <= today)
    {
        match d.kind {
            "review" => report.reviews.push(d.id),
            _ => report.complaints.push(d.id),
        }
        leaving.push(d);
    }
    // A person goes when every record naming them goes (or none does).
    let persons: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT p.id, \
         (SELECT COUNT(*) FROM complaints_reviews r WHERE r.person_id = p.id), \
         (SELECT COUNT(*) FROM complaints_cc c WHERE c.person_id = p.id) \
         FROM complaints_persons p ORDER BY p.id",
    )
    .fetch_all(&db.pool)
    .await?;
    for (person, reviews, complaints) in persons {
        let ids_r: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM complaints_reviews WHERE person_id = $1")
                .bind(person)
                .fetch_all(&db.pool)
                .await?;
        let ids_c: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM complaints_cc WHERE person_id = $1")
                .bind(person)
                .fetch_all(&db.pool)
                .await?;
        let going = ids_r.iter().filter(|i| report.reviews.contains(i)).count()
            + ids_c
                .iter()
                .filter(|i| report.complaints.contains(i))
                .count();
        if going as i64 == reviews + complaints {
            report.persons.push(person);
        }
    }
    Ok(report)
}

/// Anonymises every expired record and deletes the persons left unnamed, in one transaction
/// with one audit entry naming ids only. Running it again the same day changes nothing.
pub async fn run(db: &Db, actor: &Actor, today: Date) -> Result<Report> {
    let report = plan(db, today).await?;
    if report == Report::default() {
        return Ok(report);
    }
    let on = today.to_string();
    let mut tx = db.begin_write().await?;
    for id in &report.reviews {
        sqlx::query(
            "UPDATE complaints_reviews SET person_id = NULL, late_reason = '', \
             validity_note = '', rationale = '', letter = NULL, anonymised_on = $1 WHERE id = $2",
        )
        .bind(&on)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE complaints_allegations SET text = '', note = '' WHERE review_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM complaints_conflicts WHERE review_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    for id in &report.complaints {
        sqlx::query(
            "UPDATE complaints_cc SET person_id = NULL, summary = '', outcome = '', \
             anonymised_on = $1 WHERE id = $2",
        )
        .bind(&on)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    let orphaned = orphans(&mut tx).await?;
    for id in &orphaned {
        sqlx::query("DELETE FROM complaints_persons WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let report = Report {
        persons: orphaned,
        ..report
    };
    tx.commit(
        actor,
        Change::new("complaints.retention", "complaints", &on).after(&json!(report)),
    )
    .await?;
    Ok(report)
}
