//! The `opcc` binary as a newcomer and an operator use it.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

pub(crate) fn opcc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_opcc"));
    c.env("OPCC_LOG", "warn").env_remove("OPCC_DATABASE_URL");
    c
}

fn temp_db() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!(
        "opcc-cli-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/opcc.db", dir.display());
    (dir, url)
}

fn user_add(url: &str, email: &str, role: &str, stdin: &str) -> std::process::Output {
    let mut child = opcc()
        .args([
            "--database-url",
            url,
            "user",
            "add",
            "--email",
            email,
            "--role",
            role,
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `opcc user add` on a fresh SQLite database of its own.
pub fn user_add_to_new_db(email: &str, role: &str, stdin: &str) -> std::process::Output {
    let (dir, url) = temp_db();
    let out = user_add(&url, email, role, stdin);
    let _ = std::fs::remove_dir_all(dir);
    out
}

#[test]
fn users_are_added_and_a_hand_edited_audit_row_is_caught() {
    let (dir, url) = temp_db();
    let out = user_add(
        &url,
        "first.admin@example.org",
        "admin",
        "a long enough passphrase\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("created admin user first.admin@example.org"));
    assert!(
        !stdout.contains("password"),
        "a given password is not echoed"
    );

    let out = user_add(&url, "second@example.org", "staff", "");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let generated = stdout
        .split("password (shown once): ")
        .nth(1)
        .unwrap()
        .trim();
    assert_eq!(generated.len(), 20);

    let dup = user_add(
        &url,
        "FIRST.ADMIN@example.org",
        "staff",
        "another passphrase ok\n",
    );
    assert_eq!(dup.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&dup.stderr).contains("already exists"));

    let verify = opcc()
        .args(["--database-url", &url, "audit", "verify"])
        .output()
        .unwrap();
    assert!(verify.status.success());
    assert!(String::from_utf8_lossy(&verify.stdout).contains("2 entries verified"));

    // Edit a row by hand, as someone with access to the database file might.
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = opcc_store::Db::connect(&url).await.unwrap();
        crate::support::drop_audit_guards(&db).await;
        sqlx::query(
            "UPDATE audit_log SET after_json = REPLACE(after_json, 'admin', 'staff') WHERE seq = 1",
        )
        .execute(&db.pool)
        .await
        .unwrap();
        db.close().await;
    });
    let verify = opcc()
        .args(["--database-url", &url, "audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(verify.status.code(), Some(1));
    let err = String::from_utf8_lossy(&verify.stderr);
    assert!(err.contains("audit entry 1 was altered"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_values_get_one_clear_line_and_exit_code_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["user", "add", "--email", "x@example.org", "--role", "boss"],
            "unknown role",
        ),
        (
            &["serve", "--bind", "nowhere"],
            "invalid value 'nowhere' for '--bind",
        ),
        (
            &["--database-url", "mysql://db/x", "migrate"],
            "neither sqlite",
        ),
        (
            &["user", "add", "--email", "not-an-email", "--role", "staff"],
            "--email",
        ),
    ];
    for (args, expected) in cases {
        let out = opcc().args(*args).stdin(Stdio::null()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let out = opcc()
        .args(["serve"])
        .env("OPCC_BIND", "999.1.1.1:80")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

pub(crate) fn wait_for_line(child: &mut std::process::Child, needle: &str) -> String {
    use std::io::BufRead;
    let stdout = child.stdout.as_mut().unwrap();
    let mut reader = std::io::BufReader::new(stdout);
    let mut all = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 {
            panic!("server exited before printing {needle:?}: {all}");
        }
        all.push_str(&line);
        if line.contains(needle) {
            return line;
        }
    }
}

#[test]
fn serve_prints_its_url_refuses_a_busy_port_and_stops_on_sigterm() {
    let (dir, url) = temp_db();
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_addr = busy.local_addr().unwrap().to_string();
    let out = opcc()
        .args(["--database-url", &url, "serve", "--bind", &busy_addr])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already in use"));
    drop(busy);

    let mut child = opcc()
        .args(["--database-url", &url, "serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let line = wait_for_line(&mut child, "opcc is running at ");
    let addr = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let body = rt.block_on(async {
        reqwest::get(format!("http://{addr}/healthz"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    assert!(body.contains("\"status\":\"ok\""));
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = std::time::Instant::now();
    loop {
        if let Some(code) = child.try_wait().unwrap() {
            assert!(code.success(), "exit after SIGTERM: {code}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::remove_dir_all(dir).unwrap();
}
