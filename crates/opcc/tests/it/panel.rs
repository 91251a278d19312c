//! The Police and Crime Panel takes part: a member asks about a commitment, only they may
//! reword or withdraw it and only until the office responds, the office responds and
//! publishes, and the public reads question and response on the plan's page with a link to the
//! evidence. A member lands on what is new since their last sign-in. The public reads what each
//! priority takes up; staff and the Panel also see the coverage matrix.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use opcc_domain::accounts::Role;

const PLAN: &str = "/admin/plans/cheshire-2024-28";

async fn status(b: &mut Browser, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let res = b.post(path, fields).await;
    (res.status, res.location().to_string())
}

fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

async fn actions_of(app: &TestApp, id: &str) -> Vec<String> {
    let log = opcc_store::audit::list(
        &app.db,
        &opcc_store::audit::AuditFilter {
            entity_type: "panel_question".into(),
            entity_id: id.into(),
            ..Default::default()
        },
        100,
        0,
    )
    .await
    .unwrap();
    log.entries
        .iter()
        .rev()
        .filter(|e| e.entity_id == id)
        .map(|e| e.action.clone())
        .collect()
}

async fn a_panel_question_on_a_commitment_is_answered_published_and_read_by_the_public(
    backend: Backend,
) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let mut member = app.signed_in(Role::Panel).await;
    let mut second = app.signed_in(Role::Panel).await;
    let mut public = app.browser();

    // A Panel member is offered what their role allows, and nothing that leads to a refusal.
    let page = member.get(PLAN).await;
    assert!(
        page.body
            .contains("Ask a question or make a recommendation")
    );
    assert!(!page.body.contains("Change status") && !page.body.contains("Add commitment"));
    let page = member
        .get(&format!("{PLAN}/commitments/victims-board"))
        .await;
    assert!(page.body.contains("Ask about this commitment"));
    assert!(!page.body.contains("Record status"));
    let perf = member.get("/admin/performance/cheshire-2024-28").await;
    assert_eq!(perf.status, 200);
    for office_only in [
        "Upload and check",
        "Refresh derived values",
        "Publish the pack",
    ] {
        assert!(!perf.body.contains(office_only), "{office_only}");
    }
    assert!(
        !staff.get(PLAN).await.body.contains("/panel/new"),
        "the office responds; it does not ask"
    );
    let form = member
        .get(&format!("{PLAN}/panel/new?about=commitment:victims-board"))
        .await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains(r#"value="commitment:victims-board" selected"#)
    );

    // Asking: an empty question is refused on the form; a real one is recorded.
    let empty = member
        .post(
            &format!("{PLAN}/panel"),
            &[("kind", "question"), ("about", "commitment:victims-board")],
        )
        .await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Enter the question or recommendation"));
    let (s, question) = status(
        &mut member,
        &format!("{PLAN}/panel"),
        &[
            ("kind", "question"),
            ("about", "commitment:victims-board"),
            ("text", "When will the board meet?"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    assert!(
        question.starts_with(&format!("{PLAN}/panel/")),
        "{question}"
    );
    let id = question.rsplit('/').next().unwrap().to_string();

    // Only its author may change it: a second Panel member is refused, and offered no button.
    let theirs = second.get(&question).await;
    assert_eq!(theirs.status, 200);
    assert!(!theirs.body.contains("Save wording") && !theirs.body.contains("Withdraw it"));
    let reword = [("text", "Rewritten by someone else")];
    assert_eq!(
        status(&mut second, &format!("{question}/reword"), &reword)
            .await
            .0,
        403
    );
    assert_eq!(
        status(&mut second, &format!("{question}/withdraw"), &[])
            .await
            .0,
        403
    );
    assert!(member.get(&question).await.body.contains("Withdraw it"));
    let better = [(
        "text",
        "When will the Victims of Crime Board the progress report anticipates first meet?",
    )];
    assert_eq!(
        status(&mut member, &format!("{question}/reword"), &better)
            .await
            .0,
        303
    );
    // The Panel does not answer for the Commissioner.
    let answer = [
        ("response", "Its first meeting is planned for the spring."),
        ("response-date", &today()),
    ];
    assert_eq!(
        status(&mut member, &format!("{question}/respond"), &answer)
            .await
            .0,
        403
    );
    assert!(
        !public
            .get("/plans/cheshire-2024-28")
            .await
            .body
            .contains("Board the progress report anticipates"),
        "unpublished: not on the public page"
    );

    // The office responds, then publishes; before a response there is nothing to publish.
    let early = staff.post(&format!("{question}/publish"), &[]).await;
    assert_eq!(early.status, 422);
    assert!(early.body.contains("Record the Commissioner"));
    assert_eq!(
        status(&mut staff, &format!("{question}/respond"), &answer)
            .await
            .0,
        303
    );
    // Answered: not even its author may change it now.
    assert_eq!(
        status(&mut member, &format!("{question}/reword"), &better)
            .await
            .0,
        403
    );
    assert!(
        !public
            .get("/plans/cheshire-2024-28")
            .await
            .body
            .contains("Board the progress report anticipates"),
        "responded but not published: still not public"
    );
    assert_eq!(
        status(&mut staff, &format!("{question}/publish"), &[])
            .await
            .0,
        303
    );
    let page = public.get("/plans/cheshire-2024-28").await;
    assert!(
        page.body
            .contains("Questions from the Police and Crime Panel")
    );
    assert!(
        page.body
            .contains("progress report anticipates first meet?")
    );
    assert!(
        page.body
            .contains("Its first meeting is planned for the spring.")
    );
    // Linked to its evidence: the commitment's row, with its status, on the same page.
    assert!(
        page.body
            .contains(r##"href="/plans/cheshire-2024-28#commitment-victims-board""##)
    );
    assert!(page.body.contains(r#"id="commitment-victims-board""#));
    // Staff and the Panel are led to the commitment's status history.
    let staff_view = staff.get(&question).await;
    assert!(
        staff_view
            .body
            .contains(&format!(r#"href="{PLAN}/commitments/victims-board""#))
    );
    assert!(
        !staff_view.body.contains("Save response"),
        "published: final"
    );

    // A second member's question on a measure stays unpublished: the office and the Panel see
    // it, the public does not; its author withdraws it, after which it cannot change.
    let measure = member
        .get("/admin/performance/cheshire-2024-28/measures/nm-homicide")
        .await;
    assert!(measure.body.contains("Ask about this measure"));
    let (s, other) = status(
        &mut second,
        &format!("{PLAN}/panel"),
        &[
            ("kind", "recommendation"),
            ("about", "measure:nm-homicide"),
            (
                "text",
                "Report homicide with the national average beside it",
            ),
        ],
    )
    .await;
    assert_eq!(s, 303);
    assert!(
        staff
            .get(PLAN)
            .await
            .body
            .contains("national average beside it")
    );
    assert!(
        member
            .get(PLAN)
            .await
            .body
            .contains("national average beside it")
    );
    assert!(
        !public
            .get("/plans/cheshire-2024-28")
            .await
            .body
            .contains("national average beside it")
    );
    assert_eq!(
        status(&mut member, &format!("{other}/withdraw"), &[])
            .await
            .0,
        403,
        "the first member cannot withdraw the second's"
    );
    assert_eq!(
        status(&mut second, &format!("{other}/withdraw"), &[])
            .await
            .0,
        303
    );
    assert_eq!(
        status(&mut second, &format!("{other}/reword"), &reword)
            .await
            .0,
        403
    );
    assert!(second.get(&other).await.body.contains("Withdrawn"));

    // Every step is in the audit log, by whom it was taken.
    assert_eq!(
        actions_of(&app, &id).await,
        [
            "panel.ask",
            "panel.reword",
            "panel.respond",
            "panel.publish"
        ]
    );
    let other_id = other.rsplit('/').next().unwrap();
    assert_eq!(
        actions_of(&app, other_id).await,
        ["panel.ask", "panel.withdraw"]
    );
    app.finish().await;
}

async fn a_panel_member_lands_on_what_is_new_since_their_last_sign_in(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let email = "panel-member@example.org";
    app.user(Role::Panel, email).await;
    // Before the member's first visit.
    let day = today();
    let status_of = |narrative: &'static str| {
        [
            ("status", "in_progress"),
            ("date", day.as_str()),
            ("period", ""),
            ("narrative", narrative),
        ]
    };
    let before = staff
        .post(
            &format!("{PLAN}/commitments/root-cause/status"),
            &status_of("Reported before the visit"),
        )
        .await;
    assert_eq!(before.status, 303, "{}", before.body);

    let mut member = app.browser();
    let first = member.sign_in(email, PASSWORD).await;
    assert_eq!(first.location(), "/admin/whats-new");
    let page = member.get("/admin/whats-new").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("This is your first visit"));
    let (s, question) = status(
        &mut member,
        &format!("{PLAN}/panel"),
        &[
            ("kind", "question"),
            ("about", "plan"),
            ("text", "How will the plan be refreshed?"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(member.post("/logout", &[]).await.status, 303);

    // While the member is away: a status report, a response and a published pack.
    let during = staff
        .post(
            &format!("{PLAN}/commitments/victims-board/status"),
            &status_of("Terms of reference agreed"),
        )
        .await;
    assert_eq!(during.status, 303, "{}", during.body);
    let answered = staff
        .post(
            &format!("{question}/respond"),
            &[
                ("response", "After the next budget."),
                ("response-date", &today()),
            ],
        )
        .await;
    assert_eq!(answered.status, 303);
    let pack = staff
        .post(
            "/admin/performance/cheshire-2024-28/publish",
            &[("quarter", "2024/25 Q1"), ("confirm", "yes")],
        )
        .await;
    assert_eq!(pack.status, 303, "{}", pack.body);

    let again = member.sign_in(email, PASSWORD).await;
    assert_eq!(again.location(), "/admin/whats-new");
    let page = member.get("/admin/whats-new").await;
    let body = &page.body;
    assert!(body.contains("since you last signed in, on"), "{body}");
    assert!(body.contains("Responses to your questions and recommendations"));
    assert!(body.contains(&format!(r#"href="{question}""#)));
    assert!(body.contains("Commitment status reports"));
    assert!(body.contains("Establish a victims of crime board"));
    assert!(body.contains("1 change."), "plurals: one report");
    assert!(
        !body.contains("Tackle the root cause of criminality"),
        "a report before the last sign-in is not new"
    );
    assert!(body.contains("Scrutiny pack for"));
    assert!(body.contains("/performance/cheshire-2024-28/packs/2024-25-q1"));
    app.finish().await;
}

async fn the_public_reads_what_each_priority_takes_up_and_staff_also_see_the_matrix(
    backend: Backend,
) {
    let app = TestApp::start(backend).await;
    let path = "/plans/cheshire-2024-28/inputs";
    let public = app.browser().get(path).await;
    assert_eq!(public.status, 200);
    assert!(!public.body.contains("Not answered"));
    assert!(!public.body.contains("Coverage check"));
    assert!(public.body.contains("Reduce crime"));
    for role in [Role::Staff, Role::Panel] {
        let seen = app.signed_in(role).await.get(path).await;
        assert!(seen.body.contains("Coverage check"), "{role}");
        assert!(seen.body.contains("Inputs against"), "{role}");
    }
    app.finish().await;
}

each_backend!(
    a_panel_question_on_a_commitment_is_answered_published_and_read_by_the_public,
    a_panel_member_lands_on_what_is_new_since_their_last_sign_in,
    the_public_reads_what_each_priority_takes_up_and_staff_also_see_the_matrix
);
