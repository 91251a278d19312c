//! A real server on loopback over a fresh database per test, for each backend, and a small
//! browser-like client that keeps cookies and sends the CSRF token as a page would.

use opcc_domain::accounts::{Email, Role};
use opcc_domain::security::totp;
use opcc_store::Db;
use opcc_store::accounts::{NewUser, User};
use opcc_store::audit::Actor;
use opcc_web::{AppState, WebConfig};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::sync::OnceCell;

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

fn postgres_admin_url() -> String {
    std::env::var("OPCC_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

fn random_suffix() -> String {
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

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub test_db: TestDb,
    server: tokio::task::JoinHandle<()>,
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
        let test_db = TestDb {
            url: String::new(),
            _dir: None,
            pg_name: None,
        };
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

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.header("location")
    }
}

/// Keeps cookies by name, follows no redirects, and knows the CSRF token of the last page.
pub struct Browser {
    client: reqwest::Client,
    base: String,
    cookies: HashMap<String, String>,
    csrf: Option<String>,
}

/// The value of the first `name="csrf_token"` hidden field on a page.
pub fn csrf_in(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf_token\" value=\"")? + "name=\"csrf_token\" value=\"".len();
    let end = html[at..].find('"')?;
    Some(html[at..at + end].to_string())
}

impl Browser {
    pub fn new(base: &str) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: base.to_string(),
            cookies: HashMap::new(),
            csrf: None,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn send(&mut self, req: reqwest::RequestBuilder) -> Resp {
        let req = if self.cookies.is_empty() {
            req
        } else {
            req.header("cookie", self.cookie_header())
        };
        let res = req.send().await.expect("request");
        for v in res.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            let (pair, attrs) = v.split_once(';').unwrap_or((v, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if name.ends_with("opcc_session") {
                // A new or ended session has a new CSRF token.
                self.csrf = None;
            }
            if value.is_empty() || attrs.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let body = res.text().await.unwrap_or_default();
        if let Some(t) = csrf_in(&body) {
            self.csrf = Some(t);
        }
        Resp {
            status,
            headers,
            body,
        }
    }

    pub fn clone_cookies(&self) -> HashMap<String, String> {
        self.cookies.clone()
    }

    pub fn set_cookies(&mut self, cookies: HashMap<String, String>) {
        self.cookies = cookies;
        self.csrf = None;
    }

    pub fn has_cookie(&self, suffix: &str) -> bool {
        self.cookies.keys().any(|k| k.ends_with(suffix))
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// A download's status and bytes, with this browser's cookies.
    pub async fn get_bytes(&mut self, path: &str) -> (u16, Vec<u8>) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if !self.cookies.is_empty() {
            req = req.header("cookie", self.cookie_header());
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.bytes().await.unwrap_or_default().to_vec())
    }

    /// Fetches a page holding a form first if no token is known yet.
    pub async fn csrf(&mut self) -> String {
        if self.csrf.is_none() {
            let page = if self.cookies.keys().any(|k| k.ends_with("opcc_session")) {
                "/account"
            } else {
                "/login"
            };
            self.get(page).await;
        }
        self.csrf
            .clone()
            .expect("a page with a form gave a CSRF token")
    }

    /// Posts a form as the page would, with its CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Resp {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        all.extend_from_slice(fields);
        self.post_raw(path, &all, &[]).await
    }

    /// Uploads a file as the performance page's form does (the token its first field) and,
    /// as a browser does, follows a redirect to the page it leads to.
    pub async fn upload(&mut self, path: &str, filename: &str, bytes: Vec<u8>) -> Resp {
        self.upload_with(path, &[], filename, bytes).await
    }

    /// Uploads a file with other fields of the form beside it, following a redirect.
    pub async fn upload_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        filename: &str,
        bytes: Vec<u8>,
    ) -> Resp {
        let res = self.upload_raw(path, fields, filename, bytes).await;
        if res.status == 303 {
            let to = res.location().to_string();
            return self.get(&to).await;
        }
        res
    }

    /// Uploads a file as the form does; the response as it comes, redirect included.
    pub async fn upload_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        filename: &str,
        bytes: Vec<u8>,
    ) -> Resp {
        let token = self.csrf().await;
        let part = reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string());
        let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let form = form.part("file", part);
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form);
        self.send(req).await
    }

    /// Posts exactly these fields and headers: no token is added.
    pub async fn post_raw(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Resp {
        self.post("/login", &[("email", email), ("password", password)])
            .await
    }

    /// Both steps of signing in. The code is the next step's, which is within the allowed skew
    /// and later than the one enrolment used.
    pub async fn sign_in_with_code(&mut self, email: &str, password: &str, secret: &[u8]) -> Resp {
        let res = self.sign_in(email, password).await;
        assert_eq!(res.status, 303, "password step: {}", res.body);
        assert_eq!(res.location(), "/login/code");
        let code = totp::code_for_step(secret, totp::step_at(unix_now()) + 1);
        self.post("/login/code", &[("code", &code)]).await
    }
}
