//! Changes staff make to a plan piece by piece, and what the public and the Panel add to it.
//! Each runs in one transaction with its audit entry.

use super::plan_id;
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::plans::file::{Commitment, Day, PlanFile, StatusUpdate, Transition};
use opcc_domain::plans::keys;
use opcc_domain::plans::{Owner, PlanStatus, lifecycle};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

pub(crate) async fn insert_commitment(
    conn: &mut AnyConnection,
    plan_id: i64,
    item_id: i64,
    position: i64,
    c: &Commitment,
) -> Result<i64> {
    Ok(sqlx::query(
        "INSERT INTO plan_commitments (plan_id, item_id, position, key, text, owner) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(plan_id)
    .bind(item_id)
    .bind(position)
    .bind(&c.key)
    .bind(&c.text)
    .bind(c.owner.to_string())
    .fetch_one(&mut *conn)
    .await?
    .try_get("id")?)
}

pub(crate) async fn insert_update(
    conn: &mut AnyConnection,
    commitment_id: i64,
    u: &StatusUpdate,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO plan_commitment_updates (commitment_id, date, status, period, narrative) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(commitment_id)
    .bind(u.date.to_string())
    .bind(u.status.as_str())
    .bind(&u.period)
    .bind(&u.narrative)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The keys a table holds for a plan (`table` is one of ours, never input).
pub(super) async fn keys_of(
    conn: &mut AnyConnection,
    table: &'static str,
    plan: i64,
) -> Result<std::collections::HashSet<String>> {
    Ok(
        sqlx::query_scalar::<_, String>(&format!("SELECT key FROM {table} WHERE plan_id = $1"))
            .bind(plan)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .collect(),
    )
}

pub(super) fn invalid(msg: impl Into<String>) -> StoreError {
    StoreError::Invalid(msg.into())
}

/// A new, empty plan in draft.
pub struct NewPlan {
    pub slug: String,
    pub force_area: String,
    pub title: String,
    pub commissioner: String,
    pub term_start: Day,
    pub term_end: Day,
    pub levels: Vec<String>,
    pub today: Day,
}

pub async fn create(db: &Db, actor: &Actor, new: NewPlan) -> Result<()> {
    let plan = PlanFile {
        slug: new.slug,
        force_area: new.force_area,
        title: new.title,
        strapline: None,
        commissioner: new.commissioner,
        chief_constable: None,
        term_start: new.term_start,
        term_end: new.term_end,
        levels: new.levels,
        sources: Vec::new(),
        consultation_closes: None,
        transitions: vec![Transition {
            status: PlanStatus::Draft,
            date: new.today,
            note: "Created".into(),
        }],
        inputs: Vec::new(),
        items: Vec::new(),
    };
    super::import(db, actor, &plan, false)
        .await
        .map_err(|e| match e {
            super::ImportError::Exists(slug) => invalid(format!(
                "A plan with the short name {slug:?} already exists"
            )),
            super::ImportError::Store(s) => s,
        })?;
    Ok(())
}

/// Moves a plan on in its lifecycle, on a date no earlier than its last move. Going to
/// consultation needs the date comments close.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    slug: &str,
    to: PlanStatus,
    date: Day,
    note: &str,
    consultation_closes: Option<Day>,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let id = plan_id(&mut tx, slug).await?;
    let last = sqlx::query(
        "SELECT status, date FROM plan_transitions WHERE plan_id = $1 ORDER BY date DESC, id DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let (from, last_date) = match last {
        Some(r) => {
            let s: String = r.try_get("status")?;
            let d: String = r.try_get("date")?;
            (
                s.parse::<PlanStatus>().map_err(invalid)?,
                Some(Day::parse(&d).map_err(invalid)?),
            )
        }
        None => (PlanStatus::Draft, None),
    };
    if !lifecycle::allowed(from, to) {
        return Err(invalid(format!(
            "A plan cannot move from {} to {}",
            from.label().to_lowercase(),
            to.label().to_lowercase()
        )));
    }
    if let Some(last) = last_date
        && date < last
    {
        return Err(invalid(format!(
            "The date must be on or after the plan's last change, {last}"
        )));
    }
    if to == PlanStatus::Refreshed && note.trim().is_empty() {
        return Err(invalid(super::change::NEEDS_REASON));
    }
    if to == PlanStatus::Consultation {
        match consultation_closes {
            Some(c) if c > date => {}
            _ => {
                return Err(invalid(
                    "Enter the date the consultation closes, after the date it opens",
                ));
            }
        }
    }
    sqlx::query(
        "INSERT INTO plan_transitions (plan_id, status, date, note) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(to.as_str())
    .bind(date.to_string())
    .bind(note.trim())
    .execute(&mut *tx)
    .await?;
    let superseded = if to == PlanStatus::Published {
        let title: String = sqlx::query_scalar("SELECT title FROM plans WHERE id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        super::change::supersede_predecessors(&mut tx, id, &title, date).await?
    } else {
        Vec::new()
    };
    let closes = if to == PlanStatus::Consultation {
        consultation_closes.map(|d| d.to_string())
    } else {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT consultation_closes FROM plans WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&mut *tx)
        .await?
    };
    sqlx::query(
        "UPDATE plans SET status = $1, consultation_closes = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(to.as_str())
    .bind(&closes)
    .bind(now_utc())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("plan.transition", "plan", slug)
            .before(&serde_json::json!({ "status": from }))
            .after(&serde_json::json!({
                "status": to, "date": date.to_string(), "note": note.trim(),
                "consultation_closes": closes, "superseded": superseded,
            })),
    )
    .await?;
    Ok(())
}

async fn commitment_id(conn: &mut AnyConnection, plan: i64, key: &str) -> Result<i64> {
    sqlx::query_scalar("SELECT id FROM plan_commitments WHERE plan_id = $1 AND key = $2")
        .bind(plan)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("commitment {key:?}")))
}

