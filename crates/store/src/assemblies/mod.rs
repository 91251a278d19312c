//! Citizens' assemblies: assemblies with their sessions, speakers and quotas here; volunteers'
//! registrations (`registrations`: contact details for the office only, erased by the rule in
//! `opcc_domain::assemblies`); selection runs and the published report (`selection`); the
//! demo's assembly in Crewe (`demo`).

pub mod demo;
pub mod registrations;
pub mod selection;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::assemblies::NewAssembly;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Assembly {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub area_code: String,
    pub place: String,
    pub summary: String,
    pub panel_size: i64,
    pub recruitment_opens: String,
    pub recruitment_closes: String,
    pub outputs: String,
}

impl Assembly {
    /// The local authority's name from the lookups shipped in the binary.
    pub fn area_name(&self) -> String {
        crate::crime::geo::geo()
            .lad(&self.area_code)
            .map_or_else(|| self.area_code.clone(), |l| l.name.clone())
    }

    pub fn recruiting_on(&self, today: &str) -> bool {
        self.recruitment_opens.as_str() <= today && today <= self.recruitment_closes.as_str()
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Session {
    pub id: i64,
    pub held_on: String,
    pub title: String,
    pub place: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Speaker {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub topic: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct QuotaRow {
    pub id: i64,
    pub category: String,
    pub feature: String,
    pub min_people: i64,
    pub max_people: i64,
}

const COLUMNS: &str = "id, slug, title, area_code, place, summary, panel_size, recruitment_opens, \
     recruitment_closes, outputs";

pub async fn list(db: &Db) -> Result<Vec<Assembly>> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM assemblies ORDER BY recruitment_opens DESC, id DESC"
    ))
    .fetch_all(&db.pool)
    .await?)
}

pub async fn by_slug(db: &Db, slug: &str) -> Result<Assembly> {
    let a: Option<Assembly> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM assemblies WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(&db.pool)
            .await?;
    a.ok_or_else(|| StoreError::NotFound(format!("assembly {slug}")))
}

pub async fn create(db: &Db, actor: &Actor, a: &NewAssembly) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM assemblies WHERE slug = $1")
        .bind(&a.slug)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Invalid(
            "title: an assembly with this title already exists".into(),
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assemblies (slug, title, area_code, place, summary, panel_size, \
         recruitment_opens, recruitment_closes, outputs, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9) RETURNING id",
    )
    .bind(&a.slug)
    .bind(&a.title)
    .bind(&a.area_code)
    .bind(&a.place)
    .bind(&a.summary)
    .bind(i64::from(a.panel_size))
    .bind(a.recruitment_opens.to_string())
    .bind(a.recruitment_closes.to_string())
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({"slug": a.slug, "title": a.title, "area_code": a.area_code,
        "place": a.place, "panel_size": a.panel_size});
    tx.commit(
        actor,
        Change::new("assembly.create", "assembly", &id.to_string()).after(&after),
    )
    .await?;
    Ok(id)
}

pub async fn set_outputs(db: &Db, actor: &Actor, id: i64, outputs: &str) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let before: Option<String> = sqlx::query_scalar("SELECT outputs FROM assemblies WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let before = before.ok_or_else(|| StoreError::NotFound(format!("assembly {id}")))?;
    sqlx::query("UPDATE assemblies SET outputs = $1 WHERE id = $2")
        .bind(outputs)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("assembly.outputs", "assembly", &id.to_string())
            .before(&serde_json::json!({ "outputs": before }))
            .after(&serde_json::json!({ "outputs": outputs })),
    )
    .await?;
    Ok(())
}

pub async fn sessions(db: &Db, assembly_id: i64) -> Result<Vec<Session>> {
    Ok(sqlx::query_as("SELECT id, held_on, title, place FROM assembly_sessions WHERE assembly_id = $1 ORDER BY held_on, id")
        .bind(assembly_id)
        .fetch_all(&db.pool)
        .await?)
}

pub async fn add_session(
    db: &Db,
    actor: &Actor,
    assembly_id: i64,
    held_on: &str,
    title: &str,
    place: &str,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assembly_sessions (assembly_id, held_on, title, place) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(assembly_id)
    .bind(held_on)
    .bind(title)
    .bind(place)
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({"assembly": assembly_id, "held_on": held_on, "title": title, "place": place});
    tx.commit(
        actor,
        Change::new("assembly.session_add", "assembly_session", &id.to_string()).after(&after),
    )
    .await?;
    Ok(id)
}

pub async fn speakers(db: &Db, assembly_id: i64) -> Result<Vec<Speaker>> {
    Ok(sqlx::query_as(
        "SELECT id, name, role, topic FROM assembly_speakers WHERE assembly_id = $1 ORDER BY id",
    )
    .bind(assembly_id)
    .fetch_all(&db.pool)
    .await?)
}

pub async fn add_speaker(
    db: &Db,
    actor: &Actor,
    assembly_id: i64,
    name: &str,
    role: &str,
    topic: &str,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO assembly_speakers (assembly_id, name, role, topic) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(assembly_id)
    .bind(name)
    .bind(role)
    .bind(topic)
    .fetch_one(&mut *tx)
    .await?;
    let after =
        serde_json::json!({"assembly": assembly_id, "name": name, "role": role, "topic": topic});
    tx.commit(
        actor,
        Change::new("assembly.speaker_add", "assembly_speaker", &id.to_string()).after(&after),
    )
    .await?;
    Ok(id)
}

