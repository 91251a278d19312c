//! `opcc complaints team add|remove EMAIL`: the complaints role granted and removed from the
//! command line, audited, for office users only.

use crate::support::{Backend, PASSWORD, TestApp};
use opcc_domain::accounts::Role;
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

async fn the_team_is_granted_from_the_command_line(backend: Backend) {
    let app = TestApp::start(backend).await;
    let url = app.test_db.url.clone();
    let staff = app.user(Role::Staff, "new.reviewer@example.org").await;
    app.user(Role::Panel, "panel.reader@example.org").await;
    let mut b = app.browser();
    assert_eq!(
        b.sign_in("new.reviewer@example.org", PASSWORD).await.status,
        303
    );
    assert_eq!(b.get("/admin/complaints/reviews/new").await.status, 404);

    let out = opcc(
        &url,
        &["complaints", "team", "add", "New.Reviewer@example.org"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        opcc_store::complaints::is_member(&app.db, staff.id)
            .await
            .unwrap()
    );
    assert_eq!(b.get("/admin/complaints/reviews/new").await.status, 200);
    let granted: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'complaints.team.grant' AND entity_id = $1",
    )
    .bind(staff.id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(granted, 1);

    // A Panel member is never on the team, and an unknown email is named.
    let panel = opcc(
        &url,
        &["complaints", "team", "add", "panel.reader@example.org"],
    );
    assert_eq!(panel.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&panel.stderr).contains("only an active member of the office"));
    let nobody = opcc(&url, &["complaints", "team", "add", "nobody@example.org"]);
    assert_eq!(nobody.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("nobody@example.org"));

    let out = opcc(
        &url,
        &["complaints", "team", "remove", "new.reviewer@example.org"],
    );
    assert!(out.status.success());
    assert_eq!(b.get("/admin/complaints/reviews/new").await.status, 404);
    app.finish().await;
}

each_backend!(the_team_is_granted_from_the_command_line);
