//! What the public and the API see, checked against the published documents and the ONS tables.

use crate::support::{Backend, TestApp};

async fn the_home_page_describes_the_force_area_from_the_published_documents(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.browser();
    let home = b.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Policing and crime in Cheshire"));
    assert!(home.body.contains("1,119,500"), "ONS mid-2023 population");
    assert!(home.body.contains("919 square miles"), "2013-16 plan");
    assert!(home.body.contains("The 4 local authorities in Cheshire"));
    for (name, code) in [
        ("Cheshire East", "E06000049"),
        ("Cheshire West and Chester", "E06000050"),
        ("Halton", "E06000006"),
        ("Warrington", "E06000007"),
    ] {
        assert!(
            home.body.contains(name) && home.body.contains(code),
            "{name}"
        );
    }
    let api: serde_json::Value =
        serde_json::from_str(&b.get("/api/v1/force-area").await.body).unwrap();
    assert_eq!(api["gss_code"], "E23000006");
    let las = api["local_authorities"].as_array().unwrap();
    assert_eq!(las.len(), 4);
    let sum: i64 = las.iter().map(|l| l["population"].as_i64().unwrap()).sum();
    assert_eq!(sum, 406_500 + 361_700 + 129_000 + 211_600, "table C4");
    app.finish().await;
}

/// Signed out, the home page leads to the plan in force (by its term: the 2024-28 plan on any
/// day of 2024-28), its progress and its latest pack, the month's crime, and how to reach the
/// office; the contact page shows what an administrator set, and only an administrator sets it.
async fn the_home_page_leads_to_the_plan_in_force_and_the_office(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = app.browser();
    let home = b.get("/").await.body;
    let today = time::OffsetDateTime::now_utc().date();
    if today.year() >= 2024 && today.year() <= 2027 {
        assert!(
            home.contains("href=\"/plans/cheshire-2024-28\">Police &#38; Crime Plan 2024-28</a>"),
            "{home}"
        );
        assert!(home.contains("2 in progress, 1 started"), "its progress");
        assert!(
            home.contains("href=\"/performance/cheshire-2024-28/packs/2025-26-q2\""),
            "the latest published pack"
        );
    }
    assert!(home.contains("call 999") && home.contains("call 101"));
    assert!(home.contains("href=\"/contact\""));
    let contact = b.get("/contact").await.body;
    assert!(
        contact.contains("01606 364000"),
        "the annual report's number"
    );
    assert!(contact.contains("Clemonds Hey<br>Oakmere Road"));
    // Staff may not change it; an administrator may, and a bad email is named.
    let mut staff = app.signed_in(opcc_domain::accounts::Role::Staff).await;
    assert_eq!(staff.get("/admin/contact").await.status, 403);
    let mut admin = app.signed_in(opcc_domain::accounts::Role::Admin).await;
    let bad = admin
        .post(
            "/admin/contact",
            &[
                ("name", "The office"),
                ("email", "not-an-email"),
                ("phone", "0100"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("Enter an email address in the correct format")
    );
    let ok = admin
        .post(
            "/admin/contact",
            &[
                ("name", "Office of the Commissioner"),
                ("address", "1 High Street\nTown"),
                ("email", "office@example.org"),
                ("phone", "0100 000 0000"),
                ("website", "https://example.org"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let contact = b.get("/contact").await.body;
    assert!(contact.contains("0100 000 0000") && contact.contains("1 High Street<br>Town"));
    let audit = admin.get("/api/v1/audit?action=office.contact").await.body;
    assert!(
        audit.contains("office@example.org"),
        "the change is audited: {audit}"
    );
    app.finish().await;
}

/// The demo's figures are those of the ONS table they were copied from (an excerpt of the
/// real file is in tests/fixtures).
#[test]
fn demo_populations_match_the_ons_tables() {
    let text = include_str!("../fixtures/ons_c4_cheshire_excerpt.csv");
    let area = opcc_store::demo::demo_force_area().unwrap();
    for la in &area.local_authorities {
        let row = text
            .lines()
            .find(|l| l.split(',').nth(4) == Some(la.gss_code.as_str()))
            .unwrap_or_else(|| panic!("{} not in table C4", la.gss_code));
        let population: i64 = row.split(',').nth(6).unwrap().parse().unwrap();
        assert_eq!(population, la.population, "{}", la.name);
    }
}

async fn healthz_names_the_backend_and_schema_version(backend: Backend) {
    let app = TestApp::start(backend).await;
    let res = app.browser().get("/healthz").await;
    assert_eq!(res.status, 200);
    let json: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(json["status"], "ok");
    let expected = match backend {
        crate::support::Backend::Sqlite => "sqlite",
        crate::support::Backend::Postgres => "postgres",
    };
    assert_eq!(json["database"], expected);
    assert!(json["schema_version"].as_i64().unwrap() >= 1);
    app.finish().await;
}

each_backend!(
    the_home_page_leads_to_the_plan_in_force_and_the_office,
    the_home_page_describes_the_force_area_from_the_published_documents,
    healthz_names_the_backend_and_schema_version
);
