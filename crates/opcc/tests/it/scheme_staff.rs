//! Staff assigned to a scheme: only they see its volunteers' personal data. Two staff users of
//! the same role, one made staff of the custody scheme by an administrator's form and one not:
//! the other is refused the volunteer's page (not found), sees none of the scheme's volunteers,
//! applications, expenses claims or rota, cannot act on them, and is refused the volunteers
//! API; reports and findings stay the whole office's. The command line adds and removes staff,
//! audited, for office users only.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use crate::volunteer_office::linked_volunteer;
use opcc_domain::accounts::Role;
use opcc_store::audit::Actor;
use opcc_store::schemes::{expenses, lifecycle, staff};
use std::process::{Command, Output};

/// A staff user signed in and made staff of every scheme.
pub(crate) async fn staff_of_every_scheme(app: &TestApp) -> Browser {
    let b = app.signed_in(Role::Staff).await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE role = 'staff' ORDER BY id DESC")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    for scheme in ["custody", "calls", "dogs", "engagement", "panel"] {
        staff::add(&app.db, &Actor::system("test"), scheme, id)
            .await
            .unwrap();
    }
    b
}

fn opcc(url: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opcc"))
        .env("OPCC_LOG", "warn")
        .env_remove("OPCC_DATABASE_URL")
        .arg("--database-url")
        .arg(url)
        .args(args)
        .output()
        .unwrap()
}

