//! Reports (a visit or an audit, one model for every scheme), their observations against the
//! scheme's checklist, findings with the force's response and closure, and corrections.
//!
//! A volunteer writes and changes only their own report, and only until they submit it
//! (`policy::may_edit_report`); after that the office changes it only by a correction with a
//! reason, kept beside the report. What identifies a detainee is a custody record number:
//! every observation and finding is checked for names before it is stored.

use super::day;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::policy::{self, Person, VolunteerReport};
use opcc_domain::schemes::{self as rules, Kind};
use serde::Serialize;
use std::collections::BTreeMap;

use super::findings::insert_finding;
pub use super::findings::{Correction, Finding, correct, corrections, findings, respond};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Report {
    pub id: i64,
    pub scheme_id: i64,
    pub scheme_slug: String,
    pub scheme_name: String,
    pub scheme_kind: String,
    pub place_id: i64,
    pub place_name: String,
    pub author_id: i64,
    pub author_user_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub visited_on: String,
    pub arrived_at: String,
    pub unannounced: i64,
    pub notes: String,
    pub status: String,
    pub submitted_at: Option<String>,
}

impl Report {
    /// The report as the object-level rules see it: its author is the volunteer's account.
    pub fn rule(&self) -> VolunteerReport {
        VolunteerReport {
            author: self.author_user_id.unwrap_or(-1),
            submitted: self.status == "submitted",
        }
    }

    pub fn kind(&self) -> Kind {
        Kind::parse(&self.scheme_kind).unwrap_or(Kind::Engagement)
    }
}

const COLUMNS: &str = "r.id, r.scheme_id, s.slug AS scheme_slug, s.name AS scheme_name, \
     s.kind AS scheme_kind, r.place_id, p.name AS place_name, r.author_id, \
     v.user_id AS author_user_id, r.partner_id, r.visited_on, r.arrived_at, r.unannounced, \
     r.notes, r.status, r.submitted_at";
const FROM: &str = "FROM sch_reports r JOIN sch_schemes s ON s.id = r.scheme_id \
     JOIN sch_places p ON p.id = r.place_id JOIN sch_volunteers v ON v.id = r.author_id";

pub(super) async fn fetch(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Report> {
    let r: Option<Report> = sqlx::query_as(&format!("SELECT {COLUMNS} {FROM} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    r.ok_or_else(|| StoreError::NotFound(format!("report {id}")))
}

/// Another volunteer's report is not found: a volunteer learns nothing of others' reports,
/// not even that one exists.
fn not_yours(id: i64) -> StoreError {
    StoreError::NotFound(format!("report {id}"))
}

/// A report for someone who may see it: another volunteer's is not found.
pub async fn get(db: &Db, person: &Person, id: i64) -> Result<Report> {
    let mut conn = db.pool.acquire().await?;
    let r = fetch(&mut conn, id).await?;
    if !policy::may_see_report(person, &r.rule()) {
        return Err(not_yours(id));
    }
    Ok(r)
}

/// Reports newest first: one volunteer's (by volunteer id) or, for the office, all (None);
/// at most `limit`.
pub async fn list(db: &Db, author: Option<i64>, limit: i64) -> Result<Vec<Report>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} {FROM} WHERE r.author_id = $1 OR $1 = 0 \
         ORDER BY r.visited_on DESC, r.id DESC LIMIT $2"
    ))
    .bind(author.unwrap_or(0))
    .bind(limit)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Observation {
    pub id: i64,
    pub subject: String,
    pub visit: Option<String>,
    pub call_type: Option<String>,
    pub sheet: Option<String>,
    pub answers: String,
    pub note: String,
}

impl Observation {
    /// The checklist's answers, by question key.
    pub fn answers(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.answers).unwrap_or_default()
    }
}

pub async fn observations(db: &Db, report_id: i64) -> Result<Vec<Observation>> {
    Ok(sqlx::query_as(
        "SELECT id, subject, visit, call_type, sheet, answers, note FROM sch_observations \
         WHERE report_id = $1 ORDER BY id",
    )
    .bind(report_id)
    .fetch_all(&db.pool)
    .await?)
}

/// A new report's particulars, as the volunteer gives them.
pub struct NewReport<'a> {
    pub place_id: i64,
    pub partner_id: Option<i64>,
    pub visited_on: &'a str,
    pub arrived_at: &'a str,
    pub unannounced: bool,
}