/// Records a commitment's status on a date, with the narrative for the period. A report may
/// not be dated before the commitment's latest one: history is added to, not rewritten.
pub async fn record_status(
    db: &Db,
    actor: &Actor,
    slug: &str,
    commitment: &str,
    update: &StatusUpdate,
) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let cid = commitment_id(&mut tx, plan, commitment).await?;
    let latest: Option<String> = sqlx::query_scalar(
        "SELECT MAX(date) FROM plan_commitment_updates WHERE commitment_id = $1",
    )
    .bind(cid)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(latest) = latest
        && update.date.to_string() < latest
    {
        return Err(invalid(format!(
            "The date must be on or after the latest report, {latest}"
        )));
    }
    insert_update(&mut tx, cid, update).await?;
    tx.commit(
        actor,
        Change::new(
            "plan.commitment_status",
            "plan_commitment",
            &format!("{slug}/{commitment}"),
        )
        .after(update),
    )
    .await?;
    Ok(())
}

pub(super) async fn item_row(
    conn: &mut AnyConnection,
    plan: i64,
    key: &str,
) -> Result<(i64, Option<i64>, i64)> {
    let r =
        sqlx::query("SELECT id, parent_id, depth FROM plan_items WHERE plan_id = $1 AND key = $2")
            .bind(plan)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("item {key:?}")))?;
    Ok((
        r.try_get("id")?,
        r.try_get("parent_id")?,
        r.try_get("depth")?,
    ))
}

#[derive(Serialize)]
struct ItemAudit<'a> {
    key: &'a str,
    title: &'a str,
    description: &'a str,
    parent: Option<&'a str>,
}

/// Adds an item at the end of its parent's (or the plan's top) list.
/// A priority, objective or theme to add: its key is made from the title when blank.
pub struct NewItem<'a> {
    pub parent: Option<&'a str>,
    pub key: &'a str,
    pub title: &'a str,
    pub description: &'a str,
}

pub async fn add_item(
    db: &Db,
    actor: &Actor,
    slug: &str,
    new: NewItem<'_>,
    reason: &str,
) -> Result<String> {
    let NewItem {
        parent,
        key,
        title,
        description,
    } = new;
    if title.trim().is_empty() {
        return Err(invalid("Enter the title"));
    }
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let taken = keys_of(&mut tx, "plan_items", plan).await?;
    let key = &keys::chosen_or_from_title(key, title, |k| taken.contains(k)).map_err(invalid)?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let levels: String = sqlx::query_scalar("SELECT levels FROM plans WHERE id = $1")
        .bind(plan)
        .fetch_one(&mut *tx)
        .await?;
    let levels: Vec<String> = serde_json::from_str(&levels).unwrap_or_default();
    let (parent_id, depth) = match parent {
        Some(p) => {
            let (pid, _, d) = item_row(&mut tx, plan, p).await?;
            (Some(pid), d + 1)
        }
        None => (None, 0),
    };
    if depth as usize >= levels.len() {
        return Err(invalid(format!(
            "This plan has {} level(s); an item cannot go deeper",
            levels.len()
        )));
    }
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM plan_items WHERE plan_id = $1 AND \
         ((parent_id IS NULL AND $2 IS NULL) OR parent_id = $2)",
    )
    .bind(plan)
    .bind(parent_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO plan_items (plan_id, parent_id, depth, position, key, title, description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(plan)
    .bind(parent_id)
    .bind(depth)
    .bind(position)
    .bind(key)
    .bind(title.trim())
    .bind(description.trim())
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("plan.item_add", "plan_item", &format!("{slug}/{key}")).after(&ItemAudit {
            key,
            title: title.trim(),
            description: description.trim(),
            parent,
        }),
    )
    .await?;
    Ok(key.clone())
}

