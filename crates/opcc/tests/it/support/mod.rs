//! A real server on loopback over a fresh database per test, for each backend, and a small
//! browser-like client that keeps cookies and sends the CSRF token as a page would.

mod browser;
mod db;

pub use browser::*;
pub use db::*;

use opcc_domain::accounts::{Email, Role};
use opcc_domain::security::totp;
use opcc_store::Db;
use opcc_store::accounts::{NewUser, User};
use opcc_store::audit::Actor;
use opcc_web::{AppState, WebConfig};
use std::net::SocketAddr;

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Declares, for each async `fn name(backend: Backend)`, one test per backend
/// (`name::sqlite`, `name::postgres`), so a failure on one cannot hide the other's result.
#[macro_export]
macro_rules! each_backend {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name($crate::support::Backend::Sqlite).await
            }
            #[tokio::test]
            async fn postgres() {
                if $crate::support::backends().contains(&$crate::support::Backend::Postgres) {
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        }
    )*};
}

/// `OPCC_TEST_LOG=1` (or a filter such as `opcc_store=debug`) shows the server's log.
pub fn init_test_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(filter) = std::env::var("OPCC_TEST_LOG") {
            let filter = if filter == "1" {
                "info".to_string()
            } else {
                filter
            };
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
    });
}

/// Both backends. PostgreSQL is required: a test that finds no server fails, unless
/// OPCC_SKIP_POSTGRES=1 says, loudly, to leave it out (for a laptop without PostgreSQL).
pub fn backends() -> Vec<Backend> {
    if std::env::var("OPCC_SKIP_POSTGRES").as_deref() == Ok("1") {
        eprintln!("WARNING: OPCC_SKIP_POSTGRES=1: PostgreSQL tests are NOT being run");
        vec![Backend::Sqlite]
    } else {
        vec![Backend::Sqlite, Backend::Postgres]
    }
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub test_db: TestDb,
    server: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub async fn start(backend: Backend) -> TestApp {
        TestApp::start_with(
            backend,
            WebConfig {
                secure_cookies: true,
                trusted_proxy: None,
            },
        )
        .await
    }

    pub async fn start_with(backend: Backend, config: WebConfig) -> TestApp {
        init_test_log();
        let test_db = TestDb::with_demo(backend).await;
        let db = Db::connect(&test_db.url)
            .await
            .expect("connect and migrate");
        TestApp::serve_with(db, test_db, config).await
    }

    /// A server over a database the test made itself (somewhere special, say), which the test
    /// also removes.
    pub async fn serve(db: Db) -> TestApp {
        init_test_log();
        let test_db = TestDb::theirs();
        let config = WebConfig {
            secure_cookies: true,
            trusted_proxy: None,
        };
        TestApp::serve_with(db, test_db, config).await
    }

    async fn serve_with(db: Db, test_db: TestDb, config: WebConfig) -> TestApp {
        let state = AppState::new(db.clone(), config).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = opcc_web::app(state).into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        TestApp {
            base: format!("http://{addr}"),
            db,
            test_db,
            server,
        }
    }

    pub fn browser(&self) -> Browser {
        Browser::new(&self.base)
    }

    /// A user made straight in the store, with the known test password.
    pub async fn user(&self, role: Role, email: &str) -> User {
        opcc_store::accounts::create_user(
            &self.db,
            &Actor::system("test"),
            NewUser {
                email: Email::parse(email).unwrap(),
                display_name: format!("Test {role}"),
                role,
                password: PASSWORD.to_string(),
            },
        )
        .await
        .unwrap()
    }

    /// A browser signed in as a new user of this role (with a second factor when the role
    /// needs one, signing in with a code as a person would).
    pub async fn signed_in(&self, role: Role) -> Browser {
        let email = format!("{role}-{}@example.org", random_suffix());
        let user = self.user(role, &email).await;
        let mut b = self.browser();
        if role.requires_second_factor(false) {
            let secret = self.enrol(&user).await;
            let res = b.sign_in_with_code(&email, PASSWORD, &secret).await;
            assert_eq!(res.status, 303, "sign in as {role}: {}", res.body);
            assert_ne!(res.location(), "/account/two-factor");
            return b;
        }
        let res = b.sign_in(&email, PASSWORD).await;
        assert_eq!(res.status, 303, "sign in as {role}: {}", res.body);
        b
    }

    /// Enrols a TOTP second factor for the user straight in the store; returns the secret.
    pub async fn enrol(&self, user: &User) -> Vec<u8> {
        let secret = opcc_store::second_factor::pending_secret(&self.db, user)
            .await
            .unwrap()
            .expect("no factor yet");
        let code = totp::code_for_step(&secret, totp::step_at(unix_now()));
        opcc_store::second_factor::confirm(&self.db, user, &code)
            .await
            .unwrap()
            .expect("the current code confirms");
        secret
    }

    pub async fn finish(mut self) {
        self.server.abort();
        self.db.close().await;
        self.test_db.drop_now().await;
    }
}

/// Drops the triggers that make the audit log append-only, as someone who owns the database
/// could; tests of what verification catches start from there.
pub async fn drop_audit_guards(db: &Db) {
    let statements: &[&str] = match db.backend {
        opcc_store::Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER audit_head_forward_only",
        ],
        opcc_store::Backend::Postgres => &[
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "DROP TRIGGER audit_head_forward_only ON audit_head",
        ],
    };
    for sql in statements {
        sqlx::query(sql).execute(&db.pool).await.unwrap();
    }
}
