//! Review requests, from receipt to the decision letter and the force's response to the
//! recommendations. The office is the relevant review body: it decides, allegation by
//! allegation, whether the force's outcome was reasonable and proportionate.

use super::{NewPerson, insert_person};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::complaints::{Decision, decision_of, parse_day, request_in_time};
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Review {
    pub id: i64,
    pub reference: String,
    pub person_id: Option<i64>,
    pub force_reference: String,
    pub outcome_notified_on: String,
    pub received_on: String,
    pub late_reason: String,
    pub valid: Option<i64>,
    pub validity_on: Option<String>,
    pub validity_note: String,
    pub file_requested_on: Option<String>,
    pub file_received_on: Option<String>,
    pub reviewer_id: Option<i64>,
    pub decision: Option<String>,
    pub decided_on: Option<String>,
    pub rationale: String,
    pub recommendations: String,
    pub force_response: String,
    pub force_response_on: Option<String>,
    pub letter: Option<String>,
    pub letter_on: Option<String>,
    pub anonymised_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Allegation {
    pub id: i64,
    pub position: i64,
    pub category: String,
    pub text: String,
    pub reasonable: Option<i64>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Conflict {
    pub user_id: i64,
    pub display_name: String,
    pub reason: String,
    pub declared_at: String,
}

/// A review with its allegations, as the subject access export gives it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewFull {
    pub review: Review,
    pub allegations: Vec<Allegation>,
}

/// A row of the team's list, with the applicant's name (none once anonymised).
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Listed {
    pub id: i64,
    pub reference: String,
    pub name: Option<String>,
    pub received_on: String,
    pub valid: Option<i64>,
    pub file_received_on: Option<String>,
    pub decision: Option<String>,
    pub decided_on: Option<String>,
    pub letter_on: Option<String>,
    pub outcome_notified_on: String,
    pub validity_on: Option<String>,
    pub file_requested_on: Option<String>,
}

const COLUMNS: &str = "id, reference, person_id, force_reference, outcome_notified_on, \
    received_on, late_reason, valid, validity_on, validity_note, file_requested_on, \
    file_received_on, reviewer_id, decision, decided_on, rationale, recommendations, \
    force_response, force_response_on, letter, letter_on, anonymised_on";

pub struct NewReview {
    pub person: NewPerson,
    pub force_reference: String,
    pub outcome_notified_on: String,
    pub received_on: String,
    pub late_reason: String,
    /// (category, the allegation's words), in order.
    pub allegations: Vec<(String, String)>,
}

fn invalid(m: impl Into<String>) -> StoreError {
    StoreError::Invalid(m.into())
}

fn day(field: &str, s: &str) -> Result<time::Date> {
    parse_day(s.trim()).ok_or_else(|| invalid(format!("{field}: enter a date like 2024-04-01")))
}

/// Records a review request and its applicant; returns its id.
pub async fn create(db: &Db, actor: &Actor, r: &NewReview) -> Result<i64> {
    let notified = day("outcome_notified_on", &r.outcome_notified_on)?;
    let received = day("received_on", &r.received_on)?;
    if received < notified {
        return Err(invalid(
            "received_on: a request cannot arrive before the outcome it asks to review",
        ));
    }
    if !request_in_time(notified, received) && r.late_reason.trim().is_empty() {
        return Err(invalid(
            "late_reason: the request is late (more than 28 days after the outcome's notice): \
             give the reason it was accepted, or do not record it as a review",
        ));
    }
    if r.force_reference.trim().is_empty() {
        return Err(invalid(
            "force_reference: enter the force's complaint reference",
        ));
    }
    let allegations: Vec<_> = r
        .allegations
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .collect();
    if allegations.is_empty() {
        return Err(invalid("allegations: enter at least one allegation"));
    }
    for (c, _) in &allegations {
        if !opcc_domain::complaints::iopc::ALLEGATIONS
            .iter()
            .any(|(k, _)| k == c)
        {
            return Err(invalid(format!("category: {c:?} is not an IOPC category")));
        }
    }
    let mut tx = db.begin_write().await?;
    let person = insert_person(&mut tx, &r.person).await?;
    let year = opcc_domain::complaints::financial_year(received);
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints_reviews")
        .fetch_one(&mut *tx)
        .await?;
    let reference = format!("RR-{year}-{:04}", n + 1);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints_reviews (reference, person_id, force_reference, \
         outcome_notified_on, received_on, late_reason, validity_note, rationale, \
         recommendations, force_response) VALUES ($1, $2, $3, $4, $5, $6, '', '', '', '') \
         RETURNING id",
    )
    .bind(&reference)
    .bind(person)
    .bind(r.force_reference.trim())
    .bind(notified.to_string())
    .bind(received.to_string())
    .bind(r.late_reason.trim())
    .fetch_one(&mut *tx)
    .await?;
    for (i, (category, text)) in allegations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO complaints_allegations (review_id, position, category, text, note) \
             VALUES ($1, $2, $3, $4, '')",
        )
        .bind(id)
        .bind(i as i64 + 1)
        .bind(category)
        .bind(text.trim())
        .execute(&mut *tx)
        .await?;
    }
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new("complaints_review.create", "complaints_review", &key).after(&json!({
            "reference": reference, "person_id": person, "received_on": received.to_string(),
            "in_time": request_in_time(notified, received), "allegations": allegations.len(),
        })),
    )
    .await?;
    Ok(id)
}

