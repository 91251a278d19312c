//! Upgrades: a database made by the schema of the previous release (migrations up to 0013,
//! as on main before this work) with data in it is migrated by this binary's `opcc migrate`,
//! and everything in it survives. Migrations only move forward.
//!
//! The old database's data is written by store functions whose tables have not changed since
//! then (stop-and-search imports and their audit entries), and street and outcome rows in the
//! old tables' shape by plain SQL (migration 0022 moved them into compact tables, and the test
//! proves every row reads back the same): the demo's plans are written by this release's
//! code, which knows columns the old schema lacks, so they cannot stand in for what the
//! previous release wrote.

use crate::cli::opcc;
use crate::crime::read;
use crate::support::{Backend, TestApp, TestDb};
use opcc_domain::crime::{Kind, Month, OutcomeRow, StreetRow};
use opcc_store::Db;
use opcc_store::audit::Verification;
use opcc_store::crime::BadRows;
use opcc_store::crime::parse::parse;
use sqlx::Row;

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
    old_police_uk(&old).await;
    let street_before = street_rows(&old).await;
    let outcomes_before = outcome_rows(&old).await;
    let rollups_before = rollups(&old).await;
    assert!(rollups_before.len() > 1_000, "{}", rollups_before.len());
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
        rows("crime_street") > 8_000 && rows("crime_outcomes") > 1_000 && rows("stop_search") > 500,
        "{before:?}"
    );
    assert!(
        rows("crime_coverage") >= 2 && rows("audit_log") >= 2,
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
    // The street and outcome rows now live in compact tables, read through views of the old
    // names: every value reads back as it was.
    assert_eq!(street_rows(&new).await, street_before);
    assert_eq!(outcome_rows(&new).await, outcomes_before);
    // The rollups hold term numbers (migration 0034), read through views of the old names;
    // the totals per crime type add up to them.
    assert_eq!(rollups(&new).await, rollups_before);
    let sum = |sql: &'static str| {
        let pool = new.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        sum("SELECT CAST(SUM(n) AS BIGINT) FROM crime_totals").await,
        sum("SELECT CAST(COUNT(*) AS BIGINT) FROM crime_street").await
    );
    assert_eq!(
        sum("SELECT COUNT(*) FROM crime_outcome_rows WHERE crime_hash IS NULL").await,
        1,
        "only the uppercase ID is kept as text"
    );
    for (table, n) in before.iter().filter(|(t, _)| {
        ![
            "crime_street",
            "crime_outcomes",
            "crime_rollup",
            "outcome_rollup",
        ]
        .contains(&t.as_str())
    }) {
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

/// What the previous release held of police.uk data: stop-and-search imported by the store
/// (unchanged since), street and outcome rows written in the old tables' shape.
async fn old_police_uk(old: &Db) {
    let actor = opcc_store::audit::Actor::system("upgrade test");
    for f in [
        "2025-06-cheshire-stop-and-search.csv",
        "2025-07-cheshire-stop-and-search.csv",
    ] {
        let bytes = read(&format!("police_uk/{}/{f}", &f[..7]));
        opcc_store::crime::import_file(old, &actor, f, &bytes, BadRows::Reject)
            .await
            .unwrap();
    }
    // One transaction: row by row it would take a minute on PostgreSQL.
    let mut tx = old.pool.begin().await.unwrap();
    let street = read("police_uk/2018-12/2018-12-cheshire-street.csv");
    let month: Month = "2018-12".parse().unwrap();
    let rows = parse(
        "s",
        Kind::Street,
        month,
        &street,
        BadRows::Reject,
        StreetRow::parse,
    )
    .unwrap()
    .rows;
    for r in &rows {
        sqlx::query(
            "INSERT INTO crime_street (force, month, crime_id, lon, lat, location, lsoa_code, \
             lsoa_name, lad_code, area, crime_type, last_outcome, context) \
             VALUES ('cheshire', '2018-12', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(r.crime_id.as_deref())
        .bind(r.lon.unwrap_or(0.0))
        .bind(r.lat.unwrap_or(0.0))
        .bind(&r.location)
        .bind(r.lsoa_code.as_deref())
        .bind(r.lsoa_name.as_deref())
        .bind(r.lsoa_code.as_ref().map(|_| "E06000049"))
        .bind(if r.lsoa_code.is_some() {
            "in"
        } else {
            "no_location"
        })
        .bind(&r.crime_type)
        .bind(r.last_outcome.as_deref())
        .bind(r.context.as_deref())
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    let outcomes = read("police_uk/2013-06/2013-06-avon-and-somerset-outcomes.csv");
    let month: Month = "2013-06".parse().unwrap();
    let rows = parse(
        "o",
        Kind::Outcomes,
        month,
        &outcomes,
        BadRows::Skip,
        OutcomeRow::parse,
    )
    .unwrap()
    .rows;
    for r in &rows {
        sqlx::query(
            "INSERT INTO crime_outcomes (force, month, crime_id, lon, lat, location, lsoa_code, \
             lsoa_name, lad_code, area, outcome_type) \
             VALUES ('avon-and-somerset', '2013-06', $1, $2, $3, $4, $5, $6, NULL, 'unknown', $7)",
        )
        .bind(&r.crime_id)
        .bind(r.lon.unwrap_or(0.0))
        .bind(r.lat.unwrap_or(0.0))
        .bind(&r.location)
        .bind(r.lsoa_code.as_deref())
        .bind(r.lsoa_name.as_deref())
        .bind(&r.outcome_type)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    // An ID of another shape than data.police.uk's (uppercase) is kept as text (0034).
    sqlx::query(
        "INSERT INTO crime_outcomes (force, month, crime_id, lon, lat, location, lsoa_code, \
         lsoa_name, lad_code, area, outcome_type) VALUES ('avon-and-somerset', '2013-06', \
         'A4B50355474CD4833A78A0D63F90F4E1A11553E50F4799540AE738E6646F41E4', 0.0, 0.0, \
         'No location', NULL, NULL, NULL, 'no_location', 'Unable to prosecute suspect')",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    // The rollups as the previous release wrote them, '' for what is absent.
    for sql in [
        "INSERT INTO crime_rollup SELECT force, month, COALESCE(lad_code, ''), \
         COALESCE(lsoa_code, ''), COALESCE(lsoa_name, ''), area, crime_type, \
         COALESCE(last_outcome, ''), COUNT(*) FROM crime_street GROUP BY force, month, \
         lad_code, lsoa_code, lsoa_name, area, crime_type, last_outcome",
        "INSERT INTO outcome_rollup SELECT force, month, COALESCE(lad_code, ''), area, \
         outcome_type, COUNT(*) FROM crime_outcomes GROUP BY force, month, lad_code, area, \
         outcome_type",
    ] {
        sqlx::query(sql).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// Both rollups, every key and count, sorted.
async fn rollups(db: &Db) -> Vec<String> {
    let mut out = vec![];
    for sql in [
        "SELECT force, month, lad_code, lsoa_code, lsoa_name, area, crime_type, last_outcome, \
         CAST(n AS BIGINT) FROM crime_rollup",
        "SELECT force, month, lad_code, area, outcome_type, '', '', '', CAST(n AS BIGINT) \
         FROM outcome_rollup",
    ] {
        for r in sqlx::query(sql).fetch_all(&db.pool).await.unwrap() {
            let texts: Vec<String> = (0..8).map(|i| r.get(i)).collect();
            out.push(format!("{sql:.20} {texts:?} {}", r.get::<i64, _>(8)));
        }
    }
    out.sort();
    out
}

/// A row's text columns, and its coordinates in millionths of a degree: files since 2014
/// publish six decimal places, and that is what the compact rows keep of older files' nine
/// (11 cm, far finer than the published points' snapping).
type Read = (Vec<Option<String>>, i64, i64);

fn micro(r: &sqlx::any::AnyRow, i: usize) -> i64 {
    (r.get::<f64, _>(i) * 1_000_000.0).round() as i64
}

/// Every row of a view, as read by its columns' names, sorted.
async fn read_rows(db: &Db, table: &str, texts: &[&str]) -> Vec<Read> {
    let sql = format!("SELECT lon, lat, {} FROM {table}", texts.join(", "));
    let mut rows: Vec<Read> = sqlx::query(&sql)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let cols = (2..2 + texts.len()).map(|i| r.get(i)).collect();
            (cols, micro(r, 0), micro(r, 1))
        })
        .collect();
    rows.sort();
    rows
}

async fn street_rows(db: &Db) -> Vec<Read> {
    let cols = [
        "force",
        "month",
        "crime_id",
        "location",
        "lsoa_code",
        "lsoa_name",
        "lad_code",
        "area",
        "crime_type",
        "last_outcome",
        "context",
    ];
    read_rows(db, "crime_street", &cols).await
}

async fn outcome_rows(db: &Db) -> Vec<Read> {
    let cols = [
        "force",
        "month",
        "crime_id",
        "location",
        "lsoa_code",
        "lsoa_name",
        "lad_code",
        "area",
        "outcome_type",
    ];
    read_rows(db, "crime_outcomes", &cols).await
}

each_backend!(a_database_of_the_previous_schema_is_upgraded_with_its_data);
