//! Questions from the public to a body that takes them (the Scrutiny Board): submitted with a
//! name and email (personal data: seen by the office only, never in the audit log, erased 90
//! days after the question is settled), moderated, assigned to a meeting, answered and
//! published. The submitter follows their question by a private link whose token only they
//! hold: the database keeps its SHA-256.

use super::Viewer;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::governance::{NewQuestion, QuestionStatus, personal_data_expired};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A question as the office sees it, with the submitter's details while they are kept.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Question {
    pub id: i64,
    pub body_id: i64,
    pub body_name: String,
    /// The Panel member who asked, for a Panel member's question.
    pub author_id: Option<i64>,
    pub submitter_name: Option<String>,
    pub submitter_email: Option<String>,
    pub question: String,
    pub status: String,
    pub moderation_note: String,
    pub meeting_id: Option<i64>,
    pub meeting_starts_at: Option<String>,
    pub answer: String,
    pub submitted_at: String,
    pub decided_at: Option<String>,
    pub published_at: Option<String>,
}

impl Question {
    pub fn status(&self) -> QuestionStatus {
        QuestionStatus::parse(&self.status).unwrap_or(QuestionStatus::Submitted)
    }
}

/// What anyone may read of a published question: never who asked it.
#[derive(Debug, Clone, Serialize)]
pub struct PublicQuestion {
    pub id: i64,
    pub body: String,
    pub meeting_id: Option<i64>,
    pub question: String,
    pub answer: String,
    pub published_at: String,
}

impl From<Question> for PublicQuestion {
    fn from(q: Question) -> Self {
        PublicQuestion {
            id: q.id,
            body: q.body_name,
            meeting_id: q.meeting_id,
            question: q.question,
            answer: q.answer,
            published_at: q.published_at.unwrap_or_default(),
        }
    }
}

const COLUMNS: &str = "q.id, q.body_id, b.name AS body_name, q.author_id, q.submitter_name, q.submitter_email, \
     q.question, q.status, q.moderation_note, q.meeting_id, m.starts_at AS meeting_starts_at, \
     q.answer, q.submitted_at, q.decided_at, q.published_at \
     FROM gov_questions q JOIN gov_bodies b ON b.id = q.body_id \
     LEFT JOIN gov_meetings m ON m.id = q.meeting_id";

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Records a question; returns its id and the private link's token (shown once).
pub async fn submit(db: &Db, body_slug: &str, q: &NewQuestion) -> Result<(i64, String)> {
    let token = new_token();
    let mut tx = db.begin_write().await?;
    let body: Option<(i64, i64)> =
        sqlx::query_as("SELECT id, takes_questions FROM gov_bodies WHERE slug = $1 AND public = 1")
            .bind(body_slug)
            .fetch_optional(&mut *tx)
            .await?;
    let body_id = match body {
        Some((id, 1)) => id,
        Some(_) => {
            return Err(StoreError::Invalid(
                "body: this body does not take questions from the public".into(),
            ));
        }
        None => return Err(StoreError::NotFound(format!("body {body_slug}"))),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gov_questions (token_hash, body_id, submitter_name, submitter_email, \
         question, status, moderation_note, answer, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, 'submitted', '', '', $6) RETURNING id",
    )
    .bind(token_hash(&token))
    .bind(body_id)
    .bind(&q.name)
    .bind(&q.email)
    .bind(&q.question)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    // The audit entry records the question, never who asked it: the log is kept for good,
    // the submitter's details are not.
    tx.commit(
        &Actor {
            id: None,
            label: "a member of the public".into(),
        },
        Change::new(
            "governance.question_submit",
            "gov_question",
            &id.to_string(),
        )
        .after(&serde_json::json!({"body": body_slug, "question": q.question})),
    )
    .await?;
    Ok((id, token))
}

