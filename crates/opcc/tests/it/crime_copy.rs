//! PostgreSQL's bulk import path (`COPY ... FROM STDIN BINARY` on a concrete connection,
//! decision 0001) stores exactly what SQLite's multi-row INSERTs store for the same real files:
//! every row's every value, every rollup, the coverage register, and an audit chain that
//! verifies.

use crate::crime::read;
use crate::support::{Backend, TestApp, backends};
use opcc_store::audit::{self, Actor, Verification};
use opcc_store::crime::{BadRows, KeepRows, prepare, write};
use sqlx::Row;
use sqlx::any::AnyRow;

/// Street, outcome and stop-and-search files: Cheshire (the demo office's force) and Cumbria,
/// Avon and Somerset's 2013 outcomes (nine decimal places), and a stop-and-search month.
const FILES: &[&str] = &[
    "police_uk/2018-12/2018-12-cheshire-street.csv",
    "police_uk/2019-01/2019-01-cumbria-street.csv",
    "police_uk/2019-01/2019-01-city-of-london-street.csv",
    "police_uk/2013-06/2013-06-avon-and-somerset-outcomes.csv",
    "police_uk/2025-06/2025-06-cheshire-stop-and-search.csv",
];

/// Every table the import writes, read as text so the backends' types compare: rows with
/// their terms looked up (term numbers may differ), coordinates and places in the file as
/// stored, Crime IDs (bytes or text) as the views spell them.
const TABLES: &[&str] = &[
    "SELECT u.force, u.month, r.rid % 16777216, r.crime_id, r.lon_e6, r.lat_e6, loc.term, lc.term, ln.term, \
     lad.term, a.term, t.term, o.term, r.context FROM crime_street_rows r \
     JOIN crime_units u ON u.id = r.rid / 16777216 JOIN crime_terms loc ON loc.id = r.location \
     JOIN crime_terms a ON a.id = r.area JOIN crime_terms t ON t.id = r.crime_type \
     LEFT JOIN crime_terms lc ON lc.id = r.lsoa_code LEFT JOIN crime_terms ln ON ln.id = r.lsoa_name \
     LEFT JOIN crime_terms lad ON lad.id = r.lad_code LEFT JOIN crime_terms o ON o.id = r.last_outcome",
    "SELECT u.force, u.month, r.rid % 16777216, r.crime_id, r.lon_e6, r.lat_e6, loc.term, lc.term, ln.term, \
     lad.term, a.term, t.term FROM crime_outcome_rows r \
     JOIN crime_units u ON u.id = r.rid / 16777216 JOIN crime_terms loc ON loc.id = r.location \
     JOIN crime_terms a ON a.id = r.area JOIN crime_terms t ON t.id = r.outcome_type \
     LEFT JOIN crime_terms lc ON lc.id = r.lsoa_code LEFT JOIN crime_terms ln ON ln.id = r.lsoa_name \
     LEFT JOIN crime_terms lad ON lad.id = r.lad_code",
    "SELECT force, month, lad_code, lsoa_code, lsoa_name, area, crime_type, last_outcome, n FROM crime_rollup",
    "SELECT force, month, lad_code, area, outcome_type, n FROM outcome_rollup",
    "SELECT force, month, crime_id FROM crime_street",
    "SELECT force, month, crime_id FROM crime_outcomes",
    "SELECT u.force, u.month, t.term, CAST(r.n AS BIGINT) FROM crime_totals r \
     JOIN crime_units u ON u.id = r.unit JOIN crime_terms t ON t.id = r.crime_type",
    "SELECT force, month, date, search_type, part_of_operation, lon, lat, gender, age_range, \
     self_ethnicity, officer_ethnicity, legislation, object, outcome, outcome_linked, removal FROM stop_search",
    "SELECT force, month, search_type, object, self_ethnicity, outcome, n, n_linked FROM search_rollup",
    "SELECT force, month, kind, rows_loaded, rows_skipped, file_name, sha256 FROM crime_coverage",
];

fn text(r: &AnyRow, i: usize) -> String {
    if let Ok(v) = r.try_get::<Option<String>, _>(i) {
        return format!("{v:?}");
    }
    if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
        return format!("{v:?}");
    }
    let v: Option<f64> = r.try_get(i).unwrap_or_else(|e| panic!("column {i}: {e}"));
    format!("{v:?}")
}

async fn dump(app: &TestApp) -> Vec<Vec<Vec<String>>> {
    let mut out = vec![];
    for sql in TABLES {
        let rows = sqlx::query(sql).fetch_all(&app.db.pool).await.unwrap();
        let mut rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| (0..r.len()).map(|i| text(r, i)).collect())
            .collect();
        rows.sort();
        out.push(rows);
    }
    out
}

async fn load_all(backend: Backend) -> (TestApp, Vec<Vec<Vec<String>>>) {
    let app = TestApp::start(backend).await;
    let actor = Actor::system("test");
    for f in FILES {
        let name = f.rsplit('/').next().unwrap();
        let p = prepare(name, &read(f), BadRows::Skip)
            .unwrap()
            .keep_rows(KeepRows::All);
        let r = write(&app.db, &actor, p).await.unwrap();
        assert!(r.rows > 0, "{f}");
    }
    // A month replaced by another file of it (CRLF makes it another file): its rows are
    // deleted and copied again, not added twice.
    let cumbria = String::from_utf8(read(FILES[1])).unwrap();
    let p = prepare(
        "2019-01-cumbria-street.csv",
        cumbria.replace('\n', "\r\n").as_bytes(),
        BadRows::Skip,
    )
    .unwrap()
    .keep_rows(KeepRows::All);
    let again = write(&app.db, &actor, p).await.unwrap();
    assert!(!again.unchanged);
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM crime_street_rows r JOIN crime_units u ON u.id = r.rid / 16777216 \
         WHERE u.force = 'cumbria'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        held as u64, again.rows,
        "{backend:?}: a month replaced is held once"
    );
    match audit::verify(&app.db).await.unwrap() {
        Verification::Intact { .. } => {}
        Verification::Broken(b) => panic!("{backend:?}: the audit chain broke: {b:?}"),
    }
    let tables = dump(&app).await;
    (app, tables)
}

#[tokio::test]
async fn postgresql_copy_stores_what_sqlite_stores() {
    if !backends().contains(&Backend::Postgres) {
        return;
    }
    let (lite, on_sqlite) = load_all(Backend::Sqlite).await;
    let (pg, on_postgres) = load_all(Backend::Postgres).await;
    for (i, (a, b)) in on_sqlite.iter().zip(&on_postgres).enumerate() {
        assert!(!a.is_empty(), "{} read no rows", TABLES[i]);
        assert_eq!(a.len(), b.len(), "{}: row counts differ", TABLES[i]);
        for (x, y) in a.iter().zip(b) {
            assert_eq!(x, y, "{}", TABLES[i]);
        }
    }
    lite.finish().await;
    pg.finish().await;
}
