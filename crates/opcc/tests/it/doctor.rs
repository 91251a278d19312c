//! `opcc doctor` on deployments with something to fix, and on one with nothing.

use crate::cli::opcc;
use crate::mail::Sink;
use crate::support::{Backend, TestDb, drop_audit_guards};
use opcc_store::Db;

/// Runs the doctor off the test's runtime (the SMTP sink answers on it meanwhile).
async fn doctor(url: &str, args: &[&str]) -> (i32, String) {
    let mut cmd = opcc();
    cmd.args(["--database-url", url, "doctor", "--min-free-mb", "1"])
        .args(args)
        .env_remove("OPCC_SMTP_URL")
        .env_remove("OPCC_PUBLIC_URL")
        .env_remove("OPCC_INSECURE_COOKIES");
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
    )
}

fn line<'a>(report: &'a str, check: &str) -> &'a str {
    report
        .lines()
        .find(|l| l[5..].starts_with(&format!("{check}:")))
        .unwrap_or_else(|| panic!("no {check} line in {report}"))
}

async fn the_doctor_names_what_to_fix(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    let url = test_db.url.as_str();
    let sink = Sink::start().await;
    let smtp = format!("smtp://{}", sink.addr);
    let good = [
        "--smtp-url",
        &smtp,
        "--mail-from",
        "no-reply@opcc.example.org",
        "--public-url",
        "https://opcc.example.org",
        "--trusted-proxy",
        "x-forwarded-for@10.0.0.5",
    ];

    // A database an earlier release left: migrations pending.
    let old = Db::connect_unmigrated(url).await.unwrap();
    old.migrate_up_to(13).await.unwrap();
    let (code, report) = doctor(url, &good).await;
    assert_eq!(code, 1, "{report}");
    assert!(line(&report, "migrations").starts_with("FIX"), "{report}");
    assert!(line(&report, "migrations").contains("opcc migrate"));
    assert!(line(&report, "database").starts_with("ok"));
    assert!(line(&report, "e-mail").starts_with("ok"), "{report}");

    // Migrated, with the demo: nothing to fix.
    old.migrate().await.unwrap();
    opcc_store::demo::load_if_empty(&old).await.unwrap();
    let (code, report) = doctor(url, &good).await;
    assert_eq!(code, 0, "{backend:?}: {report}");
    for check in [
        "database",
        "writable",
        "migrations",
        "audit chain",
        "clock",
        "disk space",
        "e-mail",
        "cookies",
    ] {
        assert!(line(&report, check).starts_with("ok"), "{check}: {report}");
    }
    assert!(report.contains("Nothing to fix."));

    // Insecure cookies over HTTPS, and a mail server that is not there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let nobody = format!("smtp://{}", closed.local_addr().unwrap());
    drop(closed);
    let (code, report) = doctor(
        url,
        &[
            "--smtp-url",
            &nobody,
            "--mail-from",
            "no-reply@opcc.example.org",
            "--public-url",
            "https://opcc.example.org",
            "--insecure-cookies",
        ],
    )
    .await;
    assert_eq!(code, 1);
    assert!(line(&report, "e-mail").starts_with("FIX"), "{report}");
    assert!(
        line(&report, "cookies").contains("drop --insecure-cookies"),
        "{report}"
    );
    assert!(
        line(&report, "reverse proxy").starts_with("note"),
        "{report}"
    );
    // Plain HTTP on a public name: nobody could sign in.
    let (code, report) = doctor(url, &["--public-url", "http://opcc.example.org"]).await;
    assert_eq!(code, 1);
    assert!(
        line(&report, "cookies").contains("TLS reverse proxy"),
        "{report}"
    );

    // An edited audit entry.
    drop_audit_guards(&old).await;
    sqlx::query("UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 2")
        .execute(&old.pool)
        .await
        .unwrap();
    let (code, report) = doctor(url, &good).await;
    assert_eq!(code, 1);
    assert!(line(&report, "audit chain").starts_with("FIX"), "{report}");
    assert!(line(&report, "audit chain").contains("entry 2"), "{report}");
    old.close().await;

    // No database at all.
    let (code, report) = doctor("postgres://nobody@127.0.0.1:1/none", &[]).await;
    assert_eq!(code, 1);
    assert!(line(&report, "database").starts_with("FIX"), "{report}");
    drop(test_db);
}

each_backend!(the_doctor_names_what_to_fix);
