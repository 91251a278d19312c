//! The office's governance forms through the real server: meetings, papers, minutes,
//! actions, decisions, findings, risks and the publication register.

use super::governance::{json, meeting_ids};
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

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

each_backend!(the_office_keeps_meetings_decisions_findings_risks_and_the_register);
