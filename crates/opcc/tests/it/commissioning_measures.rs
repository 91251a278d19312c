//! Returns beyond the service's year: rolled up by local authority on the public results page,
//! feeding a plan measure's series once the office has reviewed them; the commissioning API's
//! public fields; and `opcc grants retention`, which deletes exactly the applications past
//! their retention period.

use crate::commissioning::{form, post_form, provider};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::periods::{Period, PeriodKind};
use rust_decimal::Decimal;

/// A small plan for Cheshire with two measures fed from RASASC's returns.
const PLAN: &str = r#"
slug = "returns-test"
force_area = "E23000006"
title = "Test plan fed by returns"
commissioner = "A test Commissioner"
chief_constable = "A test Chief Constable"
term_start = "2024-04-01"
term_end = "2028-03-31"
levels = ["Priority"]
sources = ["A test plan, not a published document"]
consultation_closes = "2024-02-28"

[[transitions]]
status = "draft"
date = "2024-01-08"
note = "Drafted for the test."

[[transitions]]
status = "consultation"
date = "2024-01-31"
note = "Out for comment."

[[transitions]]
status = "panel_review"
date = "2024-03-07"
note = "Before the Panel."

[[transitions]]
status = "published"
date = "2024-04-01"
note = "In force."

[[items]]
key = "victims"
title = "Support for victims"

[[items.measures]]
key = "rasasc-referrals"
title = "Referrals to RASASC"
unit = "count"
better = "neither"
frequency = "quarterly"
source = "RASASC's returns"
derived_from = "returns:rasasc:referrals"

[[items.measures]]
key = "rasasc-supported"
title = "People RASASC supported"
unit = "count"
better = "higher"
frequency = "quarterly"
source = "RASASC's returns"
derived_from = "returns:rasasc:supported"
"#;

/// A table's body rows, each as its cells' text.
fn table_rows(page: &str, id: &str) -> Vec<Vec<String>> {
    let table = &page[page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}: {page}"))..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr class=\"govuk-table__row\">")
        .skip(2)
        .map(|row| {
            row.split(['<', '>'])
                .enumerate()
                .filter(|(i, s)| i % 2 == 0 && !s.trim().is_empty())
                .map(|(_, s)| s.trim().to_string())
                .collect()
        })
        .collect()
}

async fn series(app: &TestApp, measure: &str, kind: PeriodKind) -> Vec<(Period, Decimal)> {
    opcc_store::performance::series(&app.db, "returns-test", measure, "E23000006", kind)
        .await
        .unwrap()
        .into_iter()
        .map(|v| (v.period, v.value))
        .collect()
}

