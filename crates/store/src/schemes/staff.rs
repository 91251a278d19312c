//! Staff assigned to a scheme: the office users who see its volunteers' personal data (names,
//! contact details, vetting and training, availability, expenses claims, applications). An
//! administrator assigns and removes them, at `/admin/schemes/staff` or with
//! `opcc schemes staff add|remove SCHEME EMAIL`; both are audited, naming the user by id.
//! Being an administrator is not enough: an administrator sees a scheme's volunteers only
//! once assigned to it, as the complaints team works (docs/schemes.md).

use crate::audit::{Actor, Change};
use crate::{Db, Result, StoreError, now_utc};
use opcc_domain::policy::OFFICE;
use serde::Serialize;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Assignment {
    pub scheme: String,
    pub scheme_name: String,
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub granted_at: String,
}

/// The slugs of the schemes this user is staff of.
pub async fn schemes_of(db: &Db, user_id: i64) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT s.slug FROM sch_staff t JOIN sch_schemes s ON s.id = t.scheme_id \
         WHERE t.user_id = $1 ORDER BY s.position",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?)
}

/// Every assignment, by scheme and then name.
pub async fn list(db: &Db) -> Result<Vec<Assignment>> {
    Ok(sqlx::query_as(
        "SELECT s.slug AS scheme, s.name AS scheme_name, t.user_id, u.display_name, u.email, \
         t.granted_at FROM sch_staff t JOIN sch_schemes s ON s.id = t.scheme_id \
         JOIN users u ON u.id = t.user_id ORDER BY s.position, u.display_name",
    )
    .fetch_all(&db.pool)
    .await?)
}

async fn scheme_id(db: &Db, slug: &str) -> Result<i64> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM sch_schemes WHERE slug = $1")
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?;
    id.ok_or_else(|| StoreError::Invalid(format!("scheme: there is no scheme {slug}")))
}

/// Makes an active office user staff of the scheme; already staff is no change.
pub async fn add(db: &Db, actor: &Actor, scheme: &str, user_id: i64) -> Result<()> {
    let scheme_id = scheme_id(db, scheme).await?;
    let user = crate::accounts::get_user(db, user_id)
        .await?
        .ok_or_else(|| StoreError::Invalid("user_id: choose a member of the office".into()))?;
    if !user.active || !OFFICE.contains(&user.role) {
        return Err(StoreError::Invalid(
            "user_id: only an active member of the office (admin or staff) may be a scheme's staff"
                .into(),
        ));
    }
    if schemes_of(db, user_id).await?.iter().any(|s| s == scheme) {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO sch_staff (scheme_id, user_id, granted_at, granted_by) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(scheme_id)
    .bind(user_id)
    .bind(now_utc())
    .bind(actor.id)
    .execute(&mut *tx)
    .await?;
    tx.commit(
        actor,
        Change::new("schemes.staff_add", "user", &user_id.to_string())
            .after(&serde_json::json!({"scheme": scheme})),
    )
    .await?;
    Ok(())
}

/// Takes a user off the scheme's staff.
pub async fn remove(db: &Db, actor: &Actor, scheme: &str, user_id: i64) -> Result<()> {
    let scheme_id = scheme_id(db, scheme).await?;
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sch_staff WHERE scheme_id = $1 AND user_id = $2")
        .bind(scheme_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit(
        actor,
        Change::new("schemes.staff_remove", "user", &user_id.to_string())
            .before(&serde_json::json!({"scheme": scheme})),
    )
    .await?;
    Ok(())
}
