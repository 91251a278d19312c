//! The office's volunteer forms through the pages, on both databases: "Add a volunteer" with
//! GOV.UK date boxes, refused on the form (error summary, 422, what was typed kept) and read
//! back as "1 April 2024" beside the scheme's name; a report's partner chosen from the
//! scheme's active volunteers and named only to its author and the scheme's staff; and the
//! engagement scheme's events, whose volunteers only its staff see; and the panel draw page's
//! forms (called from the draw's own test in `schemes`), refused on the page; and the rota's
//! month chosen with month and year boxes or the previous and next months' links.

use crate::scheme_staff::staff_of_every_scheme;
use crate::support::{Backend, Browser, PASSWORD, TestApp};
use crate::volunteer_office::linked_volunteer;
use opcc_domain::accounts::Role;
use opcc_store::audit::Actor;
use opcc_store::schemes::volunteers;

async fn a_volunteer_is_added_with_date_boxes(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut office = staff_of_every_scheme(&app).await;
    let form = |day: &'static str| {
        vec![
            ("name", "Boxed Volunteer"),
            ("email", "boxed@example.org"),
            ("schemes", "dogs"),
            ("joined-day", day),
            ("joined-month", "4"),
            ("joined-year", "2024"),
            ("vetting-day", "1"),
            ("vetting-month", "4"),
            ("vetting-year", ""),
        ]
    };
    let bad = office.post("/admin/schemes/volunteers", &form("31")).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("<title>Error: Volunteer schemes"));
    assert!(
        bad.body
            .contains("href=\"#joined\">The day they joined must be a real date")
    );
    assert!(
        bad.body
            .contains("href=\"#vetting\">The vetting expiry date must include a year")
    );
    assert!(
        bad.body.contains("value=\"boxed@example.org\""),
        "what was typed is kept"
    );
    assert!(bad.body.contains("value=\"dogs\" checked"));
    let mut good = form("1");
    good[8] = ("vetting-year", "2027");
    let ok = office.post("/admin/schemes/volunteers", &good).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let page = office.get(ok.location()).await;
    assert!(page.body.contains("1 April 2024") && page.body.contains("1 April 2027"));
    assert!(page.body.contains("Police Dog Welfare Visitors") && !page.body.contains(">dogs<"));
    let dash = office.get("/admin/schemes").await;
    assert!(dash.body.contains("Police Dog Welfare Visitors"));
    assert!(
        !dash.body.contains("For example, 2024-04-01"),
        "no ISO hint left"
    );
    app.finish().await;
}

async fn a_report_names_the_partner_to_its_author_and_the_schemes_staff(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut author, _) = linked_volunteer(&app, "Author Visitor", "2030-01-01").await;
    let (_, partner) = linked_volunteer(&app, "Partner Visitor", "2030-01-01").await;
    let (_, gone) = linked_volunteer(&app, "Former Visitor", "2030-01-01").await;
    volunteers::leave(&app.db, &Actor::system("test"), gone, "2024-02-01")
        .await
        .unwrap();
    let middlewich: i64 = sqlx::query_scalar("SELECT id FROM sch_places WHERE name = 'Middlewich'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let form = author.get("/schemes/reports").await.body;
    assert!(form.contains("Partner Visitor, Independent Custody Visitors"));
    assert!(!form.contains("Former Visitor") && !form.contains(">Author Visitor"));
    let start = |who: i64| {
        vec![
            ("place_id", middlewich.to_string()),
            ("visited_on", "2024-05-02".to_string()),
            ("arrived_at", "21:30".to_string()),
            ("partner_id", who.to_string()),
        ]
    };
    let refused = start(gone);
    let pairs: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let bad = author.post("/schemes/reports", &pairs).await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#partner_id\""), "{}", bad.body);
    let chosen = start(partner);
    let pairs: Vec<(&str, &str)> = chosen.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let ok = author.post("/schemes/reports", &pairs).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let report = ok.location().to_string();
    assert!(author.get(&report).await.body.contains("Partner Visitor"));

    let mut ours = staff_of_every_scheme(&app).await;
    assert!(ours.get(&report).await.body.contains("Partner Visitor"));
    let mut other = app.signed_in(Role::Staff).await;
    let theirs = other.get(&report).await;
    assert_eq!(theirs.status, 200, "reports stay the whole office's");
    assert!(!theirs.body.contains("Partner Visitor"));
    assert!(theirs.body.contains("Another volunteer of the scheme"));
    app.finish().await;
}

