//! The schemes' forms show a refusal on the form itself, GOV.UK style: an error summary
//! linking to the field, the message beside the field, and what was typed kept; dates are
//! day, month and year boxes. On both databases: a volunteer's report, a finding's response,
//! and the panel's list upload and draw.

use crate::support::{Backend, TestApp};
use crate::volunteer_office::linked_volunteer;
use opcc_domain::accounts::Role;

fn pairs<'a>(v: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

async fn middlewich(app: &TestApp) -> String {
    let id: i64 = sqlx::query_scalar("SELECT id FROM sch_places WHERE name = 'Middlewich'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    id.to_string()
}

async fn refusals_show_on_the_forms_with_what_was_typed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut volunteer, _) = linked_volunteer(&app, "Forms Volunteer", "2030-01-01").await;
    let place = middlewich(&app).await;
    let start = |day: &'static str, time: &'static str| {
        vec![
            ("place_id", place.clone()),
            ("visited_on-day", day.to_string()),
            ("visited_on-month", "2".to_string()),
            ("visited_on-year", "2024".to_string()),
            ("arrived_at", time.to_string()),
            ("unannounced", "yes".to_string()),
        ]
    };

    // 30 February: the error is on the form, naming the field, the boxes keep what was typed.
    let typed = start("30", "21:30");
    let bad = volunteer.post("/schemes/reports", &pairs(&typed)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("<title>Error: Visit and audit reports"));
    assert!(
        bad.body
            .contains("href=\"#visited_on\">The date of the visit must be a real date"),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("id=\"visited_on-error\""));
    assert!(
        bad.body
            .contains("name=\"visited_on-day\" type=\"text\" inputmode=\"numeric\" value=\"30\"")
    );
    assert!(bad.body.contains("value=\"21:30\""), "the time typed stays");
    assert!(
        bad.body.contains(&format!("value=\"{place}\" selected")),
        "the place chosen stays"
    );
    // A bad time is named too, with the date kept.
    let typed = start("27", "25:99");
    let bad = volunteer.post("/schemes/reports", &pairs(&typed)).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#arrived_at\""), "{}", bad.body);
    assert!(bad.body.contains("id=\"arrived_at-error\""));
    assert!(bad.body.contains("value=\"27\""));
    let no_reports: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sch_reports r JOIN sch_volunteers v ON v.id = r.author_id \
         WHERE v.name = 'Forms Volunteer'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(no_reports, 0, "nothing is stored");

    let typed = start("27", "21:30");
    let ok = volunteer.post("/schemes/reports", &pairs(&typed)).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let report = ok.location().to_string();
    let page = volunteer.get(&report).await;
    assert!(page.body.contains("Middlewich, 27 February 2024"));

    // An observation with a name instead of a custody record number: refused on the page,
    // the checklist answers kept.
    let bad = volunteer
        .post(
            &format!("{report}/observations"),
            &[
                ("subject", "Mr Jones"),
                ("visit", "visited"),
                ("q_rights", "concern"),
                ("note", "Seen in cell 4"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#subject\""), "{}", bad.body);
    assert!(bad.body.contains("id=\"subject-error\""));
    assert!(bad.body.contains("value=\"Mr Jones\""));
    assert!(
        bad.body
            .contains("name=\"q_rights\" type=\"radio\" value=\"concern\" checked")
    );
    assert!(bad.body.contains("Seen in cell 4</textarea>"));
    // An empty finding is named beside its field.
    let bad = volunteer
        .post(
            &format!("{report}/findings"),
            &[("raised", "escalated"), ("text", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#text\""), "{}", bad.body);
    assert!(bad.body.contains("value=\"escalated\" checked"));

    // The panel's list: an impossible period date shows on the upload form.
    let mut office = app.signed_in(Role::Staff).await;
    let list = "case_reference,offence,disposal,age_group,resolved_on\n\
                CH-1,Theft,community_resolution,adult,2024-04-02\n";
    let bad = office
        .upload_with(
            "/admin/schemes/panel/lists",
            &[
                ("period_from-day", "1"),
                ("period_from-month", "4"),
                ("period_from-year", "2024"),
                ("period_to-day", "31"),
                ("period_to-month", "6"),
                ("period_to-year", "2024"),
            ],
            "f.csv",
            list.into(),
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("href=\"#period_to\">The end of the period must be a real date"),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains("name=\"period_to-day\" type=\"text\" inputmode=\"numeric\" value=\"31\"")
    );
    // The draw: a missing seed and a meeting day without a month, both named.
    let bad = office
        .post(
            "/admin/schemes/panel/draws",
            &[
                ("list_id", "1"),
                ("seed", ""),
                ("size", "12"),
                ("stratify", "none"),
                ("scale", "three"),
                ("meets_on-day", "3"),
                ("meets_on-year", "2024"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("href=\"#seed\">Enter the seed"),
        "{}",
        bad.body
    );
    assert!(
        bad.body
            .contains("href=\"#meets_on\">The day the panel meets must include a month")
    );
    assert!(bad.body.contains("value=\"12\""), "the size typed stays");
    app.finish().await;
}

each_backend!(refusals_show_on_the_forms_with_what_was_typed);
