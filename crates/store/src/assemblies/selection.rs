//! Selection runs: the pool and quotas become an `opcc_sortition::Instance`, LEXIMIN finds the
//! distribution (on a blocking thread), the seeded draw picks the panel, and everything the
//! draw needs to be redone is stored with the run: the distribution over types (each type's
//! features and pool numbers) and the seed. The legacy method's minimum (1,000 draws) is
//! recorded beside it for comparison. Replacements for drop-outs keep the quotas.

use std::collections::BTreeMap;

use super::{Assembly, QuotaRow, categories, quotas, registrations::pool};
use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_sortition::{Category, Distribution, Instance, Person, Quota, SortitionError};
use serde::{Deserialize, Serialize};

const LEGACY_RUNS: usize = 1_000;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Selection {
    pub id: i64,
    pub seed: String,
    pub minimum: String,
    pub legacy_minimum: String,
    pub distribution: String,
    pub selected_at: String,
    pub published: i64,
}

/// One volunteer in a selection, by pool number only.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Outcome {
    pub pool_number: i64,
    pub probability: String,
    pub outcome: String,
    pub features: String,
}

/// The stored distribution: types by their features and pool numbers, panels as counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredDistribution {
    pub types: Vec<StoredType>,
    pub panels: Vec<(f64, Vec<u32>)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredType {
    pub features: BTreeMap<String, String>,
    pub pool_numbers: Vec<i64>,
}

fn instance(
    assembly: &Assembly,
    quotas: &[QuotaRow],
    pool: &[(i64, i64, BTreeMap<String, String>)],
) -> Result<Instance> {
    let cats = categories(quotas);
    if cats.is_empty() {
        return Err(StoreError::Invalid(
            "quotas: set the quotas before selecting".into(),
        ));
    }
    let categories: Vec<Category> = cats
        .iter()
        .map(|(name, features)| Category {
            name: name.clone(),
            features: features
                .iter()
                .map(|f| {
                    let q = quotas
                        .iter()
                        .find(|q| q.category == *name && q.feature == *f)
                        .expect("from the quotas");
                    Quota {
                        feature: f.clone(),
                        min: q.min_people as u32,
                        max: q.max_people as u32,
                    }
                })
                .collect(),
        })
        .collect();
    let mut people = Vec::with_capacity(pool.len());
    for (_, number, features) in pool {
        let mut fs = Vec::with_capacity(cats.len());
        for (name, options) in &cats {
            let answer = features
                .get(name)
                .and_then(|a| options.iter().position(|o| o == a))
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "pool: volunteer {number} has no answer for {name}"
                    ))
                })?;
            fs.push(answer);
        }
        people.push(Person {
            id: number.to_string(),
            features: fs,
        });
    }
    Instance::new(categories, people, assembly.panel_size as u32)
        .map_err(|e| StoreError::Invalid(format!("quotas: {e}")))
}

fn sortition_error(e: SortitionError) -> StoreError {
    match e {
        SortitionError::Solver(m) => StoreError::Invalid(format!(
            "selection: the solver failed ({m}); nothing was selected"
        )),
        other => StoreError::Invalid(format!("quotas: {other}")),
    }
}

fn stored(
    dist: &Distribution,
    inst: &Instance,
    pool: &[(i64, i64, BTreeMap<String, String>)],
) -> StoredDistribution {
    StoredDistribution {
        types: dist
            .types
            .features
            .iter()
            .zip(&dist.types.members)
            .map(|(fs, members)| StoredType {
                features: fs
                    .iter()
                    .zip(&inst.categories)
                    .map(|(&f, c)| (c.name.clone(), c.features[f].feature.clone()))
                    .collect(),
                pool_numbers: members.iter().map(|&i| pool[i].1).collect(),
            })
            .collect(),
        panels: dist
            .panels
            .iter()
            .map(|p| (p.probability, p.counts.clone()))
            .collect(),
    }
}

/// Runs LEXIMIN for the assembly's pool and quotas, draws the panel with `seed` and records
/// the run (unpublished). Infeasible quotas are refused, naming the conflicting ones.
pub async fn run(db: &Db, actor: &Actor, assembly: &Assembly, seed: u64) -> Result<i64> {
    let quotas = quotas(db, assembly.id).await?;
    let pool = pool(db, assembly.id).await?;
    let inst = instance(assembly, &quotas, &pool)?;
    let solved = {
        let inst = inst.clone();
        tokio::task::spawn_blocking(move || -> std::result::Result<_, SortitionError> {
            let dist = opcc_sortition::leximin(&inst, &mut |_| {})?;
            let panel = opcc_sortition::draw(&dist, seed);
            let legacy = opcc_sortition::legacy_probabilities(&inst, LEGACY_RUNS, seed)
                .map(|p| p.into_iter().fold(f64::INFINITY, f64::min))
                .unwrap_or(0.0);
            Ok((dist, panel, legacy))
        })
        .await
        .map_err(|e| StoreError::Invalid(format!("selection: {e}")))?
    };
    let (dist, panel, legacy) = solved.map_err(sortition_error)?;
    let distribution = serde_json::to_string(&stored(&dist, &inst, &pool)).expect("serialises");
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assembly_selections (assembly_id, seed, minimum, legacy_minimum, distribution, selected_at, published) \
         VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
    )
    .bind(assembly.id)
    .bind(seed.to_string())
    .bind(format!("{:.6}", dist.minimum))
    .bind(format!("{legacy:.6}"))
    .bind(&distribution)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    for (i, (registration, _, _)) in pool.iter().enumerate() {
        let outcome = if panel.binary_search(&i).is_ok() {
            "selected"
        } else {
            "not_selected"
        };
        sqlx::query(
            "INSERT INTO assembly_selection_people (selection_id, registration_id, probability, outcome) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(registration)
        .bind(format!("{:.6}", dist.probabilities[i]))
        .bind(outcome)
        .execute(&mut *tx)
        .await?;
    }
    let selected: Vec<i64> = panel.iter().map(|&i| pool[i].1).collect();
    tx.commit(
        actor,
        Change::new("assembly.select", "assembly_selection", &id.to_string()).after(
            &serde_json::json!({
                "assembly": assembly.slug, "seed": seed.to_string(), "minimum": dist.minimum,
                "pool": pool.len(), "selected_pool_numbers": selected,
            }),
        ),
    )
    .await?;
    Ok(id)
}

