//! The complaints team's forms as GOV.UK forms: a refused form comes back (422) with an error
//! summary linking to the field at fault and everything typed still there, dates are typed in
//! day, month and year boxes, a request holds as many allegations as "Add another allegation"
//! gives it, and a refused form changes nothing.

use crate::support::{Backend, Browser, PASSWORD, TestApp};
use opcc_domain::accounts::Role;
use opcc_store::audit::Actor;

async fn team_member(app: &TestApp) -> Browser {
    let user = app.user(Role::Staff, "forms@example.org").await;
    opcc_store::complaints::grant(&app.db, &Actor::system("test"), user.id)
        .await
        .unwrap();
    let mut b = app.browser();
    assert_eq!(b.sign_in("forms@example.org", PASSWORD).await.status, 303);
    b
}

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

fn request(notified_day: &str) -> Vec<(&str, &str)> {
    vec![
        ("rows", "3"),
        ("name", "Sam Typed"),
        ("email", "sam@example.org"),
        ("force_reference", "CO/2025/7777"),
        ("outcome_notified_on-day", notified_day),
        ("outcome_notified_on-month", "2"),
        ("outcome_notified_on-year", "2025"),
        ("received_on-day", "3"),
        ("received_on-month", "3"),
        ("received_on-year", "2025"),
        ("category1", "individual_behaviours"),
        ("allegation1", "First words."),
        ("category2", "delivery_of_duties"),
        ("allegation2", "Second words."),
        ("category3", "information"),
        ("allegation3", "Third words."),
    ]
}

