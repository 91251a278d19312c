//! Online backups of a SQLite database, and restoring one into an empty database. PostgreSQL
//! has pg_dump and pg_restore, which do this better than we could.

use crate::{Backend, Db, Result, StoreError};
use sqlx::Connection;
use std::path::{Path, PathBuf};

/// `VACUUM INTO` copies the database as one read transaction sees it, so writers may go on
/// meanwhile and the copy is still consistent (and compacted).
pub async fn backup(db: &Db, to: &Path) -> Result<()> {
    if db.backend != Backend::Sqlite {
        return Err(StoreError::Invalid(
            "opcc backup copies SQLite databases; for PostgreSQL use pg_dump".into(),
        ));
    }
    if to.exists() {
        return Err(StoreError::Invalid(format!(
            "{} already exists: choose a new file name",
            to.display()
        )));
    }
    sqlx::query("VACUUM INTO $1")
        .bind(to.to_string_lossy().as_ref())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The file behind a `sqlite:` URL.
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

async fn open(path: &Path, read_only: bool) -> Result<sqlx::AnyConnection> {
    sqlx::any::install_default_drivers();
    let mode = if read_only { "ro" } else { "rwc" };
    Ok(sqlx::AnyConnection::connect(&format!("sqlite://{}?mode={mode}", path.display())).await?)
}

async fn table_count(conn: &mut sqlx::AnyConnection) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_one(&mut *conn)
    .await?)
}

/// Copies a backup into the database at `url`, which must be new or empty: restoring over
/// live data would silently lose whatever differs. The backup is checked first.
pub async fn restore(url: &str, from: &Path) -> Result<Db> {
    let Some(target) = sqlite_path(url) else {
        return Err(StoreError::Invalid(
            "opcc restore restores SQLite databases; for PostgreSQL use pg_restore into an \
             empty database"
                .into(),
        ));
    };
    if !from.is_file() {
        return Err(StoreError::NotFound(format!(
            "backup file {}",
            from.display()
        )));
    }
    if target.exists() {
        let mut conn = open(&target, true).await?;
        let tables = table_count(&mut conn).await?;
        conn.close().await?;
        if tables > 0 {
            return Err(StoreError::Invalid(format!(
                "the database at {} is not empty ({tables} tables): restore only into a new, \
                 empty database",
                target.display()
            )));
        }
    }
    let mut src = open(from, true).await?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut src)
        .await?;
    if check != "ok" {
        return Err(StoreError::Invalid(format!(
            "{} is damaged: {check}",
            from.display()
        )));
    }
    let migrated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_one(&mut src)
    .await?;
    if migrated == 0 {
        return Err(StoreError::Invalid(format!(
            "{} is not an opcc database",
            from.display()
        )));
    }
    // An empty file left by a first connection is replaced, with its journal files.
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", target.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|e| StoreError::Invalid(e.to_string()))?;
        }
    }
    sqlx::query("VACUUM INTO $1")
        .bind(target.to_string_lossy().as_ref())
        .execute(&mut src)
        .await?;
    src.close().await?;
    Db::connect(url).await
}

/// Rows in every table, for comparing a restore with its source.
pub async fn row_counts(db: &Db) -> Result<Vec<(String, i64)>> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name <> '_sqlx_migrations' ORDER BY name"
        }
        Backend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '_sqlx_migrations' ORDER BY table_name"
        }
    };
    let names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&db.pool).await?;
    let mut out = Vec::new();
    for name in names {
        // Names come from the catalogue, not from input.
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{name}\""))
            .fetch_one(&db.pool)
            .await?;
        out.push((name, n));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::sqlite_path;
    use std::path::PathBuf;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite:///tmp/x/opcc.db?mode=rwc"),
            Some(PathBuf::from("/tmp/x/opcc.db"))
        );
        assert_eq!(
            sqlite_path("sqlite://opcc.db"),
            Some(PathBuf::from("opcc.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:opcc.db"),
            Some(PathBuf::from("opcc.db"))
        );
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }
}
