//! Governance through the real server: the demo's year of meetings, iCalendar feeds checked
//! by a strict parser (PyPI icalendar), a public question from the form to its published
//! answer (and the private link that works only with its token), exempt decisions and
//! confidential items kept from the public on pages, API and feeds, and the office's forms:
//! meetings, papers, minutes, actions, decisions, findings, risks, the publication register.

use crate::support::{Backend, Browser, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

const ICALENDAR: &str = "icalendar==7.3.0";

/// A virtualenv with the pinned icalendar, made once per test binary under the target folder.
fn python() -> PathBuf {
    crate::tools::venv_python("ical-venv", &[ICALENDAR])
}

/// Runs the strict check on a feed; its summary, or a panic naming the problem.
pub(crate) fn check_feed(name: &str, bytes: &[u8]) -> Value {
    let dir = std::env::temp_dir().join(format!("opcc-ical-{}", rand_suffix()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.ics"));
    std::fs::write(&file, bytes).unwrap();
    let script = crate::tools::script("ical_check.py");
    let out = Command::new(python())
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rand_suffix() -> String {
    use rand::Rng;
    format!("{:016x}", rand::thread_rng().r#gen::<u64>())
}

async fn json(b: &mut Browser, path: &str) -> Value {
    let r = b.get(path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

async fn meeting_ids(app: &TestApp, body: &str) -> Vec<i64> {
    sqlx::query_scalar(
        "SELECT m.id FROM gov_meetings m JOIN gov_bodies b ON b.id = m.body_id \
         WHERE b.slug = $1 ORDER BY m.starts_at",
    )
    .bind(body)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn the_demo_year_of_meetings_is_in_feeds_that_validate(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    // A year of meetings for each body, as the annual report describes them.
    for (body, count) in [
        ("scrutiny-board", 4),
        ("joint-management-board", 12),
        ("joint-audit-advisory-committee", 4),
        ("police-and-crime-panel", 5),
    ] {
        assert_eq!(meeting_ids(&app, body).await.len(), count, "{body}");
    }
    let (status, all) = public.get_bytes("/governance/calendar.ics").await;
    assert_eq!(status, 200);
    let feed = check_feed("all", &all);
    let events = feed["events"].as_array().unwrap();
    // Every public meeting, and none of the Joint Management Board's, which meets in private.
    assert_eq!(events.len(), 4 + 4 + 5);
    assert!(
        events
            .iter()
            .all(|e| e["summary"] != "Joint Management Board")
    );
    // Local times stay local across the change of the clocks: 10am in July is BST, in January GMT.
    let july = events
        .iter()
        .find(|e| e["start"].as_str().unwrap().starts_with("2024-07-17T10:00"))
        .expect("the July Scrutiny Board");
    assert_eq!(july["utc_offset_hours"], 1.0);
    let january = events
        .iter()
        .find(|e| e["start"].as_str().unwrap().starts_with("2025-01-17T10:00"))
        .expect("the January Scrutiny Board");
    assert_eq!(january["utc_offset_hours"], 0.0);
    let (status, board) = public
        .get_bytes("/governance/bodies/scrutiny-board/calendar.ics")
        .await;
    assert_eq!(status, 200);
    let board = check_feed("board", &board);
    assert_eq!(board["events"].as_array().unwrap().len(), 4);
    assert_eq!(board["name"], "Public Scrutiny Board");
    let private = public
        .get("/governance/bodies/joint-management-board/calendar.ics")
        .await;
    assert_eq!(
        private.status, 404,
        "no feed of a private body for the public"
    );
    let mut staff = app.signed_in(Role::Staff).await;
    let (status, jmb) = staff
        .get_bytes("/governance/bodies/joint-management-board/calendar.ics")
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        check_feed("jmb", &jmb)["events"].as_array().unwrap().len(),
        12
    );

    // The pages: minutes approved at the next meeting, papers served as what they are.
    let sb = meeting_ids(&app, "scrutiny-board").await;
    let first = public.get(&format!("/governance/meetings/{}", sb[0])).await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains("17 July 2024, 10am"));
    assert!(first.body.contains("Approved"));
    assert!(
        first
            .body
            .contains(&format!("/governance/meetings/{}", sb[1]))
    );
    let last = public.get(&format!("/governance/meetings/{}", sb[3])).await;
    assert!(
        last.body.contains("Draft"),
        "the year's last minutes await the next meeting"
    );
    let meetings = json(&mut public, "/api/v1/governance/meetings").await;
    let m0 = meetings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == sb[0])
        .unwrap();
    assert_eq!(m0["minutes_approved"], true);
    let href = m0["papers"][0]["href"].as_str().unwrap().to_string();
    let res = reqwest::get(format!("{}{href}", app.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    app.finish().await;
}

/// The token in the page's private link.
fn token_in(html: &str) -> String {
    let at = html
        .find("/governance/questions/follow/")
        .expect("the page gives the private link");
    html[at + "/governance/questions/follow/".len()..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

async fn a_public_question_is_submitted_answered_and_published(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let form = public.get("/governance/bodies/scrutiny-board/ask").await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("never published"),
        "the privacy notice is on the form"
    );
    let bad = public
        .post(
            "/governance/bodies/scrutiny-board/ask",
            &[("name", ""), ("email", "nope"), ("question", "")],
        )
        .await;
    assert_eq!(bad.status, 422);
    for field in ["#name", "#email", "#question"] {
        assert!(
            bad.body.contains(field),
            "the error summary links to {field}"
        );
    }
    // The Joint Management Board meets in private and takes no questions.
    let refused = public
        .post(
            "/governance/bodies/joint-management-board/ask",
            &[("name", "A"), ("email", "a@example.org"), ("question", "Q")],
        )
        .await;
    assert_eq!(refused.status, 404);

    let question = "What is being done about speeding on the A49 through Tarporley?";
    let sent = public
        .post(
            "/governance/bodies/scrutiny-board/ask",
            &[
                ("name", "Pat Example"),
                ("email", "pat.example@example.org"),
                ("question", question),
            ],
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let token = token_in(&sent.body);
    assert_eq!(token.len(), 64);
    // A second person's question has its own link, which shows only theirs.
    let other = public
        .post(
            "/governance/bodies/scrutiny-board/ask",
            &[
                ("name", "Sam Other"),
                ("email", "sam.other@example.org"),
                ("question", "A different question about parking."),
            ],
        )
        .await;
    let other_token = token_in(&other.body);
    assert_ne!(token, other_token);
    let mine = public
        .get(&format!("/governance/questions/follow/{token}"))
        .await;
    assert_eq!(mine.status, 200);
    assert_eq!(
        (mine.header("cache-control"), mine.header("etag")),
        ("no-store, private", ""),
        "a private link's page is kept by no cache"
    );
    assert!(mine.body.contains("A49"));
    assert!(mine.body.contains("Received, waiting to be checked"));
    assert!(!mine.body.contains("parking"));
    assert!(
        !mine.body.contains("Pat Example"),
        "the link shows no personal data"
    );
    let theirs = public
        .get(&format!("/governance/questions/follow/{other_token}"))
        .await;
    assert!(theirs.body.contains("parking") && !theirs.body.contains("A49"));
    let mut wrong = token.clone().into_bytes();
    wrong[0] = if wrong[0] == b'a' { b'b' } else { b'a' };
    let wrong = String::from_utf8(wrong).unwrap();
    assert_eq!(
        public
            .get(&format!("/governance/questions/follow/{wrong}"))
            .await
            .status,
        404
    );
    assert_eq!(
        public
            .get("/governance/questions/follow/short")
            .await
            .status,
        404
    );
    // Not published yet.
    assert!(
        !public
            .get("/governance/questions")
            .await
            .body
            .contains("A49")
    );

    // The office sees who asked, accepts it for a meeting, answers and publishes.
    let mut staff = app.signed_in(Role::Staff).await;
    let queue = staff.get("/admin/governance/questions").await;
    assert!(queue.body.contains("Pat Example") && queue.body.contains("pat.example@example.org"));
    let id: i64 = sqlx::query_scalar("SELECT id FROM gov_questions WHERE question = $1")
        .bind(question)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let sb = meeting_ids(&app, "scrutiny-board").await;
    let path = format!("/admin/governance/questions/{id}");
    let early = staff.post(&path, &[("step", "publish")]).await;
    assert_eq!(early.status, 422, "never published before it is answered");
    let jmb = meeting_ids(&app, "joint-management-board").await;
    let elsewhere = staff
        .post(
            &path,
            &[("step", "accept"), ("meeting_id", &jmb[0].to_string())],
        )
        .await;
    assert_eq!(elsewhere.status, 422, "only to a meeting of the body asked");
    let meeting = sb[2].to_string();
    for fields in [
        vec![("step", "accept"), ("meeting_id", meeting.as_str())],
        vec![
            ("step", "answer"),
            ("answer", "Speed checks on the A49 began in March."),
        ],
        vec![("step", "publish")],
    ] {
        let r = staff.post(&path, &fields).await;
        assert_eq!(r.status, 303, "{fields:?}: {}", r.body);
    }
    for page in [
        "/governance/questions",
        &format!("/governance/meetings/{}", sb[2]),
    ] {
        let p = public.get(page).await;
        assert!(
            p.body.contains("A49") && p.body.contains("Speed checks"),
            "{page}"
        );
        assert!(
            !p.body.contains("Pat Example") && !p.body.contains("pat.example"),
            "{page}"
        );
    }
    let api = public.get("/api/v1/governance/questions").await;
    assert!(api.body.contains("Speed checks"));
    assert!(!api.body.contains("Pat Example") && !api.body.contains("pat.example"));
    let mine = public
        .get(&format!("/governance/questions/follow/{token}"))
        .await;
    assert!(mine.body.contains("Answered and published") && mine.body.contains("Speed checks"));

    // The audit log records every step and never the submitter's name or email.
    let steps: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE entity_type = 'gov_question' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(steps, 4, "submitted, accepted, answered, published");
    let leaks: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE after_json LIKE '%pat.example%' \
         OR after_json LIKE '%Pat Example%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(leaks, 0);

    // The retention rule: 90 days after publication the name and email are erased.
    let erased = opcc_store::governance::questions::erase_expired(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        time::OffsetDateTime::now_utc().date() + time::Duration::days(91),
    )
    .await
    .unwrap();
    assert!(erased >= 1);
    let left: Option<String> =
        sqlx::query_scalar("SELECT submitter_email FROM gov_questions WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(left, None);
    let kept: Option<String> = sqlx::query_scalar(
        "SELECT submitter_email FROM gov_questions WHERE question LIKE '%parking%'",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert!(
        kept.is_some(),
        "an unsettled question keeps its submitter's details"
    );
    app.finish().await;
}

async fn exempt_decisions_and_confidential_items_are_hidden_from_the_public(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut public = app.browser();
    let mut staff = app.signed_in(Role::Staff).await;
    // Decisions: the wholly exempt notice exists for the office only.
    let list = public.get("/governance/decisions").await;
    assert!(list.body.contains("2023/001") && list.body.contains("2025/001"));
    assert!(!list.body.contains("Confidential employment settlement"));
    assert!(!list.body.contains("2025/002"));
    assert_eq!(
        public.get("/governance/decisions/2025-002").await.status,
        404
    );
    let office = staff.get("/governance/decisions/2025-002").await;
    assert_eq!(office.status, 200);
    assert!(office.body.contains("Exempt: not published"));
    // A partly exempt notice: published, its exempt part withheld and its exemption named.
    let partly = public.get("/governance/decisions/2025-001").await;
    assert_eq!(partly.status, 200);
    assert!(partly.body.contains("Schedule 12A, paragraph 3"));
    assert!(!partly.body.contains("The agreed price"));
    assert!(
        staff
            .get("/governance/decisions/2025-001")
            .await
            .body
            .contains("The agreed price")
    );
    let api = public.get("/api/v1/governance/decisions").await;
    assert!(!api.body.contains("employment") && !api.body.contains("The agreed price"));
    assert!(api.body.contains("2025/001"));
    // Search.
    let found = public.get("/governance/decisions?q=precept").await;
    assert!(found.body.contains("2023/001") && !found.body.contains("2025/001"));
    // The budget links its decision.
    let budget = public.get("/finance/budgets/2023-24").await;
    assert!(budget.body.contains("/governance/decisions/2023-001"));

    // Meetings: a private body's meetings are not the public's; confidential items and their
    // papers are the office's only.
    let jmb = meeting_ids(&app, "joint-management-board").await;
    assert_eq!(
        public
            .get(&format!("/governance/meetings/{}", jmb[0]))
            .await
            .status,
        404
    );
    assert_eq!(
        public
            .get("/governance/bodies/joint-management-board")
            .await
            .status,
        404
    );
    assert_eq!(
        staff
            .get(&format!("/governance/meetings/{}", jmb[0]))
            .await
            .status,
        200
    );
    let jaac = meeting_ids(&app, "joint-audit-advisory-committee").await;
    let page = format!("/governance/meetings/{}", jaac[0]);
    let open = public.get(&page).await;
    assert_eq!(open.status, 200);
    assert!(open.body.contains("Internal audit progress"));
    assert!(!open.body.contains("Counter-fraud"));
    let full = staff.get(&page).await;
    assert!(full.body.contains("Counter-fraud") && full.body.contains("paragraph 7"));
    let secret: i64 = sqlx::query_scalar(
        "SELECT p.id FROM gov_papers p JOIN gov_items i ON i.id = p.item_id \
         WHERE p.meeting_id = $1 AND i.exemption IS NOT NULL",
    )
    .bind(jaac[0])
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(
        public
            .get(&format!("/governance/papers/{secret}"))
            .await
            .status,
        404
    );
    assert_eq!(
        staff
            .get_bytes(&format!("/governance/papers/{secret}"))
            .await
            .0,
        200
    );
    let api = public.get("/api/v1/governance/meetings").await;
    assert!(!api.body.contains("Counter-fraud") && !api.body.contains("Estates"));
    assert!(!api.body.contains("Joint Management Board"));
    assert!(!api.body.contains(&format!("/governance/papers/{secret}\"")));
    let (_, feed) = public.get_bytes("/governance/calendar.ics").await;
    assert!(
        !String::from_utf8(feed)
            .unwrap()
            .contains("Joint Management Board")
    );
    app.finish().await;
}

async fn the_office_keeps_meetings_decisions_findings_risks_and_the_register(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let body: i64 = sqlx::query_scalar("SELECT id FROM gov_bodies WHERE slug = 'scrutiny-board'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let bad = staff
        .post(
            "/admin/governance/meetings",
            &[
                ("body_id", &body.to_string()),
                ("starts_at", "2025-07-17T12:00"),
                ("ends_at", "2025-07-17T10:00"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("ends after it starts"));
    let made = staff
        .post(
            "/admin/governance/meetings",
            &[
                ("body_id", &body.to_string()),
                ("starts_at", "2025-07-17T10:00"),
                ("ends_at", "2025-07-17T12:00"),
                ("location", "Clemonds Hey"),
                ("webcast_url", "https://example.org/live"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let page = made.location().to_string();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let r = staff
        .post(
            &format!("/admin/governance/meetings/{id}/items"),
            &[
                ("title", "Staff restructure"),
                ("summary", "x"),
                ("exemption", "12A-4"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let upload = |name: &str, bytes: &[u8]| (name.to_string(), bytes.to_vec());
    let (n, b) = upload("report.pdf", b"%PDF-1.4 a report");
    let r = staff
        .upload_raw(
            &format!("/admin/governance/meetings/{id}/papers"),
            &[("title", "Performance report")],
            &n,
            b,
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let (n, b) = upload("report.pdf", b"MZ not a pdf");
    let r = staff
        .upload_raw(
            &format!("/admin/governance/meetings/{id}/papers"),
            &[("title", "Fake")],
            &n,
            b,
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("report.pdf"), "the refusal names the file");
    let mut public = app.browser();
    let seen = public.get(&page).await;
    assert!(seen.body.contains("Performance report") && !seen.body.contains("Staff restructure"));
    // Minutes are approved only at a later meeting of the same body.
    staff
        .post(
            &format!("/admin/governance/meetings/{id}/minutes"),
            &[("minutes", "Met.")],
        )
        .await;
    let sb = meeting_ids(&app, "scrutiny-board").await;
    let r = staff
        .post(
            &format!("/admin/governance/meetings/{id}/approve"),
            &[("approved_at", &sb[0].to_string())],
        )
        .await;
    assert_eq!(r.status, 422);
    // Actions: overdue when open past their date, carried forward to the next meeting.
    let r = staff
        .post(
            &format!("/admin/governance/meetings/{}/actions", sb[3]),
            &[
                ("description", "Report knife crime figures"),
                ("owner", "ACC"),
                ("due_on", "2025-04-30"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let next = staff.get(&page).await;
    assert!(
        next.body.contains("Carried forward") && next.body.contains("Report knife crime figures")
    );
    assert!(next.body.contains("Overdue"));
    let action: i64 = sqlx::query_scalar("SELECT id FROM gov_actions WHERE owner = 'ACC'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let r = staff
        .post(
            &format!("/admin/governance/actions/{action}"),
            &[
                ("status", "done"),
                ("note", "Reported in May."),
                ("meeting", &id.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let after = staff.get(&format!("/governance/meetings/{}", sb[3])).await;
    assert!(after.body.contains("Reported in May."));
    assert!(
        !staff
            .get(&page)
            .await
            .body
            .contains("Report knife crime figures"),
        "done: no longer carried"
    );

    // A decision: numbered within its year, a draft until published, then linked.
    let r = staff
        .post(
            "/admin/governance/decisions",
            &[
                ("title", "Grant to a victims' service"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("decided_on", "2025-06-02"),
                ("summary", "A grant of £50,000."),
                ("reasons", "The plan's victims priority."),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location(), "/governance/decisions/2025-003");
    assert_eq!(
        public.get("/governance/decisions/2025-003").await.status,
        404,
        "a draft"
    );
    let r = staff
        .post("/admin/governance/decisions/2025-003/publish", &[])
        .await;
    assert_eq!(r.status, 303);
    let r = staff
        .post(
            "/admin/governance/decisions/2025-003/links",
            &[("kind", "grant"), ("target", "VS-2025-01")],
        )
        .await;
    assert_eq!(r.status, 303);
    let notice = public.get("/governance/decisions/2025-003").await;
    assert!(notice.body.contains("VS-2025-01"));
    let r = staff
        .post(
            "/admin/governance/decisions",
            &[
                ("title", "T"),
                ("decision_maker", "PCC"),
                ("decided_on", "2025-06-02"),
                ("summary", "S"),
                ("reasons", "R"),
                ("exempt_part", "Secret"),
            ],
        )
        .await;
    assert_eq!(r.status, 422, "an exempt part names its exemption");

    // Inspection findings close only with evidence; the demo's R1 is closed.
    let recs = json(&mut public, "/api/v1/governance/recommendations").await;
    let r1 = recs
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["reference"] == "R1")
        .unwrap();
    assert_eq!(r1["status"], "closed");
    assert!(!r1["evidence"].as_str().unwrap().is_empty());
    let afi: i64 = sqlx::query_scalar("SELECT id FROM gov_findings WHERE reference = 'AFI1'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let r = staff
        .post(
            &format!("/admin/governance/findings/{afi}"),
            &[("status", "closed"), ("evidence", " ")],
        )
        .await;
    assert_eq!(r.status, 422);
    let r = staff
        .post(
            &format!("/admin/governance/findings/{afi}"),
            &[
                ("status", "closed"),
                ("evidence", "Dip sample of 100 searches"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let summary = public.get("/governance/inspections").await;
    assert!(summary.body.contains("Dip sample of 100 searches"));
    assert!(
        summary.body.contains("Published on time"),
        "responded within 56 days"
    );

    // The joint risk register is the office's only, and scores are 1 to 5.
    assert_eq!(public.get("/admin/governance/risks").await.status, 401);
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(panel.get("/admin/governance/risks").await.status, 403);
    let risks = staff.get("/admin/governance/risks").await;
    assert!(risks.body.contains("JR01") && risks.body.contains("4 × 5 = 20 (High)"));
    let r = staff
        .post(
            "/admin/governance/risks",
            &[
                ("reference", "JR09"),
                ("title", "T"),
                ("owner", "O"),
                ("likelihood_before", "6"),
                ("impact_before", "1"),
                ("likelihood_after", "1"),
                ("impact_after", "1"),
                ("review_on", "2025-09-30"),
                ("trend", "steady"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);

    // The register: every item of the Order, with its status; an upload dates its item.
    let register = public.get("/transparency").await;
    for item in [
        "1", "2", "2A", "3", "4", "5", "6", "7", "7A", "7B", "7C", "8",
    ] {
        assert!(
            register.body.contains(&format!("Item {item}:")),
            "item {item}"
        );
    }
    assert!(register.body.contains("/transparency/audit-checkpoint"));
    assert!(
        register.body.contains("Not published"),
        "items with nothing published say so"
    );
    let r = staff
        .upload_raw(
            "/admin/governance/publication",
            &[
                ("item", "7C"),
                ("title", "Complaints information"),
                (
                    "published_on",
                    &opcc_store::finance::iso(time::OffsetDateTime::now_utc().date()),
                ),
            ],
            "complaints.pdf",
            b"%PDF-1.4 complaints".to_vec(),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let register = public.get("/transparency").await;
    let card = register
        .body
        .split("id=\"item-")
        .find(|c| c.starts_with("7c\""))
        .expect("item 7C's card");
    assert!(card.contains("Up to date") && card.contains("Complaints information"));
    app.finish().await;
}

async fn a_panel_member_withdraws_only_their_own_question_until_it_is_taken_up(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut asker = app.signed_in(Role::Panel).await;
    let mut colleague = app.signed_in(Role::Panel).await;
    let panel: i64 =
        sqlx::query_scalar("SELECT id FROM gov_bodies WHERE slug = 'police-and-crime-panel'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let private: i64 =
        sqlx::query_scalar("SELECT id FROM gov_bodies WHERE slug = 'joint-management-board'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let r = asker
        .post(
            "/governance/panel-questions",
            &[("body_id", &private.to_string()), ("question", "Q")],
        )
        .await;
    assert_eq!(r.status, 422, "not to a body that meets in private");
    for q in [
        "What is the plan for rural crime?",
        "How is the precept spent on PCSOs?",
    ] {
        let r = asker
            .post(
                "/governance/panel-questions",
                &[("body_id", &panel.to_string()), ("question", q)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
    }
    let ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM gov_questions WHERE author_id IS NOT NULL ORDER BY id")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(ids.len(), 2);
    assert!(
        asker
            .get("/governance/panel-questions")
            .await
            .body
            .contains("rural crime")
    );
    assert!(
        !colleague
            .get("/governance/panel-questions")
            .await
            .body
            .contains("rural crime")
    );
    // A colleague on the Panel may not withdraw it; the public and the office never reach the route.
    let r = colleague
        .post(
            &format!("/governance/panel-questions/{}/withdraw", ids[0]),
            &[],
        )
        .await;
    assert_eq!(r.status, 403);
    let mut staff = app.signed_in(Role::Staff).await;
    let r = staff
        .post(
            &format!("/governance/panel-questions/{}/withdraw", ids[0]),
            &[],
        )
        .await;
    assert_eq!(r.status, 403);
    let queue = staff.get("/admin/governance/questions").await;
    assert!(
        queue.body.contains("rural crime")
            && queue.body.contains("member of the Police and Crime Panel")
    );
    // The office takes up the second; it can no longer be withdrawn.
    let meeting = meeting_ids(&app, "police-and-crime-panel").await[4].to_string();
    let r = staff
        .post(
            &format!("/admin/governance/questions/{}", ids[1]),
            &[("step", "accept"), ("meeting_id", &meeting)],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = asker
        .post(
            &format!("/governance/panel-questions/{}/withdraw", ids[1]),
            &[],
        )
        .await;
    assert_eq!(r.status, 403);
    let r = asker
        .post(
            &format!("/governance/panel-questions/{}/withdraw", ids[0]),
            &[],
        )
        .await;
    assert_eq!(r.status, 303);
    let status: String = sqlx::query_scalar("SELECT status FROM gov_questions WHERE id = $1")
        .bind(ids[0])
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "withdrawn");
    let r = staff
        .post(
            &format!("/admin/governance/questions/{}", ids[0]),
            &[("step", "accept"), ("meeting_id", &meeting)],
        )
        .await;
    assert_eq!(r.status, 422, "a withdrawn question is not taken up");
    app.finish().await;
}

each_backend!(
    a_panel_member_withdraws_only_their_own_question_until_it_is_taken_up,
    the_demo_year_of_meetings_is_in_feeds_that_validate,
    a_public_question_is_submitted_answered_and_published,
    exempt_decisions_and_confidential_items_are_hidden_from_the_public,
    the_office_keeps_meetings_decisions_findings_risks_and_the_register,
);
