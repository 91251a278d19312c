//! Commissioning's open data through the real server and the binary: the Open Referral UK
//! 3.0 feed validates against the standard's schemas, and Trafford Council's real 360Giving
//! file imports once (JSON, then the same grants as CSV adding nothing), a bad row importing
//! nothing.

use crate::commissioning::{audit_actions, check, temp_dir};
use crate::support::{Backend, TestApp};
use serde_json::Value;
use std::process::Command;

async fn the_open_referral_feed_validates(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.browser();
    let dir = temp_dir("oruk");
    for name in [
        "services",
        "organizations",
        "service_at_locations",
        "taxonomies",
    ] {
        let (status, bytes) = b.get_bytes(&format!("/openreferral/{name}")).await;
        assert_eq!(status, 200, "{name}");
        std::fs::write(dir.join(format!("{name}.json")), bytes).unwrap();
    }
    let services: Value =
        serde_json::from_str(&b.get("/openreferral/services").await.body).unwrap();
    for s in services["contents"].as_array().unwrap() {
        let id = s["id"].as_str().unwrap();
        let (status, bytes) = b.get_bytes(&format!("/openreferral/services/{id}")).await;
        assert_eq!(status, 200);
        std::fs::write(dir.join(format!("service-{id}.json")), bytes).unwrap();
    }
    let summary = check("oruk", &dir);
    assert_eq!(summary["services"], 5);
    assert_eq!(summary["full_records"], 5);
    assert_eq!(summary["organizations"], 4, "Remedi runs two services");
    assert_eq!(
        b.get("/openreferral/services/00000000-0000-5000-8000-000000000000")
            .await
            .status,
        404
    );
    let help = b.get("/get-help/rasasc").await.body;
    assert!(
        help.contains("Halton") && help.contains("Warrington"),
        "{help}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    app.finish().await;
}

async fn trafford_s_360giving_file_imports_once(backend: Backend) {
    let app = TestApp::start(backend).await;
    let url = app.test_db.url.clone();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_opcc"))
            .env("OPCC_LOG", "warn")
            .arg("--database-url")
            .arg(&url)
            .args(args)
            .output()
            .unwrap()
    };
    let json = crate::crime::data("grants/trafford/trafford_council_voluntary_sector_grants.json");
    let out = run(&["import", "360giving", json.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("555 grants imported, 0 already held"),
        "{stdout}"
    );
    // The same grants as CSV: every one already held, nothing changed.
    let before = audit_actions(&app, "commissioning.giving_import")
        .await
        .len();
    let csv = crate::crime::data("grants/trafford/trafford_council_voluntary_sector_grants.csv");
    let out = run(&["import", "360giving", csv.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("0 grants imported, 555 already held"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        audit_actions(&app, "commissioning.giving_import")
            .await
            .len(),
        before
    );
    // Amounts with pence and company numbers with leading zeros are kept exactly.
    let pence: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM com_awards WHERE amount LIKE '%.%'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(pence, 68);
    // A file with a bad row imports nothing and names the row and column.
    let dir = temp_dir("giving-bad");
    let text = std::fs::read_to_string(&csv).unwrap();
    let bad = text.replacen("GBP,,2266", "GBP,,lots", 1);
    let file = dir.join("bad.csv");
    std::fs::write(&file, bad).unwrap();
    let out = run(&["import", "360giving", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.csv, row 2, column Amount Awarded"),
        "{stderr}"
    );
    // The office's own export publishes only its own grants, and validates.
    let out = run(&["export", "360giving"]);
    assert!(out.status.success());
    let file = dir.join("out.json");
    std::fs::write(&file, &out.stdout).unwrap();
    let package: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = package["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids.len(),
        1,
        "only the demo's own grant, none of Trafford's: {ids:?}"
    );
    assert!(ids[0].starts_with("360G-cheshirepcc-community-action-fund-"));
    assert_eq!(check("360giving", &file)["ids"], serde_json::json!(ids));
    // The flattened spreadsheet holds the same grant, and reads back as 360Giving.
    let out = run(&["export", "360giving", "--xlsx"]);
    assert!(out.status.success());
    let read = opcc_domain::commissioning::giving::read_file("out.xlsx", &out.stdout).unwrap();
    assert_eq!(read.grants.len(), 1);
    assert_eq!(read.grants[0].identifier, ids[0]);
    assert_eq!(read.grants[0].amount.to_string(), "4750");
    // Trafford's own package validates too, as the standard says it should.
    check("360giving", &json);
    let _ = std::fs::remove_dir_all(&dir);
    app.finish().await;
}

each_backend!(
    the_open_referral_feed_validates,
    trafford_s_360giving_file_imports_once
);