/// The latest selection; the public see it only once published.
pub async fn latest(db: &Db, assembly_id: i64, office: bool) -> Result<Option<Selection>> {
    Ok(sqlx::query_as(
        "SELECT id, seed, minimum, legacy_minimum, distribution, selected_at, published FROM assembly_selections \
         WHERE assembly_id = $1 AND (published = 1 OR $2 = 1) ORDER BY id DESC LIMIT 1",
    )
    .bind(assembly_id)
    .bind(i64::from(office))
    .fetch_optional(&db.pool)
    .await?)
}

/// Everyone in a selection by pool number: probability, outcome and features, never a name.
pub async fn outcomes(db: &Db, selection_id: i64) -> Result<Vec<Outcome>> {
    Ok(sqlx::query_as(
        "SELECT r.pool_number, p.probability, p.outcome, r.features FROM assembly_selection_people p \
         JOIN assembly_registrations r ON r.id = p.registration_id WHERE p.selection_id = $1 ORDER BY r.pool_number",
    )
    .bind(selection_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn publish(db: &Db, actor: &Actor, assembly_id: i64, selection_id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE assembly_selections SET published = 1 WHERE id = $1 AND assembly_id = $2",
    )
    .bind(selection_id)
    .bind(assembly_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("selection {selection_id}")));
    }
    tx.commit(
        actor,
        Change::new(
            "assembly.selection_publish",
            "assembly_selection",
            &selection_id.to_string(),
        ),
    )
    .await?;
    Ok(())
}

/// Replaces the member with pool number `dropped` by LEXIMIN among those not selected, keeping
/// the quotas; returns the replacement's pool number.
pub async fn replace(
    db: &Db,
    actor: &Actor,
    assembly: &Assembly,
    dropped: i64,
    seed: u64,
) -> Result<i64> {
    let sel = latest(db, assembly.id, true)
        .await?
        .ok_or_else(|| StoreError::Invalid("selection: select a panel first".into()))?;
    let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT r.id, r.pool_number, r.features, p.outcome FROM assembly_selection_people p \
         JOIN assembly_registrations r ON r.id = p.registration_id WHERE p.selection_id = $1 ORDER BY r.pool_number",
    )
    .bind(sel.id)
    .fetch_all(&db.pool)
    .await?;
    let pool: Vec<(i64, i64, BTreeMap<String, String>)> = rows
        .iter()
        .map(|(id, n, f, _)| (*id, *n, serde_json::from_str(f).unwrap_or_default()))
        .collect();
    let inst = instance(assembly, &quotas(db, assembly.id).await?, &pool)?;
    let on_panel = |o: &str| o == "selected" || o == "replacement";
    let panel: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| on_panel(&r.3))
        .map(|(i, _)| i)
        .collect();
    let gone: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.3 == "dropped_out")
        .map(|(i, _)| i)
        .collect();
    let Some(d) = rows.iter().position(|r| r.1 == dropped && on_panel(&r.3)) else {
        return Err(StoreError::Invalid(format!(
            "dropped: volunteer {dropped} is not on the panel"
        )));
    };
    let new_panel = tokio::task::spawn_blocking(move || {
        opcc_sortition::replace(&inst, &panel, &[d], &gone, seed)
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("selection: {e}")))?
    .map_err(sortition_error)?;
    let added = new_panel
        .iter()
        .copied()
        .find(|&i| !on_panel(&rows[i].3))
        .ok_or_else(|| StoreError::Invalid("selection: no replacement was found".into()))?;
    let mut tx = db.begin_write().await?;
    for (i, outcome) in [(d, "dropped_out"), (added, "replacement")] {
        sqlx::query("UPDATE assembly_selection_people SET outcome = $1 WHERE selection_id = $2 AND registration_id = $3")
            .bind(outcome)
            .bind(sel.id)
            .bind(rows[i].0)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        actor,
        Change::new(
            "assembly.replace",
            "assembly_selection",
            &sel.id.to_string(),
        )
        .after(&serde_json::json!({
            "dropped_out": dropped, "replacement": rows[added].1, "seed": seed.to_string(),
        })),
    )
    .await?;
    Ok(rows[added].1)
}