async fn returns_roll_up_by_area_and_feed_a_plan_measure_once_reviewed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let plan = opcc_domain::plans::file::PlanFile::parse(PLAN).unwrap();
    opcc_store::plans::import(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        &plan,
        false,
    )
    .await
    .unwrap();
    let mut staff = app.signed_in(Role::Staff).await;
    let csv = "service,year,quarter,local_authority,referrals,supported,coping_improved,waiting_days,narrative\n\
        rasasc,2025-26,Q1,E06000049,100,90,,,\n\
        rasasc,2025-26,Q1,E06000050,50,40,,,\n\
        rasasc,2025-26,Q2,E06000049,70,60,,,\n\
        cheshire-cares,2025-26,Q1,E06000049,10,5,,,\n";
    let r = staff
        .upload_raw(
            "/admin/commissioning/returns",
            &[],
            "returns.csv",
            csv.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The public summary by service, year and local authority: each area's returns summed
    // over the year's quarters; the 2024/25 returns were for every area served.
    let mut public = app.browser();
    let page = public.get("/funding/services").await.body;
    let rows = table_rows(&page, "service-results-by-area");
    let row = |service: &str, year: &str, area: &str| -> (String, String) {
        let r = rows
            .iter()
            .find(|r| r[0] == service && r[1] == year && r[2] == area)
            .unwrap_or_else(|| panic!("no row {service} {year} {area}: {rows:?}"));
        (r[3].clone(), r[4].clone())
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        row("RASASC", "2025-26", "Cheshire East (E06000049)"),
        pair("170", "150")
    );
    assert_eq!(
        row("RASASC", "2025-26", "Cheshire West and Chester (E06000050)"),
        pair("50", "40")
    );
    assert_eq!(
        row("Cheshire CARES", "2025-26", "Cheshire East (E06000049)"),
        pair("10", "5")
    );
    assert_eq!(
        row("Cheshire CARES", "2024-25", "Every area served"),
        pair("21,341", "20,865")
    );
    assert_eq!(
        rows.len(),
        3 + 5,
        "three area rows for 2025-26, five for 2024-25"
    );
    // The chart's table: every service together, by area, for the latest year, largest first.
    assert_eq!(
        table_rows(&page, "area-totals"),
        [
            ["Cheshire East", "180", "155"],
            ["Cheshire West and Chester", "50", "40"]
        ]
    );
    assert!(
        page.contains("<desc id=\"referrals-by-area-desc\">Cheshire East: 180 referrals; Cheshire West and Chester: 50 referrals</desc>"),
        "the chart: {page}"
    );

    // Not yet reviewed: the plan's measures take nothing.
    assert!(
        series(&app, "rasasc-referrals", PeriodKind::Quarter)
            .await
            .is_empty()
    );
    let id = |quarter: i64, la: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT r.id FROM com_returns r JOIN com_services s ON s.id = r.service_id \
                 WHERE s.slug = 'rasasc' AND r.year = '2025-26' AND r.quarter = $1 \
                 AND r.local_authority = $2",
            )
            .bind(quarter)
            .bind(la)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let review = |id: i64| format!("/admin/commissioning/returns/{id}/review");
    let r = staff.post(&review(id(1, "E06000049").await), &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(
        series(&app, "rasasc-referrals", PeriodKind::Quarter).await,
        [(Period::Quarter(2025, 1), Decimal::from(100))]
    );
    // A second area's return for the same quarter adds to it; the whole-year 2024/25 return
    // (reviewed in the demo) is the year's value.
    staff.post(&review(id(1, "E06000050").await), &[]).await;
    staff.post(&review(id(2, "E06000049").await), &[]).await;
    assert_eq!(
        series(&app, "rasasc-referrals", PeriodKind::Quarter).await,
        [
            (Period::Quarter(2025, 1), Decimal::from(150)),
            (Period::Quarter(2025, 2), Decimal::from(70))
        ]
    );
    assert_eq!(
        series(&app, "rasasc-supported", PeriodKind::Quarter).await,
        [
            (Period::Quarter(2025, 1), Decimal::from(130)),
            (Period::Quarter(2025, 2), Decimal::from(60))
        ]
    );
    assert_eq!(
        series(&app, "rasasc-referrals", PeriodKind::Year).await,
        [(Period::Year(2024), Decimal::from(2209))]
    );
    // Cheshire CARES's return, reviewed or not, feeds no RASASC measure.
    app.finish().await;
}

async fn the_commissioning_api_gives_public_fields_only(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let json = |body: String| -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&body)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    let funds = json(public.get("/api/v1/commissioning/funds").await.body);
    let idva = funds
        .iter()
        .find(|f| f["slug"] == "idva-isva")
        .expect("the IDVA/ISVA fund");
    assert_eq!(
        idva["amount"].as_str().unwrap().parse::<Decimal>().unwrap(),
        Decimal::from(675_910)
    );
    assert_eq!(idva["year"], "2023-24");
    let programmes = json(public.get("/api/v1/commissioning/programmes").await.body);
    let round = programmes
        .iter()
        .find(|p| p["slug"] == "community-action-fund")
        .expect("the demo's round");
    assert_eq!(round["kind"], "round");
    assert_eq!(
        round["max_award"]
            .as_str()
            .unwrap()
            .parse::<Decimal>()
            .unwrap(),
        Decimal::from(5000)
    );
    let services = json(public.get("/api/v1/commissioning/services").await.body);
    assert_eq!(services.len(), 5);
    let rasasc = services.iter().find(|s| s["slug"] == "rasasc").unwrap();
    assert!(rasasc["areas"].as_array().is_some_and(|a| !a.is_empty()));
    let awards = json(public.get("/api/v1/commissioning/awards").await.body);
    assert!(!awards.is_empty());
    // Public fields only: no one's account, no bank or contact details, no application.
    for (what, list) in [
        ("funds", &funds),
        ("programmes", &programmes),
        ("services", &services),
        ("awards", &awards),
    ] {
        for item in list {
            for field in item.as_object().unwrap().keys() {
                assert!(
                    !["email", "user_id", "submitted_by", "application_id", "bank"]
                        .iter()
                        .any(|p| field.contains(p)),
                    "{what} shows {field}"
                );
            }
        }
    }
    // Each is in the OpenAPI document with its schema.
    let doc: serde_json::Value = serde_json::from_str(&opcc_web::openapi_json()).unwrap();
    for (path, schema) in [
        ("funds", "FundJson"),
        ("programmes", "ProgrammeJson"),
        ("awards", "AwardJson"),
        ("services", "ServiceJson"),
    ] {
        let op = &doc["paths"][format!("/api/v1/commissioning/{path}")]["get"];
        assert!(op.is_object(), "{path} documented");
        assert!(
            op.to_string()
                .contains(&format!("#/components/schemas/{schema}")),
            "{path}: {op}"
        );
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    app.finish().await;
}

