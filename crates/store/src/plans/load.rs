//! Reading plans back: a list for index pages, and one plan whole, as a plan file.

use crate::{Db, Result};
use opcc_domain::plans::PlanStatus;
use opcc_domain::plans::file::{
    Activity, Commitment, Day, Input, Item, Measure, PlanFile, StatusUpdate, Transition,
};
use serde::Serialize;
use sqlx::{AnyConnection, Row, any::AnyRow};
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    pub slug: String,
    pub force_area: String,
    pub title: String,
    pub commissioner: String,
    pub term_start: String,
    pub term_end: String,
    pub status: PlanStatus,
    pub consultation_closes: Option<String>,
}

impl PlanSummary {
    /// The term as people read it: "1 April 2024 to 31 March 2028".
    pub fn term(&self) -> String {
        let long = |s: &str| {
            Day::parse(s)
                .map(|d| d.long())
                .unwrap_or_else(|_| s.to_string())
        };
        format!("{} to {}", long(&self.term_start), long(&self.term_end))
    }
}

fn parse<T: std::str::FromStr<Err = String>>(r: &AnyRow, col: &str) -> Result<T> {
    let s: String = r.try_get(col)?;
    s.parse()
        .map_err(|e: String| crate::StoreError::Invalid(format!("{col}: {e}")))
}

fn day(r: &AnyRow, col: &str) -> Result<Day> {
    let s: String = r.try_get(col)?;
    Day::parse(&s).map_err(crate::StoreError::Invalid)
}

