//! The rest of the quirks of the real data.police.uk files (../shared/data/README.md):
//! other forces, outcomes, stop and search, coverage gaps, archives and folders.

use crate::crime::data;
use crate::support::{Backend, TestApp};
use opcc_domain::crime::{Category, Month};
use opcc_store::audit::Actor;
use opcc_store::crime::{BadRows, KeepRows, prepare, series, write};
use std::collections::{HashMap, HashSet};

fn m(s: &str) -> Month {
    Month::parse(s).unwrap()
}

fn read(rel: &str) -> Vec<u8> {
    std::fs::read(data(rel)).unwrap()
}

fn records(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut r = csv::Reader::from_reader(bytes);
    (
        r.headers().unwrap().clone(),
        r.records().map(|r| r.unwrap()).collect(),
    )
}

/// Loads a file keeping its rows whatever the force (the quirks are in the rows).
async fn load(app: &TestApp, name: &str, bytes: &[u8]) -> opcc_store::crime::ImportReport {
    let p = prepare(name, bytes, BadRows::Reject)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .keep_rows(KeepRows::All);
    write(&app.db, &Actor::system("test"), p)
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

const FORCES: [&str; 6] = [
    "city-of-london",
    "cumbria",
    "dorset",
    "gwent",
    "north-wales",
    "warwickshire",
];

async fn other_forces(backend: Backend) {
    let app = TestApp::start(backend).await;
    // Codes in only one of the two LSOA lookups, read straight from the raw files.
    let (_, l21) = records(&read("lookups/lsoa21_to_lad_drkane_derived.csv"));
    let (_, l11) = records(&read("lookups/PoliceforceLSOA.csv"));
    let l21: HashSet<String> = l21.iter().map(|r| r[0].to_string()).collect();
    let l11: HashSet<String> = l11.iter().map(|r| r[7].to_string()).collect();
    let (mut only11, mut only21) = (0, 0);
    for f in FORCES {
        let name = format!("2019-01-{f}-street.csv");
        let bytes = read(&format!("police_uk/2019-01/{name}"));
        let (_, recs) = records(&bytes);
        assert_eq!(load(&app, &name, &bytes).await.rows as usize, recs.len());
        let no_loc = recs
            .iter()
            .filter(|r| &r[6] == "No Location" && r[7].is_empty())
            .count() as i64;
        let by = series::by_lad(&app.db, f, m("2019-01"), m("2019-01"), &Category::All)
            .await
            .unwrap();
        let got: i64 = by
            .iter()
            .filter(|r| r.label == "No location")
            .map(|r| r.count.unwrap())
            .sum();
        assert_eq!(
            got, no_loc,
            "{f}: rows without a location are counted as such"
        );
        for r in &recs {
            only11 += i64::from(l11.contains(&r[7]) && !l21.contains(&r[7]));
            only21 += i64::from(l21.contains(&r[7]) && !l11.contains(&r[7]));
        }
    }
    assert!(only11 > 0 && only21 > 0, "the files use both vintages");
    // Every code in either lookup is placed in a local authority.
    let unplaced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM crime_street WHERE lsoa_code IS NOT NULL AND lad_code IS NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let unknown: Vec<String> = sqlx::query_scalar(
        "SELECT lsoa_code FROM crime_street WHERE lad_code IS NULL AND lsoa_code IS NOT NULL",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert!(
        unknown.iter().all(|c| !l11.contains(c) && !l21.contains(c)),
        "a known code was left unplaced"
    );
    assert_eq!(unplaced, unknown.len() as i64);
    // Gwent's crimes are mostly in its own (Welsh, 2021-coded) area.
    let gwent = series::by_lad(&app.db, "gwent", m("2019-01"), m("2019-01"), &Category::All)
        .await
        .unwrap();
    let inside: i64 = gwent
        .iter()
        .filter(|r| r.area.map(|a| a.as_str()) == Some("in"))
        .map(|r| r.count.unwrap())
        .sum();
    assert!(inside > 4700, "gwent in-area: {inside}");
    // Rates per 1,000 for every force loaded, with ONS mid-2023 populations.
    let rates =
        opcc_store::crime::force_rates(&app.db, m("2019-01"), m("2019-01"), &Category::AllCrime)
            .await
            .unwrap();
    assert_eq!(rates.len(), 6);
    let col = rates.iter().find(|r| r.force == "city-of-london").unwrap();
    assert_eq!(
        (col.pfa_code.as_deref(), col.population),
        (Some("E23000034"), Some(13_500))
    );
    assert!(col.rate_per_1000.unwrap() > 30.0);
    app.finish().await;
}

async fn other_forces_no_location_and_both_lsoa_vintages(backend: Backend) {
    other_forces(backend).await;
}

const AS_OUTCOMES: &str = "police_uk/2013-06/2013-06-avon-and-somerset-outcomes.csv";

async fn outcomes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let bytes = read(AS_OUTCOMES);
    let (header, recs) = records(&bytes);
    assert_eq!(
        load(&app, "2013-06-avon-and-somerset-outcomes.csv", &bytes)
            .await
            .rows as usize,
        recs.len()
    );
    // No Avon and Somerset street file: outcomes are stored and counted, joined to nothing.
    let mix = series::outcome_mix(&app.db, "avon-and-somerset", m("2013-06"), m("2013-06"))
        .await
        .unwrap();
    assert_eq!((mix.total, mix.matched_to_crimes), (recs.len() as i64, 0));
    let charged = recs.iter().filter(|r| &r[9] == "Suspect charged").count() as i64;
    assert_eq!(
        mix.rows
            .iter()
            .find(|r| r.outcome_type == "Suspect charged")
            .unwrap()
            .count,
        charged
    );
    assert!(mix.charged_or_summonsed_share.unwrap() > 0.2);
    // A street file made from real rows: the crimes of the first 40 outcomes, one of which has
    // several outcomes; the join then finds every outcome of those crimes.
    let mut per_crime: HashMap<&str, i64> = HashMap::new();
    for r in &recs {
        *per_crime.entry(&r[0]).or_default() += 1;
    }
    let multi = recs.iter().find(|r| per_crime[&r[0]] > 1).unwrap();
    let mut chosen: Vec<&csv::StringRecord> = recs.iter().take(40).collect();
    chosen.push(multi);
    let mut seen = HashSet::new();
    let mut street = String::from(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n",
    );
    for r in chosen.iter().filter(|r| seen.insert(r[0].to_string())) {
        let loc = if r[6] == *"No location" {
            "No Location"
        } else {
            &r[6]
        };
        street += &format!(
            "{},2013-06,{},{},{},{},\"{loc}\",{},\"{}\",Burglary,\"{}\",\n",
            &r[0], &r[2], &r[3], &r[4], &r[5], &r[7], &r[8], &r[9]
        );
    }
    let expected: i64 = seen.iter().map(|id| per_crime[id.as_str()]).sum();
    load(
        &app,
        "2013-06-avon-and-somerset-street.csv",
        street.as_bytes(),
    )
    .await;
    let mix = series::outcome_mix(&app.db, "avon-and-somerset", m("2013-06"), m("2013-06"))
        .await
        .unwrap();
    assert_eq!(mix.matched_to_crimes, expected);
    assert!(
        expected > seen.len() as i64,
        "one crime has several outcomes"
    );
    // An outcome category opcc has never seen is kept, not dropped.
    let mut out = csv::Writer::from_writer(vec![]);
    out.write_record(&header).unwrap();
    for (i, r) in recs.iter().take(10).enumerate() {
        let mut f: Vec<&str> = r.iter().collect();
        if i < 3 {
            f[9] = "Further action is not in the public interest";
        } else if i < 5 {
            f[9] = "A category from the future";
        }
        out.write_record(&f).unwrap();
    }
    let fixture = out.into_inner().unwrap();
    load(
        &app,
        "2013-07-avon-and-somerset-outcomes.csv",
        &String::from_utf8(fixture)
            .unwrap()
            .replace(",2013-06,", ",2013-07,")
            .into_bytes(),
    )
    .await;
    let mix = series::outcome_mix(&app.db, "avon-and-somerset", m("2013-07"), m("2013-07"))
        .await
        .unwrap();
    assert_eq!(mix.total, 10);
    let future = mix
        .rows
        .iter()
        .find(|r| r.outcome_type == "A category from the future")
        .unwrap();
    assert_eq!(
        (future.count, format!("{:?}", future.group)),
        (2, "Other".to_string())
    );
    assert_eq!(
        mix.rows
            .iter()
            .find(|r| r.outcome_type.starts_with("Further action"))
            .unwrap()
            .count,
        3
    );
    app.finish().await;
}

async fn outcomes_are_kept_and_joined_by_crime_id(backend: Backend) {
    outcomes(backend).await;
}

async fn stop_and_search(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut total, mut finds, mut prev_day, mut white) = (0, 0, 0, 0);
    for month in ["2025-06", "2025-07"] {
        let name = format!("{month}-cheshire-stop-and-search.csv");
        let bytes = read(&format!("police_uk/{month}/{name}"));
        assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF file");
        let (_, recs) = records(&bytes);
        assert_eq!(
            load(&app, &name, &bytes).await.rows as usize,
            recs.len(),
            "every row, the previous day's too"
        );
        total += recs.len() as i64;
        finds += recs.iter().filter(|r| &r[13] == "True").count() as i64;
        prev_day += recs.iter().filter(|r| !r[1].starts_with(month)).count();
        white += recs.iter().filter(|r| r[8].starts_with("White")).count() as i64;
    }
    assert!(prev_day > 0, "a file starts on the previous day");
    let s = series::searches(&app.db, "cheshire", m("2025-05"), m("2025-07"))
        .await
        .unwrap();
    assert_eq!((s.total.searches, s.total.finds), (total, finds));
    assert_eq!(s.by_month[0].count, None, "2025-05 is not loaded");
    assert_eq!(
        s.by_ethnicity
            .iter()
            .find(|e| e.key == "White")
            .unwrap()
            .searches,
        white
    );
    assert!(s.by_object.iter().any(|o| o.key == "Controlled drugs"));
    app.finish().await;
}

