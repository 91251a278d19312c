//! The annual report's two duties from the records: the Strategic Policing Requirement's
//! national threats, each linked by the office to the plan items that answer it (with their
//! measures' figures and the office's statement), and the Serious Violence Duty from the funds
//! the office counts as serious violence funding. The demo's published 2023-24 report shows
//! both on the page, in the JSON and in the PDF (PDF/UA-1, read back); the office's page keeps
//! the links with refusals named beside their fields; an approved report keeps what the
//! records said at approval; a year without records says so.

use crate::reports::{pdf_text, squeeze};
use crate::support::TestApp;
use crate::support::{Backend, Browser, Resp};
use opcc_domain::accounts::Role;
use serde_json::Value;

const ANNUAL: &str = "annual-report-2023-24";
const PAGE: &str = "/admin/reports/duties";

fn section<'a>(api: &'a Value, key: &str) -> &'a Value {
    api["figures"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no section {key}"))
}

/// The part of a report page between a section's heading and the next section.
fn section_html(body: &str, key: &str) -> String {
    let from = body
        .find(&format!("id=\"section-{key}\""))
        .unwrap_or_else(|| panic!("no section {key}"));
    let rest = &body[from..];
    rest[..rest.find("</section>").unwrap()].to_string()
}

async fn the_published_report_answers_the_threats_from_the_records(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let page = public.get(&format!("/reports/{ANNUAL}")).await;
    assert_eq!(page.status, 200);
    let body = squeeze(&page.body);
    let spr = section_html(&body, "spr");
    for want in [
        "The national threats and how the plan answers them, 2023/24",
        "<th scope=\"col\" class=\"govuk-table__header\">How the plan answers it</th>",
        "Terrorism",
        "A national cyber incident",
        // The 2021-24 plan's objective, linked to its public page, with its measure's figure.
        "<a class=\"govuk-link\" href=\"/plans/cheshire-2021-24/items/o5\">Protect vulnerable and at-risk people (objective)</a>",
        "Constabulary&#39;s outcome rate for stalking: 20.3%",
        "a key issue reflected in the priorities in the Police and Crime Plan",
        "Due regard was given to this threat in holding the Chief Constable to account.",
        "No plan item is linked",
        "1 of 7",
        "From the Annual Report 2023-24: a revised Strategic Policing Requirement",
    ] {
        assert!(spr.contains(want), "the SPR section lacks {want:?}: {spr}");
    }
    // The table scrolls in its own region on a narrow screen.
    assert!(spr.contains("class=\"opcc-table-scroll\" role=\"region\""));
    let svd = section_html(&body, "svd");
    for want in [
        "Serious violence funding received",
        "£362,562.00",
        "Serious Violence Duty grant",
        "Home Office",
        "a domestic abuse perpetrator programme",
        "Local Criminal Justice Board",
    ] {
        assert!(svd.contains(want), "the SVD section lacks {want:?}: {svd}");
    }
    assert!(!svd.contains("No serious violence funding"));

    let api: Value =
        serde_json::from_str(&public.get(&format!("/api/v1/reports/{ANNUAL}")).await.body).unwrap();
    let table = &section(&api, "spr")["tables"][0];
    assert_eq!(table["header"][0], "Threat");
    let vawg = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r[0] == "Violence against women and girls")
        .expect("the threat's row");
    assert_eq!(
        table["rows"][vawg][1],
        "Protect vulnerable and at-risk people (objective)"
    );
    let links = table["links"].as_array().unwrap();
    assert_eq!(
        links.len(),
        1,
        "only the one threat the report ties to the plan"
    );
    assert_eq!(links[0]["row"], vawg);
    assert_eq!(
        links[0]["links"][0]["href"],
        "/plans/cheshire-2021-24/items/o5"
    );
    // The link goes somewhere real.
    assert_eq!(
        public.get("/plans/cheshire-2021-24/items/o5").await.status,
        200
    );

    // Validated as PDF/UA-1 first; then read in reading order, so that a cell's wrapped lines
    // come together (the layout mode interleaves the table's columns).
    pdf_text(&mut public, &format!("/reports/{ANNUAL}/pdf"), "duties").await;
    let file = std::env::temp_dir()
        .join(format!("opcc-reports-{}", std::process::id()))
        .join("duties.pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = squeeze(&String::from_utf8_lossy(&out.stdout));
    for want in [
        "The national threats and how the plan answers them",
        "Violence against women and girls",
        "Protect vulnerable and at-risk people",
        "Serious Violence Duty grant",
        "£362,562.00",
    ] {
        assert!(text.contains(want), "the PDF lacks {want:?}");
    }
    app.finish().await;
}

/// The form values of the first option of the page's select for a threat.
fn option_of(body: &str, threat: &str, text: &str) -> String {
    let select = &body[body
        .find(&format!("id=\"target-{threat}\""))
        .expect("the threat's select")..];
    let at = select.find(text).expect("the option");
    let before = &select[..at];
    let v = before.rfind("value=\"").unwrap() + 7;
    before[v..v + before[v..].find('"').unwrap()].to_string()
}