async fn a_review_request_keeps_what_was_typed_and_takes_more_allegations(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = team_member(&app).await;
    let form = b.get("/admin/complaints/reviews/new").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"name="outcome_notified_on-day""#));
    assert!(form.body.contains(r#"id="category1""#));
    assert!(!form.body.contains(r#"id="category2""#));
    assert!(form.body.contains(
        r#"name="add" value="allegation" data-module="govuk-button">Add another allegation"#
    ));
    // The outcome's notice is rarely today: its boxes start empty; the request's receipt is today.
    assert!(
        form.body
            .contains(r#"name="outcome_notified_on-day" type="text" inputmode="numeric" value="""#)
    );
    assert!(
        !form
            .body
            .contains(r#"name="received_on-day" type="text" inputmode="numeric" value="""#)
    );

    // "Add another allegation" gives a fourth row and keeps the three typed.
    let mut fields = request("28");
    fields.push(("add", "allegation"));
    let more = b.post("/admin/complaints/reviews", &fields).await;
    assert_eq!(more.status, 200, "{}", more.body);
    assert!(more.body.contains(r#"id="category4""#));
    assert!(more.body.contains(r#"name="rows" value="4""#));
    assert!(more.body.contains("Third words."));
    assert!(!more.body.contains("There is a problem"));

    // 31 February is refused at its field, with the summary linking there.
    let mut fields = request("31");
    fields[0] = ("rows", "4");
    fields.extend([("category4", "other"), ("allegation4", "Fourth words.")]);
    let refused = b.post("/admin/complaints/reviews", &fields).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused
            .body
            .contains("<title>Error: Record a review request")
    );
    assert!(refused.body.contains("There is a problem"));
    assert!(refused.body.contains(r##"href="#outcome_notified_on""##));
    assert!(refused.body.contains("must be a real date"));
    assert!(refused.body.contains(r#"value="Sam Typed""#));
    assert!(refused.body.contains("Fourth words."));
    let sql = "SELECT COUNT(*) FROM complaints_reviews WHERE force_reference = $1";
    assert_eq!(count(&app, sql, "CO/2025/7777").await, 0);

    // A store refusal (no reply address) lands on the email field, nothing is written.
    let mut no_reply = request("28");
    no_reply.retain(|(k, _)| *k != "email");
    let res = b.post("/admin/complaints/reviews", &no_reply).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains(r##"href="#email""##), "{}", res.body);
    assert!(res.body.contains("Enter an email or a postal address"));
    let persons = "SELECT COUNT(*) FROM complaints_persons WHERE name = $1";
    assert_eq!(count(&app, persons, "Sam Typed").await, 0);

    // Put right, the request is recorded with all four allegations.
    fields[4] = ("outcome_notified_on-day", "28");
    let ok = b.post("/admin/complaints/reviews", &fields).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM complaints_reviews WHERE force_reference = $1")
            .bind("CO/2025/7777")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    let allegations =
        "SELECT COUNT(*) FROM complaints_allegations WHERE review_id = CAST($1 AS BIGINT)";
    assert_eq!(count(&app, allegations, &id.to_string()).await, 4);
    let notified: String =
        sqlx::query_scalar("SELECT outcome_notified_on FROM complaints_reviews WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(notified, "2025-02-28");

    // A refused step shows the case again with the error at that step's input.
    let page = format!("/admin/complaints/reviews/{id}");
    let res = b
        .post(
            &format!("{page}/validity"),
            &[
                ("valid", "no"),
                ("validity-on-day", "4"),
                ("validity-on-month", "3"),
                ("validity-on-year", "2025"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains(r##"href="#validity-note""##),
        "{}",
        res.body
    );
    assert!(res.body.contains("Say why the request is not valid"));
    assert!(
        res.body
            .contains(r#"id="valid-no" name="valid" type="radio" value="no" checked"#)
    );
    let res = b
        .post(
            &format!("{page}/validity"),
            &[
                ("note", "Kept words"),
                ("validity-on-day", "4"),
                ("validity-on-month", "13"),
                ("validity-on-year", "2025"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains(r##"href="#valid-yes""##));
    assert!(res.body.contains(r##"href="#validity-on""##));
    assert!(res.body.contains(">Kept words</textarea>"));
    let valid =
        "SELECT COUNT(*) FROM complaints_reviews WHERE valid IS NOT NULL AND force_reference = $1";
    assert_eq!(count(&app, valid, "CO/2025/7777").await, 0);
    let res = b
        .post(
            &format!("{page}/validity"),
            &[
                ("valid", "yes"),
                ("validity-on-day", "4"),
                ("validity-on-month", "3"),
                ("validity-on-year", "2025"),
            ],
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    app.finish().await;
}

async fn a_complaint_about_the_chief_constable_names_the_field_at_fault(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut b = team_member(&app).await;
    let fields = [
        ("name", "Robin Kept"),
        ("email", "robin@example.org"),
        ("summary", ""),
        ("received_on-day", "2"),
        ("received_on-month", "6"),
        ("received_on-year", "2025"),
        ("schedule3", "yes"),
    ];
    let res = b.post("/admin/complaints/chief-constable", &fields).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains(r##"href="#summary""##));
    assert!(res.body.contains(r#"value="Robin Kept""#));
    assert!(
        res.body
            .contains(r#"id="s3-yes" name="schedule3" type="radio" value="yes" checked"#)
    );
    let mut fields = fields.to_vec();
    fields[2] = ("summary", "The Chief Constable's public statement.");
    let res = b.post("/admin/complaints/chief-constable", &fields).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = res.location().to_string();
    let res = b
        .post(
            &format!("{page}/step"),
            &[
                ("step", "outcome"),
                ("value", ""),
                ("cc-on-day", "9"),
                ("cc-on-month", "6"),
                ("cc-on-year", "2025"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains(r##"href="#value""##), "{}", res.body);
    assert!(res.body.contains(r#"<option value="outcome" selected>"#));
    let res = b
        .post(
            &format!("{page}/step"),
            &[
                ("step", "recorded"),
                ("cc-on-day", "9"),
                ("cc-on-month", "6"),
                ("cc-on-year", "25"),
            ],
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("The year must include 4 numbers"));
    let res = b
        .post(
            &format!("{page}/step"),
            &[
                ("step", "recorded"),
                ("cc-on-day", "9"),
                ("cc-on-month", "6"),
                ("cc-on-year", "2025"),
            ],
        )
        .await;
    assert_eq!(res.status, 303);
    let recorded: Option<String> =
        sqlx::query_scalar("SELECT recorded_on FROM complaints_cc WHERE summary LIKE 'The Chief%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(recorded.as_deref(), Some("2025-06-09"));
    app.finish().await;
}

each_backend!(
    a_review_request_keeps_what_was_typed_and_takes_more_allegations,
    a_complaint_about_the_chief_constable_names_the_field_at_fault
);
