//! Engagement through the real server: a survey built by the office, answered by the public
//! and on paper, analysed (charts, tables, CSV, XLSX, API) and quoted only with consent after
//! a redaction kept in the audit log, with no respondent's personal data on any public page;
//! and the plan's comment form replaced by its consultation with the earlier comments kept.
//! Events: `engagement_events.rs`; the youth commission: `engagement_youth.rs`.

use crate::support::{Backend, Browser, TestApp};
use opcc_domain::accounts::Role;
use serde_json::Value;

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

pub(crate) async fn audit_count(app: &TestApp, action: &str, like: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = $1 AND \
         (COALESCE(before_json, '') LIKE $2 OR COALESCE(after_json, '') LIKE $2)",
    )
    .bind(action)
    .bind(format!("%{like}%"))
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

pub(crate) async fn close(app: &TestApp, slug: &str) {
    let yesterday = (today() - time::Duration::days(1)).to_string();
    sqlx::query("UPDATE engagement_surveys SET closes_on = $1 WHERE slug = $2")
        .bind(yesterday)
        .bind(slug)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

pub(crate) async fn build(staff: &mut Browser, title: &str, named: bool, plan: &str) -> String {
    let opens = (today() - time::Duration::days(1)).to_string();
    let closes = (today() + time::Duration::days(20)).to_string();
    let mut fields = vec![
        ("title", title),
        ("summary", "What should the precept pay for?"),
        ("opens_on", opens.as_str()),
        ("closes_on", closes.as_str()),
        ("equality", "yes"),
        ("plan", plan),
    ];
    if named {
        fields.push(("named", "yes"));
    }
    let r = staff.post("/admin/engagement/surveys", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.location()
        .trim_start_matches("/admin/engagement/surveys/")
        .to_string()
}

pub(crate) async fn add(
    staff: &mut Browser,
    slug: &str,
    kind: &str,
    prompt: &str,
    options: &str,
    total: &str,
) {
    let r = staff
        .post(
            &format!("/admin/engagement/surveys/{slug}/questions"),
            &[
                ("kind", kind),
                ("prompt", prompt),
                ("options", options),
                ("total", total),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{kind}: {}", r.body);
}

async fn a_survey_is_built_answered_analysed_and_quoted_with_consent(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut public = app.browser();
    let slug = build(&mut staff, "Precept 2026-27", true, "").await;
    assert_eq!(slug, "precept-2026-27");
    add(
        &mut staff,
        &slug,
        "budget",
        "Share £100",
        "Neighbourhoods\nVictims\nRoads",
        "100",
    )
    .await;
    add(&mut staff, &slug, "single", "Pay £15 more?", "Yes\nNo", "").await;
    add(
        &mut staff,
        &slug,
        "ranking",
        "Rank these",
        "Burglary\nSpeeding\nDrugs",
        "",
    )
    .await;
    add(&mut staff, &slug, "rating", "How safe do you feel?", "", "").await;
    add(
        &mut staff,
        &slug,
        "multiple",
        "Which worry you?",
        "Knife crime\nFraud\nE-bikes",
        "",
    )
    .await;
    add(&mut staff, &slug, "text", "Anything else?", "", "").await;
    let bad = staff
        .post(
            &format!("/admin/engagement/surveys/{slug}/questions"),
            &[
                ("kind", "budget"),
                ("prompt", "No total"),
                ("options", "A\nB"),
                ("total", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("Enter the total to share out"));

    // A draft is the office's only.
    assert_eq!(
        public
            .get(&format!("/engagement/consultations/{slug}"))
            .await
            .status,
        404
    );
    let r = staff
        .post(&format!("/admin/engagement/surveys/{slug}/publish"), &[])
        .await;
    assert_eq!(r.status, 303);
    let form = public
        .get(&format!("/engagement/consultations/{slug}"))
        .await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Share £100") && form.body.contains("What is your ethnic group?"));
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT q.id FROM engagement_questions q JOIN engagement_surveys s ON s.id = q.survey_id \
         WHERE s.slug = $1 ORDER BY q.position",
    )
    .bind(&slug)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let f = |i: usize, suffix: &str| format!("q{}{suffix}", ids[i]);
    let path = format!("/engagement/consultations/{slug}");
    // A budget that does not add up is refused, naming the question and the sums.
    let (b0, b1, b2) = (f(0, "-0"), f(0, "-1"), f(0, "-2"));
    let wrong = public
        .post(
            &path,
            &[
                (&b0, "50"),
                (&b1, "30"),
                (&b2, "10"),
                ("name", "Sam Resident"),
                ("email", "sam@example.org"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(
        wrong.body.contains("add up to 90 but must add up to 100"),
        "{}",
        wrong.body
    );
    let (r0, r1, r2, single, rating, multi, text) = (
        f(2, "-0"),
        f(2, "-1"),
        f(2, "-2"),
        f(1, ""),
        f(3, ""),
        f(4, ""),
        f(5, ""),
    );
    let sent = public
        .post(
            &path,
            &[
                (&b0, "50"),
                (&b1, "30"),
                (&b2, "20"),
                (&single, "0"),
                (&r0, "2"),
                (&r1, "1"),
                (&r2, "3"),
                (&rating, "4"),
                (&multi, "0"),
                (&multi, "2"),
                (
                    &text,
                    "Please patrol Hope Street, I am Sam Resident at number 4.",
                ),
                ("consent", "yes"),
                ("eq_sex", "Female"),
                ("name", "Sam Resident"),
                ("email", "sam@example.org"),
            ],
        )
        .await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let private = public
        .post(
            &path,
            &[
                (&b0, "100"),
                (&single, "1"),
                (&text, "Keep this to yourselves."),
                ("name", "Alex Private"),
                ("email", "alex@example.org"),
            ],
        )
        .await;
    assert_eq!(private.status, 201);
    // A paper form typed in by the office.
    let paper = staff
        .post(
            &format!("/admin/engagement/surveys/{slug}/paper"),
            &[
                (&b0, "20"),
                (&b1, "40"),
                (&b2, "40"),
                (&single, "0"),
                ("name", "Paper Person"),
                ("email", "paper@example.org"),
            ],
        )
        .await;
    assert_eq!(paper.status, 303, "{}", paper.body);
    // Results are the public's once the consultation closes, the office's at any time.
    assert_eq!(public.get(&format!("{path}/results.csv")).await.status, 404);
    assert_eq!(staff.get(&format!("{path}/results.csv")).await.status, 200);
    close(&app, &slug).await;
    assert_eq!(
        public.post(&path, &[(&single, "0")]).await.status,
        400,
        "closed: no more online responses"
    );

    let page = public.get(&path).await;
    assert_eq!(page.status, 200);
    // Three responses: every count is under 5, so none is published, nor any average
    // (crates/opcc/tests/it/engagement_suppression.rs has the larger counts).
    assert!(
        page.body.contains("Fewer than 5 responses"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<svg") && page.body.contains("Average amount"));
    assert!(page.body.contains("not shown: fewer than 5 answered"));
    let csv = public.get(&format!("{path}/results.csv")).await;
    assert!(
        csv.body
            .contains("Share £100,budget,fewer than 5,Neighbourhoods,fewer than 5,\r\n"),
        "{}",
        csv.body
    );
    assert!(!csv.body.contains("56.67"), "no average from 3 answers");
    assert!(
        csv.body
            .contains("Pay £15 more?,single,fewer than 5,Yes,fewer than 5,")
    );
    assert!(
        csv.body
            .contains("Rank these,ranking,fewer than 5,Speeding,not shown: fewer than 5 answered,"),
        "{}",
        csv.body
    );
    let (status, xlsx) = public.get_bytes(&format!("{path}/results.xlsx")).await;
    assert_eq!(status, 200);
    assert!(xlsx.starts_with(b"PK"));

    // Quotes: only with consent, and only as redacted.
    let answers: Vec<(i64, String)> = sqlx::query_as(
        "SELECT a.id, a.value FROM engagement_answers a WHERE a.question_id = $1 ORDER BY a.id",
    )
    .bind(ids[5])
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let refused = staff
        .post(
            &format!("/admin/engagement/answers/{}/quote", answers[1].0),
            &[("text", "Keep this to yourselves."), ("survey", &slug)],
        )
        .await;
    assert_eq!(refused.status, 403, "no consent, no quote");
    let quoted = staff
        .post(
            &format!("/admin/engagement/answers/{}/quote", answers[0].0),
            &[
                ("text", "Please patrol [street removed]."),
                ("survey", &slug),
            ],
        )
        .await;
    assert_eq!(quoted.status, 303);
    assert_eq!(
        audit_count(&app, "engagement.quote_publish", "Hope Street").await,
        1,
        "before"
    );
    assert_eq!(
        audit_count(&app, "engagement.quote_publish", "[street removed]").await,
        1,
        "after"
    );
    let r = staff
        .post(
            &format!("/admin/engagement/surveys/{slug}/outcomes"),
            &[
                ("you_said", "Fund neighbourhoods"),
                ("we_did", "Twenty more PCSOs"),
                ("link", "/governance/decisions"),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let page = public.get(&path).await;
    assert!(page.body.contains("Please patrol [street removed]."));
    assert!(
        page.body.contains("Twenty more PCSOs")
            && page.body.contains("href=\"/governance/decisions\"")
    );
    let api = public.get("/api/v1/engagement/consultations").await;
    let all: Value = serde_json::from_str(&api.body).unwrap();
    let ours = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug.as_str())
        .unwrap();
    assert_eq!(ours["responses"], Value::Null, "fewer than 5");
    assert_eq!(ours["questions"][0]["answered_suppressed"], "fewer than 5");
    assert_eq!(ours["questions"][0]["results"][0]["average"], Value::Null);
    assert_eq!(
        ours["questions"][1]["results"][0]["suppressed"],
        "fewer than 5"
    );
    assert_eq!(ours["quotes"][0]["text"], "Please patrol [street removed].");
    // Nothing personal leaves the office: not on the page, the downloads or the API.
    for body in [&page.body, &csv.body, &api.body] {
        for secret in [
            "Sam Resident",
            "sam@example.org",
            "Hope Street",
            "Keep this",
            "Female",
            "Paper Person",
        ] {
            assert!(!body.contains(secret), "{secret} leaked");
        }
    }
    assert_eq!(
        audit_count(&app, "engagement.response", "sam@example.org").await,
        0
    );
    let office = staff
        .get(&format!("/admin/engagement/surveys/{slug}"))
        .await;
    assert!(office.body.contains("No consent to quote"));
    let s = opcc_store::engagement::survey(&app.db, &slug, opcc_store::engagement::Viewer::Office)
        .await
        .unwrap();
    let equality = opcc_store::engagement::responses::equality_counts(&app.db, s.id)
        .await
        .unwrap();
    let sex = &equality
        .iter()
        .find(|(q, _)| q == "What is your sex?")
        .unwrap()
        .1;
    assert_eq!(sex[0], ("Female".to_string(), 1));
    // Panel members and the public do not reach the office's pages.
    let mut panel = app.signed_in(Role::Panel).await;
    assert_eq!(
        panel
            .get(&format!("/admin/engagement/surveys/{slug}"))
            .await
            .status,
        403
    );
    assert_eq!(public.get("/admin/engagement").await.status, 401);

    // The retention rule: a year after closing, names, emails and equality answers go.
    let erased = opcc_store::engagement::responses::erase_expired(
        &app.db,
        &opcc_store::audit::Actor::system("test"),
        today() + time::Duration::days(367),
    )
    .await
    .unwrap();
    assert!(erased >= 1);
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM engagement_responses WHERE name IS NOT NULL OR email IS NOT NULL \
         OR equality IS NOT NULL",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    app.finish().await;
}

async fn the_plan_consultation_replaces_the_comment_form_and_keeps_its_comments(backend: Backend) {
    let app = TestApp::start(backend).await;
    let plan = "cheshire-2024-28";
    // A comment the plan took through its old form.
    sqlx::query(
        "INSERT INTO plan_comments (plan_id, item_key, body, name, email, created_at) \
         SELECT id, NULL, 'Earlier comment: more rural patrols', 'Old Commenter', 'old@example.org', \
         '2024-02-01T10:00:00.000000Z' FROM plans WHERE slug = $1",
    )
    .bind(plan)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let mut staff = app.signed_in(Role::Staff).await;
    let mut public = app.browser();
    assert_eq!(
        public
            .get(&format!("/engagement/plans/{plan}"))
            .await
            .status,
        404
    );
    let slug = build(&mut staff, "Consultation on the plan", false, plan).await;
    add(
        &mut staff,
        &slug,
        "text",
        "Your comments on the plan",
        "",
        "",
    )
    .await;
    staff
        .post(&format!("/admin/engagement/surveys/{slug}/publish"), &[])
        .await;
    // The plan's comment form now leads to the consultation, for reading and for sending.
    let to = format!("/engagement/consultations/{slug}");
    let get = public.get(&format!("/plans/{plan}/comment")).await;
    assert_eq!((get.status, get.location()), (303, to.as_str()));
    let post = public
        .post(&format!("/plans/{plan}/comment"), &[("body", "Hello")])
        .await;
    assert_eq!((post.status, post.location()), (303, to.as_str()));
    let via = public.get(&format!("/engagement/plans/{plan}")).await;
    assert_eq!(via.location(), to);
    // The earlier comment is kept, shown with the consultation's responses to the office.
    let kept = opcc_store::plans::comments(&app.db, plan).await.unwrap();
    assert_eq!(kept.len(), 1);
    let office = staff
        .get(&format!("/admin/engagement/surveys/{slug}"))
        .await;
    assert!(office.body.contains("Earlier comment: more rural patrols"));
    assert!(office.body.contains("1 comment from the plan"));
    close(&app, &slug).await;
    let page = public.get(&to).await;
    assert!(page.body.contains("1 comment sent through the plan"));
    assert!(!page.body.contains("Old Commenter") && !page.body.contains("old@example.org"));
    app.finish().await;
}

each_backend!(
    a_survey_is_built_answered_analysed_and_quoted_with_consent,
    the_plan_consultation_replaces_the_comment_form_and_keeps_its_comments,
);
