//! The open data catalogue: every dataset the JSON-LD names answers each of its downloads with
//! the right content type, the CSV's header is the dictionary's fields, the JSON parses, and no
//! download holds a personal data field or the name of anyone who asked the Panel's questions.

use crate::support::{Backend, TestApp};
use serde_json::Value;

const DATASETS: [&str; 19] = [
    "crime-summary",
    "crime-neighbourhoods",
    "crime-compare",
    "plan-commitments",
    "measure-values",
    "grants",
    "services",
    "spending",
    "budgets",
    "precept",
    "decisions",
    "meetings",
    "scheme-statistics",
    "complaint-statistics",
    "complaint-reviews",
    "panel-questions",
    "public-questions",
    "consultation-results",
    "inspection-recommendations",
];

/// Field names that would mean a person's details had leaked into a download.
const PERSONAL: [&str; 12] = [
    "email",
    "author",
    "author_id",
    "author_label",
    "asker",
    "asker_name",
    "phone",
    "address",
    "date_of_birth",
    "custody_record",
    "complainant",
    "volunteer",
];

fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.push(k.to_lowercase());
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

async fn every_download_answers_and_parses(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.browser();
    // Who asked the Panel's questions, and every account's e-mail: none may be downloadable.
    let mut people: Vec<String> = sqlx::query_scalar("SELECT author_label FROM panel_questions")
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
    assert!(!people.is_empty(), "the demo has a Panel question");
    people.extend(
        sqlx::query_scalar::<_, String>("SELECT email FROM users")
            .fetch_all(&app.db.pool)
            .await
            .unwrap(),
    );

    let r = b.get("/data/catalog.jsonld").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").starts_with("application/ld+json"));
    let cat: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(cat["@type"], "dcat:Catalog");
    let listed = cat["dcat:dataset"].as_array().unwrap();
    let slugs: Vec<&str> = listed
        .iter()
        .map(|d| d["dct:identifier"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, DATASETS, "the catalogue names every dataset");

    let list = b.get("/data").await.body;
    for d in listed {
        let slug = d["dct:identifier"].as_str().unwrap();
        assert_eq!(d["@type"], "dcat:Dataset");
        assert_eq!(
            d["dct:license"]["@id"],
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
        );
        assert!(
            list.contains(&format!("href=\"/data/{slug}\"")),
            "{slug} on /data"
        );
        let page = b.get(&format!("/data/{slug}")).await;
        assert_eq!(page.status, 200, "{slug}");
        assert!(page.body.contains("Open Government Licence v3.0"), "{slug}");
        let dict: Value =
            serde_json::from_str(&b.get(&format!("/data/{slug}/dictionary.json")).await.body)
                .unwrap();
        let fields: Vec<String> = dict["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_string())
            .collect();
        let dists = d["dcat:distribution"].as_array().unwrap();
        let mut rows = 0;
        let formats: Vec<&str> = dists
            .iter()
            .map(|x| x["dct:format"].as_str().unwrap())
            .collect();
        assert!(
            formats.contains(&"CSV") && formats.contains(&"JSON"),
            "{slug}: {formats:?}"
        );
        for dist in dists {
            let url = dist["dcat:downloadURL"]["@id"].as_str().unwrap();
            let media = dist["dcat:mediaType"]["@id"].as_str().unwrap();
            let r = b.get(url).await;
            // This database has no police.uk months loaded, and the crime exports answer 404
            // for a force with none; every other download must answer.
            if slug.starts_with("crime-") && r.status == 404 {
                continue;
            }
            assert_eq!(r.status, 200, "{slug}: {url}");
            let body = r.body.clone();
            for p in &people {
                assert!(!body.contains(p.as_str()), "{url} names {p}");
            }
            if media.ends_with("text/csv") {
                assert!(r.header("content-type").starts_with("text/csv"), "{url}");
                let mut rd = csv::Reader::from_reader(body.as_bytes());
                let header: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
                let expected = if url.ends_with("dictionary.csv") {
                    vec!["name".to_string(), "type".into(), "description".into()]
                } else {
                    fields.clone()
                };
                assert_eq!(
                    header, expected,
                    "{url}: the header is the dictionary's fields"
                );
                for rec in rd.records() {
                    assert_eq!(rec.unwrap().len(), header.len(), "{url}");
                    if !url.ends_with("dictionary.csv") {
                        rows += 1;
                    }
                }
                for h in &header {
                    assert!(!PERSONAL.contains(&h.to_lowercase().as_str()), "{url}: {h}");
                }
            } else {
                assert!(
                    r.header("content-type").starts_with("application/json"),
                    "{url}"
                );
                let v: Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{url}: {e}"));
                let mut ks = Vec::new();
                keys(&v, &mut ks);
                for k in ks {
                    assert!(!PERSONAL.contains(&k.as_str()), "{url}: {k}");
                }
            }
        }
        // A dataset that holds records says when they last changed (demo loads included).
        if rows > 0 {
            assert!(
                d["dct:modified"]["@value"].is_string(),
                "{slug}: {rows} rows but no last change"
            );
            assert!(!page.body.contains("No data recorded yet"), "{slug}");
        }
    }

    // Real figures from the 2023-24 annual report come through the reused export.
    let schemes = b.get("/schemes/statistics.csv?year=2023").await.body;
    assert!(schemes.contains("2023/24,156,1247,"), "{schemes}");
    // The catalogue's own CSV of the Panel's questions holds the demo's published one.
    let panel = b.get("/data/panel-questions/data.csv").await.body;
    assert!(panel.lines().count() >= 2, "{panel}");
    let page = b.get("/data/scheme-statistics").await.body;
    assert!(
        !page.contains("No data recorded yet"),
        "the schemes have a last change"
    );
    assert_eq!(
        b.get("/data/grants/data.csv").await.status,
        404,
        "grants are the area's own"
    );
    assert_eq!(b.get("/data/nothing").await.status, 404);
    assert!(
        b.get("/").await.body.contains("href=\"/data\""),
        "the footer links the catalogue"
    );
    assert!(b.get("/transparency").await.body.contains("href=\"/data\""));
    app.finish().await;
}

crate::each_backend!(every_download_answers_and_parses);
