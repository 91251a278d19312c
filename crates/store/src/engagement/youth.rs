//! The youth commission: its members (young people aged 14 to 25, whose names and birth dates
//! are the office's only and are erased a year after they leave), its consultation rounds and
//! the themes they heard, and its recommendations with the Commissioner's responses, which
//! are published.

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::engagement::{YOUTH_AGES, YOUTH_PERSONAL_DATA_DAYS, age_on};
use serde::Serialize;
use sqlx::Row;
use time::Date;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Member {
    pub id: i64,
    pub name: Option<String>,
    pub born_on: Option<String>,
    pub lad_code: Option<String>,
    pub joined_on: String,
    pub left_on: Option<String>,
}

/// Adds a member, who must be 14 to 25 on the day they join.
pub async fn add_member(
    db: &Db,
    actor: &Actor,
    name: &str,
    born: Date,
    lad_code: Option<&str>,
    joined: Date,
) -> Result<i64> {
    let age = age_on(born, joined);
    if !YOUTH_AGES.contains(&age) {
        return Err(StoreError::Invalid(format!(
            "Members must be aged 14 to 25 when they join: this person would be {age}"
        )));
    }
    if name.trim().is_empty() {
        return Err(StoreError::Invalid("Enter the member's name".into()));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_youth_members (name, born_on, lad_code, joined_on) \
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name.trim())
    .bind(born.to_string())
    .bind(lad_code)
    .bind(joined.to_string())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    // Personal data stays out of the audit log: the entry records the age band only.
    tx.commit(
        actor,
        Change::new("engagement.youth_member_add", "engagement_youth_member", &id.to_string())
            .after(&serde_json::json!({"age_on_joining": age, "lad": lad_code, "joined_on": joined.to_string()})),
    )
    .await?;
    Ok(id)
}

pub async fn members(db: &Db) -> Result<Vec<Member>> {
    Ok(sqlx::query_as(
        "SELECT id, name, born_on, lad_code, joined_on, left_on FROM engagement_youth_members \
         ORDER BY joined_on, id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// How many members there are today, for the public page: a count, never who.
pub async fn member_count(db: &Db) -> Result<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM engagement_youth_members WHERE left_on IS NULL")
            .fetch_one(&db.pool)
            .await?,
    )
}

/// Records that a member left on `left`: no earlier than they joined, not in the future, and
/// once. The retention rule counts from this day; the audit entry keeps the day, not the name.
pub async fn leave(db: &Db, actor: &Actor, id: i64, left: Date, today: Date) -> Result<()> {
    let found: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT joined_on, left_on FROM engagement_youth_members WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let Some((joined, already)) = found else {
        return Err(StoreError::NotFound(format!(
            "youth commission member {id}"
        )));
    };
    if let Some(d) = already {
        return Err(StoreError::Invalid(format!(
            "This member left on {d}: a member leaves only once"
        )));
    }
    if left.to_string() < joined {
        return Err(StoreError::Invalid(format!(
            "The day they left must be on or after the day they joined, {joined}"
        )));
    }
    if left > today {
        return Err(StoreError::Invalid(
            "The day they left must be today or in the past".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("UPDATE engagement_youth_members SET left_on = $1 WHERE id = $2")
        .bind(left.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.youth_member_leave",
            "engagement_youth_member",
            &id.to_string(),
        )
        .before(&serde_json::json!({"left_on": null}))
        .after(&serde_json::json!({"left_on": left.to_string()})),
    )
    .await?;
    Ok(())
}

/// Members who left more than a year before `today` whose name and birth date are still held.
pub async fn expired_members(db: &Db, today: Date) -> Result<Vec<i64>> {
    let cutoff = (today - time::Duration::days(YOUTH_PERSONAL_DATA_DAYS)).to_string();
    Ok(sqlx::query_scalar(
        "SELECT id FROM engagement_youth_members WHERE personal_erased_at IS NULL \
         AND left_on IS NOT NULL AND left_on < $1 ORDER BY id",
    )
    .bind(&cutoff)
    .fetch_all(&db.pool)
    .await?)
}

/// Erases one member's name and birth date; the record stays, counted, by id.
pub async fn erase_member(db: &Db, actor: &Actor, id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE engagement_youth_members SET name = NULL, born_on = NULL, \
         personal_erased_at = $1 WHERE id = $2",
    )
    .bind(now_utc())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.youth_member_erase",
            "engagement_youth_member",
            &id.to_string(),
        )
        .after(&serde_json::json!({"rule": "retention"})),
    )
    .await?;
    Ok(())
}

