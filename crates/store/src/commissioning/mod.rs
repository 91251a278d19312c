//! Commissioning and grants: funds, programmes and their criteria, organisations and which
//! provider accounts act for them (here); applications, scores, conflicts and awards
//! (`grants`); commissioned services and providers' returns (`services`); 360Giving in and
//! out (`giving`); awards as read (`awards`); returns as a plan measure's source (`measure`); the demo's funds, round and services (`demo`).
//!
//! Which organisation's records a person may see is decided by
//! `opcc_domain::policy::may_see_organisation_record`, with the person built by [`person`].

pub mod attachments;
pub mod awards;
pub mod cycle;
pub mod demo;
pub mod giving;
pub mod grants;
pub mod measure;
pub mod services;

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError};
use opcc_domain::accounts::Role;
use opcc_domain::policy::Person;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Fund {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub grantor: String,
    pub year: String,
    pub amount: String,
    pub conditions: String,
    pub reporting_duties: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Programme {
    pub id: i64,
    pub slug: String,
    pub fund_id: i64,
    pub fund_title: String,
    pub fund_year: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub plan_slug: String,
    pub priority_key: String,
    pub priority_title: String,
    pub needs_assessment: String,
    pub opens_on: Option<String>,
    pub closes_on: Option<String>,
    pub max_award: Option<String>,
    pub eligibility: String,
}

impl Programme {
    pub fn questions(&self) -> Vec<&str> {
        self.eligibility
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }

    /// Open on the day: opened, and its closing date not passed.
    pub fn is_open(&self, today: &str) -> bool {
        self.kind == "round"
            && self.opens_on.as_deref().is_some_and(|o| o <= today)
            && self.closes_on.as_deref().is_some_and(|c| today <= c)
    }
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Criterion {
    pub id: i64,
    pub title: String,
    pub max_score: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Organisation {
    pub id: i64,
    pub org_id: String,
    pub name: String,
    pub charity_number: String,
    pub company_number: String,
    pub postcode: String,
    pub local_authority: String,
    pub web: String,
}

const PROGRAMME: &str = "SELECT p.id, p.slug, p.fund_id, f.title AS fund_title, \
    f.year AS fund_year, p.kind, p.title, p.description, p.plan_slug, p.priority_key, \
    COALESCE((SELECT i.title FROM plan_items i JOIN plans pl ON pl.id = i.plan_id \
      WHERE pl.slug = p.plan_slug AND i.key = p.priority_key), p.priority_key) AS priority_title, \
    p.needs_assessment, p.opens_on, p.closes_on, p.max_award, p.eligibility \
    FROM com_programmes p JOIN com_funds f ON f.id = p.fund_id";

pub async fn funds(db: &Db) -> Result<Vec<Fund>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, grantor, year, amount, conditions, reporting_duties, source \
         FROM com_funds ORDER BY year DESC, title",
    )
    .fetch_all(&db.pool)
    .await?)
}

pub async fn programmes(db: &Db) -> Result<Vec<Programme>> {
    Ok(
        sqlx::query_as(&format!("{PROGRAMME} ORDER BY f.year DESC, p.title"))
            .fetch_all(&db.pool)
            .await?,
    )
}

