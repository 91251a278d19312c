//! The custody visitors' monthly rota: drafted by `opcc_domain::schemes::rota::generate` from
//! the volunteers' availability (a draft replaces the month's previous draft), changed by the
//! office visit by visit, and published, after which each pair sees their own visits. It is
//! never shown to the force or the public: visits are unannounced.

use super::day;
use super::lifecycle::availability;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::schemes::rota;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RotaVisit {
    pub id: i64,
    pub place_id: i64,
    pub place: String,
    pub slot_on: String,
    pub slot: String,
    pub first_id: i64,
    pub second_id: i64,
    pub published_at: Option<String>,
}

fn month_bounds(month: &str) -> Result<(time::Date, String, String)> {
    let first = day("month", &format!("{}-01", month.trim()))
        .map_err(|_| StoreError::Invalid("month: enter a month like 2024-03".into()))?;
    let next = first + time::Duration::days(32);
    let next = next.replace_day(1).expect("day 1 exists");
    Ok((first, first.to_string(), next.to_string()))
}

/// The month's visits (`month` like 2024-03), in order of day and part.
pub async fn month(db: &Db, month: &str) -> Result<Vec<RotaVisit>> {
    let (_, from, to) = month_bounds(month)?;
    Ok(sqlx::query_as(
        "SELECT r.id, r.place_id, p.name AS place, r.slot_on, r.slot, r.first_id, r.second_id, \
         r.published_at FROM sch_rota r JOIN sch_places p ON p.id = r.place_id \
         WHERE r.slot_on >= $1 AND r.slot_on < $2 ORDER BY r.slot_on, r.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?)
}

/// A volunteer's published visits from `from` on.
pub async fn mine(db: &Db, volunteer: i64, from: &str) -> Result<Vec<RotaVisit>> {
    Ok(sqlx::query_as(
        "SELECT r.id, r.place_id, p.name AS place, r.slot_on, r.slot, r.first_id, r.second_id, \
         r.published_at FROM sch_rota r JOIN sch_places p ON p.id = r.place_id \
         WHERE r.published_at IS NOT NULL AND (r.first_id = $1 OR r.second_id = $1) \
         AND r.slot_on >= $2 ORDER BY r.slot_on, r.id",
    )
    .bind(volunteer)
    .bind(from)
    .fetch_all(&db.pool)
    .await?)
}

/// Drafts the month's custody rota: the scheme's target visits to each suite. Refused once the
/// month is published. Returns the gaps (suite, day, part) no pair could take.
pub async fn draft(
    db: &Db,
    actor: &Actor,
    month: &str,
    seed: &str,
) -> Result<Vec<(i64, time::Date, &'static str)>> {
    let (first, from, to) = month_bounds(month)?;
    let custody = super::scheme(db, "custody").await?;
    let published: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sch_rota WHERE slot_on >= $1 AND slot_on < $2 \
         AND published_at IS NOT NULL",
    )
    .bind(&from)
    .bind(&to)
    .fetch_one(&db.pool)
    .await?;
    if published > 0 {
        return Err(StoreError::Invalid(
            "month: this month's rota is published; change its visits one by one".into(),
        ));
    }
    let places: Vec<i64> = super::places(db, Some(custody.id))
        .await?
        .iter()
        .map(|p| p.id)
        .collect();
    let people = availability(db, custody.id).await?;
    let per_place = custody.target_per_month.max(1) as usize;
    let made = rota::generate(seed, first, &places, per_place, &people);
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sch_rota WHERE slot_on >= $1 AND slot_on < $2")
        .bind(&from)
        .bind(&to)
        .execute(&mut *tx)
        .await?;
    for v in &made.visits {
        sqlx::query(
            "INSERT INTO sch_rota (scheme_id, place_id, slot_on, slot, first_id, second_id) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(custody.id)
        .bind(v.place)
        .bind(v.on.to_string())
        .bind(v.part)
        .bind(v.first)
        .bind(v.second)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit(
        actor,
        Change::new("schemes.rota_draft", "sch_rota", &from)
            .after(&json!({"seed": seed, "visits": made.visits.len(), "gaps": made.gaps.len()})),
    )
    .await?;
    Ok(made.gaps)
}

/// Changes one visit's day, part or pair, keeping the rules: two different current members of
/// the scheme, neither in another visit that day.
pub async fn edit(
    db: &Db,
    actor: &Actor,
    id: i64,
    on: &str,
    part: &str,
    first: i64,
    second: i64,
) -> Result<()> {
    let on = day("slot_on", on)?.to_string();
    let part = rota::part(part)
        .ok_or_else(|| StoreError::Invalid("slot: choose day, evening or night".into()))?;
    if first == second {
        return Err(StoreError::Invalid(
            "second_id: a visit needs two different volunteers".into(),
        ));
    }
    for (field, who) in [("first_id", first), ("second_id", second)] {
        let ok: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sch_volunteers v JOIN sch_memberships m \
             ON m.volunteer_id = v.id JOIN sch_schemes s ON s.id = m.scheme_id \
             WHERE v.id = $1 AND s.slug = 'custody' AND v.left_on IS NULL",
        )
        .bind(who)
        .fetch_one(&db.pool)
        .await?;
        if ok == 0 {
            return Err(StoreError::Invalid(format!(
                "{field}: choose a current custody visitor"
            )));
        }
        let clash: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sch_rota WHERE id <> $1 AND slot_on = $2 \
             AND (first_id = $3 OR second_id = $3)",
        )
        .bind(id)
        .bind(&on)
        .bind(who)
        .fetch_one(&db.pool)
        .await?;
        if clash > 0 {
            return Err(StoreError::Invalid(format!(
                "{field}: that volunteer already has a visit that day"
            )));
        }
    }
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE sch_rota SET slot_on = $1, slot = $2, first_id = $3, second_id = $4 \
         WHERE id = $5",
    )
    .bind(&on)
    .bind(part)
    .bind(first.min(second))
    .bind(first.max(second))
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::NotFound(format!("rota visit {id}")));
    }
    tx.commit(
        actor,
        Change::new("schemes.rota_edit", "sch_rota", &id.to_string())
            .after(&json!({"on": on, "slot": part, "pair": [first, second]})),
    )
    .await?;
    Ok(())
}

/// Publishes the month: each pair then sees their visits. Returns how many were published.
pub async fn publish(db: &Db, actor: &Actor, month: &str) -> Result<u64> {
    let (_, from, to) = month_bounds(month)?;
    let mut tx = db.begin_write().await?;
    let n = sqlx::query(
        "UPDATE sch_rota SET published_at = $1 WHERE slot_on >= $2 AND slot_on < $3 \
         AND published_at IS NULL",
    )
    .bind(now_utc())
    .bind(&from)
    .bind(&to)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if n == 0 {
        return Err(StoreError::Invalid(
            "month: there is no draft rota for this month to publish".into(),
        ));
    }
    tx.commit(
        actor,
        Change::new("schemes.rota_publish", "sch_rota", &from).after(&json!({"visits": n})),
    )
    .await?;
    Ok(n)
}
