//! The deletion of grant applications not awarded once their retention period has passed.

use crate::audit::{Actor, Change};
use crate::{Db, Result};

pub use opcc_domain::commissioning::cycle::KEEP_UNAWARDED_YEARS;

/// The day before which a round must have closed for its unawarded applications to go.
fn retention_cutoff(today: time::Date) -> String {
    today
        .replace_year(today.year() - KEEP_UNAWARDED_YEARS)
        .unwrap_or(today - time::Duration::days(365 * 6 + 2))
        .to_string()
}

/// Applications not awarded (declined, or never submitted or decided) whose round closed more
/// than six years before `today`: what [`purge_unawarded`] would delete, as (id, round,
/// status). Awarded applications are kept with their grant.
pub async fn unawarded_due(db: &Db, today: time::Date) -> Result<Vec<(i64, String, String)>> {
    Ok(sqlx::query_as(
        "SELECT a.id, p.slug, a.status FROM com_applications a \
         JOIN com_programmes p ON p.id = a.programme_id \
         WHERE a.status <> 'awarded' AND p.closes_on IS NOT NULL AND p.closes_on < $1 \
         AND NOT EXISTS (SELECT 1 FROM com_awards w WHERE w.application_id = a.id) \
         ORDER BY a.id",
    )
    .bind(retention_cutoff(today))
    .fetch_all(&db.pool)
    .await?)
}

/// Deletes applications that were not awarded (declined, or never submitted or decided)
/// whose round closed more than six years before `today`, with their budgets, scores and
/// documents. Returns how many were deleted.
pub async fn purge_unawarded(db: &Db, actor: &Actor, today: time::Date) -> Result<usize> {
    let cutoff = retention_cutoff(today);
    let ids: Vec<i64> = unawarded_due(db, today)
        .await?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    for id in &ids {
        for table in [
            "com_attachments",
            "com_moderations",
            "com_scores",
            "com_conflicts",
            "com_budget_lines",
        ] {
            sqlx::query(&format!("DELETE FROM {table} WHERE application_id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM com_applications WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit(
        actor,
        Change::new("commissioning.retention", "com_applications", &cutoff)
            .after(&serde_json::json!({"deleted": ids})),
    )
    .await?;
    Ok(ids.len())
}
