//! data.police.uk imports against the real files in ../shared/data, on both backends. Expected
//! counts are computed here by a plain CSV pass over the same files and the raw ONS lookups,
//! not by opcc's code. Each quirk in ../shared/data/README.md has a test below.

use crate::support::{Backend, TestApp};
use opcc_domain::crime::{Category, Month};
use opcc_store::audit::Actor;
use opcc_store::crime::{BadRows, ImportError, import_file, series};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// A file of the shared real data: under OPCC_SHARED_DATA (scripts/test.sh sets it for any
/// clone), else `../shared/data` beside the repository.
pub fn data(rel: &str) -> PathBuf {
    std::env::var_os("OPCC_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
        .join(rel)
}

pub(crate) fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

/// The rows of a CSV as header -> value maps.
pub(crate) fn rows(bytes: &[u8]) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(bytes);
    let h: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            h.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// LSOA -> LAD straight from the raw lookups: the 2021 one first, then the 2011 one.
pub(crate) fn raw_lsoa_lad() -> (HashMap<String, String>, HashMap<String, String>) {
    let l21 = rows(&read("lookups/lsoa21_to_lad_drkane_derived.csv"))
        .into_iter()
        .map(|r| (r["LSOA21CD"].clone(), r["LADCD_ACTIVE"].clone()))
        .collect();
    let l11 = rows(&read("lookups/PoliceforceLSOA.csv"))
        .into_iter()
        .map(|r| (r["LSOA Code"].clone(), r["Local authority code"].clone()))
        .collect();
    (l21, l11)
}

pub(crate) const CHESHIRE_LADS: [&str; 4] = ["E06000006", "E06000007", "E06000049", "E06000050"];
pub(crate) const CHESHIRE: [&str; 3] = [
    "police_uk/2018-10/2018-10-cheshire-street.csv",
    "police_uk/2018-11/2018-11-cheshire-street.csv",
    "police_uk/2018-12/2018-12-cheshire-street.csv",
];

pub(crate) async fn import(app: &TestApp, rel: &str) -> opcc_store::crime::ImportReport {
    let name = rel.rsplit('/').next().unwrap();
    import_file(
        &app.db,
        &Actor::system("test"),
        name,
        &read(rel),
        BadRows::Reject,
    )
    .await
    .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn get_json(app: &TestApp, path: &str) -> serde_json::Value {
    let res = app.browser().get(path).await;
    assert_eq!(res.status, 200, "{path}: {}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

async fn cheshire_counts_match(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (l21, l11) = raw_lsoa_lad();
    let mut by_type: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_lad: BTreeMap<String, i64> = BTreeMap::new();
    let (mut outside, mut no_location, mut unknown, mut asb_blank_id) = (0, 0, 0, 0);
    for f in CHESHIRE {
        let r = import(&app, f).await;
        let csv_rows = rows(&read(f));
        assert_eq!(r.rows as usize, csv_rows.len(), "{f}");
        for row in &csv_rows {
            *by_type.entry(row["Crime type"].clone()).or_default() += 1;
            if row["Crime type"] == "Anti-social behaviour" && row["Crime ID"].is_empty() {
                asb_blank_id += 1;
            }
            let code = &row["LSOA code"];
            match l21.get(code).or(l11.get(code)) {
                _ if code.is_empty() => no_location += 1,
                None => unknown += 1,
                Some(lad) if CHESHIRE_LADS.contains(&lad.as_str()) => {
                    if row["Crime type"] != "Anti-social behaviour" {
                        *by_lad.entry(lad.clone()).or_default() += 1;
                    }
                }
                Some(_) => outside += 1,
            }
        }
    }
    // By category, anti-social behaviour included.
    let s = get_json(
        &app,
        "/api/v1/crime/summary?force=cheshire&from=2018-10&to=2018-12&by=crime_type&category=all",
    )
    .await;
    let got: BTreeMap<String, i64> = s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["key"].as_str().unwrap().to_string(),
                r["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, by_type, "{backend:?}: counts by category");
    // ASB: blank Crime IDs, identical rows kept as separate incidents.
    let asb = series::asb(&app.db, "cheshire", m("2018-10"), m("2018-12"))
        .await
        .unwrap();
    assert_eq!(
        asb.iter().map(|c| c.count.unwrap()).sum::<i64>(),
        by_type["Anti-social behaviour"]
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM crime_street WHERE crime_id IS NULL"
        )
        .await,
        asb_blank_id
    );
    // By local authority, with rates per 1,000 from ONS populations (C4).
    let s = get_json(
        &app,
        "/api/v1/crime/summary?force=cheshire&from=2018-10&to=2018-12&by=lad",
    )
    .await;
    let lads = s["rows"].as_array().unwrap();
    for (code, n) in &by_lad {
        let row = lads
            .iter()
            .find(|r| r["key"] == code.as_str())
            .unwrap_or_else(|| panic!("{code}"));
        assert_eq!(
            (
                row["count"].as_i64().unwrap(),
                row["area"].as_str().unwrap()
            ),
            (*n, "in"),
            "{code}"
        );
        let pop = row["population"].as_f64().unwrap();
        assert!((row["rate_per_1000"].as_f64().unwrap() - *n as f64 * 1000.0 / pop).abs() < 1e-9);
    }
    assert_eq!(by_lad.len(), 4, "all four Cheshire local authorities");
    // Crimes outside the force's area, without location, or unplaceable: counted, not lost.
    let all = series::by_lad(
        &app.db,
        "cheshire",
        m("2018-10"),
        m("2018-12"),
        &Category::All,
    )
    .await
    .unwrap();
    let sum_area = |a: &str| -> i64 {
        all.iter()
            .filter(|r| r.area.map(|x| x.as_str()) == Some(a))
            .map(|r| r.count.unwrap())
            .sum()
    };
    assert_eq!(sum_area("outside"), outside, "outside the force area");
    assert_eq!(sum_area("no_location"), no_location);
    assert_eq!(sum_area("unknown"), unknown);
    let total: i64 = all.iter().map(|r| r.count.unwrap()).sum();
    assert_eq!(
        total,
        by_type.values().sum::<i64>(),
        "every row is counted somewhere"
    );
    // The same Crime ID twice in a month with different locations: both rows kept.
    let oct = rows(&read(CHESHIRE[0]));
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for r in &oct {
        if !r["Crime ID"].is_empty() {
            *ids.entry(r["Crime ID"].as_str()).or_default() += 1;
        }
    }
    let (dup, n) = ids
        .iter()
        .find(|(_, n)| **n > 1)
        .expect("the file repeats a Crime ID");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM crime_street WHERE crime_id = $1")
        .bind(*dup)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(stored, *n as i64);
    // What the map pages draw: per-LSOA counts and points add up to the month's located rows.
    let located = oct.iter().filter(|r| !r["LSOA code"].is_empty()).count() as i64;
    let lsoas = opcc_store::crime::lsoa_counts(&app.db, "cheshire", m("2018-10"), &Category::All)
        .await
        .unwrap();
    assert_eq!(lsoas.iter().map(|l| l.count).sum::<i64>(), located);
    let with_coords = oct.iter().filter(|r| !r["Longitude"].is_empty()).count() as i64;
    let points = opcc_store::crime::points(&app.db, "cheshire", m("2018-10"), &Category::All)
        .await
        .unwrap();
    assert_eq!(points.iter().map(|p| p.count).sum::<i64>(), with_coords);
    // Coverage: months outside the loaded ones are gaps, shown as null, never 0.
    let s = get_json(
        &app,
        "/api/v1/crime/summary?force=cheshire&from=2018-09&to=2019-01",
    )
    .await;
    let counts: Vec<_> = s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].clone())
        .collect();
    assert!(counts[0].is_null() && counts[4].is_null() && counts[1].as_i64().unwrap() > 0);
    assert_eq!(
        s["months_missing"],
        serde_json::json!(["2018-09", "2019-01"])
    );
    app.finish().await;
}

async fn cheshire_street_counts_match_a_plain_csv_pass(backend: Backend) {
    cheshire_counts_match(backend).await;
}

async fn twice_changes_nothing(backend: Backend) {
    let app = TestApp::start(backend).await;
    let snapshot = |app: &'_ TestApp| {
        let pool = app.db.pool.clone();
        async move {
            let mut v = Vec::new();
            for t in ["crime_street", "crime_rollup", "crime_coverage"] {
                v.push(
                    sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {t}"))
                        .fetch_one(&pool)
                        .await
                        .unwrap(),
                );
            }
            for t in ["crime_rollup", "crime_totals"] {
                v.push(
                    sqlx::query_scalar(&format!("SELECT CAST(SUM(n) AS BIGINT) FROM {t}"))
                        .fetch_one(&pool)
                        .await
                        .unwrap(),
                );
            }
            v
        }
    };
    let first = import(&app, CHESHIRE[0]).await;
    assert!(!first.unchanged);
    let before = snapshot(&app).await;
    let again = import(&app, CHESHIRE[0]).await;
    assert!(again.unchanged && again.rows == first.rows);
    assert_eq!(snapshot(&app).await, before);
    assert_eq!(before[3], before[0], "the rollup adds up to the rows");
    assert_eq!(before[4], before[0], "so do the totals per crime type");
    let audits: Vec<(String, String)> = sqlx::query_as(
        "SELECT entity_id, after_json FROM audit_log WHERE action = 'crime.import' AND entity_type = 'police_uk'",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(audits.len(), 1, "one entry per unit replaced");
    assert_eq!(audits[0].0, "cheshire/2018-10/street");
    let after: serde_json::Value = serde_json::from_str(&audits[0].1).unwrap();
    assert_eq!(after["rows"], 9439);
    assert_eq!(after["skipped"], 0);
    assert_eq!(after["sha256"].as_str().unwrap().len(), 64);
    // The same rows with CRLF line endings: a different file, the same rows and rollup.
    let crlf = String::from_utf8(read(CHESHIRE[0]))
        .unwrap()
        .replace('\n', "\r\n");
    let r = import_file(
        &app.db,
        &Actor::system("test"),
        "2018-10-cheshire-street.csv",
        crlf.as_bytes(),
        BadRows::Reject,
    )
    .await
    .unwrap();
    assert!(!r.unchanged && r.rows == 9439);
    assert_eq!(snapshot(&app).await, before);
    app.finish().await;
}

async fn importing_the_same_file_twice_changes_nothing(backend: Backend) {
    twice_changes_nothing(backend).await;
}

async fn bad_rows(backend: Backend) {
    let app = TestApp::start(backend).await;
    let text = String::from_utf8(read(CHESHIRE[0])).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[16] = lines[16].replacen(",2018-10,", ",2018-13,", 1);
    let bad = lines.join("\n") + "\n";
    let name = "2018-10-cheshire-street.csv";
    let actor = Actor::system("test");
    let audit_before = scalar(&app, "SELECT COUNT(*) FROM audit_log").await;
    match import_file(&app.db, &actor, name, bad.as_bytes(), BadRows::Reject).await {
        Err(ImportError::Row(e)) => assert_eq!(
            e.to_string(),
            "2018-10-cheshire-street.csv line 17, column \"Month\": \"2018-13\" is not a month YYYY-MM"
        ),
        other => panic!("expected a row error, got {other:?}"),
    }
    for t in ["crime_street", "crime_rollup", "crime_coverage"] {
        assert_eq!(
            scalar(&app, &format!("SELECT COUNT(*) FROM {t}")).await,
            0,
            "{t}"
        );
    }
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );
    let r = import_file(&app.db, &actor, name, bad.as_bytes(), BadRows::Skip)
        .await
        .unwrap();
    assert_eq!((r.rows, r.skipped, r.errors.len()), (9438, 1, 1));
    assert_eq!(r.errors[0].line, 17);
    assert_eq!(
        scalar(&app, "SELECT rows_skipped FROM crime_coverage").await,
        1
    );
    // A header without the kind's columns, and a name that is not data.police.uk's.
    let e = import_file(
        &app.db,
        &actor,
        "2018-11-cheshire-outcomes.csv",
        &read(CHESHIRE[1]),
        BadRows::Skip,
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string().contains("line 1, column \"Outcome type\""),
        "{e}"
    );
    let e = import_file(&app.db, &actor, "cheshire.csv", b"a\n", BadRows::Skip)
        .await
        .unwrap_err();
    assert!(matches!(e, ImportError::Name(_)));
    app.finish().await;
}

async fn a_bad_row_rejects_the_file_unless_skipped(backend: Backend) {
    bad_rows(backend).await;
}

/// The command line: a published-style .zip archive and a folder, on SQLite.
#[test]
fn the_cli_imports_archives_and_folders_and_reports_unknown_names() {
    use std::io::Write;
    let dir = std::env::temp_dir().join(format!("opcc-crime-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zip_path = dir.join("archive.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("2018-10/2018-10-cheshire-street.csv", opts)
        .unwrap();
    z.write_all(&read(CHESHIRE[0])).unwrap();
    z.start_file("2018-10/notes.csv", opts).unwrap();
    z.write_all(b"x\n").unwrap();
    z.finish().unwrap();
    let url = format!("sqlite://{}/opcc.db", dir.display());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_opcc"))
            .env("OPCC_LOG", "warn")
            .args(["--database-url", &url, "import", "police-uk"])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&[zip_path.to_str().unwrap()]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        stdout.contains("1 files imported (9439 rows"),
        "{stdout}{stderr}"
    );
    assert!(stderr.contains("notes.csv: not imported"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "an unknown name is not silently ignored"
    );
    let folder = data("police_uk/2018-10");
    let out = run(&[folder.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success()
            && stdout.contains("0 files imported")
            && stdout.contains("1 unchanged"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

each_backend!(
    cheshire_street_counts_match_a_plain_csv_pass,
    importing_the_same_file_twice_changes_nothing,
    a_bad_row_rejects_the_file_unless_skipped
);
