//! Governance through the real server: the demo's year of meetings, iCalendar feeds checked
//! by a strict parser (PyPI icalendar), and exempt decisions and confidential items kept from
//! the public on pages, API and feeds. Questions: `governance_questions.rs`; the office's
//! forms: `governance_office.rs`.

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

pub(crate) async fn json(b: &mut Browser, path: &str) -> Value {
    let r = b.get(path).await;
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    serde_json::from_str(&r.body).unwrap()
}

pub(crate) async fn meeting_ids(app: &TestApp, body: &str) -> Vec<i64> {
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

each_backend!(
    the_demo_year_of_meetings_is_in_feeds_that_validate,
    exempt_decisions_and_confidential_items_are_hidden_from_the_public,
);
