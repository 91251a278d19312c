//! Engagement: consultations and surveys and their questions here; responses, results,
//! quotes, "you said, we did" and the retention rule (`responses`); engagement events placed
//! by the shipped boundaries (`events`); the youth commission (`youth`); the demo's content
//! from the published documents (`demo`).
//!
//! What the public may see is decided here, once: a survey is the office's until published;
//! respondents' names, emails and equality answers, and youth commission members, never
//! leave the office's pages.

pub mod demo;
pub mod events;
pub mod responses;
pub mod retention;
pub mod youth;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::engagement::{Kind, Question};
use serde::Serialize;
use sqlx::Row;
use time::Date;

/// Who is looking: the public sees published surveys only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    Public,
    Office,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Survey {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub opens_on: String,
    pub closes_on: String,
    pub named: i64,
    pub equality: i64,
    pub published: i64,
    /// The plan it consults on, by slug.
    pub plan_slug: Option<String>,
    pub created_at: String,
}

/// Where a survey stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Stage {
    Draft,
    Upcoming,
    Open,
    Closed,
}

impl Survey {
    pub fn stage(&self, today: Date) -> Stage {
        let day = today.to_string();
        if self.published == 0 {
            Stage::Draft
        } else if day.as_str() < self.opens_on.as_str() {
            Stage::Upcoming
        } else if day.as_str() <= self.closes_on.as_str() {
            Stage::Open
        } else {
            Stage::Closed
        }
    }
}

pub struct NewSurvey {
    pub title: String,
    pub summary: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub named: bool,
    pub equality: bool,
    pub plan_slug: Option<String>,
}

const SURVEY_COLUMNS: &str = "s.id, s.slug, s.title, s.summary, s.opens_on, s.closes_on, \
    s.named, s.equality, s.published, p.slug AS plan_slug, s.created_at";
const SURVEY_FROM: &str = "engagement_surveys s LEFT JOIN plans p ON p.id = s.plan_id";

/// "Have your say on the precept 2025-26" -> "have-your-say-on-the-precept-2025-26".
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(80).collect()
}

pub async fn create_survey(db: &Db, actor: &Actor, s: &NewSurvey) -> Result<i64> {
    let slug = slugify(&s.title);
    if slug.is_empty() {
        return Err(StoreError::Invalid(
            "Enter a title with letters or numbers".into(),
        ));
    }
    if s.closes_on < s.opens_on {
        return Err(StoreError::Invalid(
            "The closing date must be on or after the opening date".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT id FROM engagement_surveys WHERE slug = $1")
            .bind(&slug)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(StoreError::Invalid(format!(
            "A survey called {:?} already exists",
            s.title
        )));
    }
    let plan_id: Option<i64> = match &s.plan_slug {
        Some(p) => Some(
            sqlx::query_scalar("SELECT id FROM plans WHERE slug = $1")
                .bind(p)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("plan {p:?}")))?,
        ),
        None => None,
    };
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_surveys (slug, title, summary, opens_on, closes_on, named, \
         equality, published, plan_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9) \
         RETURNING id",
    )
    .bind(&slug)
    .bind(s.title.trim())
    .bind(s.summary.trim())
    .bind(s.opens_on.to_string())
    .bind(s.closes_on.to_string())
    .bind(i64::from(s.named))
    .bind(i64::from(s.equality))
    .bind(plan_id)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit(
        actor,
        Change::new(
            "engagement.survey_create",
            "engagement_survey",
            &id.to_string(),
        )
        .after(&serde_json::json!({
            "slug": slug, "title": s.title.trim(), "opens_on": s.opens_on.to_string(),
            "closes_on": s.closes_on.to_string(), "named": s.named, "equality": s.equality,
            "plan": s.plan_slug,
        })),
    )
    .await?;
    Ok(id)
}

pub async fn surveys(db: &Db, viewer: Viewer) -> Result<Vec<Survey>> {
    let public_only = i64::from(viewer == Viewer::Public);
    Ok(sqlx::query_as(&format!(
        "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM} WHERE (s.published = 1 OR $1 = 0) \
         ORDER BY s.closes_on DESC, s.id DESC"
    ))
    .bind(public_only)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn survey(db: &Db, slug: &str, viewer: Viewer) -> Result<Survey> {
    let public_only = i64::from(viewer == Viewer::Public);
    sqlx::query_as(&format!(
        "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM} WHERE s.slug = $1 AND (s.published = 1 OR $2 = 0)"
    ))
    .bind(slug)
    .bind(public_only)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("survey {slug:?}")))
}