pub(crate) async fn insert(tx: &mut WriteTx, author: i64, r: &NewReport<'_>) -> Result<i64> {
    let visited = day("visited_on", r.visited_on)?;
    let arrived = rules::parse_time(r.arrived_at)
        .map_err(|e| StoreError::Invalid(format!("arrived_at: {e}")))?;
    let scheme: Option<i64> = sqlx::query_scalar("SELECT scheme_id FROM sch_places WHERE id = $1")
        .bind(r.place_id)
        .fetch_optional(&mut **tx)
        .await?;
    let scheme =
        scheme.ok_or_else(|| StoreError::Invalid("place_id: choose where you went".into()))?;
    if let Some(partner) = r.partner_id {
        let active: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sch_volunteers v JOIN sch_memberships m \
             ON m.volunteer_id = v.id WHERE v.id = $1 AND m.scheme_id = $2 \
             AND v.left_on IS NULL AND v.id <> $3",
        )
        .bind(partner)
        .bind(scheme)
        .bind(author)
        .fetch_one(&mut **tx)
        .await?;
        if active == 0 {
            return Err(StoreError::Invalid(
                "partner_id: choose someone who volunteers on this scheme with you, or nobody"
                    .into(),
            ));
        }
    }
    let now = now_utc();
    Ok(sqlx::query_scalar(
        "INSERT INTO sch_reports (scheme_id, place_id, author_id, partner_id, visited_on, \
         arrived_at, unannounced, notes, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, '', 'draft', $8, $8) RETURNING id",
    )
    .bind(scheme)
    .bind(r.place_id)
    .bind(author)
    .bind(r.partner_id)
    .bind(visited.to_string())
    .bind(arrived)
    .bind(i64::from(r.unannounced))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

/// A volunteer starts a draft report of their own.
pub async fn start(db: &Db, actor: &Actor, person: &Person, r: &NewReport<'_>) -> Result<i64> {
    let me = match person.role {
        opcc_domain::accounts::Role::Volunteer => {
            super::volunteers::by_user(db, person.user_id).await?
        }
        _ => None,
    };
    let Some(me) = me else {
        return Err(StoreError::Invalid(
            "reports are filed by volunteers whose account the office has linked to their \
             volunteer record"
                .into(),
        ));
    };
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, me.id, r).await?;
    tx.commit(
        actor,
        Change::new("schemes.report_start", "sch_report", &id.to_string()),
    )
    .await?;
    Ok(id)
}

/// Loads the report in the transaction and checks the person may still change it.
async fn editable(tx: &mut WriteTx, person: &Person, id: i64) -> Result<Report> {
    let r = fetch(tx, id).await?;
    if !policy::may_see_report(person, &r.rule()) {
        return Err(not_yours(id));
    }
    if !policy::may_edit_report(person, &r.rule()) {
        let why = "this report has been submitted: the office corrects it, with a reason";
        return Err(if person.role == opcc_domain::accounts::Role::Volunteer {
            StoreError::Forbidden(why.into())
        } else {
            // The office sees the report but writes only corrections and responses.
            StoreError::Invalid(format!(
                "a volunteer's report is theirs to write: {}",
                if r.status == "submitted" {
                    "correct it below, with a reason"
                } else {
                    "it is still a draft"
                }
            ))
        });
    }
    Ok(r)
}

/// One observation as the form gives it: `answers` by checklist key.
pub struct NewObservation<'a> {
    pub subject: &'a str,
    pub visit: &'a str,
    pub call_type: &'a str,
    pub sheet: &'a str,
    pub answers: BTreeMap<String, String>,
    pub note: &'a str,
}

/// An observation as it is stored.
pub(crate) struct Checked {
    pub subject: String,
    pub visit: Option<String>,
    pub call_type: Option<String>,
    pub sheet: Option<String>,
    pub answers: String,
    pub note: String,
}

/// Checks an observation against its scheme's rules: the fields that scheme needs, answers
/// only to its questions, and no names.
pub(crate) fn checked(kind: Kind, o: &NewObservation<'_>) -> Result<Checked> {
    let invalid = StoreError::Invalid;
    let subject =
        rules::parse_subject(kind, o.subject).map_err(|e| invalid(format!("subject: {e}")))?;
    let pick = |field: &str, list: &[(&str, &str)], v: &str| -> Result<Option<String>> {
        if list.iter().any(|(c, _)| *c == v) {
            Ok(Some(v.to_string()))
        } else {
            Err(StoreError::Invalid(format!("{field}: choose one")))
        }
    };
    let (visit, call_type, sheet) = match kind {
        Kind::Custody => (pick("visit", &rules::VISITS, o.visit)?, None, None),
        Kind::Calls => (
            None,
            pick("call_type", &rules::CALL_TYPES, o.call_type)?,
            None,
        ),
        Kind::Dogs => (None, None, pick("sheet", &rules::SHEETS, o.sheet)?),
        Kind::Engagement | Kind::Panel => {
            return Err(invalid("this scheme's reports have no observations".into()));
        }
    };
    let questions = kind.checklist();
    for (k, v) in &o.answers {
        if !questions.iter().any(|(q, _)| q == k) {
            return Err(invalid(format!(
                "answers: {k} is not on this scheme's checklist"
            )));
        }
        if !rules::ANSWERS.iter().any(|(a, _)| a == v) {
            return Err(invalid(format!("{k}: choose met, concern or not seen")));
        }
    }
    let note = rules::no_names("note", o.note).map_err(invalid)?;
    let answers = serde_json::to_string(&o.answers).expect("a map of strings serialises");
    Ok(Checked {
        subject,
        visit,
        call_type,
        sheet,
        answers,
        note,
    })
}

