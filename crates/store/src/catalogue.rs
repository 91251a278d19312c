//! When each public dataset last changed, for the open data catalogue: the newest timestamp
//! the data itself carries (an import, a lock, a publication) or, where the data keeps none,
//! the newest audit entry about its records. Every write is audited, so the log is a complete
//! record of change even for tables without a timestamp of their own.

use crate::{Db, Result};
use sqlx::Row;

/// Where a dataset's changes are recorded: a timestamp column of its own table, and the audit
/// log's entity types of its records. Both are fixed names from the catalogue's registry,
/// never input.
#[derive(Debug, Clone, Copy)]
pub struct Changes {
    /// `(table, column)` pairs holding an RFC 3339 time or a date.
    pub columns: &'static [(&'static str, &'static str)],
    /// `audit_log.entity_type` values.
    pub entities: &'static [&'static str],
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The newest change recorded for a dataset (RFC 3339 or a bare date), or none when it has
/// never changed.
pub async fn last_changed(db: &Db, changes: &Changes) -> Result<Option<String>> {
    let mut newest: Option<String> = None;
    let mut keep = |at: Option<String>| {
        if let Some(at) = at.filter(|a| !a.is_empty())
            && newest.as_deref().is_none_or(|n| at.as_str() > n)
        {
            newest = Some(at);
        }
    };
    for (table, column) in changes.columns {
        // Names are checked, since they cannot be bound as parameters.
        if !is_name(table) || !is_name(column) {
            continue;
        }
        let row = sqlx::query(&format!("SELECT MAX({column}) AS at FROM {table}"))
            .fetch_one(&db.pool)
            .await?;
        keep(row.try_get::<Option<String>, _>("at")?);
    }
    for entity in changes.entities {
        let row = sqlx::query("SELECT MAX(at) AS at FROM audit_log WHERE entity_type = $1")
            .bind(*entity)
            .fetch_one(&db.pool)
            .await?;
        keep(row.try_get::<Option<String>, _>("at")?);
    }
    Ok(newest)
}

#[cfg(test)]
mod tests {
    use super::is_name;

    #[test]
    fn only_plain_names_reach_the_sql() {
        assert!(is_name("crime_coverage"));
        assert!(!is_name("x; DROP TABLE users"));
        assert!(!is_name(""));
    }
}