pub async fn get(db: &Db, id: i64) -> Result<Review> {
    let r: Option<Review> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints_reviews WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    r.ok_or_else(|| StoreError::NotFound(format!("review {id}")))
}

pub async fn allegations(db: &Db, id: i64) -> Result<Vec<Allegation>> {
    Ok(sqlx::query_as(
        "SELECT id, position, category, text, reasonable, note FROM complaints_allegations \
         WHERE review_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn full(db: &Db, id: i64) -> Result<ReviewFull> {
    Ok(ReviewFull {
        review: get(db, id).await?,
        allegations: allegations(db, id).await?,
    })
}

pub async fn conflicts(db: &Db, id: i64) -> Result<Vec<Conflict>> {
    Ok(sqlx::query_as(
        "SELECT c.user_id, u.display_name, c.reason, c.declared_at FROM complaints_conflicts c \
         JOIN users u ON u.id = c.user_id WHERE c.review_id = $1 ORDER BY c.declared_at",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn has_conflict(db: &Db, id: i64, user_id: i64) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM complaints_conflicts WHERE review_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(n > 0)
}

/// The team's list, newest first; `q` matches the reference, the force's reference or the
/// applicant's name.
pub async fn list(db: &Db, q: &str) -> Result<Vec<Listed>> {
    let like = format!("%{}%", q.trim().to_lowercase());
    Ok(sqlx::query_as(
        "SELECT r.id, r.reference, p.name, r.received_on, r.valid, r.file_received_on, \
         r.decision, r.decided_on, r.letter_on, r.outcome_notified_on, r.validity_on, \
         r.file_requested_on FROM complaints_reviews r \
         LEFT JOIN complaints_persons p ON p.id = r.person_id \
         WHERE $1 = '%%' OR LOWER(r.reference) LIKE $1 OR LOWER(r.force_reference) LIKE $1 \
         OR LOWER(COALESCE(p.name, '')) LIKE $1 ORDER BY r.received_on DESC, r.id DESC",
    )
    .bind(like)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn for_person(db: &Db, person: i64) -> Result<Vec<Review>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM complaints_reviews WHERE person_id = $1 ORDER BY id"
    ))
    .bind(person)
    .fetch_all(&db.pool)
    .await?)
}

/// A step of a review, as the office records it.
pub enum Step {
    Validity {
        valid: bool,
        note: String,
        on: String,
    },
    FileRequested {
        on: String,
    },
    FileReceived {
        on: String,
    },
    /// A team member declares a conflict with the case: they may no longer see or review it.
    Conflict {
        user_id: i64,
        reason: String,
    },
    Assign {
        reviewer: i64,
    },
    Finding {
        allegation: i64,
        reasonable: bool,
        note: String,
    },
    Decide {
        rationale: String,
        recommendations: String,
        on: String,
    },
    Letter {
        text: String,
        on: String,
    },
    ForceResponse {
        text: String,
        on: String,
    },
}

impl Step {
    fn action(&self) -> &'static str {
        match self {
            Step::Validity { .. } => "complaints_review.validity",
            Step::FileRequested { .. } => "complaints_review.file_requested",
            Step::FileReceived { .. } => "complaints_review.file_received",
            Step::Conflict { .. } => "complaints_review.conflict",
            Step::Assign { .. } => "complaints_review.assign",
            Step::Finding { .. } => "complaints_review.finding",
            Step::Decide { .. } => "complaints_review.decide",
            Step::Letter { .. } => "complaints_review.letter",
            Step::ForceResponse { .. } => "complaints_review.force_response",
        }
    }
}

/// Records one step. The caller has checked the person is on the team and not conflicted.
pub async fn step(db: &Db, actor: &Actor, id: i64, s: Step) -> Result<()> {
    let r = get(db, id).await?;
    if r.anonymised_on.is_some() {
        return Err(invalid(
            "this review has been anonymised under the retention schedule",
        ));
    }
    let mut tx = db.begin_write().await?;
    // What the audit entry says: dates, flags and ids, never the words (they may be personal).
    let mut after = json!({});
    match &s {
        Step::Validity { valid, note, on } => {
            let on = day("on", on)?;
            if !*valid && note.trim().is_empty() {
                return Err(invalid("note: say why the request is not valid"));
            }
            sqlx::query(
                "UPDATE complaints_reviews SET valid = $1, validity_note = $2, validity_on = $3 \
                 WHERE id = $4",
            )
            .bind(i64::from(*valid))
            .bind(note.trim())
            .bind(on.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            after = json!({"valid": valid, "on": on.to_string()});
        }
        Step::FileRequested { on } | Step::FileReceived { on } => {
            let on = day("on", on)?;
            if r.valid != Some(1) {
                return Err(invalid("check the request is valid before its case file"));
            }
            let column = if matches!(s, Step::FileRequested { .. }) {
                "file_requested_on"
            } else {
                "file_received_on"
            };
            sqlx::query(&format!(
                "UPDATE complaints_reviews SET {column} = $1 WHERE id = $2"
            ))
            .bind(on.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            after = json!({ "on": on.to_string() });
        }
        Step::Conflict { user_id, reason } => {
            if reason.trim().is_empty() {
                return Err(invalid("reason: say what the conflict is"));
            }
            sqlx::query(
                "INSERT INTO complaints_conflicts (review_id, user_id, reason, declared_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(user_id)
            .bind(reason.trim())
            .bind(now_utc())
            .execute(&mut *tx)
            .await
            .map_err(|_| invalid("a conflict is already declared"))?;
            if r.reviewer_id == Some(*user_id) {
                sqlx::query("UPDATE complaints_reviews SET reviewer_id = NULL WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            after = json!({ "user_id": user_id });
        }
        Step::Assign { reviewer } => {
            if !super::is_member(db, *reviewer).await? {
                return Err(invalid(
                    "reviewer: only a member of the complaints team reviews",
                ));
            }
            if has_conflict(db, id, *reviewer).await? {
                return Err(StoreError::Forbidden(
                    "that reviewer has declared a conflict with this case".into(),
                ));
            }
            sqlx::query("UPDATE complaints_reviews SET reviewer_id = $1 WHERE id = $2")
                .bind(reviewer)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            after = json!({ "reviewer_id": reviewer });
        }
        Step::Finding {
            allegation,
            reasonable,
            note,
        } => {
            if r.decision.is_some() {
                return Err(invalid("the review is decided: its findings stand"));
            }
            let n = sqlx::query(
                "UPDATE complaints_allegations SET reasonable = $1, note = $2 \
                 WHERE id = $3 AND review_id = $4",
            )
            .bind(i64::from(*reasonable))
            .bind(note.trim())
            .bind(allegation)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Err(StoreError::NotFound(format!("allegation {allegation}")));
            }
            after = json!({ "allegation": allegation, "reasonable": reasonable });
        }
        Step::Decide {
            rationale,
            recommendations,
            on,
        } => {
            let on = day("on", on)?;
            if r.file_received_on.is_none() {
                return Err(invalid("the case file has not been received yet"));
            }
            let findings: Vec<Option<bool>> = allegations(db, id)
                .await?
                .iter()
                .map(|a| a.reasonable.map(|v| v == 1))
                .collect();
            let decision = decision_of(&findings)
                .ok_or_else(|| invalid("review every allegation before deciding"))?;
            if rationale.trim().is_empty() {
                return Err(invalid("rationale: give the reasons for the decision"));
            }
            if decision == Decision::Upheld && recommendations.trim().is_empty() {
                return Err(invalid(
                    "recommendations: an upheld review recommends what the force should do",
                ));
            }
            sqlx::query(
                "UPDATE complaints_reviews SET decision = $1, decided_on = $2, rationale = $3, \
                 recommendations = $4 WHERE id = $5",
            )
            .bind(decision.as_str())
            .bind(on.to_string())
            .bind(rationale.trim())
            .bind(recommendations.trim())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            after = json!({ "decision": decision.as_str(), "on": on.to_string() });
        }
        Step::Letter { text, on } => {
            let on = day("on", on)?;
            if r.decision.is_none() {
                return Err(invalid("decide the review before its letter"));
            }
            sqlx::query("UPDATE complaints_reviews SET letter = $1, letter_on = $2 WHERE id = $3")
                .bind(text)
                .bind(on.to_string())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            after = json!({ "on": on.to_string() });
        }
        Step::ForceResponse { text, on } => {
            let on = day("on", on)?;
            if r.recommendations.trim().is_empty() {
                return Err(invalid(
                    "there are no recommendations for the force to answer",
                ));
            }
            sqlx::query(
                "UPDATE complaints_reviews SET force_response = $1, force_response_on = $2 \
                 WHERE id = $3",
            )
            .bind(text.trim())
            .bind(on.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            after = json!({ "on": on.to_string() });
        }
    }
    let key = id.to_string();
    tx.commit(
        actor,
        Change::new(s.action(), "complaints_review", &key).after(&after),
    )
    .await?;
    Ok(())
}

/// The template the office edits.
pub async fn template(db: &Db) -> Result<String> {
    let t: Option<String> =
        sqlx::query_scalar("SELECT body FROM complaints_letter_template WHERE id = 1")
            .fetch_optional(&db.pool)
            .await?;
    Ok(t.unwrap_or_else(|| opcc_domain::complaints::letter::DEFAULT.to_string()))
}

pub async fn save_template(db: &Db, actor: &Actor, body: &str) -> Result<()> {
    let unknown = opcc_domain::complaints::letter::unknown_fields(body);
    if !unknown.is_empty() {
        return Err(invalid(format!(
            "body: the template names fields that do not exist: {}",
            unknown.join(", ")
        )));
    }
    if body.trim().is_empty() || body.len() > 20_000 {
        return Err(invalid("body: enter a template of up to 20,000 characters"));
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM complaints_letter_template WHERE id = 1")
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO complaints_letter_template (id, body, updated_at) VALUES (1, $1, $2)")
        .bind(body)
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "complaints.letter_template",
            "complaints_letter_template",
            "1",
        )
        .after(&json!({ "body": body })),
    )
    .await?;
    Ok(())
}
