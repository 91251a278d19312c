//! Which police.uk rows are kept (issue 11): the home force's rows for its maps, only the
//! counts of other forces unless `KeepRows::All`. The counts are the same either way, and when
//! rows are kept the rollup written from the file equals the rows grouped by the database.

use crate::crime::read;
use crate::support::{Backend, TestApp};
use opcc_store::audit::Actor;
use opcc_store::crime::{BadRows, KeepRows, prepare, write};

const CUMBRIA: &str = "police_uk/2019-01/2019-01-cumbria-street.csv";
const CHESHIRE: &str = "police_uk/2018-12/2018-12-cheshire-street.csv";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

type RollupRow = (String, String, String, String, String, String, i64);

async fn rollup(app: &TestApp, sql: &str) -> Vec<RollupRow> {
    let mut rows: Vec<RollupRow> = sqlx::query_as(sql).fetch_all(&app.db.pool).await.unwrap();
    rows.sort();
    rows
}

const ROLLUP: &str = "SELECT lad_code, lsoa_code, lsoa_name, area, crime_type, last_outcome, \
     CAST(n AS BIGINT) FROM crime_rollup WHERE force = 'cumbria'";
const GROUPED: &str = "SELECT COALESCE(lad_code, ''), COALESCE(lsoa_code, ''), \
     COALESCE(lsoa_name, ''), area, crime_type, COALESCE(last_outcome, ''), \
     CAST(COUNT(*) AS BIGINT) FROM crime_street WHERE force = 'cumbria' \
     GROUP BY lad_code, lsoa_code, lsoa_name, area, crime_type, last_outcome";

async fn load(app: &TestApp, name: &str, bytes: &[u8], keep: KeepRows) -> u64 {
    let p = prepare(name, bytes, BadRows::Reject)
        .unwrap()
        .keep_rows(keep);
    let r = write(&app.db, &Actor::system("test"), p).await.unwrap();
    assert!(!r.unchanged);
    r.rows
}

async fn other_forces_keep_their_counts_and_not_their_rows(backend: Backend) {
    // The demo's office serves Cheshire.
    let app = TestApp::start(backend).await;
    let cumbria = read(CUMBRIA);
    let cheshire = read(CHESHIRE);
    let n = load(
        &app,
        "2019-01-cumbria-street.csv",
        &cumbria,
        KeepRows::HomeForce,
    )
    .await;
    let home = load(
        &app,
        "2018-12-cheshire-street.csv",
        &cheshire,
        KeepRows::HomeForce,
    )
    .await;
    let count = |f: &str| format!("SELECT COUNT(*) FROM crime_street WHERE force = '{f}'");
    let summed = "SELECT CAST(SUM(n) AS BIGINT) FROM crime_rollup WHERE force = 'cumbria'";
    assert_eq!(scalar(&app, &count("cumbria")).await, 0);
    assert_eq!(scalar(&app, &count("cheshire")).await, home as i64);
    assert_eq!(scalar(&app, summed).await, n as i64);
    let counts_only = rollup(&app, ROLLUP).await;

    // The same rows again (CRLF makes it another file), keeping every row this time.
    let crlf = String::from_utf8(cumbria).unwrap().replace('\n', "\r\n");
    load(
        &app,
        "2019-01-cumbria-street.csv",
        crlf.as_bytes(),
        KeepRows::All,
    )
    .await;
    assert_eq!(scalar(&app, &count("cumbria")).await, n as i64);
    assert_eq!(
        rollup(&app, ROLLUP).await,
        counts_only,
        "the counts do not depend on rows"
    );
    assert_eq!(
        rollup(&app, GROUPED).await,
        counts_only,
        "the rows add up to the counts"
    );

    // And back: replacing the month without rows removes the rows it kept.
    load(
        &app,
        "2019-01-cumbria-street.csv",
        &read(CUMBRIA),
        KeepRows::HomeForce,
    )
    .await;
    assert_eq!(scalar(&app, &count("cumbria")).await, 0);
    assert_eq!(rollup(&app, ROLLUP).await, counts_only);
    app.finish().await;
}

each_backend!(other_forces_keep_their_counts_and_not_their_rows);
