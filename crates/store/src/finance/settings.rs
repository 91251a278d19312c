//! Finance settings: the dates of the Panel's timetable and the veto majority, kept as
//! data so that a change in the regulations is a setting, not a release.

use crate::audit::{Actor, Change};
use crate::{Db, Result};

/// A setting's value, if set.
pub async fn setting(db: &Db, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM finance_settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&db.pool)
            .await?,
    )
}

pub async fn set_setting(db: &Db, actor: &Actor, key: &str, value: &str) -> Result<()> {
    let before = setting(db, key).await?;
    if before.as_deref() == Some(value) {
        return Ok(());
    }
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM finance_settings WHERE key = $1")
        .bind(key)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO finance_settings (key, value) VALUES ($1, $2)")
        .bind(key)
        .bind(value)
        .execute(&mut *tx)
        .await?;
    let mut change = Change::new("finance.setting", "finance_setting", key).after(&value);
    if let Some(b) = &before {
        change = change.before(b);
    }
    tx.commit(actor, change).await?;
    Ok(())
}
