//! Volunteers' registrations. Contact details are personal data: only the office reads them,
//! each reading is audited, the audit log never holds them, and they are erased by the rule in
//! `opcc_domain::assemblies` (`erase_expired`). Features are kept, without a name, for the
//! published selection report.

use std::collections::BTreeMap;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::assemblies::{NewRegistration, contact_expired};

/// A registration as the office sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Registration {
    pub id: i64,
    pub pool_number: i64,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub features: String,
    pub registered_at: String,
    pub withdrawn_at: Option<String>,
}

impl Registration {
    pub fn feature_map(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.features).unwrap_or_default()
    }
}

/// Registers a volunteer while recruitment is open; returns their pool number.
pub async fn register(db: &Db, slug: &str, today: &str, r: &NewRegistration) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let found: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, recruitment_opens, recruitment_closes FROM assemblies WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, opens, closes)) = found else {
        return Err(StoreError::NotFound(format!("assembly {slug}")));
    };
    if today < opens.as_str() || today > closes.as_str() {
        return Err(StoreError::Invalid(
            "assembly: recruitment for this assembly is not open".into(),
        ));
    }
    let number: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(pool_number), 0) + 1 FROM assembly_registrations WHERE assembly_id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let features = serde_json::to_string(&r.features).expect("a map serialises");
    let reg: i64 = sqlx::query_scalar(
        "INSERT INTO assembly_registrations (assembly_id, pool_number, name, email, phone, features, consent, registered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id",
    )
    .bind(id)
    .bind(number)
    .bind(&r.name)
    .bind(&r.email)
    .bind(&r.phone)
    .bind(&features)
    .bind(now_utc())
    .fetch_one(&mut *tx)
    .await?;
    // The audit entry holds the pool number and features, never the contact details.
    tx.commit(
        &Actor {
            id: None,
            label: "a member of the public".into(),
        },
        Change::new(
            "assembly.register",
            "assembly_registration",
            &reg.to_string(),
        )
        .after(
            &serde_json::json!({"assembly": slug, "pool_number": number, "features": r.features}),
        ),
    )
    .await?;
    Ok(number)
}

/// Every registration with contact details, for the office; the reading is audited.
pub async fn for_office(db: &Db, actor: &Actor, assembly_id: i64) -> Result<Vec<Registration>> {
    let mut tx = db.begin_write().await?;
    let rows: Vec<Registration> = sqlx::query_as(
        "SELECT id, pool_number, name, email, phone, features, registered_at, withdrawn_at \
         FROM assembly_registrations WHERE assembly_id = $1 ORDER BY pool_number",
    )
    .bind(assembly_id)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new(
            "assembly.registrations_view",
            "assembly",
            &assembly_id.to_string(),
        )
        .after(&serde_json::json!({ "registrations": rows.len() })),
    )
    .await?;
    Ok(rows)
}

/// The pool for a selection: registrations not withdrawn, by pool number, with features.
pub async fn pool(db: &Db, assembly_id: i64) -> Result<Vec<(i64, i64, BTreeMap<String, String>)>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT id, pool_number, features FROM assembly_registrations \
         WHERE assembly_id = $1 AND withdrawn_at IS NULL AND consent = 1 ORDER BY pool_number",
    )
    .bind(assembly_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n, f)| (id, n, serde_json::from_str(&f).unwrap_or_default()))
        .collect())
}

/// Erases the contact details the retention rule no longer allows keeping; returns how many.
pub async fn erase_expired(db: &Db, today: time::Date) -> Result<u64> {
    let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
        "SELECT r.id, s.selected_at, p.outcome, \
           (SELECT MAX(held_on) FROM assembly_sessions x WHERE x.assembly_id = r.assembly_id) \
         FROM assembly_registrations r \
         JOIN assembly_selection_people p ON p.registration_id = r.id \
         JOIN assembly_selections s ON s.id = p.selection_id \
         WHERE r.contact_erased_at IS NULL \
           AND s.id = (SELECT MAX(id) FROM assembly_selections WHERE assembly_id = r.assembly_id)",
    )
    .fetch_all(&db.pool)
    .await?;
    let day = |s: &str| {
        time::Date::parse(
            s.get(..10)?,
            &time::format_description::well_known::Iso8601::DATE,
        )
        .ok()
    };
    let expired: Vec<i64> = rows
        .into_iter()
        .filter(|(_, selected_at, outcome, last)| {
            let member = outcome == "selected" || outcome == "replacement";
            contact_expired(
                today,
                day(selected_at),
                member,
                last.as_deref().and_then(day),
            )
        })
        .map(|(id, ..)| id)
        .collect();
    if expired.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    for id in &expired {
        sqlx::query("UPDATE assembly_registrations SET name = NULL, email = NULL, phone = NULL, contact_erased_at = $1 WHERE id = $2")
            .bind(now_utc())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        &Actor::system("retention"),
        Change::new("assembly.contacts_erased", "assembly_registration", "many")
            .after(&serde_json::json!({ "registrations": expired })),
    )
    .await?;
    Ok(expired.len() as u64)
}