async fn stop_and_search_dates_and_aggregates(backend: Backend) {
    stop_and_search(backend).await;
}

async fn gap(backend: Backend) {
    let app = TestApp::start(backend).await;
    for month in ["2018-10", "2018-12"] {
        let name = format!("{month}-cheshire-street.csv");
        load(&app, &name, &read(&format!("police_uk/{month}/{name}"))).await;
    }
    let res = app.browser().get("/api/v1/crime/coverage").await;
    let c: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(c["spans"][0]["missing"], serde_json::json!(["2018-11"]));
    assert_eq!(c["entries"].as_array().unwrap().len(), 2);
    let total = series::total_crime(&app.db, "cheshire", m("2018-10"), m("2018-12"))
        .await
        .unwrap();
    assert!(total[0].count.unwrap() > 0 && total[1].count.is_none() && total[2].count.unwrap() > 0);
    let res = app
        .browser()
        .get("/crime/summary.csv?force=cheshire&from=2018-10&to=2018-12")
        .await;
    assert!(res.header("content-type").starts_with("text/csv"));
    assert!(
        res.body
            .contains("cheshire,all-crime,2018-11,2018-11,,,1119500,\r\n"),
        "{}",
        res.body
    );
    let res = app.browser().get("/crime/coverage.csv").await;
    assert_eq!(res.body.lines().count(), 3);
    let res = app
        .browser()
        .get("/api/v1/crime/summary?force=cheshire&by=ward")
        .await;
    assert_eq!(res.status, 400);
    app.finish().await;
}

async fn a_month_not_loaded_is_a_gap_not_zero(backend: Backend) {
    gap(backend).await;
}

each_backend!(
    other_forces_no_location_and_both_lsoa_vintages,
    outcomes_are_kept_and_joined_by_crime_id,
    stop_and_search_dates_and_aggregates,
    a_month_not_loaded_is_a_gap_not_zero
);
