//! Volunteer scrutiny schemes through the real server: the demo's 2023-24 figures on the public
//! page, in the CSV and the API, exactly as the annual report gives them; a volunteer's custody
//! visit from start to the force's response and closure, with a second volunteer refused it on
//! page and API and no detainee's name accepted or shown; and the panel's draw, redone from its
//! recorded seed and list hash.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;

async fn json(b: &mut Browser, path: &str) -> Value {
    let r = b.get(path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn the_demo_year_gives_the_annual_reports_figures(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let page = public.get("/schemes?year=2023").await;
    assert_eq!(page.status, 200);
    for fact in [
        "156 visits across Middlewich, Runcorn and Blacon; 1,247 detainees visited",
        "17 audits of 152 calls: 49% emergency (999) and 51% non-emergency (101)",
        "21 visits; 49 different dogs; 138 observations",
        "316 cases reviewed (236 adult, 80 youth): 86% supported, 10% (32) not supported, 4% split",
        "27 at 31 March 2024",
    ] {
        assert!(page.body.contains(fact), "the page lacks {fact:?}");
    }
    // Every chart has its table; no volunteer is named on the public page.
    assert_eq!(page.body.matches("<svg").count(), 2);
    assert!(page.body.contains("The schemes by quarter, 2023/24"));
    assert!(!page.body.contains("Illustrative volunteer"));

    let (status, csv) = public.get_bytes("/schemes/statistics.csv?year=2023").await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(csv).unwrap();
    let mut rows = csv.lines().map(|l| l.split(',').collect::<Vec<_>>());
    let header = rows.next().unwrap();
    let year = rows.next().unwrap();
    let cell = |name: &str| year[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(cell("period"), "2023/24");
    for (name, want) in [
        ("custody_visits", "156"),
        ("detainees_visited", "1247"),
        ("call_audits", "17"),
        ("calls", "152"),
        ("calls_999_percent", "49"),
        ("calls_101_percent", "51"),
        ("dog_visits", "21"),
        ("dogs", "49"),
        ("dog_observations", "138"),
        ("panel_cases", "316"),
        ("panel_adult", "236"),
        ("panel_youth", "80"),
        ("supported_percent", "86"),
        ("not_supported", "32"),
        ("not_supported_percent", "10"),
        ("split_percent", "4"),
        ("active_volunteers", "27"),
    ] {
        assert_eq!(cell(name), want, "{name}");
    }
    // The quarters add up to the year.
    let quarters: Vec<Vec<&str>> = rows.collect();
    assert_eq!(quarters.len(), 4);
    let visits = header.iter().position(|h| *h == "custody_visits").unwrap();
    let sum: i64 = quarters
        .iter()
        .map(|q| q[visits].parse::<i64>().unwrap())
        .sum();
    assert_eq!(sum, 156);

    let api = json(&mut public, "/api/v1/schemes/statistics?year=2023").await;
    assert_eq!(api["year"], "2023/24");
    assert_eq!(api["total"]["detainees_visited"], 1247);
    assert_eq!(api["total"]["calls_999"], 74);
    assert_eq!(api["quarters"].as_array().unwrap().len(), 4);
    // The findings API is the office's.
    assert_eq!(public.get("/api/v1/schemes/findings").await.status, 401);
    let mut staff = app.signed_in(Role::Staff).await;
    let findings = json(&mut staff, "/api/v1/schemes/findings").await;
    assert_eq!(findings.as_array().unwrap().len(), 13);
    app.finish().await;
}

/// A volunteer account linked to a custody visitor record by the office.
async fn volunteer(app: &TestApp, staff: &mut Browser, email: &str, scheme: &str) -> Browser {
    app.user(Role::Volunteer, email).await;
    let r = staff
        .post(
            "/admin/schemes/volunteers",
            &[
                ("name", "Test volunteer"),
                ("email", email),
                ("link_account", "yes"),
                ("schemes", scheme),
                ("joined_on", "2024-01-10"),
                ("vetting_expires_on", "2027-01-10"),
                ("training_expires_on", "2026-01-10"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let mut b = app.browser();
    assert_eq!(b.sign_in(email, PASSWORD).await.status, 303);
    b
}

async fn a_volunteer_files_a_custody_visit_and_the_office_closes_its_finding(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = crate::scheme_staff::staff_of_every_scheme(&app).await;
    let mut author = volunteer(&app, &mut staff, "icv-one@example.org", "custody").await;
    let mut other = volunteer(&app, &mut staff, "icv-two@example.org", "custody").await;
    let middlewich: i64 = sqlx::query_scalar("SELECT id FROM sch_places WHERE name = 'Middlewich'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let list = author.get("/schemes/reports").await;
    assert!(list.body.contains("Start a report"), "{}", list.body);
    let r = author
        .post(
            "/schemes/reports",
            &[
                ("place_id", &middlewich.to_string()),
                ("visited_on", "2024-05-02"),
                ("arrived_at", "21:30"),
                ("unannounced", "yes"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let report = r.location().to_string();
    let id: i64 = report.rsplit('/').next().unwrap().parse().unwrap();
    let add = format!("{report}/observations");

    // A name is refused as a custody record number and in free text; nothing is stored.
    for (subject, note) in [
        ("John Smith", ""),
        ("06MW/01234/24", "Mr Smith asked for a blanket"),
        ("06MW/01234/24", "His name is John"),
    ] {
        let r = author
            .post(
                &add,
                &[("subject", subject), ("visit", "visited"), ("note", note)],
            )
            .await;
        assert_eq!(r.status, 422, "{subject} / {note}");
    }
    for (subject, visit) in [("06MW/01234/24", "visited"), ("06mw/01240/24", "declined")] {
        let r = author
            .post(
                &add,
                &[
                    ("subject", subject),
                    ("visit", visit),
                    ("q_rights", "met"),
                    ("q_entitlements", "met"),
                    ("q_health", "concern"),
                    ("q_conditions", "met"),
                    ("note", "Asked for a blanket; given one."),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let r = author
        .post(
            &format!("{report}/findings"),
            &[
                ("raised", "at_time"),
                ("text", "Cell 3 was cold overnight."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // The second volunteer can neither see nor change it, on the page or the API: to them it
    // is not there at all.
    assert_eq!(other.get(&report).await.status, 404);
    assert_eq!(
        other
            .get(&format!("/api/v1/schemes/reports/{id}"))
            .await
            .status,
        404
    );
    assert_eq!(
        other
            .post(&add, &[("subject", "06MW/09999/24"), ("visit", "visited")])
            .await
            .status,
        404
    );
    assert_eq!(
        other.post(&format!("{report}/submit"), &[]).await.status,
        404
    );
    assert!(!other.get("/schemes/reports").await.body.contains(&report));
    // The office cannot write in it either: it corrects, with a reason, once submitted.
    assert_eq!(
        staff
            .post(&add, &[("subject", "06MW/09998/24"), ("visit", "visited")])
            .await
            .status,
        422
    );

    // Submitted, it no longer changes at its author's hand.
    assert_eq!(
        author.post(&format!("{report}/submit"), &[]).await.status,
        303
    );
    assert_eq!(
        author
            .post(&add, &[("subject", "06MW/05555/24"), ("visit", "visited")])
            .await
            .status,
        403
    );
    let mine = json(&mut author, &format!("/api/v1/schemes/reports/{id}")).await;
    assert_eq!(mine["status"], "submitted");
    let subjects: Vec<&str> = mine["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["06MW/01234/24", "06MW/01240/24"]);
    assert_eq!(mine["observations"][0]["answers"]["health"], "concern");

    // The office sees it (and the viewing is in the audit log), records the force's response
    // and closes the finding.
    let page = staff.get(&report).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("06MW/01234/24") && page.body.contains("Cell 3 was cold"));
    assert!(!page.body.contains("Smith") && !page.body.contains("name=\"name\""));
    let views: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'schemes.report_view' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    // Two: the refused attempt to write above showed the office the report again, with the
    // refusal on it, and that is a viewing too.
    assert_eq!(views, 2);
    let finding: i64 = sqlx::query_scalar("SELECT id FROM sch_findings WHERE report_id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let respond = format!("/admin/schemes/findings/{finding}");
    assert_eq!(
        staff
            .post(
                &respond,
                &[
                    ("force_response", "Heating repaired."),
                    ("on", "2024-05-10"),
                    ("close", "no")
                ]
            )
            .await
            .status,
        303
    );
    let f = json(&mut staff, "/api/v1/schemes/findings").await;
    let f = f
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == finding)
        .unwrap()
        .clone();
    assert_eq!(f["status"], "responded");
    assert_eq!(f["force_response"], "Heating repaired.");
    assert_eq!(f["due_on"], "2024-05-30");
    assert_eq!(
        staff
            .post(&respond, &[("on", "2024-05-20"), ("close", "yes")])
            .await
            .status,
        303
    );
    let (status, closed): (String, Option<String>) =
        sqlx::query_as("SELECT status, closed_on FROM sch_findings WHERE id = $1")
            .bind(finding)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (status.as_str(), closed.as_deref()),
        ("closed", Some("2024-05-20"))
    );
    // A correction needs its reason; with one, it is kept beside the report.
    let correct = format!("/admin/schemes/reports/{id}/correct");
    let no_reason = [("field", "arrived_at"), ("value", "21:35"), ("reason", "")];
    assert_eq!(staff.post(&correct, &no_reason).await.status, 422);
    let with_reason = [
        ("field", "arrived_at"),
        ("value", "21:35"),
        ("reason", "Misread the clock"),
    ];
    assert_eq!(staff.post(&correct, &with_reason).await.status, 303);
    let page = staff.get(&report).await;
    assert!(page.body.contains("Misread the clock") && page.body.contains("21:35"));
    // No name reached the database anywhere.
    let names: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM sch_observations WHERE subject LIKE '%Smith%' OR note LIKE '%Smith%' \
         OR note LIKE '%John%') + (SELECT COUNT(*) FROM sch_findings WHERE text LIKE '%Smith%')",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(names, 0);
    app.finish().await;
}

const LIST: &str = "case_reference,offence,disposal,age_group,resolved_on\n\
    CH-9001,Theft from a shop,Community resolution,adult,2024-04-03\n\
    CH-9002,Criminal damage,diversionary_caution,adult,2024-04-09\n\
    CH-9003,Common assault,community_caution,adult,2024-05-01\n\
    CH-9004,Possession of cannabis,cannabis_warning,adult,2024-05-11\n\
    CH-9005,Criminal damage,youth_caution,youth,2024-05-20\n\
    CH-9006,Theft from a shop,community_resolution,youth,2024-06-02\n\
    CH-9007,Public order offence,simple_caution,adult,2024-06-12\n\
    CH-9008,Making off without payment,conditional_caution,adult,2024-06-30\n";

async fn the_panel_draw_is_redone_from_its_seed_and_list_hash(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = crate::scheme_staff::staff_of_every_scheme(&app).await;
    let period = [("period_from", "2024-04-01"), ("period_to", "2024-06-30")];
    let lists = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM oocr_lists")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    let before = lists().await;
    // A bad row names the file, row and field, and nothing is stored.
    let bad = LIST.replace("cannabis_warning,adult", "fine,adult")
        + "CH-9009,Theft,simple_caution,adult,2023-01-01\n";
    let r = staff
        .upload_with(
            "/admin/schemes/panel/lists",
            &period,
            "q1.csv",
            bad.into_bytes(),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("q1.csv, row 5, disposal"), "{}", r.body);
    assert!(r.body.contains("q1.csv, row 10, resolved_on"), "{}", r.body);
    assert_eq!(lists().await, before);
    let named = "case_reference,offence,disposal,age_group,resolved_on,name\n";
    let r = staff
        .upload_with("/admin/schemes/panel/lists", &period, "n.csv", named.into())
        .await;
    assert!(r.body.contains("holds no names"), "{}", r.body);
    for _ in 0..2 {
        let r = staff
            .upload_with("/admin/schemes/panel/lists", &period, "q1.csv", LIST.into())
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(lists().await, before + 1, "the same file twice is one list");
    let list: i64 = sqlx::query_scalar("SELECT MAX(id) FROM oocr_lists")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let r = staff
        .post(
            "/admin/schemes/panel/draws",
            &[
                ("list_id", &list.to_string()),
                ("seed", "Panel 1 July 2024, ball 17"),
                ("size", "4"),
                ("stratify", "age_group"),
                ("scale", "four"),
                ("meets_on", "2024-07-01"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let draw_page = r.location().to_string();
    let (draw, seed, hash): (i64, String, String) =
        sqlx::query_as("SELECT id, seed, list_hash FROM oocr_draws WHERE list_id = $1")
            .bind(list)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    // Anyone can redo it: the list's hash from its references, the draw from seed and hash.
    let refs: Vec<(String, String)> = LIST
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_string(), c[3].to_string())
        })
        .collect();
    use opcc_domain::schemes::draw;
    assert_eq!(draw::list_hash(refs.iter().map(|(r, _)| r.as_str())), hash);
    let again = draw::draw(&seed, &hash, &refs, 4, true).unwrap();
    let stored: Vec<String> = sqlx::query_scalar(
        "SELECT c.case_ref FROM oocr_reviews v JOIN oocr_cases c ON c.id = v.case_id \
         WHERE v.draw_id = $1 ORDER BY v.position",
    )
    .bind(draw)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(again, stored);
    // Stratified by age group: 6 adults and 2 youths of 8 share a sample of 4 as 3 and 1.
    let youth = stored
        .iter()
        .filter(|r| ["CH-9005", "CH-9006"].contains(&r.as_str()))
        .count();
    assert_eq!(youth, 1);
    let page = staff.get(&draw_page).await;
    assert!(page.body.contains(&hash) && page.body.contains("Panel 1 July 2024, ball 17"));
    assert!(page.body.contains("Same cases, same order"));

    // Members' own views: each sees only their own.
    let mut one = volunteer(&app, &mut staff, "panel-one@example.org", "panel").await;
    let mut two = volunteer(&app, &mut staff, "panel-two@example.org", "panel").await;
    let review: i64 =
        sqlx::query_scalar("SELECT id FROM oocr_reviews WHERE draw_id = $1 AND position = 1")
            .bind(draw)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let view = format!("/schemes/panel/reviews/{review}/view");
    assert_eq!(
        one.post(
            &view,
            &[
                ("view", "inappropriate"),
                ("note", "Should have gone to court")
            ]
        )
        .await
        .status,
        303
    );
    assert_eq!(
        one.post(&view, &[("view", "split")]).await.status,
        422,
        "a member cannot split"
    );
    let theirs = two.get("/schemes/panel").await;
    assert!(theirs.body.contains(&stored[0]));
    assert!(
        !theirs.body.contains("Should have gone to court")
            && !theirs.body.contains("Your view: inappropriate")
    );
    let mut outsider = volunteer(&app, &mut staff, "icv-x@example.org", "custody").await;
    assert_eq!(
        outsider
            .post(&view, &[("view", "appropriate")])
            .await
            .status,
        422
    );
    // The panel's outcome on the draw's four-point scale; the three-point's words are refused.
    let outcome = format!("/admin/schemes/panel/reviews/{review}/outcome");
    let draw_id = draw.to_string();
    assert_eq!(
        staff
            .post(&outcome, &[("draw_id", &draw_id), ("outcome", "supported")])
            .await
            .status,
        422
    );
    assert_eq!(
        staff
            .post(
                &outcome,
                &[
                    ("draw_id", &draw_id),
                    ("outcome", "appropriate_with_observations"),
                    ("theme", "Victim's views")
                ]
            )
            .await
            .status,
        303
    );
    let stored: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT outcome, reviewed_on FROM oocr_reviews WHERE id = $1")
            .bind(review)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        stored,
        (
            Some("appropriate_with_observations".into()),
            Some("2024-07-01".into())
        )
    );
    assert_eq!(
        one.post(&view, &[("view", "appropriate")]).await.status,
        422,
        "decided"
    );
    crate::schemes_office_forms::panel_forms_refuse_on_the_page(&app, &mut staff, draw, review)
        .await;
    app.finish().await;
}

each_backend!(
    the_demo_year_gives_the_annual_reports_figures,
    a_volunteer_files_a_custody_visit_and_the_office_closes_its_finding,
    the_panel_draw_is_redone_from_its_seed_and_list_hash,
);
