//! The Police and Crime Panel's questions and recommendations on a plan, a commitment or a
//! measure; the Commissioner's responses the office records against each; and publication,
//! after which the public reads both on the plan's page. Every change is audited.

use super::plan_id;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, WriteTx, now_utc};
use opcc_domain::plans::file::Day;
use opcc_domain::plans::panel::{PanelKind, Subject};
use opcc_domain::policy::{self, Person};
use serde::Serialize;

fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

/// A question or recommendation as stored, with its response and publication.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PanelQuestion {
    pub id: i64,
    pub kind: String,
    pub commitment_key: Option<String>,
    pub measure_key: Option<String>,
    pub text: String,
    pub author_id: Option<i64>,
    pub author_label: String,
    pub asked_on: String,
    pub withdrawn_at: Option<String>,
    pub response: Option<String>,
    pub response_date: Option<String>,
    pub responded_by: Option<String>,
    pub responded_at: Option<String>,
    pub published_at: Option<String>,
}

impl PanelQuestion {
    pub fn kind(&self) -> PanelKind {
        self.kind.parse().unwrap_or(PanelKind::Question)
    }

    /// What the object-level rule needs to know of it.
    pub fn rule(&self) -> policy::PanelQuestion {
        policy::PanelQuestion {
            author: self.author_id,
            responded: self.response.is_some(),
            withdrawn: self.withdrawn_at.is_some(),
        }
    }

    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

const COLUMNS: &str = "q.id, q.kind, q.commitment_key, q.measure_key, q.text, q.author_id, \
    q.author_label, q.asked_on, q.withdrawn_at, q.response, q.response_date, q.responded_by, \
    q.responded_at, q.published_at";

/// The plan's questions and recommendations, oldest first: all of them for the office and the
/// Panel, or only the published ones for the public.
pub async fn panel_questions(
    db: &Db,
    slug: &str,
    published_only: bool,
) -> Result<Vec<PanelQuestion>> {
    let filter = if published_only {
        " AND q.published_at IS NOT NULL"
    } else {
        ""
    };
    let rows = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM panel_questions q JOIN plans p ON p.id = q.plan_id \
         WHERE p.slug = $1{filter} ORDER BY q.asked_on, q.id"
    ))
    .bind(slug)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows)
}

/// One question of a plan, or NotFound.
pub async fn panel_question(db: &Db, slug: &str, id: i64) -> Result<PanelQuestion> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM panel_questions q JOIN plans p ON p.id = q.plan_id \
         WHERE p.slug = $1 AND q.id = $2"
    ))
    .bind(slug)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("Panel question {id}")))
}

/// The same, read in the writer's transaction so that a rule is checked against what it changes.
async fn locked(tx: &mut WriteTx, slug: &str, id: i64) -> Result<PanelQuestion> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM panel_questions q JOIN plans p ON p.id = q.plan_id \
         WHERE p.slug = $1 AND q.id = $2"
    ))
    .bind(slug)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("Panel question {id}")))
}

/// What a Panel member asks.
pub struct NewQuestion<'a> {
    /// The Panel member; none for the demo's illustrative question, which nobody may change.
    pub author_id: Option<i64>,
    pub kind: PanelKind,
    pub subject: &'a Subject,
    pub text: &'a str,
    pub today: Day,
}

/// A Panel member's new question or recommendation; returns its id.
pub async fn ask(db: &Db, actor: &Actor, slug: &str, new: NewQuestion<'_>) -> Result<i64> {
    let NewQuestion {
        author_id,
        kind,
        subject,
        text,
        today,
    } = new;
    let text = opcc_domain::plans::panel::text(text, kind.label()).map_err(invalid)?;
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (table, key) = match subject {
        Subject::Plan => ("", ""),
        Subject::Commitment(k) => ("plan_commitments", k.as_str()),
        Subject::Measure(k) => ("plan_measures", k.as_str()),
    };
    if !table.is_empty() {
        let found: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM {table} WHERE plan_id = $1 AND key = $2"
        ))
        .bind(plan)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        if found.is_none() {
            return Err(invalid("Choose a commitment or measure of this plan"));
        }
    }
    let now = now_utc();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO panel_questions (plan_id, kind, commitment_key, measure_key, text, \
           author_id, author_label, asked_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(plan)
    .bind(kind.as_str())
    .bind(subject.commitment())
    .bind(subject.measure())
    .bind(&text)
    .bind(author_id)
    .bind(&actor.label)
    .bind(today.to_string())
    .bind(&now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("panel.ask", "panel_question", &id.to_string()).after(&serde_json::json!({
            "plan": slug, "kind": kind, "commitment": subject.commitment(),
            "measure": subject.measure(), "text": text,
        })),
    )
    .await?;
    Ok(id)
}

