//! The audit chain in a real database: altered, deleted and truncated entries are caught,
//! and concurrent writers never fork the chain.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::audit::Problem;
use opcc_store::audit::{self, Verification};

async fn intact(app: &TestApp) -> i64 {
    match audit::verify(&app.db).await.unwrap() {
        Verification::Intact { entries } => entries,
        Verification::Broken(b) => panic!("chain broken: {b}"),
    }
}

async fn broken(app: &TestApp) -> opcc_domain::audit::ChainBreak {
    match audit::verify(&app.db).await.unwrap() {
        Verification::Intact { entries } => panic!("tampering not caught ({entries} entries)"),
        Verification::Broken(b) => b,
    }
}

async fn an_edited_entry_is_named(backend: Backend) {
    let app = TestApp::start(backend).await;
    // The demo data's entries come first; the users follow.
    let demo = intact(&app).await;
    for i in 0..4 {
        app.user(Role::Staff, &format!("s{i}@example.org")).await;
    }
    assert_eq!(intact(&app).await, demo + 4);
    crate::support::drop_audit_guards(&app.db).await;
    sqlx::query("UPDATE audit_log SET actor_label = $1 WHERE seq = $2")
        .bind("someone.else@example.org")
        .bind(demo + 2)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let b = broken(&app).await;
    assert_eq!((b.seq, b.problem), (demo + 2, Problem::ContentChanged));
    app.finish().await;
}

async fn a_deleted_entry_and_a_deleted_tail_are_named(backend: Backend) {
    let app = TestApp::start(backend).await;
    for i in 0..4 {
        app.user(Role::Panel, &format!("p{i}@example.org")).await;
    }
    let last = intact(&app).await;
    crate::support::drop_audit_guards(&app.db).await;
    sqlx::query("DELETE FROM audit_log WHERE seq = $1")
        .bind(last)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let b = broken(&app).await;
    assert_eq!(b.seq, last);
    assert!(
        matches!(b.problem, Problem::TruncatedAfter { head_seq } if head_seq == last),
        "{b}"
    );
    sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let b = broken(&app).await;
    assert_eq!(b.seq, 2);
    assert!(b.to_string().contains("entry 2 is missing"), "{b}");
    app.finish().await;
}

async fn concurrent_writers_extend_one_chain(backend: Backend) {
    let app = TestApp::start(backend).await;
    let demo = intact(&app).await;
    let mut tasks = Vec::new();
    for i in 0..16 {
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move {
            opcc_store::accounts::create_user(
                &db,
                &opcc_store::audit::Actor::system("test"),
                opcc_store::accounts::NewUser {
                    email: opcc_domain::accounts::Email::parse(&format!("c{i}@example.org"))
                        .unwrap(),
                    display_name: format!("C {i}"),
                    role: Role::Volunteer,
                    password: crate::support::PASSWORD.into(),
                },
            )
            .await
            .unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(intact(&app).await, demo + 16, "{backend:?}");
    app.finish().await;
}

each_backend!(
    an_edited_entry_is_named,
    a_deleted_entry_and_a_deleted_tail_are_named,
    concurrent_writers_extend_one_chain
);