async fn post(b: &mut Browser, path: &str, f: &[(&'static str, String)]) -> Resp {
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    b.post(path, &fields).await
}

async fn the_office_keeps_the_links_and_refusals_are_named(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut office = app.signed_in(Role::Staff).await;
    let page = office.get(&format!("{PAGE}?year=2023")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Police and Crime Plan 2021-2024"));
    let target = option_of(
        &page.body,
        "spr-2023-terrorism",
        "Improve confidence in policing",
    );
    assert_eq!(target, "item:o1");
    let link = |target: String| {
        vec![
            ("year", "2023".to_string()),
            ("threat", "spr-2023-terrorism".to_string()),
            ("target", target),
        ]
    };
    let r = post(&mut office, &format!("{PAGE}/links"), &link(target.clone())).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert!(r.location().ends_with("#threat-spr-2023-terrorism"));

    // A second member of staff keeps the same links: the office's, not one person's.
    let mut second = app.signed_in(Role::Staff).await;
    let seen = second.get(&format!("{PAGE}?year=2023")).await;
    let card = &seen.body[seen.body.find("id=\"threat-spr-2023-terrorism\"").unwrap()..];
    let card = &card[..card.find("id=\"threat-spr-2023-soc\"").unwrap()];
    assert!(card.contains(
        "href=\"/plans/cheshire-2021-24/items/o1\">Improve confidence in policing (objective)</a>"
    ));

    // Refusals, each beside its field with the summary linking to it.
    let twice = post(&mut second, &format!("{PAGE}/links"), &link(target.clone())).await;
    assert_eq!(twice.status, 422);
    assert!(twice.body.contains("<title>Error:"));
    assert!(twice.body.contains("href=\"#target-spr-2023-terrorism\""));
    assert!(
        twice
            .body
            .contains("Terrorism is linked to Improve confidence in policing already")
    );
    // The choice is kept, and the message sits beside the field.
    assert!(twice.body.contains("<option value=\"item:o1\" selected>"));
    assert!(
        twice
            .body
            .contains("id=\"target-spr-2023-terrorism-error\"")
    );
    let elsewhere = post(
        &mut second,
        &format!("{PAGE}/links"),
        &link("item:nowhere".into()),
    )
    .await;
    assert_eq!(elsewhere.status, 422);
    assert!(
        elsewhere
            .body
            .contains("Choose a priority or commitment of Police and Crime Plan 2021-2024")
    );
    let none = post(&mut second, &format!("{PAGE}/links"), &link(String::new())).await;
    assert_eq!(none.status, 422);
    assert!(
        none.body
            .contains("Choose the priority or commitment that answers the threat")
    );
    let no_plan = post(
        &mut second,
        &format!("{PAGE}/links"),
        &[
            ("year", "2005".into()),
            ("threat", "spr-2023-terrorism".into()),
            ("target", target.clone()),
        ],
    )
    .await;
    assert_eq!(no_plan.status, 422);
    assert!(
        no_plan
            .body
            .contains("No published plan is in force in that year")
    );
    let unknown = post(
        &mut second,
        &format!("{PAGE}/links"),
        &[
            ("year", "2023".into()),
            ("threat", "spr-1999-dragons".into()),
            ("target", target.clone()),
        ],
    )
    .await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("href=\"#threats\""));
    let long = "x".repeat(2_001);
    let too_long = post(
        &mut second,
        &format!("{PAGE}/statements"),
        &[
            ("year", "2023".into()),
            ("threat", "spr-2023-soc".into()),
            ("statement", long.clone()),
        ],
    )
    .await;
    assert_eq!(too_long.status, 422);
    assert!(too_long.body.contains("href=\"#statement-spr-2023-soc\""));
    assert!(too_long.body.contains(&long), "what was typed is kept");
    let saved = post(
        &mut second,
        &format!("{PAGE}/statements"),
        &[
            ("year", "2023".into()),
            ("threat", "spr-2023-soc".into()),
            ("statement", "Regional organised crime unit funded.".into()),
        ],
    )
    .await;
    assert_eq!(saved.status, 303);

    // A commitment answers a threat too: its row on the plan's page, its marking at the
    // year's end as its figure.
    let r = post(
        &mut second,
        &format!("{PAGE}/links"),
        &[
            ("year", "2023".into()),
            ("threat", "spr-2023-vawg".into()),
            ("target", "commitment:o5-safer-streets-4".into()),
        ],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let live = opcc_store::reports::spr::section(&app.db, 2023, "2023/24")
        .await
        .unwrap();
    let table = &live.tables[0];
    let row = table
        .rows
        .iter()
        .position(|r| r[0] == "Violence against women and girls")
        .unwrap();
    assert!(
        table.rows[row][2].contains("Complete (31 March 2024)"),
        "{:?}",
        table.rows[row]
    );
    let hrefs: Vec<&str> = table
        .links_of(row, 1)
        .unwrap()
        .iter()
        .map(|l| l.href.as_str())
        .collect();
    assert_eq!(
        hrefs,
        [
            "/plans/cheshire-2021-24/items/o5",
            "/plans/cheshire-2021-24#commitment-o5-safer-streets-4"
        ]
    );

    // The Panel and the public have no part here.
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(panel.get(PAGE).await.status, 403);
    assert_eq!(
        post(&mut panel, &format!("{PAGE}/links"), &link(target.clone()))
            .await
            .status,
        403
    );
    assert_eq!(app.browser().get(PAGE).await.status, 401);

    // Unlinking, and the fund no longer counted.
    let id: i64 = sqlx::query_scalar(
        "SELECT l.id FROM spr_links l JOIN spr_threats t ON t.id = l.threat_id \
         WHERE t.key = 'spr-2023-terrorism'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    let r = post(
        &mut office,
        &format!("{PAGE}/links/{id}/remove"),
        &[
            ("year", "2023".into()),
            ("threat", "spr-2023-terrorism".into()),
        ],
    )
    .await;
    assert_eq!(r.status, 303);
    let r = post(
        &mut office,
        &format!("{PAGE}/funds"),
        &[
            ("year", "2023".into()),
            ("fund", "serious-violence-duty".into()),
            ("serious_violence", "no".into()),
        ],
    )
    .await;
    assert_eq!(r.status, 303);
    let bad = post(
        &mut office,
        &format!("{PAGE}/funds"),
        &[
            ("year", "2023".into()),
            ("fund", "no-such-fund".into()),
            ("serious_violence", "yes".into()),
        ],
    )
    .await;
    assert_eq!(bad.status, 422);
    let page = office.get(&format!("{PAGE}?year=2023")).await;
    assert!(
        !page
            .body
            .contains("Improve confidence in policing (objective)</a>")
    );
    assert!(page.body.contains("Regional organised crime unit funded."));

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE action LIKE 'spr.%' OR action LIKE 'svd.%' ORDER BY seq",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let tail: Vec<&str> = actions
        .iter()
        .rev()
        .take(5)
        .rev()
        .map(String::as_str)
        .collect();
    assert_eq!(
        tail,
        [
            "spr.link",
            "spr.statement",
            "spr.link",
            "spr.unlink",
            "svd.mark_fund"
        ]
    );
    app.finish().await;
}

async fn approved_reports_keep_the_duties_as_they_were(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut office = app.signed_in(Role::Staff).await;
    // A year with no serious violence funding and no statements says so.
    let r = office
        .post("/admin/reports", &[("kind", "annual"), ("year", "2022")])
        .await;
    assert_eq!(r.status, 303);
    let at = r.location().to_string();
    let draft = squeeze(&office.get(&at).await.body);
    assert!(section_html(&draft, "svd").contains(
        "No serious violence funding, awards from it or services it pays for are recorded for 2022/23."
    ));
    // The draft reads the links as they are now: the 2021-24 plan was in force in 2022-23 too.
    let spr = section_html(&draft, "spr");
    assert!(spr.contains("Protect vulnerable and at-risk people (objective)"));
    assert!(spr.contains("No statement recorded"));
    let fields = [
        ("year", "2022"),
        ("threat", "spr-2023-cyber"),
        ("statement", "Cyber resilience tested with partners."),
    ];
    assert_eq!(
        office
            .post(&format!("{PAGE}/statements"), &fields)
            .await
            .status,
        303
    );
    assert!(
        office
            .get(&at)
            .await
            .body
            .contains("Cyber resilience tested with partners.")
    );
    for step in ["review", "approve"] {
        office
            .post(&format!("{at}/status"), &[("action", step)])
            .await;
    }

    // Records changed after approval change neither the approved draft nor the published
    // 2023-24 report.
    let mut public = app.browser();
    let before = squeeze(&public.get(&format!("/reports/{ANNUAL}")).await.body);
    sqlx::query("DELETE FROM spr_links")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE spr_statements SET statement = 'Changed later.'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE com_funds SET serious_violence = 0")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let after = squeeze(&public.get(&format!("/reports/{ANNUAL}")).await.body);
    assert_eq!(section_html(&before, "spr"), section_html(&after, "spr"));
    assert_eq!(section_html(&before, "svd"), section_html(&after, "svd"));
    assert!(section_html(&after, "spr").contains("/plans/cheshire-2021-24/items/o5"));
    assert!(!after.contains("Changed later."));
    let approved = squeeze(&office.get(&at).await.body);
    assert!(approved.contains("Cyber resilience tested with partners."));
    assert!(
        section_html(&approved, "spr")
            .contains("Protect vulnerable and at-risk people (objective)")
    );
    // A new draft reads the records as they are now.
    let r = office
        .post("/admin/reports", &[("kind", "annual"), ("year", "2021")])
        .await;
    let fresh = squeeze(&office.get(r.location()).await.body);
    assert!(section_html(&fresh, "spr").contains("0 of 7"));
    app.finish().await;
}

each_backend!(
    the_published_report_answers_the_threats_from_the_records,
    the_office_keeps_the_links_and_refusals_are_named,
    approved_reports_keep_the_duties_as_they_were
);