/// A Panel member's question to a meeting of a public body: it follows the public's track
/// (moderation, a meeting, an answer, publication), and its author may withdraw it until the
/// office takes it up.
pub async fn submit_as_member(
    db: &Db,
    actor: &Actor,
    author_id: i64,
    author_name: &str,
    body_id: i64,
    question: &str,
) -> Result<i64> {
    let question = question.trim();
    if question.is_empty() {
        return Err(StoreError::Invalid("question: enter your question".into()));
    }
    if question.chars().count() > opcc_domain::governance::MAX_QUESTION_CHARS {
        return Err(StoreError::Invalid(format!(
            "question: {} characters or fewer",
            opcc_domain::governance::MAX_QUESTION_CHARS
        )));
    }
    let mut tx = db.begin_write().await?;
    let body: Option<i64> =
        sqlx::query_scalar("SELECT id FROM gov_bodies WHERE id = $1 AND public = 1")
            .bind(body_id)
            .fetch_optional(&mut *tx)
            .await?;
    if body.is_none() {
        return Err(StoreError::Invalid(
            "body: choose a body that meets in public".into(),
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO gov_questions (token_hash, body_id, author_id, submitter_name, question, \
         status, moderation_note, answer, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, 'submitted', '', '', $6) RETURNING id",
    )
    .bind(token_hash(&new_token()))
    .bind(body_id)
    .bind(author_id)
    .bind(author_name)
    .bind(question)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "governance.question_submit",
            "gov_question",
            &id.to_string(),
        )
        .after(&serde_json::json!({"body_id": body_id, "question": question, "panel": true})),
    )
    .await?;
    Ok(id)
}

/// A Panel member's own questions, newest first.
pub async fn of_author(db: &Db, author_id: i64) -> Result<Vec<Question>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} WHERE q.author_id = $1 ORDER BY q.submitted_at DESC, q.id DESC"
    ))
    .bind(author_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Withdraws a Panel member's question: only its author, only before the office takes it up
/// (checked inside the write's transaction).
pub async fn withdraw(
    db: &Db,
    actor: &Actor,
    who: &opcc_domain::policy::Person,
    id: i64,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT author_id, status FROM gov_questions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((author, status)) = row else {
        return Err(StoreError::NotFound(format!("question {id}")));
    };
    let status = QuestionStatus::parse(&status).unwrap_or(QuestionStatus::Submitted);
    if !opcc_domain::policy::may_withdraw_meeting_question(who, author, status) {
        return Err(StoreError::Forbidden(
            "Only the Panel member who asked may withdraw a question, and only before the office takes it up".into(),
        ));
    }
    sqlx::query("UPDATE gov_questions SET status = 'withdrawn', decided_at = $1 WHERE id = $2")
        .bind(now_utc())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "governance.question_withdraw",
            "gov_question",
            &id.to_string(),
        ),
    )
    .await?;
    Ok(())
}

/// The question behind a private link; none for a wrong token.
pub async fn by_token(db: &Db, token: &str) -> Result<Question> {
    let q: Option<Question> = sqlx::query_as(&format!("SELECT {COLUMNS} WHERE q.token_hash = $1"))
        .bind(token_hash(token))
        .fetch_optional(&db.pool)
        .await?;
    q.ok_or_else(|| StoreError::NotFound("question for this link".into()))
}

pub async fn get(db: &Db, id: i64) -> Result<Question> {
    let q: Option<Question> = sqlx::query_as(&format!("SELECT {COLUMNS} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    q.ok_or_else(|| StoreError::NotFound(format!("question {id}")))
}

/// Every question, newest first, for the office.
pub async fn all(db: &Db) -> Result<Vec<Question>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} ORDER BY q.submitted_at DESC, q.id DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

/// Published questions with their answers, of one meeting when given.
pub async fn published(db: &Db, meeting: Option<i64>) -> Result<Vec<PublicQuestion>> {
    let rows: Vec<Question> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} WHERE q.status = 'published' AND (q.meeting_id = $1 OR $1 = 0) \
         ORDER BY q.published_at DESC, q.id DESC"
    ))
    .bind(meeting.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(PublicQuestion::from).collect())
}