/// Swaps an item with its previous (`up`) or next sibling; at either end nothing moves.
pub async fn move_item(
    db: &Db,
    actor: &Actor,
    slug: &str,
    key: &str,
    up: bool,
    reason: &str,
) -> Result<bool> {
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (id, parent, _) = item_row(&mut tx, plan, key).await?;
    let siblings = sqlx::query(
        "SELECT id, key, position FROM plan_items WHERE plan_id = $1 AND \
         ((parent_id IS NULL AND $2 IS NULL) OR parent_id = $2) ORDER BY position",
    )
    .bind(plan)
    .bind(parent)
    .fetch_all(&mut *tx)
    .await?;
    let ids: Vec<i64> = siblings
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<std::result::Result<_, _>>()?;
    let keys: Vec<String> = siblings
        .iter()
        .map(|r| r.try_get("key"))
        .collect::<std::result::Result<_, _>>()?;
    let at = ids
        .iter()
        .position(|i| *i == id)
        .expect("the item is among its siblings");
    let other = if up {
        at.checked_sub(1)
    } else {
        Some(at + 1).filter(|o| *o < ids.len())
    };
    let Some(other) = other else {
        return Ok(false);
    };
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let before = keys.clone();
    let mut order = ids.clone();
    order.swap(at, other);
    let mut after = keys;
    after.swap(at, other);
    // Positions are rewritten 0..n so that gaps left by earlier edits never confuse the order.
    for (pos, item) in order.iter().enumerate() {
        sqlx::query("UPDATE plan_items SET position = $1 WHERE id = $2")
            .bind(pos as i64)
            .bind(*item)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        actor,
        Change::new("plan.item_move", "plan_item", &format!("{slug}/{key}"))
            .before(&serde_json::json!({ "order": before }))
            .after(&serde_json::json!({ "order": after })),
    )
    .await?;
    Ok(true)
}

/// Adds a commitment at the end of an item's list.
/// A commitment to add under an item: its key is made from its text when blank.
pub struct NewCommitment<'a> {
    pub item: &'a str,
    pub key: &'a str,
    pub text: &'a str,
    pub owner: Owner,
}

pub async fn add_commitment(
    db: &Db,
    actor: &Actor,
    slug: &str,
    new: NewCommitment<'_>,
    reason: &str,
) -> Result<String> {
    let NewCommitment {
        item,
        key,
        text,
        owner,
    } = new;
    if text.trim().is_empty() {
        return Err(invalid("Enter the commitment"));
    }
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (item_id, _, _) = item_row(&mut tx, plan, item).await?;
    let taken = keys_of(&mut tx, "plan_commitments", plan).await?;
    let key = &keys::chosen_or_from_title(key, text, |k| taken.contains(k)).map_err(invalid)?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let position: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(position) + 1, 0) FROM plan_commitments WHERE item_id = $1",
    )
    .bind(item_id)
    .fetch_one(&mut *tx)
    .await?;
    let c = Commitment {
        key: key.to_string(),
        text: text.trim().to_string(),
        owner,
        updates: Vec::new(),
        activities: Vec::new(),
    };
    insert_commitment(&mut tx, plan, item_id, position, &c).await?;
    tx.commit(
        actor,
        Change::new(
            "plan.commitment_add",
            "plan_commitment",
            &format!("{slug}/{key}"),
        )
        .after(&c),
    )
    .await?;
    Ok(key.clone())
}

/// Rewords an item; its key, place and children stay.
pub async fn update_item(
    db: &Db,
    actor: &Actor,
    slug: &str,
    key: &str,
    title: &str,
    description: &str,
    reason: &str,
) -> Result<()> {
    if title.trim().is_empty() {
        return Err(invalid("Enter the title"));
    }
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let (id, _, _) = item_row(&mut tx, plan, key).await?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let before = sqlx::query("SELECT title, description FROM plan_items WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    let before = serde_json::json!({
        "title": before.try_get::<String, _>("title")?,
        "description": before.try_get::<String, _>("description")?,
    });
    sqlx::query("UPDATE plan_items SET title = $1, description = $2 WHERE id = $3")
        .bind(title.trim())
        .bind(description.trim())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("plan.item_edit", "plan_item", &format!("{slug}/{key}"))
            .before(&before)
            .after(
                &serde_json::json!({ "title": title.trim(), "description": description.trim() }),
            ),
    )
    .await?;
    Ok(())
}

/// Rewords a commitment or changes who owns it; its status history stays.
pub async fn update_commitment(
    db: &Db,
    actor: &Actor,
    slug: &str,
    key: &str,
    text: &str,
    owner: &Owner,
    reason: &str,
) -> Result<()> {
    if text.trim().is_empty() {
        return Err(invalid("Enter the commitment"));
    }
    let mut tx = db.begin_write().await?;
    let plan = plan_id(&mut tx, slug).await?;
    let cid = commitment_id(&mut tx, plan, key).await?;
    super::change::gate(&mut tx, actor, slug, plan, reason).await?;
    let before = sqlx::query("SELECT text, owner FROM plan_commitments WHERE id = $1")
        .bind(cid)
        .fetch_one(&mut *tx)
        .await?;
    let before = serde_json::json!({
        "text": before.try_get::<String, _>("text")?,
        "owner": before.try_get::<String, _>("owner")?,
    });
    sqlx::query("UPDATE plan_commitments SET text = $1, owner = $2 WHERE id = $3")
        .bind(text.trim())
        .bind(owner.to_string())
        .bind(cid)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "plan.commitment_edit",
            "plan_commitment",
            &format!("{slug}/{key}"),
        )
        .before(&before)
        .after(&serde_json::json!({ "text": text.trim(), "owner": owner.to_string() })),
    )
    .await?;
    Ok(())
}