fn opcc(url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_opcc"))
        .env("OPCC_LOG", "warn")
        .env_remove("OPCC_DATABASE_URL")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .unwrap()
}

async fn grants_retention_deletes_exactly_the_expired_applications(backend: Backend) {
    let app = TestApp::start(backend).await;
    let url = app.test_db.url.clone();
    let mut staff = app.signed_in(Role::Staff).await;
    let mut group = provider(&app, &mut staff, "GB-CHC-7654321", "Retention Test Group").await;
    // A draft never submitted, with a document; and a declined application.
    let created = |r: crate::support::Resp| -> i64 {
        assert_eq!(r.status, 303, "{}", r.body);
        r.location().rsplit('/').next().unwrap().parse().unwrap()
    };
    let apply = "/grants/rounds/community-action-fund/apply";
    let draft = created(post_form(&mut group, apply, &form(true, &[("Hall", "400")])).await);
    let r = group
        .upload_raw(
            &format!("/grants/applications/{draft}/attachments"),
            &[("kind", "accounts")],
            "accounts.pdf",
            b"%PDF-1.7\n%%EOF\n".to_vec(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let declined = created(post_form(&mut group, apply, &form(true, &[("Kit", "800")])).await);
    let r = group
        .post(&format!("/grants/applications/{declined}/submit"), &[])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = staff
        .post(
            &format!("/admin/commissioning/applications/{declined}/decline"),
            &[
                ("declined_on-day", "2"),
                ("declined_on-month", "2"),
                ("declined_on-year", "2026"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("reasons", "Outside the round's aims."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let count = |sql: &str| {
        let pool = app.db.pool.clone();
        let sql = sql.to_string();
        async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let applications = "SELECT COUNT(*) FROM com_applications";
    let held = count(applications).await;
    let awarded = count("SELECT COUNT(*) FROM com_applications WHERE status = 'awarded'").await;
    assert!(awarded >= 1, "the demo's awarded application");
    let close = |day: time::Date| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query(
                "UPDATE com_programmes SET closes_on = $1 WHERE slug = 'community-action-fund'",
            )
            .bind(day.to_string())
            .execute(&pool)
            .await
            .unwrap();
        }
    };
    let today = time::OffsetDateTime::now_utc().date();
    let six_years_ago = today.replace_year(today.year() - 6).unwrap();

    // The round closed six years ago today: kept until tomorrow.
    close(six_years_ago).await;
    let out = opcc(&url, &["grants", "retention", "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("due today: 0 applications"), "{text}");

    // A day longer: the draft and the declined application are due; the awarded one is not.
    close(six_years_ago - time::Duration::days(1)).await;
    let out = opcc(&url, &["grants", "retention", "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains(&format!("would delete application {draft} (draft"))
            && text.contains(&format!("would delete application {declined} (declined"))
            && text.contains("due today: 2 applications"),
        "{text}"
    );
    assert_eq!(count(applications).await, held, "a dry run changes nothing");

    let out = opcc(&url, &["grants", "retention"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("done: 2 applications"), "{text}");
    assert_eq!(count(applications).await, held - 2);
    assert_eq!(
        count("SELECT COUNT(*) FROM com_applications WHERE status = 'awarded'").await,
        awarded
    );
    assert_eq!(
        count(&format!(
            "SELECT COUNT(*) FROM com_attachments WHERE application_id = {draft}"
        ))
        .await,
        0,
        "the draft's document went with it"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM audit_log WHERE action = 'commissioning.retention'").await,
        1
    );
    let again = opcc(&url, &["grants", "retention"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("done: 0 applications"));
    app.finish().await;
}

each_backend!(
    returns_roll_up_by_area_and_feed_a_plan_measure_once_reviewed,
    the_commissioning_api_gives_public_fields_only,
    grants_retention_deletes_exactly_the_expired_applications
);