/// Refuses a change the rule does not allow this person.
fn allowed(person: &Person, q: &PanelQuestion) -> Result<()> {
    if policy::may_change_panel_question(person, &q.rule()) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(
            "Only its author may change a question, and only until the office responds".into(),
        ))
    }
}

/// The author rewords their question or recommendation, before any response.
pub async fn reword(
    db: &Db,
    actor: &Actor,
    person: &Person,
    slug: &str,
    id: i64,
    text: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let q = locked(&mut tx, slug, id).await?;
    allowed(person, &q)?;
    let text = opcc_domain::plans::panel::text(text, q.kind().label()).map_err(invalid)?;
    sqlx::query("UPDATE panel_questions SET text = $1, updated_at = $2 WHERE id = $3")
        .bind(&text)
        .bind(now_utc())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("panel.reword", "panel_question", &id.to_string())
            .before(&serde_json::json!({ "text": q.text }))
            .after(&serde_json::json!({ "text": text })),
    )
    .await?;
    Ok(())
}

/// The author withdraws it, before any response; it stays on record, marked withdrawn, and
/// can no longer be answered or published.
pub async fn withdraw(db: &Db, actor: &Actor, person: &Person, slug: &str, id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let q = locked(&mut tx, slug, id).await?;
    allowed(person, &q)?;
    let now = now_utc();
    sqlx::query("UPDATE panel_questions SET withdrawn_at = $1, updated_at = $1 WHERE id = $2")
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("panel.withdraw", "panel_question", &id.to_string())
            .after(&serde_json::json!({ "withdrawn_at": now })),
    )
    .await?;
    Ok(())
}

/// The office records (or, until it is published, amends) the Commissioner's response.
pub async fn respond(
    db: &Db,
    actor: &Actor,
    slug: &str,
    id: i64,
    date: Day,
    text: &str,
) -> Result<()> {
    let text = opcc_domain::plans::panel::text(text, "response").map_err(invalid)?;
    let mut tx = db.begin_write().await?;
    let q = locked(&mut tx, slug, id).await?;
    if q.withdrawn_at.is_some() {
        return Err(invalid("This was withdrawn by its author"));
    }
    if q.is_published() {
        return Err(invalid(
            "The response is published and can no longer change",
        ));
    }
    if date.to_string() < q.asked_on {
        return Err(invalid(format!(
            "The response cannot be dated before it was asked, {}",
            q.asked_on
        )));
    }
    let now = now_utc();
    sqlx::query(
        "UPDATE panel_questions SET response = $1, response_date = $2, responded_by = $3, \
           responded_at = $4, updated_at = $4 WHERE id = $5",
    )
    .bind(&text)
    .bind(date.to_string())
    .bind(&actor.label)
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("panel.respond", "panel_question", &id.to_string())
            .before(&serde_json::json!({ "response": q.response, "date": q.response_date }))
            .after(&serde_json::json!({ "response": text, "date": date.to_string() })),
    )
    .await?;
    Ok(())
}

/// The office publishes the question or recommendation with its response: from now on the
/// public reads both on the plan's page, and neither changes.
pub async fn publish(db: &Db, actor: &Actor, slug: &str, id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let q = locked(&mut tx, slug, id).await?;
    if q.withdrawn_at.is_some() {
        return Err(invalid("This was withdrawn by its author"));
    }
    if q.response.is_none() {
        return Err(invalid(
            "Record the Commissioner's response before publishing",
        ));
    }
    if q.is_published() {
        return Ok(());
    }
    let now = now_utc();
    sqlx::query("UPDATE panel_questions SET published_at = $1, published_by = $2 WHERE id = $3")
        .bind(&now)
        .bind(&actor.label)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("panel.publish", "panel_question", &id.to_string())
            .after(&serde_json::json!({ "plan": slug, "published_at": now })),
    )
    .await?;
    Ok(())
}

/// Responses to this Panel member's questions recorded after `since`, newest first.
pub async fn responses_since(
    db: &Db,
    author_id: i64,
    since: &str,
) -> Result<Vec<(String, PanelQuestion)>> {
    use sqlx::Row;
    let rows = sqlx::query(&format!(
        "SELECT p.slug, {COLUMNS} FROM panel_questions q JOIN plans p ON p.id = q.plan_id \
         WHERE q.author_id = $1 AND q.responded_at > $2 ORDER BY q.responded_at DESC"
    ))
    .bind(author_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("slug")?,
                <PanelQuestion as sqlx::FromRow<_>>::from_row(r)?,
            ))
        })
        .collect()
}
