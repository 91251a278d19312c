//! A precept year taken through the Police and Crime Panel's timetable: a proposal, a veto
//! (and a veto short of two thirds refused), a revised precept, the Panel's final report and
//! the precept issued; the tax base of each billing authority; deadlines as settings.

use crate::finance::{d, json};
use crate::support::{Backend, Browser};
use opcc_domain::accounts::Role;
use rust_decimal::Decimal;

pub(crate) async fn post_ok(b: &mut Browser, path: &str, fields: &[(&str, &str)]) {
    let r = b.post(path, fields).await;
    assert_eq!(r.status, 303, "{path} {fields:?}: {}", r.body);
}

pub(crate) async fn post_refused(b: &mut Browser, path: &str, fields: &[(&str, &str)], says: &str) {
    let r = b.post(path, fields).await;
    assert_eq!(r.status, 422, "{path} {fields:?} should be refused");
    assert!(r.body.contains(says), "{path}: {says:?} in the page");
}

fn step<'a>(
    step: &'a str,
    date: &'a str,
    band_d: &'a str,
    decision: &'a str,
    votes: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("year", "2025-26"),
        ("step", step),
        ("date", date),
        ("band_d", band_d),
        ("document_title", "Report to the Police and Crime Panel"),
        ("document_url", "https://example.org/precept.pdf"),
        ("decision", decision),
        ("votes_for_veto", votes),
        ("members_present", ""),
        ("response", ""),
    ]
}

async fn a_precept_year_runs_the_panel_timetable_with_a_veto(backend: Backend) {
    let app = crate::support::TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    const STEPS: &str = "/admin/finance/precept/steps";
    post_ok(
        &mut staff,
        "/admin/finance/precept",
        &[
            ("year", "2025-26"),
            ("band_d_change", "14"),
            ("panel_members", "10"),
            ("consultation_url", ""),
            ("source", "Test"),
        ],
    )
    .await;
    post_refused(
        &mut staff,
        STEPS,
        &step("panel_report", "05/02/2025", "", "accept", ""),
        "before the Panel",
    )
    .await;
    post_ok(
        &mut staff,
        STEPS,
        &step("proposed", "30/01/2025", "270.00", "", ""),
    )
    .await;
    post_refused(
        &mut staff,
        STEPS,
        &step("panel_report", "06/02/2025", "", "veto", "6"),
        "7 votes",
    )
    .await;
    post_ok(
        &mut staff,
        STEPS,
        &step("panel_report", "06/02/2025", "", "veto", "7"),
    )
    .await;
    post_refused(
        &mut staff,
        STEPS,
        &step("issued", "20/02/2025", "265.00", "", ""),
        "revised precept",
    )
    .await;
    post_refused(
        &mut staff,
        STEPS,
        &step("revised", "12/02/2025", "270.00", "", ""),
        "must differ",
    )
    .await;
    post_ok(
        &mut staff,
        STEPS,
        &step("revised", "12/02/2025", "265.00", "", ""),
    )
    .await;
    post_refused(
        &mut staff,
        STEPS,
        &step("final_report", "20/02/2025", "", "veto", "10"),
        "cannot veto",
    )
    .await;
    post_ok(
        &mut staff,
        STEPS,
        &step("final_report", "20/02/2025", "", "accept", ""),
    )
    .await;
    post_ok(
        &mut staff,
        STEPS,
        &step("issued", "27/02/2025", "265.00", "", ""),
    )
    .await;

    // The tax base for each billing authority the database holds (not a list in the test).
    let area = opcc_store::force_area::current(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut total = Decimal::ZERO;
    for (i, la) in area.local_authorities.iter().enumerate() {
        let eq = Decimal::from(100_000 + 1_000 * i as i64) + d("0.5");
        post_ok(
            &mut staff,
            "/admin/finance/precept/tax-base",
            &[
                ("year", "2025-26"),
                ("authority", &la.gss_code),
                ("equivalents", &eq.to_string()),
            ],
        )
        .await;
        total += (eq * d("265.00")).round_dp(2);
    }
    post_refused(
        &mut staff,
        "/admin/finance/precept/tax-base",
        &[
            ("year", "2025-26"),
            ("authority", "E06000001"),
            ("equivalents", "1000"),
        ],
        "is not a local authority of",
    )
    .await;

    let mut public = app.browser();
    let page = public.get("/finance/precept/2025-26").await;
    assert_eq!(page.status, 200);
    for text in [
        "Due by 1 February 2025",
        "Due by 8 February 2025",
        "Due by 15 February 2025",
        "Due by 22 February 2025",
        "Due by 1 March 2025",
        "Vetoed the proposal",
        "10 members voted to veto (7 needed)",
        "£270.00",
        "12 February 2025",
        "£265.00",
    ] {
        assert!(page.body.contains(text), "the timeline shows {text}");
    }
    assert!(
        !page.body.contains("After the deadline"),
        "every step was on time"
    );
    for la in &area.local_authorities {
        assert!(page.body.contains(&la.name));
    }
    assert!(
        page.body.contains(&opcc_domain::finance::pounds(total)),
        "the total collected"
    );
    let api = json(&mut public, "/api/v1/finance/precept").await;
    let y = api
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["year"] == "2025-26")
        .unwrap();
    assert_eq!(y["band_d"], "265.00");
    assert_eq!(y["steps"].as_array().unwrap().len(), 5);
    assert_eq!(y["bands"][7]["amount"], "530.00");

    let log = opcc_store::audit::list(
        &app.db,
        &opcc_store::audit::AuditFilter {
            action: "precept.step".into(),
            ..Default::default()
        },
        20,
        0,
    )
    .await
    .unwrap();
    assert_eq!(
        log.entries.len(),
        5,
        "each step recorded, and only the steps accepted"
    );
    assert!(
        log.entries
            .iter()
            .all(|e| e.actor_label.starts_with("staff-") && e.actor_id.is_some()),
        "the staff member is named"
    );

    // A late step is shown as late: the deadline is a setting.
    post_ok(
        &mut staff,
        "/admin/finance/settings",
        &[
            ("proposed", "01-15"),
            ("panel_report", "02-08"),
            ("revised", "02-15"),
            ("final_report", "02-22"),
            ("issued", "03-01"),
            ("veto_fraction", "2/3"),
        ],
    )
    .await;
    let page = public.get("/finance/precept/2025-26").await;
    assert!(page.body.contains("Due by 15 January 2025"));
    assert_eq!(page.body.matches("After the deadline").count(), 1);
    app.finish().await;
}

each_backend!(a_precept_year_runs_the_panel_timetable_with_a_veto);