async fn engagement_events_record_who_went(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut office = staff_of_every_scheme(&app).await;
    app.user(Role::Volunteer, "engager@example.org").await;
    let added = office
        .post(
            "/admin/schemes/volunteers",
            &[
                ("name", "Engaging Volunteer"),
                ("email", "engager@example.org"),
                ("schemes", "engagement"),
                ("joined", "2024-01-10"),
            ],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM sch_volunteers WHERE name = 'Engaging Volunteer'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let page = office.get("/admin/schemes/events").await;
    assert!(page.body.contains("Record an event") && page.body.contains("Engaging Volunteer"));
    let bad = office
        .post(
            "/admin/schemes/events",
            &[
                ("held-day", "14"),
                ("held-month", "5"),
                ("held-year", "2024"),
                ("title", "Crewe market stall"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("href=\"#place\">Enter where the event was held")
    );
    assert!(
        bad.body
            .contains("href=\"#volunteers\">Choose the volunteers who went")
    );
    assert!(bad.body.contains("value=\"Crewe market stall\""));
    let vid = id.to_string();
    let ok = office
        .post(
            "/admin/schemes/events",
            &[
                ("held-day", "14"),
                ("held-month", "5"),
                ("held-year", "2024"),
                ("title", "Crewe market stall"),
                ("place", "Crewe Market Hall"),
                ("reached", "40"),
                ("volunteers", &vid),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let list = office.get("/admin/schemes/events").await.body;
    assert!(list.contains("14 May 2024, Crewe Market Hall") && list.contains("People reached: 40"));
    assert!(list.contains("Volunteers: Engaging Volunteer"));
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'schemes.event_add'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);

    // The rest of the office sees the event, not who went, and cannot record one.
    let mut other = app.signed_in(Role::Staff).await;
    let theirs = other.get("/admin/schemes/events").await.body;
    assert!(theirs.contains("Crewe market stall") && theirs.contains("Volunteers who went: 1"));
    assert!(!theirs.contains("Engaging Volunteer") && !theirs.contains("Record an event"));
    let refused = other
        .post(
            "/admin/schemes/events",
            &[("title", "Sneaked"), ("volunteers", &vid)],
        )
        .await;
    assert_eq!(refused.status, 404);
    // A volunteer never reaches the page.
    let mut volunteer = app.browser();
    assert_eq!(
        volunteer
            .sign_in("engager@example.org", PASSWORD)
            .await
            .status,
        303
    );
    assert_eq!(volunteer.get("/admin/schemes/events").await.status, 403);
    app.finish().await;
}

/// The draw page's forms refuse on the page itself, members are named only to the panel's
/// staff, and lists' periods and the force's response day read as "1 April 2024".
pub(crate) async fn panel_forms_refuse_on_the_page(
    app: &TestApp,
    staff: &mut Browser,
    draw: i64,
    review: i64,
) {
    let page = format!("/admin/schemes/panel/draws/{draw}");
    let draw_id = draw.to_string();
    let outcome = format!("/admin/schemes/panel/reviews/{review}/outcome");
    let named = [
        ("draw_id", draw_id.as_str()),
        ("outcome", "appropriate"),
        ("theme", "Mr Smith"),
    ];
    let bad = staff.post(&outcome, &named).await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("<title>Error: Panel draw for 1 July 2024")
    );
    assert!(
        bad.body.contains(&format!("href=\"#t-{review}\"")),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains("value=\"Mr Smith\""),
        "what was typed is kept"
    );
    assert!(
        bad.body.contains("Test volunteer:"),
        "the panel's staff read members' names"
    );
    let mut other = app.signed_in(Role::Staff).await;
    let theirs = other.get(&page).await.body;
    assert!(theirs.contains("A member:") && !theirs.contains("Test volunteer:"));

    let feedback = format!("/admin/schemes/panel/draws/{draw}/feedback");
    let bad = staff
        .post(&feedback, &[("fb-text", "Fed back on delays")])
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body
            .contains("href=\"#fb-theme\">Enter the theme of the feedback")
    );
    assert!(bad.body.contains("Fed back on delays</textarea>"));
    let ok = staff
        .post(
            &feedback,
            &[
                ("fb-theme", "Timeliness"),
                ("fb-text", "Fed back on delays"),
            ],
        )
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let fb: i64 = sqlx::query_scalar("SELECT MAX(id) FROM oocr_feedback")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let respond = format!("/admin/schemes/panel/feedback/{fb}/response");
    let day = |d: &str| -> Vec<(String, String)> {
        vec![
            ("draw_id".into(), draw_id.clone()),
            (format!("fbr-{fb}"), "Training planned".into()),
            (format!("fbd-{fb}-day"), d.into()),
            (format!("fbd-{fb}-month"), "2".into()),
            (format!("fbd-{fb}-year"), "2025".into()),
        ]
    };
    let form = day("31");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let bad = staff.post(&respond, &pairs).await;
    assert_eq!(bad.status, 422);
    let message =
        format!("href=\"#fbd-{fb}\">The day of the force&#39;s response must be a real date");
    assert!(bad.body.contains(&message), "{}", bad.body);
    assert!(bad.body.contains("Training planned</textarea>"));
    let form = day("14");
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(staff.post(&respond, &pairs).await.status, 303);
    let shown = staff.get(&page).await.body;
    assert!(
        shown.contains("response, 14 February 2025:</strong> Training planned"),
        "{shown}"
    );
    let index = staff.get("/admin/schemes/panel").await.body;
    assert!(index.contains("1 April 2024 to 30 June 2024") && !index.contains("2024-04-01 to"));
}

async fn the_rota_month_is_chosen_with_boxes_or_links(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut office = staff_of_every_scheme(&app).await;
    let page = office
        .get("/admin/schemes/rota?pick-month=3&pick-year=2024")
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Custody visits rota, March 2024"));
    assert!(
        page.body
            .contains("href=\"/admin/schemes/rota?month=2024-02\" rel=\"prev\"")
    );
    assert!(page.body.contains("February 2024") && page.body.contains("April 2024"));
    assert!(
        !page.body.contains("for example 2024-03"),
        "no ISO hint left"
    );
    // December's next month is January of the next year.
    let dec = office.get("/admin/schemes/rota?month=2024-12").await;
    assert!(
        dec.body
            .contains("href=\"/admin/schemes/rota?month=2025-01\" rel=\"next\"")
    );
    assert!(
        dec.body
            .contains("name=\"pick-month\" type=\"text\" inputmode=\"numeric\" value=\"12\"")
    );
    // A month the boxes do not name is refused on the page, the boxes as typed.
    let bad = office
        .get("/admin/schemes/rota?pick-month=13&pick-year=2024")
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("<title>Error: custody visits rota"));
    assert!(
        bad.body
            .contains("href=\"#pick-month\">The month must be a number from 1 to 12")
    );
    assert!(bad.body.contains("value=\"13\""));
    let no_year = office
        .get("/admin/schemes/rota?pick-month=3&pick-year=")
        .await;
    assert_eq!(no_year.status, 422);
    assert!(no_year.body.contains("Enter the month and the year"));
    app.finish().await;
}

each_backend!(
    the_rota_month_is_chosen_with_boxes_or_links,
    a_volunteer_is_added_with_date_boxes,
    a_report_names_the_partner_to_its_author_and_the_schemes_staff,
    engagement_events_record_who_went,
);