pub async fn programme(db: &Db, slug: &str) -> Result<Programme> {
    sqlx::query_as(&format!("{PROGRAMME} WHERE p.slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("programme {slug}")))
}

pub async fn programme_by_id(db: &Db, id: i64) -> Result<Programme> {
    sqlx::query_as(&format!("{PROGRAMME} WHERE p.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("programme {id}")))
}

pub async fn criteria(db: &Db, programme_id: i64) -> Result<Vec<Criterion>> {
    Ok(sqlx::query_as(
        "SELECT id, title, max_score FROM com_criteria WHERE programme_id = $1 ORDER BY position",
    )
    .bind(programme_id)
    .fetch_all(&db.pool)
    .await?)
}

const ORGANISATION: &str = "SELECT id, org_id, name, charity_number, company_number, postcode, \
     local_authority, web FROM com_organisations";

pub async fn organisations(db: &Db) -> Result<Vec<Organisation>> {
    Ok(sqlx::query_as(&format!("{ORGANISATION} ORDER BY name"))
        .fetch_all(&db.pool)
        .await?)
}

pub async fn organisation(db: &Db, id: i64) -> Result<Organisation> {
    sqlx::query_as(&format!("{ORGANISATION} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("organisation {id}")))
}

/// The organisation a user acts for, if any.
pub async fn organisation_of(db: &Db, user_id: i64) -> Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT organisation_id FROM com_members WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// A person as the object-level rules see them, with the organisation they act for.
pub async fn person(db: &Db, user_id: i64, role: Role) -> Result<Person> {
    Ok(Person {
        user_id,
        role,
        organisation: organisation_of(db, user_id).await?,
        complaints_team: false,
    })
}

/// An organisation as the office records it.
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct NewOrganisation {
    pub org_id: String,
    pub name: String,
    pub charity_number: String,
    pub company_number: String,
    pub postcode: String,
    pub local_authority: String,
    pub web: String,
}

pub async fn add_organisation(db: &Db, actor: &Actor, o: &NewOrganisation) -> Result<i64> {
    let org_id = opcc_domain::commissioning::parse_org_id(&o.org_id)
        .or_else(|e| {
            if o.org_id.trim().starts_with("360G-") {
                Ok(o.org_id.trim().to_string())
            } else {
                Err(e)
            }
        })
        .map_err(|e| StoreError::Invalid(format!("org_id: {e}")))?;
    if o.name.trim().is_empty() {
        return Err(StoreError::Invalid(
            "name: enter the organisation's name".into(),
        ));
    }
    let la = o.local_authority.trim();
    if !la.is_empty() && !opcc_domain::commissioning::is_local_authority(la) {
        return Err(StoreError::Invalid(format!(
            "local_authority: {la:?} is not a local authority's GSS code"
        )));
    }
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO com_organisations (org_id, name, charity_number, company_number, postcode, \
         local_authority, web) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&org_id)
    .bind(o.name.trim())
    .bind(o.charity_number.trim())
    .bind(o.company_number.trim())
    .bind(o.postcode.trim())
    .bind(la)
    .bind(o.web.trim())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.message().to_lowercase().contains("unique") => {
            StoreError::Invalid(format!("org_id: {org_id} is already recorded"))
        }
        e => e.into(),
    })?;
    tx.commit(
        actor,
        Change::new(
            "commissioning.organisation_add",
            "com_organisation",
            &org_id,
        )
        .after(o),
    )
    .await?;
    Ok(id)
}

/// Makes a provider account act for an organisation (replacing any earlier one).
pub async fn set_member(db: &Db, actor: &Actor, user_id: i64, organisation_id: i64) -> Result<()> {
    organisation(db, organisation_id).await?;
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    match role.as_deref() {
        None => return Err(StoreError::NotFound(format!("user {user_id}"))),
        Some("provider") => {}
        Some(_) => {
            return Err(StoreError::Invalid(
                "user: only a provider account acts for an organisation".into(),
            ));
        }
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM com_members WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO com_members (user_id, organisation_id) VALUES ($1, $2)")
        .bind(user_id)
        .bind(organisation_id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new(
            "commissioning.member_set",
            "com_member",
            &user_id.to_string(),
        )
        .after(&serde_json::json!({"organisation_id": organisation_id})),
    )
    .await?;
    Ok(())
}

/// Provider accounts, with the organisation each acts for: (user id, email, organisation).
pub async fn provider_accounts(db: &Db) -> Result<Vec<(i64, String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.email, o.name FROM users u \
         LEFT JOIN com_members m ON m.user_id = u.id \
         LEFT JOIN com_organisations o ON o.id = m.organisation_id \
         WHERE u.role = 'provider' ORDER BY u.email",
    )
    .fetch_all(&db.pool)
    .await?)
}

/// A local authority's name from its code, as the force area lists it.
pub async fn local_authority_names(db: &Db) -> Result<Vec<(String, String)>> {
    Ok(
        sqlx::query_as("SELECT gss_code, name FROM local_authorities ORDER BY name")
            .fetch_all(&db.pool)
            .await?,
    )
}