/// The retention rule: erases the name and birth date of members who left more than a year
/// before `today`.
pub async fn erase_expired(db: &Db, actor: &Actor, today: Date) -> Result<usize> {
    let ids = expired_members(db, today).await?;
    for id in &ids {
        erase_member(db, actor, *id).await?;
    }
    Ok(ids.len())
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Round {
    pub id: i64,
    pub title: String,
    pub held_on: String,
    pub reach: i64,
    pub themes: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Recommendation {
    pub id: i64,
    pub round_id: i64,
    pub text: String,
    pub response: Option<String>,
    pub responded_on: Option<String>,
}

pub async fn add_round(
    db: &Db,
    actor: &Actor,
    title: &str,
    held_on: Date,
    reach: i64,
    themes: &[String],
    summary: &str,
) -> Result<i64> {
    if title.trim().is_empty() || themes.is_empty() || reach < 0 {
        return Err(StoreError::Invalid(
            "Enter the round's title, how many took part and at least one theme".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_youth_rounds (title, held_on, reach, themes, summary) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(title.trim())
    .bind(held_on.to_string())
    .bind(reach)
    .bind(themes.join("\n"))
    .bind(summary.trim())
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    tx.commit(
        actor,
        Change::new("engagement.youth_round_add", "engagement_youth_round", &id.to_string())
            .after(&serde_json::json!({"title": title.trim(), "held_on": held_on.to_string(), "reach": reach, "themes": themes})),
    )
    .await?;
    Ok(id)
}

pub async fn rounds(db: &Db) -> Result<Vec<Round>> {
    Ok(sqlx::query_as(
        "SELECT id, title, held_on, reach, themes, summary FROM engagement_youth_rounds \
         ORDER BY held_on DESC, id DESC",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub async fn add_recommendation(db: &Db, actor: &Actor, round_id: i64, text: &str) -> Result<i64> {
    if text.trim().is_empty() {
        return Err(StoreError::Invalid("Enter the recommendation".into()));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO engagement_youth_recommendations (round_id, text) \
         SELECT id, $2 FROM engagement_youth_rounds WHERE id = $1 RETURNING id",
    )
    .bind(round_id)
    .bind(text.trim())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| StoreError::NotFound(format!("round {round_id}")))?
    .try_get("id")?;
    tx.commit(
        actor,
        Change::new(
            "engagement.youth_recommendation_add",
            "engagement_youth_recommendation",
            &id.to_string(),
        )
        .after(&serde_json::json!({"round": round_id, "text": text.trim()})),
    )
    .await?;
    Ok(id)
}

/// The Commissioner's response to a recommendation, published with it.
pub async fn respond(db: &Db, actor: &Actor, id: i64, response: &str, on: Date) -> Result<()> {
    if response.trim().is_empty() {
        return Err(StoreError::Invalid(
            "Enter the Commissioner's response".into(),
        ));
    }
    let mut tx = db.begin_write().await?;
    let before: Option<Option<String>> =
        sqlx::query_scalar("SELECT response FROM engagement_youth_recommendations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let before = before.ok_or_else(|| StoreError::NotFound(format!("recommendation {id}")))?;
    sqlx::query(
        "UPDATE engagement_youth_recommendations SET response = $1, responded_on = $2 WHERE id = $3",
    )
    .bind(response.trim())
    .bind(on.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.youth_response",
            "engagement_youth_recommendation",
            &id.to_string(),
        )
        .before(&serde_json::json!({"response": before}))
        .after(&serde_json::json!({"response": response.trim(), "on": on.to_string()})),
    )
    .await?;
    Ok(())
}

pub async fn recommendations(db: &Db) -> Result<Vec<Recommendation>> {
    Ok(sqlx::query_as(
        "SELECT id, round_id, text, response, responded_on FROM engagement_youth_recommendations \
         ORDER BY round_id, id",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// The members, for the office's page: the view of young people's personal data is recorded
/// in the audit log (who looked, and how many records), never the data itself.
pub async fn viewed_members(db: &Db, actor: &Actor) -> Result<Vec<Member>> {
    let list = members(db).await?;
    let tx = db.begin_write().await?;
    tx.commit(
        actor,
        Change::new(
            "engagement.youth_members_view",
            "engagement_youth_member",
            "all",
        )
        .after(&serde_json::json!({"records": list.len()})),
    )
    .await?;
    Ok(list)
}
