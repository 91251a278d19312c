//! Staff add, edit, reorder and retire a plan's measures. A measure is addressed by its key,
//! made from its title unless staff type one; its values are kept by key, so retiring keeps
//! them and the packs that reported it.

use super::edit::{invalid, item_row, keys_of};
use super::plan_id;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use opcc_domain::plans::file::Day;
use opcc_domain::plans::{Better, Frequency, Unit, keys};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

/// What staff say about a measure.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureText {
    pub title: String,
    pub definition: String,
    pub unit: Unit,
    pub better: Better,
    pub frequency: Frequency,
    pub source: String,
    pub geography: String,
}

async fn measure_row(conn: &mut AnyConnection, plan: i64, key: &str) -> Result<(i64, i64)> {
    let r = sqlx::query("SELECT id, item_id FROM plan_measures WHERE plan_id = $1 AND key = $2")
        .bind(plan)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("measure {key:?}")))?;
    Ok((r.try_get("id")?, r.try_get("item_id")?))
}

fn check(m: &MeasureText) -> Result<()> {
    if m.title.trim().is_empty() {
        return Err(invalid("Enter the measure's title"));
    }
    Ok(())
}

/// Adds a measure at the end of an item's list; returns its key.
pub async fn add_measure(
    db: &Db,
    actor: &Actor,
    slug: &str,
    item: &str,
    key: &str,
    m: &MeasureText,
    reason: &str,
) -> Result<String> {
    check(m)?;
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (item_id, _, _) = item_row(&mut tx, plan, item).await?;
    let taken = keys_of(&mut tx, "plan_measures", plan).await?;
    let key = keys::chosen_or_from_title(key, &m.title, |k| taken.contains(k)).map_err(invalid)?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM plan_measures WHERE item_id = $1",
    )
    .bind(item_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO plan_measures (plan_id, item_id, position, key, title, unit, better, \
         definition, source, frequency, geography, provisional) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)",
    )
    .bind(plan)
    .bind(item_id)
    .bind(position)
    .bind(&key)
    .bind(m.title.trim())
    .bind(m.unit.as_str())
    .bind(m.better.as_str())
    .bind(m.definition.trim())
    .bind(m.source.trim())
    .bind(m.frequency.as_str())
    .bind(m.geography.trim())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("plan.measure_add", "plan_measure", &format!("{slug}/{key}"))
            .after(&serde_json::json!({ "key": key, "item": item, "measure": m })),
    )
    .await?;
    Ok(key)
}

/// Rewrites what a measure says; its key, place and values stay.
pub async fn update_measure(
    db: &Db,
    actor: &Actor,
    slug: &str,
    key: &str,
    m: &MeasureText,
    reason: &str,
) -> Result<()> {
    check(m)?;
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (id, _) = measure_row(&mut tx, plan, key).await?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let b = sqlx::query(
        "SELECT title, definition, unit, better, frequency, source, geography \
         FROM plan_measures WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let mut before = serde_json::Map::new();
    for col in [
        "title",
        "definition",
        "unit",
        "better",
        "source",
        "geography",
    ] {
        before.insert(col.into(), b.try_get::<String, _>(col)?.into());
    }
    before.insert(
        "frequency".into(),
        b.try_get::<Option<String>, _>("frequency")?.into(),
    );
    sqlx::query(
        "UPDATE plan_measures SET title = $1, definition = $2, unit = $3, better = $4, \
         frequency = $5, source = $6, geography = $7 WHERE id = $8",
    )
    .bind(m.title.trim())
    .bind(m.definition.trim())
    .bind(m.unit.as_str())
    .bind(m.better.as_str())
    .bind(m.frequency.as_str())
    .bind(m.source.trim())
    .bind(m.geography.trim())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "plan.measure_edit",
            "plan_measure",
            &format!("{slug}/{key}"),
        )
        .before(&before)
        .after(m),
    )
    .await?;
    Ok(())
}

/// Swaps a measure with the one before (`up`) or after it under the same item.
pub async fn move_measure(
    db: &Db,
    actor: &Actor,
    slug: &str,
    key: &str,
    up: bool,
    reason: &str,
) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (id, item) = measure_row(&mut tx, plan, key).await?;
    let rows =
        sqlx::query("SELECT id, key FROM plan_measures WHERE item_id = $1 ORDER BY position")
            .bind(item)
            .fetch_all(&mut *tx)
            .await?;
    let mut order: Vec<(i64, String)> = rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("key")?)))
        .collect::<std::result::Result<_, sqlx::Error>>()?;
    let at = order
        .iter()
        .position(|(i, _)| *i == id)
        .expect("among its own");
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|o| *o < order.len())
    };
    let Some(other) = other else {
        return Ok(false);
    };
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let before: Vec<String> = order.iter().map(|(_, k)| k.clone()).collect();
    order.swap(at, other);
    for (pos, (mid, _)) in order.iter().enumerate() {
        sqlx::query("UPDATE plan_measures SET position = $1 WHERE id = $2")
            .bind(pos as i64)
            .bind(*mid)
            .execute(&mut *tx)
            .await?;
    }
    let after: Vec<String> = order.into_iter().map(|(_, k)| k).collect();
    tx.commit(
        actor,
        Change::new(
            "plan.measure_move",
            "plan_measure",
            &format!("{slug}/{key}"),
        )
        .before(&serde_json::json!({ "order": before }))
        .after(&serde_json::json!({ "order": after })),
    )
    .await?;
    Ok(true)
}

/// Retires a measure from a day (no longer reported or due), or brings it back (`None`).
pub async fn retire_measure(
    db: &Db,
    actor: &Actor,
    slug: &str,
    key: &str,
    on: Option<Day>,
    reason: &str,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (id, _) = measure_row(&mut tx, plan, key).await?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT retired FROM plan_measures WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    sqlx::query("UPDATE plan_measures SET retired = $1 WHERE id = $2")
        .bind(on.map(|d| d.to_string()))
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let action = if on.is_some() {
        "plan.measure_retire"
    } else {
        "plan.measure_restore"
    };
    tx.commit(
        actor,
        Change::new(action, "plan_measure", &format!("{slug}/{key}"))
            .before(&serde_json::json!({ "retired": before }))
            .after(&serde_json::json!({ "retired": on.map(|d| d.to_string()), "reason": reason.trim() })),
    )
    .await?;
    Ok(())
}
