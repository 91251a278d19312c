//! Questions to governance bodies through the real server: a public question from the form to
//! its published answer (and the private link that works only with its token), and a Panel
//! member's own question, withdrawn only by them and only until the office takes it up.

use super::governance::meeting_ids;
use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

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
    a_public_question_is_submitted_answered_and_published,
);