/// The published consultation on a plan, the newest if there were several.
pub async fn plan_consultation(db: &Db, plan_slug: &str) -> Result<Option<Survey>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {SURVEY_COLUMNS} FROM {SURVEY_FROM} WHERE p.slug = $1 AND s.published = 1 \
         ORDER BY s.opens_on DESC, s.id DESC LIMIT 1"
    ))
    .bind(plan_slug)
    .fetch_optional(&db.pool)
    .await?)
}

pub async fn publish(db: &Db, actor: &Actor, slug: &str) -> Result<()> {
    let s = survey(db, slug, Viewer::Office).await?;
    if questions(db, s.id).await?.is_empty() {
        return Err(StoreError::Invalid(
            "Add at least one question before publishing".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE engagement_surveys SET published = 1 WHERE id = $1")
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.survey_publish",
            "engagement_survey",
            &s.id.to_string(),
        )
        .before(&serde_json::json!({"published": s.published == 1}))
        .after(&serde_json::json!({"published": true})),
    )
    .await?;
    Ok(())
}

pub async fn questions(db: &Db, survey_id: i64) -> Result<Vec<Question>> {
    let rows = sqlx::query(
        "SELECT id, kind, prompt, options, total, required FROM engagement_questions \
         WHERE survey_id = $1 ORDER BY position",
    )
    .bind(survey_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            let options: String = r.try_get("options")?;
            let total: Option<String> = r.try_get("total")?;
            Ok(Question {
                id: r.try_get("id")?,
                kind: Kind::parse(&kind)
                    .ok_or_else(|| StoreError::Invalid(format!("question kind {kind:?}")))?,
                prompt: r.try_get("prompt")?,
                options: options.lines().map(String::from).collect(),
                total: total.and_then(|t| t.parse().ok()),
                required: r.try_get::<i64, _>("required")? == 1,
            })
        })
        .collect()
}

pub use opcc_domain::engagement::NewQuestion;

/// Why a published survey's questions stay as they are: people may already be answering them,
/// and results must count answers to the same questions.
pub const QUESTIONS_FIXED: &str = "This survey is published: its questions can be added or \
    removed only while it is a draft, so that everyone answers the same questions";

/// Adds a question at the end, only while the survey is a draft. A survey that has responses
/// (there can be none before publishing) keeps its questions as they were answered.
pub async fn add_question(db: &Db, actor: &Actor, slug: &str, q: &NewQuestion) -> Result<i64> {
    let s = survey(db, slug, Viewer::Office).await?;
    if s.published == 1 {
        return Err(StoreError::Invalid(QUESTIONS_FIXED.into()));
    }
    let mut tx = db.begin_write().await?;
    let answered: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM engagement_responses WHERE survey_id = $1")
            .bind(s.id)
            .fetch_one(&mut *tx)
            .await?;
    if answered > 0 {
        return Err(StoreError::Invalid(
            "This survey has responses: its questions stay as they were answered".into(),
        ));
    }
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position), 0) + 1 FROM engagement_questions WHERE survey_id = $1",
    )
    .bind(s.id)
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_questions (survey_id, position, kind, prompt, options, total, \
         required) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(s.id)
    .bind(position)
    .bind(q.kind.as_str())
    .bind(&q.prompt)
    .bind(q.options.join("\n"))
    .bind(q.total.map(|t| t.to_string()))
    .bind(i64::from(q.required))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit(
        actor,
        Change::new(
            "engagement.question_add",
            "engagement_question",
            &id.to_string(),
        )
        .after(&serde_json::json!({
            "survey": slug, "kind": q.kind.as_str(), "prompt": q.prompt,
            "options": q.options, "total": q.total.map(|t| t.to_string()),
            "required": q.required,
        })),
    )
    .await?;
    Ok(id)
}

/// Removes a question from a draft survey; the audit entry keeps what it asked.
pub async fn remove_question(db: &Db, actor: &Actor, slug: &str, id: i64) -> Result<()> {
    let s = survey(db, slug, Viewer::Office).await?;
    if s.published == 1 {
        return Err(StoreError::Invalid(QUESTIONS_FIXED.into()));
    }
    let q = questions(db, s.id)
        .await?
        .into_iter()
        .find(|q| q.id == id)
        .ok_or_else(|| StoreError::NotFound(format!("question {id} in this survey")))?;
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM engagement_questions WHERE id = $1 AND survey_id = $2")
        .bind(id)
        .bind(s.id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.question_remove",
            "engagement_question",
            &id.to_string(),
        )
        .before(&serde_json::json!({
            "survey": slug, "kind": q.kind.as_str(), "prompt": q.prompt,
            "options": q.options,
        })),
    )
    .await?;
    Ok(())
}
