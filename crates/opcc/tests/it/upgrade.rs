//! Upgrades: a database made by the schema of the previous release (migrations up to 0013,
//! as on main before this work) with data in it is migrated by this binary's `opcc migrate`,
//! and everything in it survives. Migrations only move forward.
//!
//! The old database's data is written by store functions whose tables have not changed since
//! then (the police.uk imports and their audit entries): the demo's plans are written by this
//! release's code, which knows columns the old schema lacks, so they cannot stand in for what
//! the previous release wrote.

use crate::cli::opcc;
use crate::support::{Backend, TestApp, TestDb};
use opcc_store::Db;
use opcc_store::audit::Verification;

/// The last migration of the previous release.
const PREVIOUS: i64 = 13;

async fn a_database_of_the_previous_schema_is_upgraded_with_its_data(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    let old = Db::connect_unmigrated(&test_db.url).await.unwrap();
    old.migrate_up_to(PREVIOUS).await.unwrap();
    assert_eq!(
        old.applied_migrations().await.unwrap().last(),
        Some(&PREVIOUS)
    );
    assert!(
        old.known_migrations().iter().any(|v| *v > PREVIOUS),
        "this release adds one"
    );
    opcc_store::demo::load_police_uk_demo(&old, None)
        .await
        .unwrap();
    let before = opcc_store::backup::row_counts(&old).await.unwrap();
    let Verification::Intact { entries } = opcc_store::audit::verify(&old).await.unwrap() else {
        panic!("the old database's chain is intact");
    };
    let rows = |t: &str| {
        before
            .iter()
            .find(|(n, _)| n == t)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    assert!(
        rows("crime_street") > 20_000 && rows("stop_search") > 2_000,
        "{before:?}"
    );
    assert!(
        rows("crime_coverage") > 3 && rows("audit_log") > 3,
        "{before:?}"
    );
    old.close().await;

    // This release's binary, as an operator runs it.
    let url = test_db.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        opcc()
            .args(["--database-url", &url, "migrate"])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new = Db::connect_unmigrated(&test_db.url).await.unwrap();
    let latest = *new.known_migrations().last().unwrap();
    assert!(said.contains(&format!("schema version {latest}")), "{said}");
    assert_eq!(
        new.applied_migrations().await.unwrap(),
        new.known_migrations()
    );

    let after = opcc_store::backup::row_counts(&new).await.unwrap();
    for (table, n) in &before {
        let now = after.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
        assert_eq!(now, Some(*n), "{backend:?}: {table} kept its rows");
    }
    for new_table in [
        "notices",
        "mail_outbox",
        "mail_preferences",
        "map_boundaries",
    ] {
        assert_eq!(
            after.iter().find(|(t, _)| t == new_table).map(|(_, n)| *n),
            Some(0)
        );
    }
    match opcc_store::audit::verify(&new).await.unwrap() {
        Verification::Intact { entries: e } => assert_eq!(e, entries),
        Verification::Broken(b) => panic!("{b}"),
    }
    // Migrating again changes nothing; the service runs on it and shows the old data.
    new.migrate().await.unwrap();
    let app = TestApp::serve(new).await;
    let page = app
        .browser()
        .get("/crime?force=cheshire&month=2018-12")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Anti-social behaviour"));
    app.finish().await;
    drop(test_db);
}

each_backend!(a_database_of_the_previous_schema_is_upgraded_with_its_data);
