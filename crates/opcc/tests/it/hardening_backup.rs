//! Backups taken while the service writes, restored into an empty database with the audit
//! chain and every row intact; PostgreSQL is pointed at pg_dump.

use crate::support::{Backend, PASSWORD, TestApp};
use opcc_domain::accounts::{Email, Role};
use opcc_store::accounts::NewUser;
use opcc_store::audit::{Actor, AuditFilter, Verification};
use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

fn opcc(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opcc"))
        .env("OPCC_LOG", "warn")
        .env_remove("OPCC_DATABASE_URL")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .unwrap()
}

async fn a_backup_taken_during_writes_restores_with_its_chain_and_rows(backend: Backend) {
    let app = TestApp::start(backend).await;
    if backend == Backend::Postgres {
        let out = opcc(&app.test_db.url, &["backup", "/tmp/never-written.db"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        let out = opcc(&app.test_db.url, &["restore", "/tmp/never-written.db"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_restore"));
        app.finish().await;
        return;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (db, stop, written) = (app.db.clone(), stop.clone(), written.clone());
        tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                opcc_store::accounts::create_user(
                    &db,
                    &Actor::system("test"),
                    NewUser {
                        email: Email::parse(&format!("w{i}@example.org")).unwrap(),
                        display_name: format!("Writer {i}"),
                        role: Role::Volunteer,
                        password: PASSWORD.into(),
                    },
                )
                .await
                .unwrap();
                i += 1;
                written.store(i, Ordering::Relaxed);
            }
        })
    };
    while written.load(Ordering::Relaxed) < 3 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let before = written.load(Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("opcc-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.db");
    let url = app.test_db.url.clone();
    let file_s = file.to_str().unwrap().to_string();
    let out = tokio::task::spawn_blocking(move || opcc(&url, &["backup", &file_s]))
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let after = written.load(Ordering::Relaxed);
    let again = opcc(&app.test_db.url, &["backup", file.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing file is never overwritten"
    );

    let target = format!("sqlite://{}/restored.db", dir.display());
    let out = opcc(&target, &["restore", file.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("audit chain intact"), "{stdout}");

    let restored = opcc_store::Db::connect(&target).await.unwrap();
    let entries = match opcc_store::audit::verify(&restored).await.unwrap() {
        Verification::Intact { entries } => entries,
        Verification::Broken(b) => panic!("{b}"),
    };
    assert!(entries > 0);
    // Every user has the audit entry written in its transaction, and none is half there.
    let users = opcc_store::accounts::user_count(&restored).await.unwrap();
    let creations = opcc_store::audit::list(
        &restored,
        &AuditFilter {
            action: "user.create".into(),
            ..Default::default()
        },
        1,
        0,
    )
    .await
    .unwrap()
    .total;
    assert_eq!(users, creations);
    let writers = users as usize;
    assert!(
        (before..=after).contains(&writers),
        "{before} <= {writers} <= {after}"
    );
    // The restore holds exactly what the backup file does.
    let backup_db = opcc_store::Db::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    assert_eq!(
        opcc_store::backup::row_counts(&restored).await.unwrap(),
        opcc_store::backup::row_counts(&backup_db).await.unwrap()
    );
    backup_db.close().await;
    restored.close().await;

    // A database with anything in it is never restored over.
    let out = opcc(&target, &["restore", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    let _ = std::fs::remove_dir_all(&dir);
    app.finish().await;
}

each_backend!(a_backup_taken_during_writes_restores_with_its_chain_and_rows,);
