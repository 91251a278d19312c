//! The survey, event and assembly forms take days in GOV.UK date boxes; a wrong one comes back
//! with the error summary linking to the day box, the message beside the field, and what was
//! typed still in the boxes.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

fn refused_on_the_form(body: &str, field: &str, message: &str) {
    assert!(body.contains("govuk-error-summary"), "{body}");
    assert!(
        body.contains(&format!("<a href=\"#{field}\">{message}</a>")),
        "summary for {field}: {body}"
    );
    assert!(
        body.contains(&format!(
            "id=\"{field}-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> {message}"
        )),
        "inline error for {field}"
    );
    assert!(body.contains("<title>Error: "), "the title says so");
}

async fn invalid_dates_come_back_on_the_forms(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    staff.get("/admin/engagement").await;
    // A survey opening on 31 February, closing fine.
    let r = staff
        .post(
            "/admin/engagement/surveys",
            &[
                ("title", "Roads survey"),
                ("summary", "About roads"),
                ("opens_on-day", "31"),
                ("opens_on-month", "2"),
                ("opens_on-year", "2026"),
                ("closes_on-day", "1"),
                ("closes_on-month", "4"),
                ("closes_on-year", "2026"),
                ("named", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    refused_on_the_form(&r.body, "opens_on", "The opening date must be a real date");
    assert!(r.body.contains("value=\"Roads survey\"") && r.body.contains("About roads"));
    assert!(
        r.body
            .contains("name=\"opens_on-day\" type=\"text\" inputmode=\"numeric\" value=\"31\"")
    );
    assert!(
        r.body
            .contains("id=\"s-named\" name=\"named\" type=\"checkbox\" value=\"yes\" checked")
    );
    // Closing before opening is the closing date's error; a missing title is the title's.
    let r = staff
        .post(
            "/admin/engagement/surveys",
            &[
                ("title", ""),
                ("summary", "About roads"),
                ("opens_on", "2026-04-02"),
                ("closes_on", "2026-04-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    refused_on_the_form(
        &r.body,
        "closes_on",
        "The closing date must be on or after the opening date",
    );
    refused_on_the_form(&r.body, "s-title", "Enter the survey&#39;s title");
    let made: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM engagement_surveys WHERE title = 'Roads survey'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(made, 0);

    // An event on 30 February, with a bad end time: both errors, the venue kept.
    let r = staff
        .post(
            "/admin/engagement/events",
            &[
                ("title", "Crewe surgery"),
                ("kind", "surgery"),
                ("starts-day", "30"),
                ("starts-month", "2"),
                ("starts-year", "2026"),
                ("starts-time", "18:00"),
                ("ends-time", "8pm"),
                ("venue", "Crewe Library"),
                ("lad", "E06000049"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    refused_on_the_form(
        &r.body,
        "starts",
        "The event&#39;s date must be a real date",
    );
    assert!(r.body.contains("value=\"Crewe Library\"") && r.body.contains("value=\"30\""));
    // A real event, then a change to it with a missing year.
    let r = staff
        .post(
            "/admin/engagement/events",
            &[
                ("title", "Crewe surgery"),
                ("kind", "surgery"),
                ("starts-day", "3"),
                ("starts-month", "3"),
                ("starts-year", "2026"),
                ("starts-time", "18:00"),
                ("ends-time", "20:00"),
                ("venue", "Crewe Library"),
                ("lad", "E06000049"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: i64 =
        sqlx::query_scalar("SELECT MAX(id) FROM engagement_events WHERE title = 'Crewe surgery'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let path = format!("/admin/engagement/events/{id}");
    staff.get(&path).await;
    let r = staff
        .post(
            &path,
            &[
                ("title", "Crewe surgery, moved"),
                ("kind", "surgery"),
                ("starts-day", "4"),
                ("starts-month", "3"),
                ("starts-year", ""),
                ("starts-time", "18:00"),
                ("ends-time", "20:00"),
                ("venue", "Crewe Library"),
                ("lad", "E06000049"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    refused_on_the_form(
        &r.body,
        "starts",
        "The event&#39;s date must include a year",
    );
    assert!(r.body.contains("value=\"Crewe surgery, moved\""));

    // An assembly whose volunteering closes on 32 March.
    staff.get("/admin/assemblies").await;
    let r = staff
        .post(
            "/admin/assemblies",
            &[
                ("title", "Northwich assembly"),
                ("area_code", "E06000050"),
                ("place", "Northwich"),
                ("summary", "A test"),
                ("panel_size", "20"),
                ("recruitment_opens-day", "1"),
                ("recruitment_opens-month", "3"),
                ("recruitment_opens-year", "2026"),
                ("recruitment_closes-day", "32"),
                ("recruitment_closes-month", "3"),
                ("recruitment_closes-year", "2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    refused_on_the_form(
        &r.body,
        "recruitment_closes",
        "The day volunteering closes must be a real date",
    );
    assert!(r.body.contains("value=\"Northwich assembly\"") && r.body.contains("value=\"32\""));
    app.finish().await;
}

each_backend!(invalid_dates_come_back_on_the_forms);
