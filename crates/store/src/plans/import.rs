//! Writing a whole plan from a plan file, in one transaction: a plan is never half-imported.

use crate::audit::{Actor, Change};
use crate::{Db, StoreError, now_utc};
use opcc_domain::plans::file::{Item, PlanFile};
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "a plan with the slug {0:?} already exists (import with --replace to replace its contents)"
    )]
    Exists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Store(e.into())
    }
}

/// Stores the plan. With `replace`, an existing plan of the same slug has its contents
/// replaced; its public comments and Panel records are kept.
pub async fn import(
    db: &Db,
    actor: &Actor,
    plan: &PlanFile,
    replace: bool,
) -> Result<i64, ImportError> {
    let mut tx = db.begin_write().await?;
    let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM plans WHERE slug = $1")
        .bind(&plan.slug)
        .fetch_optional(&mut *tx)
        .await?;
    let before = match existing {
        Some(_) if !replace => return Err(ImportError::Exists(plan.slug.clone())),
        Some(_) => crate::plans::load::load_in(&mut tx, &plan.slug).await?,
        None => None,
    };
    let levels = serde_json::to_string(&plan.levels).expect("strings serialise");
    let sources = serde_json::to_string(&plan.sources).expect("strings serialise");
    let id = match existing {
        Some(id) => {
            // Children go with the items; comments and Panel records stay with the plan.
            for table in ["plan_transitions", "plan_inputs", "plan_items"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE plan_id = $1"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "UPDATE plans SET force_area = $1, title = $2, strapline = $3, commissioner = $4, \
                 chief_constable = $5, term_start = $6, term_end = $7, levels = $8, sources = $9, \
                 status = $10, consultation_closes = $11, updated_at = $12 WHERE id = $13",
            )
            .bind(&plan.force_area)
            .bind(&plan.title)
            .bind(&plan.strapline)
            .bind(&plan.commissioner)
            .bind(&plan.chief_constable)
            .bind(plan.term_start.to_string())
            .bind(plan.term_end.to_string())
            .bind(&levels)
            .bind(&sources)
            .bind(plan.status().as_str())
            .bind(plan.consultation_closes.map(|d| d.to_string()))
            .bind(now_utc())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => sqlx::query(
            "INSERT INTO plans (slug, force_area, title, strapline, commissioner, chief_constable, \
             term_start, term_end, levels, sources, status, consultation_closes, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(&plan.slug)
        .bind(&plan.force_area)
        .bind(&plan.title)
        .bind(&plan.strapline)
        .bind(&plan.commissioner)
        .bind(&plan.chief_constable)
        .bind(plan.term_start.to_string())
        .bind(plan.term_end.to_string())
        .bind(&levels)
        .bind(&sources)
        .bind(plan.status().as_str())
        .bind(plan.consultation_closes.map(|d| d.to_string()))
        .bind(now_utc())
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?,
    };
    write_contents(&mut tx, id, plan).await?;
    let action = if before.is_some() {
        "plan.replace"
    } else {
        "plan.import"
    };
    let mut change = Change::new(action, "plan", &plan.slug).after(plan);
    if let Some(b) = &before {
        change = change.before(b);
    }
    tx.commit(actor, change).await?;
    Ok(id)
}

async fn write_contents(
    conn: &mut AnyConnection,
    plan_id: i64,
    plan: &PlanFile,
) -> Result<(), StoreError> {
    for t in &plan.transitions {
        sqlx::query(
            "INSERT INTO plan_transitions (plan_id, status, date, note) VALUES ($1, $2, $3, $4)",
        )
        .bind(plan_id)
        .bind(t.status.as_str())
        .bind(t.date.to_string())
        .bind(&t.note)
        .execute(&mut *conn)
        .await?;
    }
    let mut inputs = HashMap::new();
    for (pos, i) in plan.inputs.iter().enumerate() {
        let row = sqlx::query(
            "INSERT INTO plan_inputs (plan_id, position, key, kind, title, edition, description) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(plan_id)
        .bind(pos as i64)
        .bind(&i.key)
        .bind(i.kind.as_str())
        .bind(&i.title)
        .bind(&i.edition)
        .bind(&i.description)
        .fetch_one(&mut *conn)
        .await?;
        inputs.insert(i.key.as_str(), row.try_get::<i64, _>("id")?);
    }
    // Depth first with an explicit stack, so each item's parent id is known when it is written.
    let mut stack: Vec<(Option<i64>, usize, usize, &Item)> = plan
        .items
        .iter()
        .enumerate()
        .rev()
        .map(|(pos, item)| (None, 0, pos, item))
        .collect();
    while let Some((parent, depth, pos, item)) = stack.pop() {
        let item_id: i64 = sqlx::query(
            "INSERT INTO plan_items (plan_id, parent_id, depth, position, key, title, description) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(plan_id)
        .bind(parent)
        .bind(depth as i64)
        .bind(pos as i64)
        .bind(&item.key)
        .bind(&item.title)
        .bind(&item.description)
        .fetch_one(&mut *conn)
        .await?
        .try_get("id")?;
        for (n, key) in item.answers.iter().enumerate() {
            let input = inputs.get(key.as_str()).ok_or_else(|| {
                StoreError::Invalid(format!("item {:?} answers unknown input {key:?}", item.key))
            })?;
            sqlx::query(
                "INSERT INTO plan_item_inputs (item_id, input_id, position) VALUES ($1, $2, $3)",
            )
            .bind(item_id)
            .bind(*input)
            .bind(n as i64)
            .execute(&mut *conn)
            .await?;
        }
        for (n, m) in item.measures.iter().enumerate() {
            sqlx::query(
                "INSERT INTO plan_measures (plan_id, item_id, position, key, title, unit, better, \
                 definition, source, frequency, geography, provisional, derived_from, retired) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            )
            .bind(plan_id)
            .bind(item_id)
            .bind(n as i64)
            .bind(&m.key)
            .bind(&m.title)
            .bind(m.unit.as_str())
            .bind(m.better.as_str())
            .bind(&m.definition)
            .bind(&m.source)
            .bind(m.frequency.map(|f| f.as_str()))
            .bind(&m.geography)
            .bind(i64::from(m.provisional))
            .bind(&m.derived_from)
            .bind(m.retired.map(|d| d.to_string()))
            .execute(&mut *conn)
            .await?;
        }
        for (n, c) in item.commitments.iter().enumerate() {
            let cid = super::edit::insert_commitment(conn, plan_id, item_id, n as i64, c).await?;
            for u in &c.updates {
                super::edit::insert_update(conn, cid, u).await?;
            }
            for (k, a) in c.activities.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO plan_activities (commitment_id, position, title, description) \
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(cid)
                .bind(k as i64)
                .bind(&a.title)
                .bind(&a.description)
                .execute(&mut *conn)
                .await?;
            }
        }
        for (n, child) in item.children.iter().enumerate().rev() {
            stack.push((Some(item_id), depth + 1, n, child));
        }
    }
    Ok(())
}
