//! Police complaints through the real server: casework is the complaints team's alone (a
//! staff member without the role, a Panel member and the public reach no record or personal
//! data by page, API, export or search), a review goes from request to decision letter, a
//! reviewer with a declared conflict is refused the case, every view is audited, the subject
//! access export holds everything about one person, the IOPC's figures are uploaded with
//! errors named by row and field, the item 7C statement is published, and the retention
//! command removes exactly the expired records and leaves the audit chain verifiable.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use opcc_domain::accounts::Role;
use opcc_store::audit::Actor;
use std::process::{Command, Output};

/// A staff member on the complaints team, signed in.
pub(crate) async fn team_member(app: &TestApp, email: &str) -> (i64, Browser) {
    let user = app.user(Role::Staff, email).await;
    opcc_store::complaints::grant(&app.db, &Actor::system("test"), user.id)
        .await
        .unwrap();
    let mut b = app.browser();
    assert_eq!(b.sign_in(email, PASSWORD).await.status, 303);
    (user.id, b)
}

pub(crate) async fn review_id(app: &TestApp, force_reference: &str) -> (i64, i64) {
    sqlx::query_as("SELECT id, person_id FROM complaints_reviews WHERE force_reference = $1")
        .bind(force_reference)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

pub(crate) async fn audit_count(app: &TestApp, action: &str, actor: i64, entity: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND actor_id = $2 AND entity_id = $3",
    )
    .bind(action)
    .bind(actor)
    .bind(entity.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
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

async fn iopc_2024(b: &mut Browser) -> serde_json::Value {
    serde_json::from_str(&b.get("/api/v1/complaints/iopc?year=2025").await.body).unwrap()
}

const NAME: &str = "Alex Example";

async fn only_the_team_reaches_casework(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (review, person) = review_id(&app, "CO/2023/1187").await;
    let cc: i64 = sqlx::query_scalar("SELECT MIN(id) FROM complaints_cc")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let private = [
        format!("/admin/complaints/reviews/{review}"),
        format!("/admin/complaints/reviews/{review}/letter"),
        format!("/admin/complaints/reviews/{review}/letter.txt"),
        format!("/admin/complaints/chief-constable/{cc}"),
        format!("/admin/complaints/persons/{person}"),
        format!("/admin/complaints/persons/{person}/export.json"),
        format!("/admin/complaints/persons/{person}/export.csv"),
        "/admin/complaints/reviews/new".to_string(),
        "/admin/complaints/chief-constable/new".to_string(),
        "/admin/complaints/retention".to_string(),
        "/admin/complaints/letter-template".to_string(),
    ];
    let (_, mut team) = team_member(&app, "team@example.org").await;
    for path in &private {
        let (status, body) = team.get_bytes(path).await;
        assert_eq!(status, 200, "the team reaches {path}");
        if path.contains("persons") || path.contains(&format!("reviews/{review}")) {
            assert!(
                String::from_utf8_lossy(&body).contains(NAME),
                "{path} shows the applicant to the team"
            );
        }
    }
    let search = team.get("/admin/complaints?q=alex").await;
    assert!(search.body.contains(NAME) && !search.body.contains("Jo Sample"));

    let staff = app.signed_in(Role::Staff).await;
    let panel = app.signed_in(Role::Panel).await;
    let public = app.browser();
    for (who, mut b, refused) in [
        ("staff without the role", staff, 404),
        ("a Panel member", panel, 403),
        ("the public", public, 401),
    ] {
        for path in &private {
            let (status, body) = b.get_bytes(path).await;
            assert_eq!(status, refused, "{who}: {path}");
            assert!(
                !String::from_utf8_lossy(&body).contains(NAME),
                "{who}: {path}"
            );
        }
        for (path, fields) in [
            (
                format!("/admin/complaints/reviews/{review}/validity"),
                vec![("valid", "no"), ("note", "x"), ("on", "2025-01-01")],
            ),
            (
                "/admin/complaints/reviews".to_string(),
                vec![("name", "Someone"), ("email", "s@example.org")],
            ),
        ] {
            let res = b.post(&path, &fields).await;
            assert_eq!(res.status, refused, "{who}: POST {path}");
        }
        // The casework list and its search, the public pages and the API: no person.
        for path in [
            "/admin/complaints?q=alex",
            "/complaints",
            "/complaints/statement/2023",
            "/api/v1/complaints/reviews",
            "/api/v1/complaints/iopc",
            "/transparency",
            "/finance/spending?q=alex",
        ] {
            let res = b.get(path).await;
            assert!(!res.body.contains(NAME), "{who}: {path} names a person");
            assert!(
                !res.body.contains("CO/2023/1187"),
                "{who}: {path} shows a case"
            );
        }
    }
    // The staff member's list says where casework is, without any of it.
    let mut staff = app.signed_in(Role::Staff).await;
    let page = staff.get("/admin/complaints").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("not on the complaints team"));
    assert!(!page.body.contains("RR-2023"));
    app.finish().await;
}

async fn a_review_goes_from_request_to_decision_letter(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (me, mut b) = team_member(&app, "reviewer@example.org").await;
    // A late request without a reason is refused, naming the field.
    let mut fields = vec![
        ("name", "Taylor Applicant"),
        ("email", "taylor@example.org"),
        ("force_reference", "CO/2025/9001"),
        ("outcome_notified_on", "2025-03-03"),
        ("received_on", "2025-04-15"),
        ("category1", "individual_behaviours"),
        ("allegation1", "The officer ignored me."),
        ("category2", "delivery_of_duties"),
        ("allegation2", "Nobody called back."),
    ];
    let res = b.post("/admin/complaints/reviews", &fields).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("late_reason"), "{}", res.body);
    fields.push(("late_reason", "Posted in time, delivered late."));
    let res = b.post("/admin/complaints/reviews", &fields).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = res.location().to_string();
    let (id, _) = review_id(&app, "CO/2025/9001").await;
    assert_eq!(page, format!("/admin/complaints/reviews/{id}"));
    let step = |s: &str| format!("{page}/{s}");
    // The decision waits for the case file.
    let res = b
        .post(&step("decide"), &[("rationale", "x"), ("on", "2025-05-01")])
        .await;
    assert_eq!(res.status, 422);
    for (s, f) in [
        ("validity", vec![("valid", "yes"), ("on", "2025-04-16")]),
        ("file-requested", vec![("on", "2025-04-17")]),
        ("file-received", vec![("on", "2025-04-30")]),
    ] {
        let res = b.post(&step(s), &f).await;
        assert_eq!(res.status, 303, "{s}: {}", res.body);
    }
    let allegations: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM complaints_allegations WHERE review_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let res = b
        .post(&step("decide"), &[("rationale", "x"), ("on", "2025-05-20")])
        .await;
    assert_eq!(res.status, 422, "every allegation is reviewed first");
    for (a, ok) in allegations.iter().zip(["yes", "no"]) {
        let a = a.to_string();
        let res = b
            .post(
                &step("finding"),
                &[
                    ("allegation", &a),
                    ("reasonable", ok),
                    ("note", "Read the file."),
                ],
            )
            .await;
        assert_eq!(res.status, 303, "{}", res.body);
    }
    let res = b
        .post(
            &step("decide"),
            &[
                ("rationale", "No call back was made."),
                ("on", "2025-05-20"),
            ],
        )
        .await;
    assert_eq!(res.status, 422, "an upheld review recommends");
    assert!(res.body.contains("recommendations"));
    let res = b
        .post(
            &step("decide"),
            &[
                ("rationale", "No call back was made."),
                ("recommendations", "Call the complainant back."),
                ("on", "2025-05-20"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);

    // The office's template makes the letter; an unknown field is refused.
    let res = b
        .post(
            "/admin/complaints/letter-template",
            &[("body", "Dear {{nmae}}")],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("nmae"));
    let template = "Dear {{name}}\n\nReview {{reference}} is {{decision}}.\n\n{{allegations}}\n\n{{recommendations}}\n\n{{date}}";
    let res = b
        .post("/admin/complaints/letter-template", &[("body", template)])
        .await;
    assert_eq!(res.status, 303);
    let letter = b.get(&step("letter")).await;
    assert_eq!(letter.status, 200);
    assert!(
        letter.body.contains("Dear Taylor Applicant"),
        "{}",
        letter.body
    );
    assert!(letter.body.contains("is upheld"));
    assert!(letter.body.contains(
        "2. Nobody called back. I found that the outcome was not reasonable and proportionate."
    ));
    assert!(letter.body.contains("Call the complainant back."));
    let res = b.post(&step("send-letter"), &[("on", "2025-05-21")]).await;
    assert_eq!(res.status, 303);
    let (status, file) = b.get_bytes(&step("letter.txt")).await;
    assert_eq!(status, 200);
    let file = String::from_utf8(file).unwrap();
    assert!(
        file.starts_with("Dear Taylor Applicant\n\nReview RR-2025-"),
        "{file}"
    );
    assert!(file.ends_with("21 May 2025"), "{file}");
    // The template changing later does not change the letter sent.
    b.post(
        "/admin/complaints/letter-template",
        &[("body", "Changed {{name}}")],
    )
    .await;
    let (_, again) = b.get_bytes(&step("letter.txt")).await;
    assert_eq!(String::from_utf8(again).unwrap(), file);
    let page_html = b.get(&page).await.body;
    assert!(page_html.contains("Upheld"));
    assert!(page_html.contains("Done on time") && page_html.contains("Done late"));

    // Each view of the case is in the audit log; no audit entry holds the person's name.
    let views = audit_count(&app, "complaints_review.view", me, id).await;
    assert!(views >= 4, "views audited: {views}");
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%Taylor%' OR before_json LIKE '%Taylor%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(named, 0);
    app.finish().await;
}

async fn a_reviewer_with_a_conflict_is_refused_the_case(backend: Backend) {
    let app = TestApp::start(backend).await;
    let (_, mut first) = team_member(&app, "first@example.org").await;
    let (second_id, mut second) = team_member(&app, "second@example.org").await;
    let (id, _) = review_id(&app, "CO/2025/0310").await;
    let page = format!("/admin/complaints/reviews/{id}");
    assert_eq!(second.get(&page).await.status, 200);
    let res = first
        .post(
            &format!("{page}/conflict"),
            &[
                ("user_id", &second_id.to_string()),
                ("reason", "Knows the complainant."),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let views_before = audit_count(&app, "complaints_review.view", second_id, id).await;
    for path in [page.clone(), format!("{page}/letter.txt")] {
        let res = second.get(&path).await;
        assert_eq!(res.status, 403, "{path}");
        assert!(!res.body.contains("Robin Test"));
    }
    let allegation: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM complaints_allegations WHERE review_id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let res = second
        .post(
            &format!("{page}/finding"),
            &[
                ("allegation", &allegation.to_string()),
                ("reasonable", "yes"),
            ],
        )
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(
        audit_count(&app, "complaints_review.view", second_id, id).await,
        views_before
    );
    // Nor can anyone make them its reviewer.
    let res = first
        .post(
            &format!("{page}/assign"),
            &[("reviewer", &second_id.to_string())],
        )
        .await;
    assert_eq!(res.status, 403);
    // The first still works on it, and the conflict shows on the page.
    let res = first.get(&page).await;
    assert_eq!(res.status, 200);
    assert!(res.body.contains("Knows the complainant."));
    // The second still sees other cases.
    let (other, _) = review_id(&app, "CO/2025/0377").await;
    assert_eq!(
        second
            .get(&format!("/admin/complaints/reviews/{other}"))
            .await
            .status,
        200
    );
    app.finish().await;
}

async fn the_iopc_figures_and_the_7c_statement(backend: Backend) {
    let app = TestApp::start(backend).await;
    // Oversight is not personal: any office user, on the team or not.
    let mut b = app.signed_in(Role::Staff).await;
    let bad = "year,quarter,scope,measure,value\n2025-26,1,force,cases_logged,280\n2025-26,5,force,cases_logged,1\n2025-26,2,region,cases_logged,1\n";
    let res = b
        .upload(
            "/admin/complaints/iopc/upload",
            "iopc.csv",
            bad.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("iopc.csv, row 3: quarter"),
        "{}",
        res.body
    );
    assert!(res.body.contains("iopc.csv, row 4: scope"));
    assert_eq!(
        iopc_2024(&mut b).await.as_array().unwrap().len(),
        0,
        "a bad file changes nothing"
    );
    let good = "year,quarter,scope,measure,value\n2025-26,1,force,cases_logged,280\n2025-26,1,national,days_to_log,4.5\n2025-26,2,force,cases_logged,300\n";
    let res = b
        .upload(
            "/admin/complaints/iopc/upload",
            "iopc.csv",
            good.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let figures = iopc_2024(&mut b).await;
    assert_eq!(figures.as_array().unwrap().len(), 3);
    assert_eq!(figures[0]["label"], "Complaint cases logged");
    let entries: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'complaints.iopc'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    b.upload(
        "/admin/complaints/iopc/upload",
        "iopc.csv",
        good.as_bytes().to_vec(),
    )
    .await;
    let again: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'complaints.iopc'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(again, entries, "the same file again changes nothing");
    let page = b.get("/complaints?year=2025").await.body;
    assert!(page.contains("580"), "the year's cases logged are summed");

    // The demo year's statement is made from the records.
    let mut public = app.browser();
    let s = public.get("/complaints/statement/2023").await;
    assert_eq!(s.status, 200);
    assert!(
        s.body.contains(
            "received 4 review requests and decided 3, of which 1 were upheld and 2 not upheld"
        ),
        "{}",
        s.body
    );
    assert!(s.body.contains("Public Scrutiny Board"));
    let reviews: serde_json::Value =
        serde_json::from_str(&public.get("/api/v1/complaints/reviews").await.body).unwrap();
    let y2023 = reviews
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == 2023)
        .unwrap();
    assert_eq!(y2023["received"], 4);
    assert_eq!(y2023["late_accepted"], 1);
    assert_eq!(y2023["invalid"], 1);
    assert_eq!(y2023["complaints_outside_schedule3"], 1);
    assert!(
        public
            .get("/transparency")
            .await
            .body
            .contains("href=\"/complaints\"")
    );
    // A draft for 2024 is not public until published.
    let res = b
        .post(
            "/admin/complaints/statements",
            &[("year", "2024"), ("narrative", "Draft words.")],
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(public.get("/complaints/statement/2024").await.status, 404);
    let res = b
        .post(
            "/admin/complaints/statements",
            &[
                ("year", "2024"),
                ("narrative", "Final words."),
                ("publish", "yes"),
            ],
        )
        .await;
    assert_eq!(res.location(), "/complaints/statement/2024");
    assert!(
        public
            .get("/complaints/statement/2024")
            .await
            .body
            .contains("Final words.")
    );
    app.finish().await;
}

async fn retention_removes_exactly_the_expired_records(backend: Backend) {
    let app = TestApp::start(backend).await;
    let url = app.test_db.url.clone();
    let persons = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM complaints_persons")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
    };
    let held = persons().await;
    let (old, old_person) = review_id(&app, "CO/2018/0101").await;
    let dry = opcc(&url, &["complaints", "retention", "--dry-run"]);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let out = String::from_utf8_lossy(&dry.stdout);
    assert!(
        out.contains(&format!("would anonymise review RR-2017-0001 (id {old})")),
        "{out}"
    );
    assert!(
        out.contains(&format!("would delete person {old_person}")),
        "{out}"
    );
    assert!(
        out.contains("due today: 1 reviews, 0 complaints, 1 persons"),
        "{out}"
    );
    assert!(
        out.contains("next: review RR-2023-0002"),
        "what goes next is listed: {out}"
    );
    assert_eq!(persons().await, held, "a dry run changes nothing");

    let run = opcc(&url, &["complaints", "retention"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        String::from_utf8_lossy(&run.stdout).contains("done: 1 reviews, 0 complaints, 1 persons")
    );
    assert_eq!(persons().await, held - 1);
    let gone: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints_persons WHERE id = $1")
        .bind(old_person)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(gone, 0);
    let anonymised: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM complaints_reviews WHERE anonymised_on IS NOT NULL")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(anonymised, vec![old]);
    let words: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM complaints_allegations WHERE review_id = $1 AND text <> ''",
    )
    .bind(old)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(words, 0);
    // The old review still counts in the statistics: the decision stays.
    let decision: Option<String> =
        sqlx::query_scalar("SELECT decision FROM complaints_reviews WHERE id = $1")
            .bind(old)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(decision.as_deref(), Some("not_upheld"));
    // Nothing personal was ever in the audit log, so nothing there needed erasing.
    let named: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%Oldcase%' OR before_json LIKE '%Oldcase%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(named, 0);
    let again = opcc(&url, &["complaints", "retention"]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("done: 0 reviews, 0 complaints, 0 persons")
    );
    let verify = opcc(&url, &["audit", "verify"]);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    app.finish().await;
}

each_backend!(
    only_the_team_reaches_casework,
    a_review_goes_from_request_to_decision_letter,
    a_reviewer_with_a_conflict_is_refused_the_case,
    the_iopc_figures_and_the_7c_statement,
    retention_removes_exactly_the_expired_records
);
