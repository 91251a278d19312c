//! Storage for opcc. One body of SQL serves SQLite and PostgreSQL through sqlx's `Any`
//! driver (see docs/decisions/0001-one-body-of-sql.md); the backend is chosen from the URL.

pub mod accounts;
pub mod assemblies;
pub mod audit;
pub mod audit_checkpoint;
pub mod backup;
pub mod catalogue;
pub(crate) mod clock;
pub mod commissioning;
pub mod complaints;
pub mod crime;
pub mod demo;
pub mod engagement;
pub mod finance;
pub mod force_area;
pub mod governance;
pub mod notify;
pub mod office;
pub mod performance;
pub mod plans;
pub mod reports;
pub mod schemes;
pub mod second_factor;
pub mod sessions;
pub mod throttle;
pub mod version;
pub mod whats_new;
pub mod write;

pub use clock::now_utc;
pub use write::WriteTx;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database URL {0:?} is neither sqlite:... nor postgres://...")]
    UnsupportedUrl(String),
    #[error(transparent)]
    Sql(sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Invalid(String),
    #[error("there is no {0}")]
    NotFound(String),
    /// The database could not store the change (a full disk); nothing was changed.
    #[error("the database has no room to save changes")]
    Full,
    /// An object-level rule refused this person (the route admitted their role).
    #[error("{0}")]
    Forbidden(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
}

/// A full disk is its own error wherever a statement meets it, so that people are told nothing
/// was changed rather than shown a server error.
impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if write::is_storage_full(&e) {
            StoreError::Full
        } else {
            StoreError::Sql(e)
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A connection pool and the backend behind it.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Whether writes are going through; see [`write::WriteHealth`].
    pub write_health: std::sync::Arc<write::WriteHealth>,
    /// The audit head as this process last saw it; see [`version::DataVersion`].
    pub(crate) version: std::sync::Arc<version::DataVersion>,
    /// Figures computed at a version of the data; see [`version::Figures`].
    pub(crate) figures: std::sync::Arc<version::Figures>,
    /// On PostgreSQL, a concrete pool beside the `Any` one for the police.uk import's
    /// `COPY ... FROM STDIN BINARY` (decision 0001); it connects when first used.
    pub(crate) pg: Option<sqlx::PgPool>,
}

/// Makes a SQLite URL create its file when missing, as a newcomer's first run expects.
fn normalise_url(url: &str) -> Result<(String, Backend)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((url.to_string(), Backend::Postgres));
    }
    if let Some(rest) = url.strip_prefix("sqlite:") {
        let url = if rest.contains("mode=") {
            url.to_string()
        } else if rest.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        };
        return Ok((url, Backend::Sqlite));
    }
    Err(StoreError::UnsupportedUrl(url.to_string()))
}

impl Db {
    /// Connects, sets SQLite's pragmas on every connection, and applies pending migrations.
    pub async fn connect(url: &str) -> Result<Db> {
        let db = Db::connect_unmigrated(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    /// Connects without migrating: for `opcc doctor`, which reports pending migrations rather
    /// than applying them, and for upgrade tests.
    pub async fn connect_unmigrated(url: &str) -> Result<Db> {
        sqlx::any::install_default_drivers();
        let (url, backend) = normalise_url(url)?;
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 8 } else { 16 })
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers go on while one writer commits; foreign keys are off
                        // in SQLite unless asked for on each connection.
                        // Each pooled connection keeps its own page cache: 1 MiB each (SQLite's
                        // default is 2 MB), so eight stay within the server's memory budget
                        // (docs/performance.md).
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                             PRAGMA cache_size = -1024;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let pg = match backend {
            Backend::Postgres => Some(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(2)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_lazy(&url)?,
            ),
            Backend::Sqlite => None,
        };
        Ok(Db {
            pg,
            pool,
            backend,
            write_health: Default::default(),
            version: Default::default(),
            figures: Default::default(),
        })
    }

    fn migrator(&self) -> sqlx::migrate::Migrator {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("migrations/postgres"),
        }
    }

    pub async fn migrate(&self) -> Result<()> {
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Applies the migrations up to `version` only, as an earlier release of opcc would have:
    /// for tests that upgrade a database made by the previous schema.
    pub async fn migrate_up_to(&self, version: i64) -> Result<()> {
        let mut m = self.migrator();
        m.migrations = m
            .migrations
            .iter()
            .filter(|x| x.version <= version)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        m.run(&self.pool).await?;
        Ok(())
    }

    /// The versions this binary's migrations reach, in order.
    pub fn known_migrations(&self) -> Vec<i64> {
        self.migrator().iter().map(|m| m.version).collect()
    }

    /// The versions applied to this database (none when it was never migrated).
    pub async fn applied_migrations(&self) -> Result<Vec<i64>> {
        match sqlx::query_scalar(
            "SELECT version FROM _sqlx_migrations WHERE success = $1 ORDER BY version",
        )
        .bind(true)
        .fetch_all(&self.pool)
        .await
        {
            Ok(v) => Ok(v),
            Err(sqlx::Error::Database(e)) if e.message().contains("_sqlx_migrations") => Ok(vec![]),
            Err(e) => Err(e.into()),
        }
    }

    /// The newest migration applied.
    pub async fn schema_version(&self) -> Result<i64> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = $1")
                .bind(true)
                .fetch_one(&self.pool)
                .await?;
        Ok(v.unwrap_or(0))
    }

    /// Opens a write transaction and makes a write the service is allowed to make (one that
    /// changes nothing), then rolls it back: proof the service may write, for `opcc doctor`.
    pub async fn check_writable(&self) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE office_settings SET value = value WHERE name = 'staff_second_factor'")
            .execute(&mut *tx)
            .await?;
        // Dropped uncommitted: rolled back, with nothing to audit.
        drop(tx);
        Ok(())
    }

    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        // SQLite folds its write-ahead log into the database when the last connection closes,
        // but the pool closes its connections side by side and each may see another still
        // open, so none does: a bulk import would leave a log as large as what it wrote.
        if self.backend == Backend::Sqlite
            && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
        {
            tracing::warn!("could not fold the write-ahead log into the database: {e}");
        }
        self.pool.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            normalise_url("sqlite://opcc.db").unwrap(),
            ("sqlite://opcc.db?mode=rwc".to_string(), Backend::Sqlite)
        );
        assert_eq!(
            normalise_url("sqlite:x.db?mode=ro").unwrap().0,
            "sqlite:x.db?mode=ro"
        );
        assert_eq!(
            normalise_url("postgres://127.0.0.1/test").unwrap().1,
            Backend::Postgres
        );
        assert!(normalise_url("mysql://x").is_err());
    }
}