/// One step of the office's handling: accept (to a meeting) or reject, answer, publish.
pub enum Step<'a> {
    Accept { meeting_id: i64, note: &'a str },
    Reject { note: &'a str },
    Answer { answer: &'a str },
    Publish,
}

pub async fn advance(db: &Db, actor: &Actor, id: i64, step: Step<'_>) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT status, body_id FROM gov_questions WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((status, body_id)) = row else {
        return Err(StoreError::NotFound(format!("question {id}")));
    };
    let from = QuestionStatus::parse(&status).unwrap_or(QuestionStatus::Submitted);
    let to = match step {
        Step::Accept { .. } => QuestionStatus::Accepted,
        Step::Reject { .. } => QuestionStatus::Rejected,
        Step::Answer { .. } => QuestionStatus::Answered,
        Step::Publish => QuestionStatus::Published,
    };
    if !from.may_become(to) {
        return Err(StoreError::Invalid(format!(
            "a question that is {} cannot be {}",
            from.as_str(),
            to.as_str()
        )));
    }
    let now = now_utc();
    let audit;
    match step {
        Step::Accept { meeting_id, note } => {
            let ok: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM gov_meetings WHERE id = $1 AND body_id = $2 AND cancelled = 0",
            )
            .bind(meeting_id)
            .bind(body_id)
            .fetch_optional(&mut *tx)
            .await?;
            if ok.is_none() {
                return Err(StoreError::Invalid(
                    "meeting: choose a meeting of the body asked".into(),
                ));
            }
            sqlx::query("UPDATE gov_questions SET status = 'accepted', meeting_id = $1, moderation_note = $2 WHERE id = $3")
                .bind(meeting_id)
                .bind(note.trim())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit =
                serde_json::json!({"status": "accepted", "meeting_id": meeting_id, "note": note});
        }
        Step::Reject { note } => {
            if note.trim().is_empty() {
                return Err(StoreError::Invalid(
                    "note: say why the question is not accepted".into(),
                ));
            }
            sqlx::query("UPDATE gov_questions SET status = 'rejected', moderation_note = $1, decided_at = $2 WHERE id = $3")
                .bind(note.trim())
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit = serde_json::json!({"status": "rejected", "note": note});
        }
        Step::Answer { answer } => {
            if answer.trim().is_empty() {
                return Err(StoreError::Invalid("answer: enter the answer".into()));
            }
            sqlx::query("UPDATE gov_questions SET status = 'answered', answer = $1 WHERE id = $2")
                .bind(answer.trim())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit = serde_json::json!({"status": "answered", "answer": answer});
        }
        Step::Publish => {
            sqlx::query("UPDATE gov_questions SET status = 'published', published_at = $1, decided_at = $1 WHERE id = $2")
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            audit = serde_json::json!({"status": "published"});
        }
    }
    tx.commit(
        actor,
        Change::new("governance.question_step", "gov_question", &id.to_string()).after(&audit),
    )
    .await?;
    Ok(())
}

/// The retention rule: erases the name and email of questions settled (published or
/// rejected) more than 90 days before `today`. Returns how many were erased.
pub async fn erase_expired(db: &Db, actor: &Actor, today: time::Date) -> Result<usize> {
    let due = expired(db, today).await?;
    erase(db, actor, &due).await?;
    Ok(due.len())
}

/// Questions whose submitter's name and email are past keeping on `today`.
pub async fn expired(db: &Db, today: time::Date) -> Result<Vec<i64>> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT id, status, decided_at FROM gov_questions \
         WHERE personal_erased_at IS NULL AND decided_at IS NOT NULL",
    )
    .fetch_all(&db.pool)
    .await?;
    let due: Vec<i64> = rows
        .into_iter()
        .filter(|(_, status, decided)| {
            let day = decided.as_deref().and_then(|d| {
                time::Date::parse(
                    d.get(..10)?,
                    &time::format_description::well_known::Iso8601::DATE,
                )
                .ok()
            });
            QuestionStatus::parse(status).is_some_and(|s| personal_data_expired(s, day, today))
        })
        .map(|(id, _, _)| id)
        .collect();
    Ok(due)
}

/// Erases these questions' submitters' names and emails, in one audit entry naming ids only.
pub async fn erase(db: &Db, actor: &Actor, due: &[i64]) -> Result<()> {
    if due.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    let now = now_utc();
    for id in due {
        sqlx::query(
            "UPDATE gov_questions SET submitter_name = NULL, submitter_email = NULL, \
             personal_erased_at = $1 WHERE id = $2",
        )
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new(
            "governance.question_erase_personal",
            "gov_question",
            "retention",
        )
        .after(&serde_json::json!({"questions": due})),
    )
    .await?;
    Ok(())
}

/// Whether the viewer may see who asked: the office only.
pub fn shows_submitter(viewer: Viewer) -> bool {
    viewer == Viewer::Office
}
