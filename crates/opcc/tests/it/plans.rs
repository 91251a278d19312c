//! Police and Crime Plans through the real server: the published documents in the database on both
//! backends, the lifecycle as staff drive it, consultation comments and who sees them,
//! reordering, exports, and import/export through the command line.

use crate::support::{Backend, Browser, TestApp};
use opcc_domain::accounts::Role;
use opcc_domain::plans::file::PlanFile;

async fn the_four_demo_plans_round_trip_through_the_database(backend: Backend) {
    let app = TestApp::start(backend).await;
    for plan in opcc_store::demo::demo_plans().unwrap() {
        let stored = opcc_store::plans::load(&app.db, &plan.slug)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored, plan, "{} on {backend:?}", plan.slug);
    }
    let list = opcc_store::plans::list(&app.db).await.unwrap();
    assert_eq!(
        list[0].slug, "cheshire-2024-28",
        "the plan in force comes first"
    );
    assert_eq!(list.len(), 4);
    app.finish().await;
}

#[tokio::test]
async fn the_public_reads_plan_pages_and_the_api() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let mut b = app.browser();
    let page = b.get("/plans/cheshire-2024-28").await;
    assert_eq!(page.status, 200);
    for text in [
        "Reduce crime",
        "Listen to the public",
        "Modernise",
        "Prevention and intervention",
        "DA Pilot Halton",
    ] {
        assert!(page.body.contains(text), "{text}");
    }
    assert!(
        page.body.contains("Not yet assessed"),
        "unrated shows as such, not 0%"
    );
    // The progress report to the Panel marks two prevention commitments "~" and one "/": the
    // plan page leads with them, counted by priority, with the key to the statuses.
    let progress = &page.body[page
        .body
        .find("How the plan is going")
        .expect("a progress summary")..];
    let reduce = &progress[progress.find("Reduce crime").unwrap()..];
    let row = &reduce[..reduce.find("</tr>").unwrap()];
    assert!(
        row.contains("2 in progress, 1 started"),
        "Reduce crime's row: {row}"
    );
    assert!(page.body.contains("marks these \"~\""));
    assert!(page.body.contains("1 April 2024 to 31 March 2028"));
    assert!(page.body.contains("Neighbourhood crime (burglary, robbery"));
    let o1 = b.get("/plans/cheshire-2013-16/items/o1").await;
    assert_eq!(o1.status, 200);
    assert_eq!(
        o1.body.matches("govuk-table__row").count(),
        1 + 8,
        "8 measures"
    );
    // The public reads what each priority takes up, not a scorecard of gaps.
    let inputs = b.get("/plans/cheshire-2013-16/inputs").await;
    assert_eq!(inputs.status, 200);
    assert!(
        !inputs.body.contains("Not answered") && !inputs.body.contains("✕"),
        "no public marks of inputs left unanswered"
    );
    assert!(inputs.body.contains("Strategic Policing Requirement"));
    let cmp = b
        .get("/plans/compare?a=cheshire-2016-21&b=cheshire-2024-28")
        .await;
    assert_eq!(cmp.status, 200);
    assert!(cmp.body.contains("kept") && cmp.body.contains("Added"));
    assert!(cmp.body.contains("Jaccard similarity of 0.5 or more"));
    // With no choice made, the two most recent plans, older first.
    let cmp = b.get("/plans/compare").await;
    assert!(
        cmp.body
            .contains(r#"<option value="cheshire-2021-24" selected>"#)
            && cmp
                .body
                .contains(r#"<option value="cheshire-2024-28" selected>"#),
        "defaults to 2021-24 against 2024-28"
    );
    let a = cmp.body.find(r#"id="a""#).unwrap();
    let b_at = cmp.body.find(r#"id="b""#).unwrap();
    assert!(cmp.body[a..b_at].contains(r#"value="cheshire-2021-24" selected"#));
    assert!(cmp.body[b_at..].contains(r#"value="cheshire-2024-28" selected"#));
    assert!(cmp.body.contains("kept"), "the comparison is shown at once");
    let api: serde_json::Value = serde_json::from_str(&b.get("/api/v1/plans").await.body).unwrap();
    assert_eq!(api.as_array().unwrap().len(), 4);
    let one: serde_json::Value =
        serde_json::from_str(&b.get("/api/v1/plans/cheshire-2013-16").await.body).unwrap();
    assert_eq!(one["items"].as_array().unwrap().len(), 5);
    assert_eq!(one["items"][0]["measures"].as_array().unwrap().len(), 8);
    assert_eq!(b.get("/plans/no-such-plan").await.status, 404);
    app.finish().await;
}

#[tokio::test]
async fn commitments_export_as_csv_and_as_a_real_xlsx_workbook() {
    use calamine::{Reader, Xlsx};
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let plan = opcc_store::plans::load(&app.db, "cheshire-2024-28")
        .await
        .unwrap()
        .unwrap();
    let commitments: usize = plan
        .all_items()
        .iter()
        .map(|(_, i)| i.commitments.len())
        .sum();
    let mut b = app.browser();
    let csv = b.get("/plans/cheshire-2024-28/commitments.csv").await;
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    assert_eq!(reader.records().count(), commitments);

    let res = reqwest::get(format!(
        "{}/plans/cheshire-2024-28/commitments.xlsx",
        app.base
    ))
    .await
    .unwrap();
    let bytes = res.bytes().await.unwrap();
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a valid workbook");
    let sheet = book.worksheet_range("Commitments").unwrap();
    assert_eq!(sheet.height(), commitments + 1);
    assert_eq!(sheet.get((0, 3)).unwrap().to_string(), "commitment");
    assert_eq!(
        sheet.get((1, 1)).unwrap().to_string(),
        "Reduce crime › Prevention and intervention"
    );
    app.finish().await;
}

async fn post_ok(b: &mut Browser, path: &str, fields: &[(&str, &str)]) {
    let res = b.post(path, fields).await;
    assert_eq!(
        res.status,
        303,
        "{path}: {}",
        &res.body[..res.body.len().min(2000)]
    );
}

async fn staff_drive_a_plan_through_its_lifecycle_and_the_public_comments_in_consultation(
    backend: Backend,
) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut panel = app.signed_in(Role::Panel).await;
    let mut public = app.browser();
    post_ok(
        &mut staff,
        "/admin/plans",
        &[
            ("slug", "cheshire-2028-32"),
            ("title", "Police and Crime Plan 2028-32"),
            ("commissioner", "A Commissioner"),
            ("term_start", "2028-04-01"),
            ("term_end", "2032-03-31"),
            ("levels", "Priority, Theme"),
        ],
    )
    .await;
    let slug = "/admin/plans/cheshire-2028-32";
    assert_eq!(
        public.get("/plans/cheshire-2028-32").await.status,
        404,
        "a draft is not public"
    );
    assert_eq!(
        panel.get("/plans/cheshire-2028-32").await.status,
        200,
        "the Panel sees drafts"
    );

    post_ok(
        &mut staff,
        &format!("{slug}/items"),
        &[("item-title", "Safer roads"), ("item-key", "roads")],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{slug}/items"),
        &[("item-title", "Victims first"), ("item-key", "victims")],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{slug}/items"),
        &[
            ("parent", "roads"),
            ("item-title", "Speeding"),
            ("item-key", "speeding"),
        ],
    )
    .await;
    let too_deep = staff
        .post(
            &format!("{slug}/items"),
            &[
                ("parent", "speeding"),
                ("item-title", "X"),
                ("item-key", "x"),
            ],
        )
        .await;
    assert_eq!(too_deep.status, 422);
    assert!(too_deep.body.contains("cannot go deeper"));
    post_ok(
        &mut staff,
        &format!("{slug}/commitments"),
        &[
            ("item", "speeding"),
            ("text", "Fund community speedwatch"),
            ("owner", "partner"),
            ("commitment-partner", "Cheshire Fire and Rescue Service"),
            ("commitment-key", "speedwatch"),
        ],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{slug}/items/victims/move"),
        &[("direction", "up")],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{slug}/items/roads/edit"),
        &[
            ("title", "Safer roads for everyone"),
            ("description", "Fewer people hurt"),
        ],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{slug}/commitments/speedwatch/edit"),
        &[
            ("text", "Fund community speedwatch in every borough"),
            ("owner", "joint"),
        ],
    )
    .await;
    let blank = staff
        .post(&format!("{slug}/items/roads/edit"), &[("title", " ")])
        .await;
    assert_eq!(blank.status, 422);
    let plan = opcc_store::plans::load(&app.db, "cheshire-2028-32")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(plan.items[0].key, "victims", "moved up");
    assert_eq!(plan.items[1].title, "Safer roads for everyone");
    let speedwatch = &plan.items[1].children[0].commitments[0];
    assert_eq!(
        speedwatch.text,
        "Fund community speedwatch in every borough"
    );
    assert_eq!(
        speedwatch.owner.label(),
        "Commissioner and Chief Constable jointly"
    );

    post_ok(
        &mut staff,
        &format!("{slug}/commitments/speedwatch/status"),
        &[
            ("status", "on_track"),
            ("date", "2028-06-30"),
            ("period", "Q1 2028-29"),
            ("narrative", "Ten schemes running"),
        ],
    )
    .await;
    let back = staff
        .post(
            &format!("{slug}/commitments/speedwatch/status"),
            &[
                ("status", "complete"),
                ("date", "2028-01-01"),
                ("narrative", "Backdated"),
            ],
        )
        .await;
    assert_eq!(back.status, 422);
    assert!(back.body.contains("on or after the latest report"));

    let skip = staff
        .post(
            &format!("{slug}/transition"),
            &[
                ("to", "published"),
                ("date", "2028-05-01"),
                ("note", "Skip"),
            ],
        )
        .await;
    assert_eq!(skip.status, 422);
    assert!(
        skip.body.contains("cannot move from draft to published"),
        "{}",
        skip.body
    );

    let today = time::OffsetDateTime::now_utc().date();
    let closes = today + time::Duration::days(28);
    post_ok(
        &mut staff,
        &format!("{slug}/transition"),
        &[
            ("to", "consultation"),
            ("date", &today.to_string()),
            ("closes", &closes.to_string()),
            ("note", "Decision 2028/01"),
        ],
    )
    .await;
    let page = public.get("/plans/cheshire-2028-32").await;
    assert_eq!(page.status, 200, "in consultation the public reads it");
    assert!(page.body.contains("Comment on the plan"));
    let empty = public
        .post("/plans/cheshire-2028-32/comment", &[("body", " ")])
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Enter your comment"));
    let sent = public
        .post(
            "/plans/cheshire-2028-32/comment",
            &[
                ("item", "roads"),
                ("body", "=HYPERLINK(\"x\") More speed cameras please"),
                ("name", "Jo Resident"),
                ("email", "jo@example.org"),
            ],
        )
        .await;
    assert_eq!(sent.status, 200);
    assert!(sent.body.contains("Comment received"));

    for path in [
        "/plans/cheshire-2028-32",
        "/api/v1/plans/cheshire-2028-32",
        "/plans/cheshire-2028-32/commitments.csv",
    ] {
        let res = public.get(path).await;
        assert!(
            !res.body.contains("Jo Resident") && !res.body.contains("jo@example.org"),
            "{path} leaks personal data"
        );
    }
    assert_eq!(public.get(&format!("{slug}/comments")).await.status, 401);
    let seen = panel.get(&format!("{slug}/comments")).await;
    assert!(seen.body.contains("Jo Resident") && seen.body.contains("More speed cameras"));
    let csv = panel.get(&format!("{slug}/comments.csv")).await;
    assert!(csv.body.contains("jo@example.org"));
    assert!(
        csv.body.contains("'=HYPERLINK"),
        "a formula is defused: {}",
        csv.body
    );

    // The consultation is still open: moving on asks first, and changes nothing until
    // confirmed.
    let asked = staff
        .post(
            &format!("{slug}/transition"),
            &[
                ("to", "panel_review"),
                ("date", &today.to_string()),
                ("note", "To the Panel"),
            ],
        )
        .await;
    assert_eq!(asked.status, 200);
    assert!(asked.body.contains("Close the consultation early?"));
    assert!(asked.body.contains(r#"name="confirm" value="yes""#));
    assert_eq!(
        opcc_store::plans::load(&app.db, "cheshire-2028-32")
            .await
            .unwrap()
            .unwrap()
            .status(),
        opcc_domain::plans::PlanStatus::Consultation
    );
    post_ok(
        &mut staff,
        &format!("{slug}/transition"),
        &[
            ("to", "panel_review"),
            ("date", &today.to_string()),
            ("note", "To the Panel"),
            ("confirm", "yes"),
        ],
    )
    .await;
    let late = public
        .post("/plans/cheshire-2028-32/comment", &[("body", "Too late")])
        .await;
    assert_eq!(late.status, 400, "comments close when consultation ends");
    // A Panel member records the Panel's recommendation; the office responds.
    let asked = panel
        .post(
            &format!("{slug}/panel"),
            &[
                ("kind", "recommendation"),
                ("about", "plan"),
                ("text", "Add a road safety measure"),
            ],
        )
        .await;
    assert_eq!(asked.status, 303, "{}", asked.body);
    let question = asked.location().to_string();
    post_ok(
        &mut staff,
        &format!("{question}/respond"),
        &[
            ("response", "Accepted"),
            ("response-date", &today.to_string()),
        ],
    )
    .await;
    post_ok(
        &mut staff,
        &format!("{slug}/transition"),
        &[
            ("to", "published"),
            ("date", &today.to_string()),
            ("note", "Decision 2028/02"),
        ],
    )
    .await;
    let panel_page = panel.get(slug).await;
    assert!(
        panel_page.body.contains("Add a road safety measure")
            && panel_page.body.contains("Accepted")
    );
    assert!(
        !panel_page.body.contains("Change status"),
        "the Panel reads but does not edit"
    );
    assert_eq!(
        panel
            .post(&format!("{slug}/transition"), &[("to", "refreshed")])
            .await
            .status,
        403
    );

    let log = opcc_store::audit::list(
        &app.db,
        &opcc_store::audit::AuditFilter {
            entity_id: "cheshire-2028-32".into(),
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    let actions: Vec<&str> = log
        .entries
        .iter()
        .rev()
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "plan.import",
            "plan.transition",
            "plan.transition",
            "plan.transition"
        ],
    );
    app.finish().await;
}

#[tokio::test]
async fn a_consultation_past_its_closing_date_takes_no_comments() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    // The 2013-16 plan as it stood in January 2013: out for consultation until the 25th.
    let mut plan = PlanFile::parse(opcc_store::demo::PLANS[0].1).unwrap();
    plan.slug = "old".into();
    plan.transitions.truncate(2);
    opcc_store::plans::import(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        &plan,
        false,
    )
    .await
    .unwrap();
    let mut public = app.browser();
    let page = public.get("/plans/old").await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("Comment on the plan"));
    let res = public
        .post("/plans/old/comment", &[("body", "Hello")])
        .await;
    assert_eq!(res.status, 400);
    assert!(
        opcc_store::plans::comments(&app.db, "old")
            .await
            .unwrap()
            .is_empty()
    );
    app.finish().await;
}

async fn a_plan_that_fails_midway_is_not_half_imported(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut plan = PlanFile::parse(opcc_store::demo::PLANS[3].1).unwrap();
    plan.slug = "broken".into();
    // Passes the file checks but breaks a constraint in the database, late in the import.
    let theme = &mut plan.items.last_mut().unwrap().children[0];
    let twin = theme.commitments[0].clone();
    theme.commitments.push(twin);
    let before = opcc_store::audit::list(&app.db, &Default::default(), 1, 0)
        .await
        .unwrap()
        .total;
    let r = opcc_store::plans::import(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        &plan,
        false,
    )
    .await;
    assert!(r.is_err());
    assert!(
        opcc_store::plans::load(&app.db, "broken")
            .await
            .unwrap()
            .is_none()
    );
    let after = opcc_store::audit::list(&app.db, &Default::default(), 1, 0)
        .await
        .unwrap()
        .total;
    assert_eq!(before, after, "no audit entry for a rolled-back import");
    app.finish().await;
}

#[tokio::test]
async fn panel_members_read_but_volunteers_and_providers_do_not_see_drafts() {
    let app = TestApp::start(crate::support::Backend::Sqlite).await;
    let mut admin = app.signed_in(Role::Admin).await;
    post_ok(
        &mut admin,
        "/admin/plans",
        &[
            ("slug", "draft-plan"),
            ("title", "Draft"),
            ("commissioner", "C"),
            ("term_start", "2028-04-01"),
            ("term_end", "2032-03-31"),
            ("levels", "Priority"),
        ],
    )
    .await;
    for role in [Role::Volunteer, Role::Provider] {
        let mut b = app.signed_in(role).await;
        assert_eq!(b.get("/plans/draft-plan").await.status, 404, "{role}");
        let api: serde_json::Value =
            serde_json::from_str(&b.get("/api/v1/plans").await.body).unwrap();
        assert_eq!(
            api.as_array().unwrap().len(),
            4,
            "{role} sees only the four public plans"
        );
    }
    let mut panel = app.signed_in(Role::Panel).await;
    let api: serde_json::Value =
        serde_json::from_str(&panel.get("/api/v1/plans").await.body).unwrap();
    assert_eq!(api.as_array().unwrap().len(), 5);
    app.finish().await;
}

each_backend!(
    the_four_demo_plans_round_trip_through_the_database,
    staff_drive_a_plan_through_its_lifecycle_and_the_public_comments_in_consultation,
    a_plan_that_fails_midway_is_not_half_imported
);
