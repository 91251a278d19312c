//! The office's governance index forms in the GOV.UK pattern: a meeting's day in date boxes
//! with its times beside them, a decision's date likewise; a refusal comes back on the page
//! with the error summary linking to each field, the message beside it and what was typed.

use crate::support::{Backend, TestApp};
use opcc_domain::accounts::Role;

async fn meetings_and_decisions_are_refused_on_the_form_with_what_was_typed(backend: Backend) {
    let app = TestApp::start(backend).await;
    let mut staff = app.signed_in(Role::Staff).await;
    let body: i64 = sqlx::query_scalar("SELECT id FROM gov_bodies WHERE slug = 'scrutiny-board'")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let page = staff.get("/admin/governance").await;
    assert!(page.body.contains("name=\"meeting_day-day\""), "date boxes");
    let body_id = body.to_string();
    let bad = staff
        .post(
            "/admin/governance/meetings",
            &[
                ("body_id", body_id.as_str()),
                ("meeting_day-day", "31"),
                ("meeting_day-month", "2"),
                ("meeting_day-year", "2025"),
                ("starts_time", "10:00"),
                ("ends_time", "noon"),
                ("location", "Clemonds Hey"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(
        bad.body.contains("<title>Error: Governance"),
        "the title says so"
    );
    assert!(
        bad.body.contains("href=\"#meeting_day\""),
        "the summary links the day"
    );
    assert!(
        bad.body
            .contains("The day of the meeting must be a real date")
    );
    assert!(
        bad.body.contains("value=\"Clemonds Hey\""),
        "what was typed is kept"
    );
    assert!(bad.body.contains("value=\"31\""));
    assert!(
        bad.body
            .contains("The time the meeting ends must be like 18:00"),
        "every problem at once"
    );
    let bad = staff
        .post(
            "/admin/governance/meetings",
            &[
                ("body_id", body_id.as_str()),
                ("meeting_day-day", "17"),
                ("meeting_day-month", "7"),
                ("meeting_day-year", "2025"),
                ("starts_time", "10:00"),
                ("ends_time", "noon"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#ends_time\""));
    assert!(
        bad.body
            .contains("The time the meeting ends must be like 18:00")
    );
    let bad = staff
        .post(
            "/admin/governance/meetings",
            &[
                ("body_id", body_id.as_str()),
                ("meeting_day-day", "17"),
                ("meeting_day-month", "7"),
                ("meeting_day-year", "2025"),
                ("starts_time", "12:00"),
                ("ends_time", "10:00"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#ends_time\""));
    assert!(bad.body.contains("A meeting ends after it starts"));
    let made = staff
        .post(
            "/admin/governance/meetings",
            &[
                ("body_id", body_id.as_str()),
                ("meeting_day-day", "17"),
                ("meeting_day-month", "7"),
                ("meeting_day-year", "2025"),
                ("starts_time", "10:00"),
                ("ends_time", "12:30"),
                ("location", "Clemonds Hey"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    let id: i64 = made.location().rsplit('/').next().unwrap().parse().unwrap();
    let (starts, ends): (String, String) =
        sqlx::query_as("SELECT starts_at, ends_at FROM gov_meetings WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (starts.as_str(), ends.as_str()),
        ("2025-07-17T10:00", "2025-07-17T12:30")
    );

    // A decision without its date, and with an exempt part naming no exemption.
    let bad = staff
        .post(
            "/admin/governance/decisions",
            &[
                ("title", "Grant to a victims' service"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("summary", "A grant of £50,000."),
                ("reasons", "The plan's victims priority."),
                ("exempt_part", "The provider's bank details."),
                ("meeting_id", &id.to_string()),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#decided_on\""));
    assert!(bad.body.contains("Enter the date of the decision"));
    assert!(
        bad.body.contains("The provider&#39;s bank details.")
            || bad.body.contains("The provider&#x27;s bank details.")
    );
    assert!(
        bad.body.contains(&format!("value=\"{id}\" selected")),
        "the meeting chosen is kept"
    );
    let bad = staff
        .post(
            "/admin/governance/decisions",
            &[
                ("title", "Grant to a victims' service"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("decided_on-day", "2"),
                ("decided_on-month", "6"),
                ("decided_on-year", "2025"),
                ("summary", "A grant of £50,000."),
                ("reasons", "The plan's victims priority."),
                ("exempt_part", "The provider's bank details."),
            ],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("href=\"#exemption\""), "{}", bad.body);
    assert!(
        bad.body
            .contains("An exempt part, or a wholly exempt notice, names its exemption")
    );
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gov_decisions WHERE title = $1")
        .bind("Grant to a victims' service")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing saved by a refusal");
    let made = staff
        .post(
            "/admin/governance/decisions",
            &[
                ("title", "Grant to a victims' service"),
                ("decision_maker", "Police and Crime Commissioner"),
                ("decided_on-day", "2"),
                ("decided_on-month", "6"),
                ("decided_on-year", "2025"),
                ("summary", "A grant of £50,000."),
                ("reasons", "The plan's victims priority."),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
    assert!(made.location().starts_with("/governance/decisions/2025-"));
    app.finish().await;
}

each_backend!(meetings_and_decisions_are_refused_on_the_form_with_what_was_typed);
