//! Map boundaries from a GeoJSON file the office provides: Cheshire's real 2011 LSOA
//! boundaries (../shared/data/geo, martinjc/UK-GeoJSON), imported into an office set up with
//! `opcc init`, draw the crime map with one shape per LSOA; a bad file changes nothing.

use crate::cli::opcc;
use crate::crime::{data, read};
use crate::support::{Backend, TestApp, TestDb};
use opcc_store::Db;

const LADS: [&str; 4] = ["E06000006", "E06000007", "E06000049", "E06000050"];

async fn run(args: Vec<String>) -> (bool, String) {
    let out = tokio::task::spawn_blocking(move || opcc().args(&args).output().unwrap())
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

async fn an_office_loads_its_own_boundaries_for_the_map(backend: Backend) {
    let test_db = TestDb::new(backend).await;
    let url = test_db.url.clone();
    let dir = crate::binary::TempDir::new("boundaries");
    // The four local authorities' files as one FeatureCollection, plus a feature from
    // elsewhere (a Welsh LSOA code) that must be left out.
    let mut features = Vec::new();
    for lad in LADS {
        let doc: serde_json::Value =
            serde_json::from_slice(&read(&format!("geo/lsoa11_by_lad/{lad}.json"))).unwrap();
        features.extend(doc["features"].as_array().unwrap().iter().cloned());
    }
    let expected = features.len();
    assert_eq!(expected, 652);
    features.push(serde_json::json!({
        "type": "Feature",
        "properties": {"LSOA11CD": "W01000001", "LSOA11NM": "Isle of Anglesey 007A"},
        "geometry": {"type": "Polygon", "coordinates": [[[-4.3, 53.3], [-4.2, 53.3], [-4.2, 53.4], [-4.3, 53.3]]]}
    }));
    let file = dir.0.join("cheshire-lsoa11.geojson");
    std::fs::write(
        &file,
        serde_json::to_vec(&serde_json::json!({"type": "FeatureCollection", "features": features}))
            .unwrap(),
    )
    .unwrap();
    let bad = dir.0.join("bad.geojson");
    std::fs::write(
        &bad,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"LSOA11CD": "E01012367"}, "geometry": {"type": "Polygon", "coordinates": [[[400000, 380000], [400100, 380000], [400000, 380100], [400000, 380000]]]}}]}"#,
    )
    .unwrap();

    let (ok, said) = run(vec![
        "--database-url".into(),
        url.clone(),
        "init".into(),
        "--force-area".into(),
        "cheshire".into(),
    ])
    .await;
    assert!(ok, "{said}");
    let (ok, said) = run(vec![
        "--database-url".into(),
        url.clone(),
        "import".into(),
        "boundaries".into(),
        bad.display().to_string(),
    ])
    .await;
    assert!(!ok);
    assert!(
        said.contains("bad.geojson: feature 1") && said.contains("EPSG:4326"),
        "{said}"
    );
    let (ok, said) = run(vec![
        "--database-url".into(),
        url.clone(),
        "import".into(),
        "boundaries".into(),
        file.display().to_string(),
    ])
    .await;
    assert!(ok, "{said}");
    assert!(said.contains(&format!("{expected} LSOAs")), "{said}");
    assert!(
        said.contains("1 features left out") && said.contains("W01000001"),
        "{said}"
    );
    let (ok, said) = run(vec![
        "--database-url".into(),
        url.clone(),
        "import".into(),
        "police-uk".into(),
        data("police_uk/2018-11/2018-11-cheshire-street.csv")
            .display()
            .to_string(),
    ])
    .await;
    assert!(ok, "{said}");

    let db = Db::connect(&url).await.unwrap();
    let stored = opcc_store::crime::boundaries_file::for_force(&db, "E23000006")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.lsoas.len(), expected);
    assert!(
        stored
            .lsoas
            .iter()
            .all(|l| l.path.starts_with('M') && l.path.ends_with('z'))
    );
    let app = TestApp::serve(db).await;
    let map = app
        .browser()
        .get("/crime/map?month=2018-11&category=all")
        .await;
    assert_eq!(map.status, 200);
    assert_eq!(
        map.body.matches("<path data-lsoa=").count(),
        expected,
        "{backend:?}"
    );
    assert!(!map.body.contains("are not loaded"));
    app.finish().await;
    drop(test_db);
}

each_backend!(an_office_loads_its_own_boundaries_for_the_map);