async fn audits(app: &TestApp, action: &str, user: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1 AND entity_id = $2")
        .bind(action)
        .bind(user.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn only_a_schemes_staff_see_its_volunteers(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (mut volunteer, vid) = linked_volunteer(&app, "Staffed Volunteer", "2030-01-01").await;
    let claim = [
        ("spent-day", "9"),
        ("spent-month", "3"),
        ("spent-year", "2024"),
        ("description", "Visit to Runcorn"),
        ("miles", "10"),
        ("other", ""),
    ];
    assert_eq!(
        volunteer.post("/schemes/me/expenses", &claim).await.status,
        303
    );
    let claim: i64 = expenses::expenses(&app.db, Some(vid)).await.unwrap()[0].id;
    lifecycle::apply(
        &app.db,
        &lifecycle::NewApplication {
            scheme: "custody",
            name: "Applicant Custody",
            email: "applicant.custody@example.org",
            phone: "01606 555555",
            reason: "To help",
        },
    )
    .await
    .unwrap();
    let application: i64 =
        sqlx::query_scalar("SELECT id FROM sch_applications WHERE name = 'Applicant Custody'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();

    let on = app.user(Role::Staff, "on.custody@example.org").await;
    app.user(Role::Staff, "off.custody@example.org").await;
    let mut ours = app.browser();
    assert_eq!(
        ours.sign_in("on.custody@example.org", PASSWORD)
            .await
            .status,
        303
    );
    let mut other = app.browser();
    assert_eq!(
        other
            .sign_in("off.custody@example.org", PASSWORD)
            .await
            .status,
        303
    );

    // Staff cannot make themselves scheme staff; an administrator does, on a form.
    let form = [
        ("action", "add"),
        ("scheme", "custody"),
        ("user_id", &on.id.to_string()),
    ];
    assert_eq!(ours.post("/admin/schemes/staff", &form).await.status, 403);
    let admin = app.user(Role::Admin, "scheme.admin@example.org").await;
    let secret = app.enrol(&admin).await;
    let mut admin_b = app.browser();
    admin_b
        .sign_in_with_code("scheme.admin@example.org", PASSWORD, &secret)
        .await;
    let bad = admin_b
        .post(
            "/admin/schemes/staff",
            &[("action", "add"), ("scheme", "custody")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("<title>Error: "));
    assert!(
        bad.body
            .contains("href=\"#user_id\">Choose a member of the office")
    );
    let added = admin_b.post("/admin/schemes/staff", &form).await;
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(audits(&app, "schemes.staff_add", on.id).await, 1);
    let page = admin_b.get("/admin/schemes/staff").await;
    assert!(page.body.contains("on.custody@example.org"));
    // The administrator assigns staff but is not staff: they see no volunteer.
    assert!(
        !admin_b
            .get("/admin/schemes")
            .await
            .body
            .contains("Staffed Volunteer")
    );

    // The volunteer's page: theirs, not found to the other.
    let path = format!("/admin/schemes/volunteers/{vid}");
    let mine = ours.get(&path).await;
    assert_eq!(mine.status, 200);
    assert!(mine.body.contains("Staffed Volunteer") && mine.body.contains("01606 444444"));
    assert!(
        mine.body.contains("Independent Custody Visitors"),
        "scheme names, not slugs"
    );
    assert_eq!(other.get(&path).await.status, 404);
    let leave = [
        ("left-day", "1"),
        ("left-month", "5"),
        ("left-year", "2024"),
    ];
    let refused = other.post(&format!("{path}/leave"), &leave).await;
    assert_eq!(refused.status, 404);

    // The lists: the dashboard, applications, expenses and rota omit them for the other.
    for (page, fact) in [
        ("/admin/schemes", "Staffed Volunteer"),
        (
            "/admin/schemes/applications",
            "applicant.custody@example.org",
        ),
        ("/admin/schemes/expenses", "Staffed Volunteer"),
        ("/admin/schemes/rota?month=2024-03", "Draft the rota"),
    ] {
        let seen = ours.get(page).await;
        assert_eq!(seen.status, 200, "{page}");
        assert!(seen.body.contains(fact), "{page} lacks {fact}");
        let hidden = other.get(page).await;
        assert_eq!(hidden.status, 200, "{page}");
        assert!(
            !hidden.body.contains(fact),
            "{page} shows {fact} to the other"
        );
    }
    assert!(
        other
            .get("/admin/schemes")
            .await
            .body
            .contains("You are not staff of any scheme")
    );
    // Nor may the other act on them.
    let approve = [("decision", "approve")];
    let path = format!("/admin/schemes/expenses/{claim}");
    assert_eq!(other.post(&path, &approve).await.status, 404);
    let accept = [("decision", "accept")];
    let path = format!("/admin/schemes/applications/{application}");
    assert_eq!(other.post(&path, &accept).await.status, 404);
    assert_eq!(
        other
            .post("/admin/schemes/rota", &[("month", "2024-03")])
            .await
            .status,
        404
    );
    let added = other
        .post(
            "/admin/schemes/volunteers",
            &[
                ("name", "Sneaked In"),
                ("schemes", "custody"),
                ("joined", "2024-01-01"),
            ],
        )
        .await;
    assert_eq!(added.status, 422);
    assert!(added.body.contains("Choose only schemes you are staff of"));

    // The API: the staff's volunteers, none for the other.
    let api = ours.get("/api/v1/schemes/volunteers").await;
    assert_eq!(api.status, 200);
    assert!(api.body.contains("Staffed Volunteer"));
    let api = other.get("/api/v1/schemes/volunteers").await;
    assert_eq!(api.status, 200);
    assert_eq!(api.body.trim(), "[]");

    // Reports and findings stay the whole office's.
    let findings = other.get("/api/v1/schemes/findings").await;
    assert_eq!(findings.status, 200);
    assert!(findings.body.contains("report_id"));

    // Removed, they see nothing again; audited.
    let remove = [
        ("action", "remove"),
        ("scheme", "custody"),
        ("user_id", &on.id.to_string()),
    ];
    assert_eq!(
        admin_b.post("/admin/schemes/staff", &remove).await.status,
        303
    );
    assert_eq!(audits(&app, "schemes.staff_remove", on.id).await, 1);
    assert_eq!(
        ours.get(&format!("/admin/schemes/volunteers/{vid}"))
            .await
            .status,
        404
    );
    app.finish().await;
}

async fn scheme_staff_are_added_from_the_command_line(backend: Backend) {
    let app = TestApp::start(backend).await;
    let url = app.test_db.url.clone();
    let user = app.user(Role::Staff, "cli.staff@example.org").await;
    app.user(Role::Panel, "cli.panel@example.org").await;
    let out = opcc(
        &url,
        &["schemes", "staff", "add", "dogs", "CLI.Staff@example.org"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        staff::schemes_of(&app.db, user.id).await.unwrap(),
        vec!["dogs".to_string()]
    );
    assert_eq!(audits(&app, "schemes.staff_add", user.id).await, 1);

    // A Panel member is never scheme staff; an unknown scheme or e-mail is named.
    let panel = opcc(
        &url,
        &["schemes", "staff", "add", "dogs", "cli.panel@example.org"],
    );
    assert_eq!(panel.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&panel.stderr).contains("only an active member of the office"));
    let nowhere = opcc(
        &url,
        &["schemes", "staff", "add", "cats", "cli.staff@example.org"],
    );
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nowhere.stderr).contains("no scheme cats"));
    let nobody = opcc(
        &url,
        &["schemes", "staff", "add", "dogs", "nobody@example.org"],
    );
    assert_eq!(nobody.status.code(), Some(2));

    let out = opcc(
        &url,
        &[
            "schemes",
            "staff",
            "remove",
            "dogs",
            "cli.staff@example.org",
        ],
    );
    assert!(out.status.success());
    assert!(
        staff::schemes_of(&app.db, user.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(audits(&app, "schemes.staff_remove", user.id).await, 1);
    app.finish().await;
}

each_backend!(only_a_schemes_staff_see_its_volunteers);
each_backend!(scheme_staff_are_added_from_the_command_line);