pub(crate) async fn insert_observation(
    tx: &mut WriteTx,
    report: i64,
    kind: Kind,
    o: &NewObservation<'_>,
) -> Result<i64> {
    let c = checked(kind, o)?;
    Ok(sqlx::query_scalar(
        "INSERT INTO sch_observations (report_id, subject, visit, call_type, sheet, answers, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(report)
    .bind(c.subject)
    .bind(c.visit)
    .bind(c.call_type)
    .bind(c.sheet)
    .bind(c.answers)
    .bind(c.note)
    .fetch_one(&mut **tx)
    .await?)
}

/// Adds a detainee, call or dog to a draft report of one's own.
pub async fn add_observation(
    db: &Db,
    actor: &Actor,
    person: &Person,
    report: i64,
    o: &NewObservation<'_>,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let r = editable(&mut tx, person, report).await?;
    let id = insert_observation(&mut tx, report, r.kind(), o).await?;
    touch(&mut tx, report).await?;
    tx.commit(
        actor,
        Change::new("schemes.observation_add", "sch_report", &report.to_string())
            .after(&serde_json::json!({"observation": id})),
    )
    .await?;
    Ok(id)
}

/// Removes an observation from a draft report of one's own.
pub async fn remove_observation(
    db: &Db,
    actor: &Actor,
    person: &Person,
    report: i64,
    id: i64,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    editable(&mut tx, person, report).await?;
    let n = sqlx::query("DELETE FROM sch_observations WHERE id = $1 AND report_id = $2")
        .bind(id)
        .bind(report)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("observation {id}")));
    }
    tx.commit(
        actor,
        Change::new(
            "schemes.observation_remove",
            "sch_report",
            &report.to_string(),
        )
        .before(&serde_json::json!({"observation": id})),
    )
    .await?;
    Ok(())
}

async fn touch(tx: &mut WriteTx, report: i64) -> Result<()> {
    sqlx::query("UPDATE sch_reports SET updated_at = $1 WHERE id = $2")
        .bind(now_utc())
        .bind(report)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Adds a finding to a draft report of one's own, raised on the day of the visit.
pub async fn add_finding(
    db: &Db,
    actor: &Actor,
    person: &Person,
    report: i64,
    raised: &str,
    text: &str,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let r = editable(&mut tx, person, report).await?;
    let on = day("visited_on", &r.visited_on)?;
    let id = insert_finding(&mut tx, report, raised, text, on).await?;
    touch(&mut tx, report).await?;
    tx.commit(
        actor,
        Change::new("schemes.finding_add", "sch_finding", &id.to_string())
            .after(&serde_json::json!({"report": report, "raised": raised})),
    )
    .await?;
    Ok(id)
}

/// Saves the report's general notes (checked for names).
pub async fn save_notes(
    db: &Db,
    actor: &Actor,
    person: &Person,
    report: i64,
    notes: &str,
) -> Result<()> {
    let notes = rules::no_names("notes", notes).map_err(StoreError::Invalid)?;
    let mut tx = db.begin_write().await?;
    editable(&mut tx, person, report).await?;
    sqlx::query("UPDATE sch_reports SET notes = $1, updated_at = $2 WHERE id = $3")
        .bind(&notes)
        .bind(now_utc())
        .bind(report)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("schemes.report_notes", "sch_report", &report.to_string()),
    )
    .await?;
    Ok(())
}

/// Submits a draft of one's own: from now on only the office's corrections change it.
pub async fn submit(db: &Db, actor: &Actor, person: &Person, report: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let r = editable(&mut tx, person, report).await?;
    let observed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sch_observations WHERE report_id = $1")
            .bind(report)
            .fetch_one(&mut *tx)
            .await?;
    if observed == 0 && !r.kind().checklist().is_empty() {
        return Err(StoreError::Invalid(
            "observations: add at least one before submitting (a visit with no one in custody: \
             add a note and ask the office)"
                .into(),
        ));
    }
    let now = now_utc();
    sqlx::query("UPDATE sch_reports SET status = 'submitted', submitted_at = $1, updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(report)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("schemes.report_submit", "sch_report", &report.to_string())
            .after(&serde_json::json!({"observations": observed})),
    )
    .await?;
    Ok(())
}

/// The office opening a report about detainees is casework seen: it is written to the audit
/// log, whoever looks.
pub async fn record_view(db: &Db, actor: &Actor, report: i64) -> Result<()> {
    let tx = db.begin_write().await?;
    tx.commit(
        actor,
        Change::new("schemes.report_view", "sch_report", &report.to_string()),
    )
    .await?;
    Ok(())
}
