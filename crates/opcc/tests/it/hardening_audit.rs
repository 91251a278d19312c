//! The audit log is append-only in the database, and anchored outside it by signed checkpoints:
//! cutting back the tail and growing it again, or recomputing the whole chain, passes the plain
//! `opcc audit verify` but not `--checkpoint`.

use crate::support::{Backend, TestApp, drop_audit_guards};
use opcc_domain::accounts::Role;
use opcc_domain::audit::{AuditEntry, entry_hash};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "opcc-audit-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

async fn the_database_refuses_to_change_or_delete_audit_entries(backend: Backend) {
    let app = TestApp::start(backend).await;
    app.user(Role::Staff, "s@example.org").await;
    for sql in [
        "UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 1",
        "DELETE FROM audit_log WHERE seq = 1",
        "UPDATE audit_head SET seq = seq - 1 WHERE id = 1",
    ] {
        let err = sqlx::query(sql).execute(&app.db.pool).await.unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("append-only") || msg.contains("cannot move back"),
            "{backend:?} {sql}: {msg}"
        );
    }
    if backend == Backend::Postgres {
        let err = sqlx::query("TRUNCATE audit_log")
            .execute(&app.db.pool)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
    app.finish().await;
}

async fn entries(app: &TestApp) -> Vec<AuditEntry> {
    opcc_store::audit::list(&app.db, &Default::default(), 100_000, 0)
        .await
        .unwrap()
        .entries
        .into_iter()
        .rev()
        .collect()
}

/// Rewrites the chain from entry `from` on, altering that entry and recomputing every hash
/// after it and the head, as someone with the whole database could.
async fn recompute_from(app: &TestApp, from: i64) {
    let mut prev = String::new();
    for mut e in entries(app).await {
        if e.seq < from {
            prev = e.hash.clone();
            continue;
        }
        if e.seq == from {
            e.actor_label = "someone.else@example.org".into();
        }
        e.prev_hash = prev.clone();
        e.hash = entry_hash((&e).into());
        sqlx::query(
            "UPDATE audit_log SET actor_label = $1, prev_hash = $2, hash = $3 WHERE seq = $4",
        )
        .bind(&e.actor_label)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .bind(e.seq)
        .execute(&app.db.pool)
        .await
        .unwrap();
        prev = e.hash;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

async fn a_signed_checkpoint_catches_a_regrown_tail_and_a_recomputed_chain(backend: Backend) {
    let app = TestApp::start(backend).await;
    let url = app.test_db.url.clone();
    for i in 0..3 {
        app.user(Role::Panel, &format!("p{i}@example.org")).await;
    }
    let dir = temp_dir();
    let key = dir.join("audit.key");
    let public = dir.join("audit.pub");
    let out = opcc(&url, &["audit", "keygen", "--out", s(&key)]);
    assert!(out.status.success(), "{}", stderr(&out));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = opcc(&url, &["audit", "keygen", "--out", s(&key)]);
    assert_eq!(again.status.code(), Some(2), "a key is never overwritten");

    let cp_file = dir.join("checkpoint.txt");
    let out = opcc(
        &url,
        &[
            "audit",
            "checkpoint",
            "--key",
            s(&key),
            "--out",
            s(&cp_file),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&cp_file).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), text);
    let cp = opcc_domain::security::checkpoint::Checkpoint::parse(&text).unwrap();

    // Published for anyone to copy.
    let mut public_browser = app.browser();
    let page = public_browser.get("/transparency/audit-checkpoint").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&cp.hash), "{}", page.body);
    let txt = public_browser
        .get("/transparency/audit-checkpoint.txt")
        .await;
    assert_eq!(txt.body, text);

    let verify = |extra: &[&str]| {
        let mut args = vec!["audit", "verify"];
        args.extend_from_slice(extra);
        opcc(&url, &args)
    };
    let with_cp = ["--checkpoint", s(&cp_file), "--public-key", s(&public)];
    let ok = verify(&with_cp);
    assert!(ok.status.success(), "{}", stderr(&ok));

    // A checkpoint signed by someone else's key is refused.
    let other = dir.join("other.key");
    assert!(
        opcc(&url, &["audit", "keygen", "--out", s(&other)])
            .status
            .success()
    );
    let wrong_key = verify(&[
        "--checkpoint",
        s(&cp_file),
        "--public-key",
        s(&dir.join("other.pub")),
    ]);
    assert_eq!(wrong_key.status.code(), Some(1));
    assert!(stderr(&wrong_key).contains("not by the expected key"));

    // Cut the log back to before the checkpoint's entry, move the head back, and grow it
    // again: the chain is consistent, so the plain check passes; the checkpoint does not.
    drop_audit_guards(&app.db).await;
    let keep = cp.seq - 2;
    let keep_hash: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(keep)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq > $1")
        .bind(keep)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(keep)
        .bind(&keep_hash)
        .execute(&app.db.pool)
        .await
        .unwrap();
    for i in 0..4 {
        app.user(Role::Volunteer, &format!("v{i}@example.org"))
            .await;
    }
    let plain = verify(&[]);
    assert!(
        plain.status.success(),
        "the forged chain is self-consistent"
    );
    let caught = verify(&with_cp);
    assert_eq!(caught.status.code(), Some(1), "{backend:?}");
    let err = stderr(&caught);
    assert!(
        err.contains(&format!(
            "audit entry {} does not have the hash the checkpoint",
            cp.seq
        )),
        "{err}"
    );

    // A new checkpoint of the forged chain, then the whole chain recomputed from entry 2.
    let cp2_file = dir.join("checkpoint2.txt");
    let out = opcc(
        &url,
        &[
            "audit",
            "checkpoint",
            "--key",
            s(&key),
            "--out",
            s(&cp2_file),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    recompute_from(&app, 2).await;
    assert!(
        verify(&[]).status.success(),
        "a recomputed chain verifies alone"
    );
    let caught = verify(&["--checkpoint", s(&cp2_file), "--public-key", s(&public)]);
    assert_eq!(caught.status.code(), Some(1));
    assert!(stderr(&caught).contains("rewritten"), "{}", stderr(&caught));

    // Cut back below the checkpoint and not regrown: its entry is missing.
    let cp2 = opcc_domain::security::checkpoint::Checkpoint::parse(
        &std::fs::read_to_string(&cp2_file).unwrap(),
    )
    .unwrap();
    let below = cp2.seq - 1;
    let below_hash: String = sqlx::query_scalar("SELECT hash FROM audit_log WHERE seq = $1")
        .bind(below)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM audit_log WHERE seq > $1")
        .bind(below)
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(below)
        .bind(&below_hash)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let caught = verify(&["--checkpoint", s(&cp2_file), "--public-key", s(&public)]);
    assert_eq!(caught.status.code(), Some(1));
    assert!(
        stderr(&caught).contains("is missing"),
        "{}",
        stderr(&caught)
    );

    // An edited checkpoint file fails its signature.
    let forged = dir.join("forged.txt");
    std::fs::write(
        &forged,
        text.replace(&format!("seq: {}", cp.seq), &format!("seq: {}", cp.seq - 1)),
    )
    .unwrap();
    let caught = verify(&["--checkpoint", s(&forged), "--public-key", s(&public)]);
    assert_eq!(caught.status.code(), Some(1));
    assert!(stderr(&caught).contains("signature is not valid"));
    let _ = std::fs::remove_dir_all(dir);
    app.finish().await;
}

each_backend!(
    the_database_refuses_to_change_or_delete_audit_entries,
    a_signed_checkpoint_catches_a_regrown_tail_and_a_recomputed_chain,
);
