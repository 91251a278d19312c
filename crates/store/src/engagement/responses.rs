//! A survey's responses, online or on paper, and what comes of them: results by question,
//! the equality monitoring counts (the office's), quotes published with consent after
//! redaction, "you said, we did", and the retention rule for respondents' personal data.

use super::{Stage, Survey, questions};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::engagement::results::{Tally, tally};
use opcc_domain::engagement::{EQUALITY, Kind, Question, personal_data_expired};
use serde::Serialize;
use sqlx::Row;
use std::collections::HashMap;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Online,
    /// Typed in by the office from a paper form.
    Paper,
}

pub struct NewResponse {
    pub channel: Channel,
    /// Name and email, for a named survey.
    pub respondent: Option<(String, String)>,
    /// `field=option` lines; empty when none were given or asked.
    pub equality: String,
    pub consent_to_quote: bool,
    /// Question id and the stored answer.
    pub answers: Vec<(i64, String)>,
}

/// Stores a response. Online responses are taken only while the survey is open; the office
/// enters paper ones once it has opened, closed or not, since the post arrives late.
pub async fn submit(
    db: &Db,
    actor: &Actor,
    survey: &Survey,
    r: &NewResponse,
    today: Date,
) -> Result<i64> {
    let stage = survey.stage(today);
    let accepted = match r.channel {
        Channel::Online => stage == Stage::Open,
        Channel::Paper => matches!(stage, Stage::Open | Stage::Closed),
    };
    if !accepted {
        return Err(StoreError::Invalid(
            "This survey is not open for responses".into(),
        ));
    }
    if r.answers.is_empty() {
        return Err(StoreError::Invalid("Answer at least one question".into()));
    }
    let mut tx = db.begin_write().await?;
    let (name, email) = match &r.respondent {
        Some((n, e)) if survey.named == 1 => (Some(n.as_str()), Some(e.as_str())),
        _ => (None, None),
    };
    let equality = (survey.equality == 1 && !r.equality.is_empty()).then_some(&r.equality);
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_responses (survey_id, channel, name, email, equality, \
         consent_to_quote, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(survey.id)
    .bind(match r.channel {
        Channel::Online => "online",
        Channel::Paper => "paper",
    })
    .bind(name)
    .bind(email)
    .bind(equality)
    .bind(i64::from(r.consent_to_quote))
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    for (q, v) in &r.answers {
        sqlx::query(
            "INSERT INTO engagement_answers (response_id, question_id, value) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(q)
        .bind(v)
        .execute(&mut *tx)
        .await?;
    }
    // The audit entry says that a response came, never who gave it or what they wrote.
    tx.commit(
        actor,
        Change::new("engagement.response", "engagement_response", &id.to_string()).after(
            &serde_json::json!({
                "survey": survey.slug, "channel": if r.channel == Channel::Paper { "paper" } else { "online" },
                "answers": r.answers.len(), "consent_to_quote": r.consent_to_quote,
            }),
        ),
    )
    .await?;
    Ok(id)
}

pub async fn count(db: &Db, survey_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM engagement_responses WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Each question with its results.
pub async fn results(db: &Db, survey_id: i64) -> Result<Vec<(Question, Tally)>> {
    let qs = questions(db, survey_id).await?;
    let rows = sqlx::query(
        "SELECT a.question_id, a.value FROM engagement_answers a \
         JOIN engagement_questions q ON q.id = a.question_id WHERE q.survey_id = $1",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?;
    let mut by_q: HashMap<i64, Vec<String>> = HashMap::new();
    for r in rows {
        by_q.entry(r.try_get("question_id")?)
            .or_default()
            .push(r.try_get("value")?);
    }
    Ok(qs
        .into_iter()
        .map(|q| {
            let answers: Vec<&str> = by_q
                .get(&q.id)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default();
            let t = tally(&q, &answers);
            (q, t)
        })
        .collect())
}

/// A free-text answer as the office moderates it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TextAnswer {
    pub answer_id: i64,
    pub prompt: String,
    pub value: String,
    pub consent_to_quote: i64,
    pub quote: Option<String>,
}

pub async fn text_answers(db: &Db, survey_id: i64) -> Result<Vec<TextAnswer>> {
    Ok(sqlx::query_as(
        "SELECT a.id AS answer_id, q.prompt, a.value, r.consent_to_quote, qu.text AS quote \
         FROM engagement_answers a JOIN engagement_questions q ON q.id = a.question_id \
         JOIN engagement_responses r ON r.id = a.response_id \
         LEFT JOIN engagement_quotes qu ON qu.answer_id = a.id \
         WHERE q.survey_id = $1 AND q.kind = 'text' ORDER BY q.position, a.id",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Publishes a free-text answer as a quote, as the office redacted it. Refused without the
/// respondent's consent. The audit entry keeps the words before and after redaction.
pub async fn publish_quote(db: &Db, actor: &Actor, answer_id: i64, redacted: &str) -> Result<()> {
    let redacted = redacted.trim();
    if redacted.is_empty() {
        return Err(StoreError::Invalid(
            "Enter the quote as it will be published".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let r = sqlx::query(
        "SELECT a.value, q.kind, r.consent_to_quote FROM engagement_answers a \
         JOIN engagement_questions q ON q.id = a.question_id \
         JOIN engagement_responses r ON r.id = a.response_id WHERE a.id = $1",
    )
    .bind(answer_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("answer {answer_id}")))?;
    let original: String = r.try_get("value")?;
    let kind: String = r.try_get("kind")?;
    if kind != Kind::Text.as_str() {
        return Err(StoreError::Invalid(
            "Only a free-text answer can be quoted".into(),
        ));
    }
    if r.try_get::<i64, _>("consent_to_quote")? != 1 {
        return Err(StoreError::Forbidden(
            "The respondent did not agree to be quoted: this answer cannot be published".into(),
        ));
    }
    let previous: Option<String> =
        sqlx::query_scalar("SELECT text FROM engagement_quotes WHERE answer_id = $1")
            .bind(answer_id)
            .fetch_optional(&mut *tx)
            .await?;
    if previous.is_some() {
        sqlx::query(
            "UPDATE engagement_quotes SET text = $1, published_at = $2 WHERE answer_id = $3",
        )
        .bind(redacted)
        .bind(now_utc())
        .bind(answer_id)
        .execute(&mut *tx)
        .await?;
    } else {
        sqlx::query(
            "INSERT INTO engagement_quotes (answer_id, text, published_at) VALUES ($1, $2, $3)",
        )
        .bind(answer_id)
        .bind(redacted)
        .bind(now_utc())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new(
            "engagement.quote_publish",
            "engagement_answer",
            &answer_id.to_string(),
        )
        .before(&serde_json::json!({"text": original, "published": previous}))
        .after(&serde_json::json!({"text": redacted})),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Quote {
    pub prompt: String,
    pub text: String,
}

/// The published quotes: only ever the redacted words.
pub async fn quotes(db: &Db, survey_id: i64) -> Result<Vec<Quote>> {
    Ok(sqlx::query_as(
        "SELECT q.prompt, qu.text FROM engagement_quotes qu \
         JOIN engagement_answers a ON a.id = qu.answer_id \
         JOIN engagement_questions q ON q.id = a.question_id \
         WHERE q.survey_id = $1 ORDER BY q.position, qu.id",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Outcome {
    pub you_said: String,
    pub we_did: String,
    pub link: String,
}

/// "You said, we did": a link inside the service (a plan, a decision) or to the web.
pub async fn add_outcome(db: &Db, actor: &Actor, survey: &Survey, o: &Outcome) -> Result<()> {
    let link = o.link.trim();
    let link_ok = link.starts_with('/') && !link.starts_with("//") || link.starts_with("https://");
    if o.you_said.trim().is_empty() || o.we_did.trim().is_empty() {
        return Err(StoreError::Invalid(
            "Enter what people said and what was done".into(),
        ));
    }
    if !link_ok {
        return Err(StoreError::Invalid(
            "The link must be a page of this service (such as /governance/decisions/2024-001 or \
             /plans/cheshire-2024-28) or an https:// address"
                .into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_outcomes (survey_id, you_said, we_did, link, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(survey.id)
    .bind(o.you_said.trim())
    .bind(o.we_did.trim())
    .bind(link)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit(
        actor,
        Change::new("engagement.outcome_add", "engagement_outcome", &id.to_string())
            .after(&serde_json::json!({"survey": survey.slug, "you_said": o.you_said.trim(), "we_did": o.we_did.trim(), "link": link})),
    )
    .await?;
    Ok(())
}

pub async fn outcomes(db: &Db, survey_id: i64) -> Result<Vec<Outcome>> {
    Ok(sqlx::query_as(
        "SELECT you_said, we_did, link FROM engagement_outcomes WHERE survey_id = $1 ORDER BY id",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The equality monitoring answers as counts per question and answer: the office's only.
pub async fn equality_counts(db: &Db, survey_id: i64) -> Result<Vec<(String, Vec<(String, i64)>)>> {
    let rows: Vec<Option<String>> =
        sqlx::query_scalar("SELECT equality FROM engagement_responses WHERE survey_id = $1")
            .bind(survey_id)
            .fetch_all(&db.pool)
            .await?;
    let mut counts: HashMap<(String, String), i64> = HashMap::new();
    for line in rows.iter().flatten().flat_map(|e| e.lines()) {
        if let Some((k, v)) = line.split_once('=') {
            *counts.entry((k.to_string(), v.to_string())).or_default() += 1;
        }
    }
    Ok(EQUALITY
        .iter()
        .map(|(field, question, options)| {
            (
                question.to_string(),
                options
                    .iter()
                    .map(|o| {
                        let n = counts.get(&(field.to_string(), o.to_string())).copied();
                        (o.to_string(), n.unwrap_or(0))
                    })
                    .collect(),
            )
        })
        .collect())
}

/// Surveys whose respondents' names, emails and equality answers are due for erasure on
/// `today` (closed more than a year before), not yet erased.
pub async fn expired_surveys(db: &Db, today: Date) -> Result<Vec<i64>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, closes_on FROM engagement_surveys WHERE personal_erased_at IS NULL ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, closes)| {
            Date::parse(closes, &time::format_description::well_known::Iso8601::DATE)
                .is_ok_and(|c| personal_data_expired(c, today))
        })
        .map(|(id, _)| id)
        .collect())
}

/// Erases one survey's respondents' names, emails and equality answers.
pub async fn erase_survey_personal(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE engagement_responses SET name = NULL, email = NULL, equality = NULL \
         WHERE survey_id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query("UPDATE engagement_surveys SET personal_erased_at = $1 WHERE id = $2")
        .bind(now_utc())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.survey_erase_personal",
            "engagement_survey",
            &id.to_string(),
        )
        .after(&serde_json::json!({"responses": n, "rule": "retention"})),
    )
    .await?;
    Ok(())
}

/// The retention rule: erases the names, emails and equality answers of responses to surveys
/// closed more than a year before `today`. Returns how many surveys were erased.
pub async fn erase_expired(db: &Db, actor: &Actor, today: Date) -> Result<usize> {
    let due = expired_surveys(db, today).await?;
    for id in &due {
        erase_survey_personal(db, actor, *id).await?;
    }
    Ok(due.len())
}
