//! Storage for opcc. One body of SQL serves SQLite and PostgreSQL through sqlx's `Any`
//! driver (see docs/decisions/0001-one-body-of-sql.md); the backend is chosen from the URL.

pub mod accounts;
pub mod audit;
pub mod audit_checkpoint;
pub mod backup;
mod clock;
pub mod crime;
pub mod demo;
pub mod finance;
pub mod force_area;
pub mod governance;
pub mod office;
pub mod performance;
pub mod plans;
pub mod second_factor;
pub mod sessions;
pub mod throttle;
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
                        conn.execute(
                            "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                             PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Db {
            pool,
            backend,
            write_health: Default::default(),
        };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&self.pool).await?,
            Backend::Postgres => {
                sqlx::migrate!("migrations/postgres")
                    .run(&self.pool)
                    .await?
            }
        }
        Ok(())
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

    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
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
