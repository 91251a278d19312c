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

/// A new registration: the pool number, and the code that withdraws it (shown once; only its
/// SHA-256 is kept).
#[derive(Debug, Clone)]
pub struct Registered {
    pub pool_number: i64,
    pub withdraw_code: String,
}

/// Letters and digits that cannot be mistaken for one another when read back.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Twelve characters from 32 (60 bits), in groups of four: ABCD-EFGH-JKLM.
fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rngs::OsRng;
    (0..12)
        .map(|i| {
            let c = char::from(CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())]);
            if i > 0 && i % 4 == 0 {
                format!("-{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The stored form of a code as typed: capitals, without spaces or dashes, hashed.
fn code_hash(code: &str) -> String {
    use sha2::{Digest, Sha256};
    let clean: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hex::encode(Sha256::digest(clean.as_bytes()))
}

/// Withdraws the registration with this code: it leaves the pool for any later selection and
/// its contact details are erased at once (there is nothing left to contact them about).
/// Returns the pool number; a code that matches nothing is refused, naming the field.
pub async fn withdraw(db: &Db, slug: &str, code: &str) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let found: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT r.id, r.pool_number, r.withdrawn_at FROM assembly_registrations r \
         JOIN assemblies a ON a.id = r.assembly_id \
         WHERE a.slug = $1 AND r.withdraw_code_sha256 = $2",
    )
    .bind(slug)
    .bind(code_hash(code))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id, number, withdrawn)) = found else {
        return Err(StoreError::Invalid(
            "code: Enter the code you were given when you volunteered, like ABCD-EFGH-JKLM".into(),
        ));
    };
    if withdrawn.is_some() {
        return Err(StoreError::Invalid(
            "code: This registration has already been withdrawn".into(),
        ));
    }
    let now = now_utc();
    sqlx::query(
        "UPDATE assembly_registrations SET withdrawn_at = $1, name = NULL, email = NULL, \
         phone = NULL, contact_erased_at = $1 WHERE id = $2",
    )
    .bind(&now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        &Actor {
            id: None,
            label: "a member of the public".into(),
        },
        Change::new(
            "assembly.withdraw",
            "assembly_registration",
            &id.to_string(),
        )
        .after(&serde_json::json!({"assembly": slug, "pool_number": number})),
    )
    .await?;
    Ok(number)
}

/// Registers a volunteer while recruitment is open.
pub async fn register(db: &Db, slug: &str, today: &str, r: &NewRegistration) -> Result<Registered> {
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
    let code = new_code();
    let reg: i64 = sqlx::query_scalar(
        "INSERT INTO assembly_registrations (assembly_id, pool_number, name, email, phone, features, consent, registered_at, withdraw_code_sha256) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(number)
    .bind(&r.name)
    .bind(&r.email)
    .bind(&r.phone)
    .bind(&features)
    .bind(now_utc())
    .bind(code_hash(&code))
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
    Ok(Registered {
        pool_number: number,
        withdraw_code: code,
    })
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

/// A registration, its assembly's recruitment close, and the latest selection's day, outcome
/// for it and last session, where there are such.
type Standing = (i64, String, Option<String>, Option<String>, Option<String>);

/// Registrations whose contact details the retention rule no longer allows keeping on `today`.
pub async fn expired(db: &Db, today: time::Date) -> Result<Vec<i64>> {
    // Each registration against its assembly's latest selection, if that selection included it.
    let rows: Vec<Standing> = sqlx::query_as(
        "SELECT r.id, a.recruitment_closes, s.selected_at, p.outcome, \
           (SELECT MAX(held_on) FROM assembly_sessions x WHERE x.assembly_id = r.assembly_id) \
         FROM assembly_registrations r \
         JOIN assemblies a ON a.id = r.assembly_id \
         LEFT JOIN assembly_selections s ON s.id = \
           (SELECT MAX(id) FROM assembly_selections WHERE assembly_id = r.assembly_id) \
         LEFT JOIN assembly_selection_people p ON p.selection_id = s.id \
           AND p.registration_id = r.id \
         WHERE r.contact_erased_at IS NULL \
         ORDER BY r.id",
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
    Ok(rows
        .into_iter()
        .filter(|(_, closes, selected_at, outcome, last)| {
            let Some(closes) = day(closes) else {
                return false;
            };
            let member = matches!(outcome.as_deref(), Some("selected" | "replacement"));
            // A selection that left this registration out counts as not selecting it.
            contact_expired(
                today,
                closes,
                selected_at.as_deref().and_then(day),
                member,
                last.as_deref().and_then(day),
            )
        })
        .map(|(id, ..)| id)
        .collect())
}

/// Erases these registrations' names, emails and telephone numbers, in one audited change
/// naming them by id only.
pub async fn erase(db: &Db, actor: &Actor, ids: &[i64]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    for id in ids {
        sqlx::query("UPDATE assembly_registrations SET name = NULL, email = NULL, phone = NULL, contact_erased_at = $1 WHERE id = $2")
            .bind(now_utc())
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        actor,
        Change::new("assembly.contacts_erased", "assembly_registration", "many")
            .after(&serde_json::json!({ "registrations": ids })),
    )
    .await?;
    Ok(())
}

/// Erases the contact details the retention rule no longer allows keeping; returns how many.
pub async fn erase_expired(db: &Db, today: time::Date) -> Result<u64> {
    let ids = expired(db, today).await?;
    erase(db, &Actor::system("retention"), &ids).await?;
    Ok(ids.len() as u64)
}