pub async fn quotas(db: &Db, assembly_id: i64) -> Result<Vec<QuotaRow>> {
    Ok(sqlx::query_as(
        "SELECT id, category, feature, min_people, max_people FROM assembly_quotas \
         WHERE assembly_id = $1 ORDER BY position, id",
    )
    .bind(assembly_id)
    .fetch_all(&db.pool)
    .await?)
}

/// The categories in order, each with its features: what the registration form asks.
pub fn categories(quotas: &[QuotaRow]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for q in quotas {
        match out.iter_mut().find(|(c, _)| *c == q.category) {
            Some((_, fs)) => fs.push(q.feature.clone()),
            None => out.push((q.category.clone(), vec![q.feature.clone()])),
        }
    }
    out
}

/// Adds a quota, or changes the bounds of an existing one. Categories and features are fixed
/// once anyone has registered (their answers name them); bounds may change until selection.
pub async fn set_quota(
    db: &Db,
    actor: &Actor,
    assembly_id: i64,
    category: &str,
    feature: &str,
    min: u32,
    max: u32,
) -> Result<()> {
    let (category, feature) = (category.trim(), feature.trim());
    if category.is_empty() || feature.is_empty() || category.len() > 100 || feature.len() > 100 {
        return Err(StoreError::Invalid(
            "category: enter a category and a feature, each 100 characters or fewer".into(),
        ));
    }
    if min > max {
        return Err(StoreError::Invalid(format!(
            "min: the minimum {min} is above the maximum {max}"
        )));
    }
    let mut tx = db.begin_write().await?;
    let existing: Option<(i64, i64, i64)> = sqlx::query_as(
        "SELECT id, min_people, max_people FROM assembly_quotas WHERE assembly_id = $1 AND category = $2 AND feature = $3",
    )
    .bind(assembly_id)
    .bind(category)
    .bind(feature)
    .fetch_optional(&mut *tx)
    .await?;
    let after = serde_json::json!({"assembly": assembly_id, "category": category, "feature": feature, "min": min, "max": max});
    let (id, before) = match existing {
        Some((id, old_min, old_max)) => {
            sqlx::query(
                "UPDATE assembly_quotas SET min_people = $1, max_people = $2 WHERE id = $3",
            )
            .bind(i64::from(min))
            .bind(i64::from(max))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            (
                id,
                Some(serde_json::json!({"min": old_min, "max": old_max})),
            )
        }
        None => {
            let registered: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM assembly_registrations WHERE assembly_id = $1",
            )
            .bind(assembly_id)
            .fetch_one(&mut *tx)
            .await?;
            if registered > 0 {
                return Err(StoreError::Invalid(
                    "feature: volunteers have registered, so new categories and features cannot be added".into(),
                ));
            }
            let categories: i64 = sqlx::query_scalar(
                "SELECT COUNT(DISTINCT category) FROM assembly_quotas WHERE assembly_id = $1 AND category <> $2",
            )
            .bind(assembly_id)
            .bind(category)
            .fetch_one(&mut *tx)
            .await?;
            if categories as usize >= opcc_domain::assemblies::FEATURE_FIELDS.len() {
                return Err(StoreError::Invalid(
                    "category: an assembly has at most 8 categories".into(),
                ));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO assembly_quotas (assembly_id, category, feature, min_people, max_people, position) \
                 VALUES ($1, $2, $3, $4, $5, (SELECT COUNT(*) FROM assembly_quotas WHERE assembly_id = $1)) RETURNING id",
            )
            .bind(assembly_id)
            .bind(category)
            .bind(feature)
            .bind(i64::from(min))
            .bind(i64::from(max))
            .fetch_one(&mut *tx)
            .await?;
            (id, None)
        }
    };
    let id = id.to_string();
    let mut change = Change::new("assembly.quota_set", "assembly_quota", &id).after(&after);
    if let Some(b) = before {
        change = change.before(&b);
    }
    tx.commit(actor, change).await?;
    Ok(())
}

/// Deletes a quota, only while no one has registered: volunteers answered its category, and
/// the selection must be made against the quotas they were recruited under.
pub async fn delete_quota(db: &Db, actor: &Actor, assembly_id: i64, quota_id: i64) -> Result<()> {
    let mut tx = db.begin_write().await?;
    let found: Option<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT category, feature, min_people, max_people FROM assembly_quotas \
         WHERE id = $1 AND assembly_id = $2",
    )
    .bind(quota_id)
    .bind(assembly_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((category, feature, min, max)) = found else {
        return Err(StoreError::NotFound(format!(
            "quota {quota_id} of this assembly"
        )));
    };
    let registered: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM assembly_registrations WHERE assembly_id = $1")
            .bind(assembly_id)
            .fetch_one(&mut *tx)
            .await?;
    if registered > 0 {
        return Err(StoreError::Invalid(format!(
            "quota: {registered} volunteers have registered against these quotas, so the quota \
             for {category} \"{feature}\" cannot be deleted; change its minimum and maximum instead"
        )));
    }
    sqlx::query("DELETE FROM assembly_quotas WHERE id = $1")
        .bind(quota_id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("assembly.quota_delete", "assembly_quota", &quota_id.to_string()).before(
            &serde_json::json!({"assembly": assembly_id, "category": category, "feature": feature, "min": min, "max": max}),
        ),
    )
    .await?;
    Ok(())
}
