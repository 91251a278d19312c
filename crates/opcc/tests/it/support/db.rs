//! A fresh database per test, copied from a demo-loaded template made once per run and
//! backend; PostgreSQL databases left by earlier runs are swept.

use opcc_store::Db;
use std::path::PathBuf;
use tokio::sync::OnceCell;

use super::Backend;

fn postgres_admin_url() -> String {
    std::env::var("OPCC_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

pub(super) fn random_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{}_{}_{n}", std::process::id(), t % 1_000_000_000)
}

/// The template outlives every test (a static is never dropped): the next run removes it.
static SQLITE_TEMPLATE: OnceCell<String> = OnceCell::const_new();
static PG_TEMPLATE: OnceCell<String> = OnceCell::const_new();

async fn load_demo(url: &str) {
    let db = Db::connect(url).await.expect("connect and migrate");
    opcc_store::demo::load_if_empty(&db).await.unwrap();
    if db.backend == opcc_store::Backend::Sqlite {
        // The copy takes the main file alone: everything must be in it.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.pool)
            .await
            .unwrap();
    }
    db.close().await;
}

fn sweep_sqlite_templates() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(rest) = name.strip_prefix("opcc-template-")
            && !owner_is_alive(&format!("opcc_t_{rest}"))
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").expect("a sqlite:// URL")
}

/// Databases left by earlier runs (a test that panicked does not drop its own) are dropped
/// once per run, before any test makes its own.
static PG_SWEPT: OnceCell<()> = OnceCell::const_new();

async fn pg_admin() -> sqlx::PgPool {
    let url = postgres_admin_url();
    sqlx::PgPool::connect(&url).await.unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is required for these tests and is not reachable at {url}: {e}. \
             Start it (the test script does: pg_ctlcluster ... main start) or set \
             OPCC_TEST_POSTGRES_URL"
        )
    })
}

/// Names are `opcc_t_{pid}_{time}_{n}`: the process that made one is alive if /proc has it.
fn owner_is_alive(name: &str) -> bool {
    name.strip_prefix("opcc_t_")
        .and_then(|rest| rest.split('_').next())
        .and_then(|pid| pid.parse::<u32>().ok())
        .is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists())
}

pub struct TestDb {
    pub url: String,
    _dir: Option<tempdir::TempDir>,
    pg_name: Option<String>,
}

mod tempdir {
    /// A directory removed when dropped.
    pub struct TempDir(pub std::path::PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl TestDb {
    /// No database of ours: the test made its own and removes it.
    pub fn theirs() -> TestDb {
        TestDb {
            url: String::new(),
            _dir: None,
            pg_name: None,
        }
    }

    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let dir: PathBuf =
                    std::env::temp_dir().join(format!("opcc-test-{}", random_suffix()));
                std::fs::create_dir_all(&dir).unwrap();
                TestDb {
                    url: format!("sqlite://{}/opcc.db", dir.display()),
                    _dir: Some(tempdir::TempDir(dir)),
                    pg_name: None,
                }
            }
            Backend::Postgres => TestDb::new_postgres(None).await,
        }
    }

    async fn new_postgres(template: Option<&str>) -> TestDb {
        let admin = pg_admin().await;
        PG_SWEPT
            .get_or_init(|| async {
                let stale: Vec<String> = sqlx::query_scalar(
                    "SELECT datname FROM pg_database WHERE datname LIKE 'opcc_t_%'",
                )
                .fetch_all(&admin)
                .await
                .unwrap();
                // Only a database whose test process has gone: other test runs
                // (another worktree, a second terminal) share this server.
                for name in stale.into_iter().filter(|n| !owner_is_alive(n)) {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .execute(&admin)
                            .await;
                }
            })
            .await;
        let name = format!("opcc_t_{}", random_suffix());
        let create = match template {
            Some(t) => format!("CREATE DATABASE \"{name}\" TEMPLATE \"{t}\""),
            None => format!("CREATE DATABASE \"{name}\""),
        };
        // Two copies of one template at the same instant can meet "source database is
        // being accessed by other users": the other copy's brief connection.
        let mut tries = 0;
        while let Err(e) = sqlx::query(&create).execute(&admin).await {
            tries += 1;
            assert!(tries < 50, "{create}: {e}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let base = postgres_admin_url();
        let root = base.rsplit_once('/').map(|(r, _)| r).unwrap_or(&base);
        TestDb {
            url: format!("{root}/{name}"),
            _dir: None,
            pg_name: Some(name),
        }
    }

    /// A database holding every area's demo, as `serve` loads it. Loading the demo takes
    /// seconds (the Crewe selection alone runs a thousand legacy draws), so it is loaded once per
    /// backend per run into a template that each test copies: a file copy for SQLite,
    /// `CREATE DATABASE ... TEMPLATE` for PostgreSQL.
    pub async fn with_demo(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => {
                let template = SQLITE_TEMPLATE
                    .get_or_init(|| async {
                        sweep_sqlite_templates();
                        let dir =
                            std::env::temp_dir().join(format!("opcc-template-{}", random_suffix()));
                        std::fs::create_dir_all(&dir).unwrap();
                        let url = format!("sqlite://{}/opcc.db", dir.display());
                        load_demo(&url).await;
                        url
                    })
                    .await;
                let made = TestDb::new(Backend::Sqlite).await;
                std::fs::copy(sqlite_path(template), sqlite_path(&made.url))
                    .expect("copy the demo template");
                made
            }
            Backend::Postgres => {
                let template = PG_TEMPLATE
                    .get_or_init(|| async {
                        let mut made = TestDb::new(Backend::Postgres).await;
                        load_demo(&made.url).await;
                        // The template outlives this test's runtime; the sweep of the next run
                        // drops it with the other databases of a finished process.
                        made.pg_name.take().expect("a PostgreSQL database")
                    })
                    .await;
                TestDb::new_postgres(Some(template)).await
            }
        }
    }

    pub async fn drop_now(&mut self) {
        if let Some(name) = self.pg_name.take() {
            let admin = pg_admin().await;
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&admin)
                .await;
        }
    }
}

/// A test that panics before `finish` still drops its PostgreSQL database.
impl Drop for TestDb {
    fn drop(&mut self) {
        let Some(name) = self.pg_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on: a thread of its
        // own, with its own small runtime, drops the database.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for cleanup");
            rt.block_on(async {
                if let Ok(admin) = sqlx::PgPool::connect(&postgres_admin_url()).await {
                    let _ =
                        sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                            .execute(&admin)
                            .await;
                }
            });
        })
        .join();
    }
}