/// Every plan, the current ones first: in force now, then newest term first.
pub async fn list(db: &Db) -> Result<Vec<PlanSummary>> {
    let rows = sqlx::query(
        "SELECT slug, force_area, title, commissioner, term_start, term_end, status, \
         consultation_closes FROM plans ORDER BY term_start DESC",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut plans = rows
        .iter()
        .map(|r| {
            Ok(PlanSummary {
                slug: r.try_get("slug")?,
                force_area: r.try_get("force_area")?,
                title: r.try_get("title")?,
                commissioner: r.try_get("commissioner")?,
                term_start: r.try_get("term_start")?,
                term_end: r.try_get("term_end")?,
                status: parse(r, "status")?,
                consultation_closes: r.try_get("consultation_closes")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // The plan in force in each force area first, then the rest, newest term first.
    let today = time::OffsetDateTime::now_utc().date();
    let day = |s: &str| Day::parse(s).ok().map(|d| d.0);
    let live: Vec<String> = plans
        .iter()
        .map(|p| p.force_area.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|area| {
            opcc_domain::plans::lifecycle::in_force(
                plans
                    .iter()
                    .filter(|p| p.force_area == area)
                    .filter_map(|p| {
                        Some((
                            p.slug.clone(),
                            p.status,
                            day(&p.term_start)?,
                            day(&p.term_end)?,
                        ))
                    }),
                today,
            )
        })
        .collect();
    plans.sort_by_key(|p| {
        (
            !live.contains(&p.slug),
            std::cmp::Reverse(p.term_start.clone()),
        )
    });
    Ok(plans)
}

/// One plan, whole; none if no plan has this slug.
pub async fn load(db: &Db, slug: &str) -> Result<Option<PlanFile>> {
    let mut conn = db.pool.acquire().await?;
    load_in(&mut conn, slug).await
}

/// As [`load`], inside a transaction (an import records the plan it replaces).
pub(crate) async fn load_in(conn: &mut AnyConnection, slug: &str) -> Result<Option<PlanFile>> {
    let Some(p) = sqlx::query(
        "SELECT id, slug, force_area, title, strapline, commissioner, chief_constable, term_start, \
         term_end, levels, sources, consultation_closes FROM plans WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = p.try_get("id")?;
    let json = |col: &str| -> Result<Vec<String>> {
        let s: String = p.try_get(col)?;
        serde_json::from_str(&s).map_err(|e| crate::StoreError::Invalid(format!("{col}: {e}")))
    };

    let transitions = sqlx::query(
        "SELECT status, date, note FROM plan_transitions WHERE plan_id = $1 ORDER BY date, id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        Ok(Transition {
            status: parse(r, "status")?,
            date: day(r, "date")?,
            note: r.try_get("note")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;

    let mut input_keys = HashMap::new();
    let mut inputs = Vec::new();
    for r in sqlx::query(
        "SELECT id, key, kind, title, edition, description FROM plan_inputs \
         WHERE plan_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let key: String = r.try_get("key")?;
        input_keys.insert(r.try_get::<i64, _>("id")?, key.clone());
        inputs.push(Input {
            key,
            kind: parse(&r, "kind")?,
            title: r.try_get("title")?,
            edition: r.try_get("edition")?,
            description: r.try_get("description")?,
        });
    }

    let mut answers: HashMap<i64, Vec<String>> = HashMap::new();
    for r in sqlx::query(
        "SELECT a.item_id, a.input_id FROM plan_item_inputs a \
         JOIN plan_items i ON i.id = a.item_id WHERE i.plan_id = $1 ORDER BY a.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let input: i64 = r.try_get("input_id")?;
        answers
            .entry(r.try_get("item_id")?)
            .or_default()
            .push(input_keys[&input].clone());
    }

    let mut measures: HashMap<i64, Vec<Measure>> = HashMap::new();
    for r in sqlx::query(
        "SELECT item_id, key, title, unit, better, definition, source, frequency, geography, \
         provisional, derived_from, retired FROM plan_measures WHERE plan_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let frequency: Option<String> = r.try_get("frequency")?;
        measures
            .entry(r.try_get("item_id")?)
            .or_default()
            .push(Measure {
                key: r.try_get("key")?,
                title: r.try_get("title")?,
                unit: parse(&r, "unit")?,
                better: parse(&r, "better")?,
                definition: r.try_get("definition")?,
                source: r.try_get("source")?,
                frequency: frequency
                    .map(|f| f.parse())
                    .transpose()
                    .map_err(crate::StoreError::Invalid)?,
                geography: r.try_get("geography")?,
                provisional: r.try_get::<i64, _>("provisional")? == 1,
                derived_from: r.try_get("derived_from")?,
                retired: r
                    .try_get::<Option<String>, _>("retired")?
                    .map(|d| Day::parse(&d))
                    .transpose()
                    .map_err(crate::StoreError::Invalid)?,
            });
    }

    let mut updates: HashMap<i64, Vec<StatusUpdate>> = HashMap::new();
    for r in sqlx::query(
        "SELECT u.commitment_id, u.date, u.status, u.period, u.narrative \
         FROM plan_commitment_updates u JOIN plan_commitments c ON c.id = u.commitment_id \
         WHERE c.plan_id = $1 ORDER BY u.date, u.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        updates
            .entry(r.try_get("commitment_id")?)
            .or_default()
            .push(StatusUpdate {
                date: day(&r, "date")?,
                status: parse(&r, "status")?,
                period: r.try_get("period")?,
                narrative: r.try_get("narrative")?,
            });
    }

    let mut activities: HashMap<i64, Vec<Activity>> = HashMap::new();
    for r in sqlx::query(
        "SELECT a.commitment_id, a.title, a.description FROM plan_activities a \
         JOIN plan_commitments c ON c.id = a.commitment_id WHERE c.plan_id = $1 \
         ORDER BY a.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        activities
            .entry(r.try_get("commitment_id")?)
            .or_default()
            .push(Activity {
                title: r.try_get("title")?,
                description: r.try_get("description")?,
            });
    }

    let mut commitments: HashMap<i64, Vec<Commitment>> = HashMap::new();
    for r in sqlx::query(
        "SELECT id, item_id, key, text, owner FROM plan_commitments WHERE plan_id = $1 \
         ORDER BY position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    {
        let cid: i64 = r.try_get("id")?;
        commitments
            .entry(r.try_get("item_id")?)
            .or_default()
            .push(Commitment {
                key: r.try_get("key")?,
                text: r.try_get("text")?,
                owner: parse(&r, "owner")?,
                updates: updates.remove(&cid).unwrap_or_default(),
                activities: activities.remove(&cid).unwrap_or_default(),
            });
    }

    // Items arrive parents first (by depth); each is built, then attached to its parent once
    // every item is built, deepest first.
    let rows = sqlx::query(
        "SELECT id, parent_id, key, title, description FROM plan_items WHERE plan_id = $1 \
         ORDER BY depth, position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut order = Vec::new();
    let mut built: HashMap<i64, (Option<i64>, Item)> = HashMap::new();
    for r in &rows {
        let iid: i64 = r.try_get("id")?;
        order.push(iid);
        built.insert(
            iid,
            (
                r.try_get("parent_id")?,
                Item {
                    key: r.try_get("key")?,
                    title: r.try_get("title")?,
                    description: r.try_get("description")?,
                    answers: answers.remove(&iid).unwrap_or_default(),
                    measures: measures.remove(&iid).unwrap_or_default(),
                    commitments: commitments.remove(&iid).unwrap_or_default(),
                    children: Vec::new(),
                },
            ),
        );
    }
    let mut top = Vec::new();
    let mut children: HashMap<i64, Vec<Item>> = HashMap::new();
    for iid in order.into_iter().rev() {
        let (parent, mut item) = built.remove(&iid).expect("built above");
        let mut kids = children.remove(&iid).unwrap_or_default();
        kids.reverse();
        item.children = kids;
        match parent {
            Some(pid) => children.entry(pid).or_default().push(item),
            None => top.push(item),
        }
    }
    top.reverse();

    let consultation_closes: Option<String> = p.try_get("consultation_closes")?;
    Ok(Some(PlanFile {
        slug: p.try_get("slug")?,
        force_area: p.try_get("force_area")?,
        title: p.try_get("title")?,
        strapline: p.try_get("strapline")?,
        commissioner: p.try_get("commissioner")?,
        chief_constable: p.try_get("chief_constable")?,
        term_start: day(&p, "term_start")?,
        term_end: day(&p, "term_end")?,
        levels: json("levels")?,
        sources: json("sources")?,
        consultation_closes: consultation_closes
            .map(|d| Day::parse(&d))
            .transpose()
            .map_err(crate::StoreError::Invalid)?,
        transitions,
        inputs,
        items: top,
    }))
}
